//! Stage 02, the server: print each message, answer it with a line typed
//! on this server's console.
//!
//! What to build, step by step (`cargo test` checks each step in order):
//!
//! 1. As in stage 01: bind a UDP socket to `args.address()` and print
//!    `Listening on udp://ADDRESS` with the real `socket.local_addr()?`.
//! 2. Loop: receive a datagram with `recv_from` (a 65536-byte buffer) and
//!    print one line with the sender and the text: `[127.0.0.1:53211] hi`.
//!    The text is `&buffer[..size]`, and may not be UTF-8: use
//!    `String::from_utf8_lossy`. (On Windows, `recv_from` may fail with
//!    `ErrorKind::ConnectionReset` after an answer went to a client that had
//!    already ended: `continue` the loop then; return other errors with `?`.)
//! 3. Read one line from the console into a new `String`:
//!    `std::io::stdin().read_line(&mut line)`. It keeps the line's `\n` (or
//!    `\r\n` on Windows): send the text without it
//!    (`trim_end_matches(['\r', '\n'])`) back to the sender that
//!    `recv_from` returned, with `send_to` on the same socket, and go round
//!    the loop again.
//! 4. `read_line` returns `Ok(0)` when the console's input has ended (Ctrl+D,
//!    or the end of a piped file): then return `Ok(())`. Check that count,
//!    not the text: an empty line (Enter alone) is `"\n"`, one byte, and goes
//!    out as an empty answer.
//!
//! Run it:    cargo run --bin reply-server
//! Check it:  cargo test

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

/// Everything the server does. Return errors with `?`: the starter prints
/// them as `error: …` and exits with code 1.
fn serve(args: Args) -> Outcome {
    // You will need std::net::UdpSocket and std::io::stdin.
    todo!(
        "step 1: bind a UdpSocket to {} and print the Listening line",
        args.address()
    )
}
