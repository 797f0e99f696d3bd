//! Stage 05, the server: echo every line back over TCP, one client at a time.
//!
//! What to build, step by step (`cargo test` checks each step in order):
//!
//! 1. Bind a `TcpListener` to `args.address()` (for TCP, bind also starts
//!    listening), then print `Listening on tcp://ADDRESS`, where ADDRESS is
//!    `listener.local_addr()?`: with `--port 0` the system picks the port,
//!    and the tests read it from this line.
//! 2. Loop forever around `listener.accept()?`. It waits for a client and
//!    returns `(stream, address)`: a stream that talks to that client only.
//!    Print `* ADDRESS connected`.
//! 3. For that connection, make ONE `BufReader::new(&stream)`, before the
//!    loop that reads it. A read returns whatever bytes have arrived: half a
//!    line, or two lines. `read_until(b'\n', &mut line)` collects the bytes up
//!    to the `\n` into a `Vec<u8>`, and keeps what it read beyond it for the
//!    next call.
//! 4. For each line, print `[ADDRESS] text`: the text is
//!    `String::from_utf8_lossy(&line)` without its `\n` (and `\r`). Decode
//!    the whole line, never a piece: a Cyrillic letter is 2 bytes and a read
//!    can cut it in two.
//! 5. Send the line back as it came, `\n` included, with
//!    `(&stream).write_all(&line)?` (`write` may send only a part).
//! 6. `read_until` returning `Ok(0)` means the client closed the connection,
//!    and every later read returns 0 again. Print `* ADDRESS disconnected`,
//!    leave the connection's loop, and go back to `accept` for the next
//!    client. An error on one connection (a reset) must not end the server:
//!    print it and accept the next client.
//!
//! Run it:    cargo run --bin tcp-echo-server
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
