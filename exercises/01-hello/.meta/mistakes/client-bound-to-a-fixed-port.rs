//! Mistake: the client binds a fixed port, `127.0.0.1:34254`, as the example
//! in the documentation of `std::net::UdpSocket` does.
//!
//! One client works. A second one on the same machine (another user, another
//! terminal, a test running beside another) fails at once with `Address
//! already in use`, and so does the client whenever any other program holds
//! that port.
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
    let socket = UdpSocket::bind("127.0.0.1:34254")?;
    socket.set_read_timeout(args.timeout)?;

    socket.send_to(b"Hello, server", args.address())?;

    let mut buffer = [0u8; 65536];
    let (size, _sender) = socket.recv_from(&mut buffer)?;
    println!("{}", String::from_utf8_lossy(&buffer[..size]));
    Ok(())
}
