//! Stage 05, the client: send each line you type, print each echo.
//!
//! What to build, step by step (`cargo test` checks each step in order):
//!
//! 1. Connect: `TcpStream::connect(args.address())?`. If no server listens
//!    there, this fails at once ("connection refused"): return it with `?`.
//! 2. Set `stream.set_read_timeout(args.timeout)?`: a server that stays
//!    silent must not keep the client waiting forever (5 s unless
//!    `--timeout` says otherwise).
//! 3. Make ONE `BufReader` on a clone of the stream
//!    (`BufReader::new(stream.try_clone()?)`), before the loop: you write on
//!    the stream, and read the answers through the reader.
//! 4. For each line of `std::io::stdin().lines()`, write it with a `\n` at
//!    its end (`write_all`): the `\n` tells the server the line is complete.
//! 5. Read the answer up to its `\n` (`read_until`), then print
//!    `[server] text`, without the `\n`. A read of 0 bytes means the server
//!    closed the connection: return an error, there is no answer.
//! 6. When stdin has no more lines, return `Ok(())`: the stream is closed
//!    when it is dropped, and the server sees a read of 0 bytes.
//!
//! Run it:    cargo run --bin tcp-echo-client   (with the server running)
//! Check it:  cargo test

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_client(talk);
}

/// Everything the client does. Return errors with `?`: the starter prints
/// them as `error: …` and exits with code 1.
fn talk(args: Args) -> Outcome {
    // You will need std::net::TcpStream, std::io::{BufRead, BufReader, Write}.
    todo!("step 1: connect a TcpStream to {}", args.address())
}
