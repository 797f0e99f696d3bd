//! Stage 01, the server: receive a greeting, print it, answer it.
//!
//! What to build, step by step (`cargo test` checks each step in order):
//!
//! 1. Bind a UDP socket to `args.address()`, then print
//!    `Listening on udp://ADDRESS` with `println!`, where ADDRESS is
//!    `socket.local_addr()?`. Print the real address: with `--port 0` the
//!    system picks the port, and the tests read it from this line. (With
//!    `print!` the line never ends, and Rust holds an unfinished line back.)
//! 2. Loop forever. In the loop, receive a datagram with `recv_from` into a
//!    buffer big enough for any datagram: 65536 bytes. (A 1024-byte buffer
//!    loses the end of longer messages: silently on Linux and macOS, with an
//!    error on Windows.) On Windows, `recv_from` may also fail with
//!    `ErrorKind::ConnectionReset` after an answer went to a client that had
//!    already ended: that is no reason to stop, so `continue` the loop then,
//!    and return any other error with `?`. Set no read timeout here: a
//!    server waits for its next client as long as it takes.
//! 3. Print one line with the sender and the text, like
//!    `[127.0.0.1:53211] Hello, server`. Only `&buffer[..size]` is the
//!    message: the rest of the buffer is zeros, or an older message.
//! 4. Still inside the loop, answer `Hello, client` with `send_to` on the
//!    same socket, to the whole address `recv_from` gave you. (A client
//!    whose socket is connected to the server accepts an answer only from
//!    the address it wrote to; a new socket would answer from another port.)
//!
//! Run it:    cargo run --bin hello-server
//! Check it:  cargo test

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

/// Everything the server does. Return errors with `?`: the starter prints
/// them as `error: …` and exits with code 1.
fn serve(args: Args) -> Outcome {
    // You will need std::net::UdpSocket, and String::from_utf8_lossy to turn
    // the received bytes into text you can print.
    todo!(
        "step 1: bind a UdpSocket to {} and print the Listening line",
        args.address()
    )
}
