//! Stage 06, the client: chat with the server in turns until `exit`.
//!
//! What to build, step by step (`cargo test` checks each step in order):
//!
//! 1. Connect: `TcpStream::connect(args.address())?`. Then
//!    `stream.set_read_timeout(args.timeout)?`: a person answers, so
//!    `args.timeout` is `None` (no limit) unless `--timeout` is given.
//! 2. Make ONE `BufReader` on `stream.try_clone()?`, before the loop.
//! 3. In a loop, take the next line of `std::io::stdin().lines()` (it drops
//!    the `\n`, and the `\r` of Windows) and write it with a `\n` at its end
//!    (`write_all`). The end of input counts as typing `exit`.
//! 4. If the line was `exit`: print `* you left the chat` and return
//!    `Ok(())`; no answer will come.
//! 5. Otherwise read the answer up to its `\n` (`read_until`) and print
//!    `[server] text`. A read of 0 bytes means the server closed the
//!    connection: return an error.
//! 6. If the answer is `exit`: print `* the server ended the chat` and
//!    return `Ok(())`.
//!
//! Run it:    cargo run --bin tcp-chat-client   (with the server running)
//! Check it:  cargo test

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

/// Everything the client does. Return errors with `?`: the starter prints
/// them as `error: …` and exits with code 1.
fn talk(args: Args) -> Outcome {
    // You will need std::net::TcpStream, std::io::{BufRead, BufReader, Write}.
    todo!("step 1: connect a TcpStream to {}", args.address())
}
