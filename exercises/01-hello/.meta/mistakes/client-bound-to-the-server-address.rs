//! Mistake: the client binds its socket to `args.address()`, the server's
//! address, instead of `"0.0.0.0:0"`.
//!
//! With the server running on this machine, the port is taken: the client
//! stops at once with `Address already in use`. With no server running, the
//! client takes the server's port, sends its greeting to itself, and prints
//! its own `Hello, server` as if it were the answer.
//!
//! kata:replaces client
//! kata:first-failure s11_client_sends_hello_server
//! kata:hint the client could not bind: another socket holds the address it asked for. Bind "0.0.0.0:0" and the system picks a free port: bound to the server's address (args.address()), the client collides with the server; bound to a fixed port, with every other client on this machine
//! kata:changes 6

use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_client(talk);
}

fn talk(args: Args) -> Outcome {
    let socket = UdpSocket::bind(args.address())?;
    socket.set_read_timeout(args.timeout)?;

    socket.send_to(b"Hello, server", args.address())?;

    let mut buffer = [0u8; 65536];
    let (size, _sender) = socket.recv_from(&mut buffer)?;
    println!("{}", String::from_utf8_lossy(&buffer[..size]));
    Ok(())
}
