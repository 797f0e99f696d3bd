//! Stage 03, the client: take turns with the server until one side types
//! `exit`.
//!
//! What to build, step by step (`cargo test` checks each step in order):
//!
//! 1. Loop: read a line from stdin, send it (without its `\n`), receive the
//!    answer and print it, as in stage 02.
//! 2. If the line you sent was `exit`, return `Ok(())` right after sending:
//!    the server is told, and the client ends.
//! 3. If the server's answer is `exit`, print a line that says the server
//!    ended the chat (it must contain `ended`, say
//!    `* the server ended the chat`) and return `Ok(())`.
//! 4. The end of input (`Ok(0)` from `read_line`) counts as typing `exit`.
//!
//! Run it:    cargo run --bin chat-client   (with the server running)
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
        "step 1: bind a UdpSocket, then chat with {} until someone types exit",
        args.address()
    )
}
