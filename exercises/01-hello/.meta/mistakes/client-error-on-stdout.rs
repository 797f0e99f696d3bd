//! Mistake: when nobody answers, the client prints its error on stdout and
//! exits with code 1 itself, instead of returning the error with `?`.
//!
//! The exit code is right, but the error goes to stdout: `client > answer.txt`
//! hides it in the file, and the console shows nothing.
//!
//! kata:replaces client
//! kata:first-failure s13_client_gives_up_when_the_server_stays_silent
//! kata:hint return the error with ? instead of printing it yourself: the starter prints "error: …" on stderr, where errors go, and exits with code 1
//! kata:changes 13

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
        Err(error) => {
            println!("Error: no answer from the server: {error}");
            std::process::exit(1);
        }
    }
    Ok(())
}
