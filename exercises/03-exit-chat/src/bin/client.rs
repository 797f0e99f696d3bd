//! Stage 03, the client: take turns with the server until one side types
//! `exit`.
//!
//! What to build, step by step (`cargo test` checks each step in order):
//!
//! 1. Bind a UdpSocket to `0.0.0.0:0` (any free port: the server's address
//!    is taken). Loop: read a line from stdin, send it without its line
//!    ending (`trim_end_matches(['\r', '\n'])`: Windows types `\r\n`),
//!    receive the answer and print it, the answer last (`[server] hi`), as in
//!    stage 02. The client speaks first.
//! 2. If the line you sent was `exit`, return `Ok(())` right after sending:
//!    the server is told, and the client ends.
//! 3. If the server's answer is `exit`, print a line that says the server
//!    ended the chat (it must contain `ended`, say
//!    `* the server ended the chat`) and return `Ok(())`.
//! 4. The end of input (`Ok(0)` from `read_line`) counts as typing `exit`.
//! 5. A person answers at the server and may take a minute: wait without a
//!    limit. `socket.set_read_timeout(args.timeout)` does that (`args.timeout`
//!    is `None` unless you run the client with `--timeout SECS`).
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
