//! Mistake: the client sends `Hello, server\n`, with a newline.
//!
//! A datagram is the message: its newline is part of the text. The server
//! prints an empty line after each greeting, and a server that compares the
//! text with `"Hello, server"` never finds it equal.
//!
//! kata:replaces client
//! kata:first-failure s11_client_sends_hello_server
//! kata:hint it ends with \n: send the text without its line end, line.trim_end_matches(['\r', '\n'])
//! kata:changes 6

use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_client(talk);
}

fn talk(args: Args) -> Outcome {
    let socket = UdpSocket::bind("0.0.0.0:0")?;
    socket.set_read_timeout(args.timeout)?;

    socket.send_to(b"Hello, server\n", args.address())?;

    let mut buffer = [0u8; 65536];
    let (size, _sender) = socket.recv_from(&mut buffer)?;
    println!("{}", String::from_utf8_lossy(&buffer[..size]));
    Ok(())
}
