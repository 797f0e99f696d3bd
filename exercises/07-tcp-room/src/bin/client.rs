//! Stage 07, the client: join the room, print what others say while you type.
//!
//! What to build, step by step (`cargo test` checks each step in order):
//!
//! 1. Connect (`TcpStream::connect(args.address())?`) and send
//!    `JOIN NAME\n`, with `args.name()`.
//! 2. Make ONE `BufReader` on `stream.try_clone()?` and read the answer.
//!    `WELCOME …`: print `* you joined the room as NAME`. Anything else: the
//!    room refused you, return an error with the answer.
//! 3. Move the reader into a thread (`thread::spawn(move || …)`) that prints
//!    each line from the server as it comes: `MSG NAME TEXT` as
//!    `[NAME] TEXT`, `JOINED NAME` as `* NAME joined`, `LEFT NAME` as
//!    `* NAME left`. The main thread is busy waiting for the keyboard.
//! 4. In the main thread, send each line of `std::io::stdin().lines()` as
//!    `SAY LINE\n`.
//! 5. `exit` (or the end of input) is not a message: send `LEAVE\n`, print
//!    `* you left the room`, and return `Ok(())`.
//!
//! Run it:    cargo run --bin tcp-room-client -- --name alice
//! Check it:  cargo test

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

/// Everything the client does. Return errors with `?`: the starter prints
/// them as `error: …` and exits with code 1.
fn talk(args: Args) -> Outcome {
    // You will need std::net::TcpStream, std::thread and
    // std::io::{BufRead, BufReader, Write}.
    todo!(
        "step 1: connect a TcpStream to {} and send JOIN {}",
        args.address(),
        args.name()
    )
}
