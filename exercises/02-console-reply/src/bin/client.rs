//! Stage 02, the client: send each line typed here, print each answer.
//!
//! What to build, step by step (`cargo test` checks each step in order):
//!
//! 1. Bind a UDP socket to `"0.0.0.0:0"`.
//! 2. Loop: read a line from stdin with `read_line`. Send it without its
//!    `\n` to `args.address()` with `send_to`.
//! 3. Receive the answer with `recv_from` and print it: one line that
//!    contains the text the server sent.
//! 4. When `read_line` returns `Ok(0)` (Ctrl+D, or the end of a piped file),
//!    return `Ok(())`.
//!
//! A person answers at the server, so waiting a while is normal here. You
//! may still set a read timeout (`args.timeout`, `--timeout`) so that a
//! missing server does not keep the client waiting forever.
//!
//! Run it:    cargo run --bin reply-client   (with the server running)
//! Check it:  cargo test

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_client(talk);
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
