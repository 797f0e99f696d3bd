//! Stage 01, the client, solved the way the README's steps describe.

use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_client(talk);
}

fn talk(args: Args) -> Outcome {
    // Step 1: any local address, any free port.
    let socket = UdpSocket::bind("0.0.0.0:0")?;
    // Step 4: never wait forever (5 s unless --timeout says otherwise).
    socket.set_read_timeout(args.timeout)?;

    // Step 2: exactly the 13 bytes of the greeting, no newline.
    socket.send_to(b"Hello, server", args.address())?;

    // Step 3: when nobody answers in time, `?` returns the error.
    let mut buffer = [0u8; 65536];
    let (size, _sender) = socket.recv_from(&mut buffer)?;
    println!("{}", String::from_utf8_lossy(&buffer[..size]));
    Ok(())
}
