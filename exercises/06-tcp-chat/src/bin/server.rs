//! Stage 06, the server: chat with one client at a time, in turns, until
//! someone types `exit`.
//!
//! What to build, step by step (`cargo test` checks each step in order):
//!
//! 1. Bind a `TcpListener` to `args.address()` and print
//!    `Listening on tcp://ADDRESS` with `listener.local_addr()?`.
//! 2. Loop around `listener.accept()?`; print `* ADDRESS connected`. While
//!    you chat with one client, the next ones wait in the listen backlog.
//! 3. For the connection, make ONE `BufReader::new(&stream)`. In a loop:
//!    `read_until(b'\n', &mut line)` a whole line, decode it with
//!    `String::from_utf8_lossy`, drop its `\r\n` (`trim_end_matches`), and
//!    print `[ADDRESS] text`. Receive and print FIRST, only then ask the
//!    console (the homework's order).
//! 4. Read one line of the console (`std::io::stdin().read_line`), drop its
//!    line ending, and send it with one `\n`: `write_all` on the stream.
//! 5. The client's `exit` (compare the line without `\r\n`): print
//!    `* ADDRESS left the chat`, end this chat, accept the next client.
//!    A read of 0 bytes (the client closed without exit): print
//!    `* ADDRESS disconnected`, the same. A read error (the client vanished,
//!    a reset): print it, the same. Never end the server for a client.
//! 6. The console's `exit` (or the end of its input, `read_line` returning
//!    `Ok(0)`): send `exit` to the client, then return `Ok(())`.
//!
//! Run it:    cargo run --bin tcp-chat-server
//! Check it:  cargo test

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

/// Everything the server does. Return errors with `?`: the starter prints
/// them as `error: …` and exits with code 1.
fn serve(args: Args) -> Outcome {
    // You will need std::net::TcpListener, std::io::{BufRead, BufReader, Write}.
    todo!(
        "step 1: bind a TcpListener to {} and print the Listening line",
        args.address()
    )
}
