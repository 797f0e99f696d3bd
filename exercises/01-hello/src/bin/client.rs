//! Stage 01, the client: send a greeting, print the answer.
//!
//! What to build, step by step (`cargo test` checks each step in order):
//!
//! 1. Bind a UDP socket to `"0.0.0.0:0"`: any local address, any free port.
//!    (A client does not care which port it gets; the server learns it from
//!    each datagram. A fixed port would let only one client run on a
//!    machine.)
//! 2. Send exactly `Hello, server` (no `\n`) to `args.address()` with
//!    `send_to`.
//! 3. Receive the answer with `recv_from` and print `&buffer[..size]`: one
//!    line that ends with `Hello, client`. Then return `Ok(())`.
//! 4. Never wait forever: before receiving, set the read timeout with
//!    `socket.set_read_timeout(args.timeout)?` (5 s, or what `--timeout`
//!    says). When nobody answers, the receive fails; return that error with
//!    `?`: the starter prints it on stderr and exits with code 1.
//!
//! Run it:    cargo run --bin hello-client   (with the server running)
//! Check it:  cargo test

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_client(talk);
}

/// Everything the client does. Return errors with `?`: the starter prints
/// them as `error: …` and exits with code 1.
fn talk(args: Args) -> Outcome {
    // You will need std::net::UdpSocket.
    todo!(
        "step 1: bind a UdpSocket, then send \"Hello, server\" to {}",
        args.address()
    )
}
