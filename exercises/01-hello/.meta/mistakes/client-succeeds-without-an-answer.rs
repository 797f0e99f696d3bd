//! Mistake: when nobody answers, the client prints a message on stdout and
//! returns `Ok(())`.
//!
//! It ends with exit code 0, "success", though it never got an answer: a
//! script that runs it cannot tell that the server is down, and the message
//! is mixed with the normal output instead of going to stderr.
//!
//! kata:replaces client
//! kata:first-failure s13_client_gives_up_when_the_server_stays_silent
//! kata:hint when recv_from fails, return its error with ?: the starter prints "error: …" on stderr and exits with code 1 (code 0 would say an answer came)
//! kata:changes 10

use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_client(talk);
}

fn talk(args: Args) -> Outcome {
    let socket = UdpSocket::bind("0.0.0.0:0")?;
    socket.set_read_timeout(args.timeout)?;

    socket.send_to(b"Hello, server", args.address())?;

    let mut buffer = [0u8; 65536];
    match socket.recv_from(&mut buffer) {
        Ok((size, _sender)) => println!("{}", String::from_utf8_lossy(&buffer[..size])),
        Err(error) => println!("No answer from the server: {error}"),
    }
    Ok(())
}
