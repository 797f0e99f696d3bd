//! Stage 03, the server: a dialogue in turns that ends when either side
//! types `exit`.
//!
//! What to build, step by step (`cargo test` checks each step in order):
//!
//! 1. Bind, print `Listening on udp://ADDRESS`, loop on `recv_from`, print
//!    each message with its sender, the text last (`[127.0.0.1:53211] hi`),
//!    answer with a console line: all as in stage 02. Use only `&buf[..n]`,
//!    the bytes that arrived, and `String::from_utf8_lossy`: a message need
//!    not be UTF-8. On Windows, `recv_from` may fail with
//!    `ErrorKind::ConnectionReset` after an answer went to a client that had
//!    already ended (closed without `exit`): `continue` the loop then, and
//!    return other errors with `?`.
//! 2. Remove the line ending from every text before you use it, the
//!    console's lines *and* the received messages: `nc -u` sends lines with
//!    their `\n`, and Windows types `\r\n`. `trim_end_matches(['\r', '\n'])`
//!    removes both.
//! 3. When a client sends `exit`, do not ask the console: print a line that
//!    says that client left (it must contain `left` and the client's
//!    address, say `* 127.0.0.1:53211 left the chat`) and wait for the next
//!    message (`continue`). Nothing to close: with UDP there was never a
//!    connection.
//! 4. When the console types `exit`, send it to the client like any answer,
//!    then return `Ok(())`: the server ends.
//! 5. The end of the console's input (`read_line` gives `Ok(0)`) counts as
//!    typing `exit`.
//!
//! Run it:    cargo run --bin chat-server
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
