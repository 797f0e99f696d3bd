//! Stage 02, the client: send each line typed here, print each answer.
//!
//! What to build, step by step (`cargo test` checks each step in order):
//!
//! 1. Bind a UDP socket to `"0.0.0.0:0"`.
//! 2. Loop: read a line from stdin with `read_line` (into a new `String`).
//!    Send it without its line ending (`\n`, or `\r\n` on Windows:
//!    `trim_end_matches(['\r', '\n'])`) to `args.address()` with `send_to`.
//! 3. Receive the answer with `recv_from` (a 65536-byte buffer) and print it:
//!    one line that ends with the text the server sent, `&buffer[..size]`.
//! 4. When `read_line` returns `Ok(0)` (Ctrl+D, or the end of a piped file),
//!    return `Ok(())`. Check that count, not the text: an empty line (Enter
//!    alone) is `"\n"`, one byte, and goes out as an empty message.
//!
//! A person answers at the server, so waiting a minute is normal here: do
//! not give up after a few seconds. `args.timeout` is `None` (no limit)
//! unless the client was started with `--timeout SECS`, so
//! `socket.set_read_timeout(args.timeout)?` is right either way. When the
//! time is up, `recv_from` returns an error: return it with `?`.
//!
//! Run it:    cargo run --bin reply-client   (with the server running)
//! Check it:  cargo test

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

/// Everything the client does. Return errors with `?`: the starter prints
/// them as `error: …` and exits with code 1.
fn talk(args: Args) -> Outcome {
    // You will need std::net::UdpSocket and std::io::stdin.
    todo!(
        "step 1: bind a UdpSocket, then send each line of stdin to {}",
        args.address()
    )
}
