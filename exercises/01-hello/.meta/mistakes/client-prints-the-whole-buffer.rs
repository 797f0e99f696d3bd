//! Mistake: the client prints the whole buffer instead of `&buffer[..size]`.
//!
//! `Hello, client` is followed by 65,523 zero bytes: the terminal shows a
//! long run of blanks (or nothing), and a program reading the output gets
//! garbage after the answer.
//!
//! kata:replaces client
//! kata:first-failure s12_client_prints_the_answer_and_ends
//! kata:hint 65523 zero characters (\0) follow the message on that line: the whole buffer was printed; print only &buffer[..size], the bytes that arrived
//! kata:changes 8

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
    socket.recv_from(&mut buffer)?;
    println!("{}", String::from_utf8_lossy(&buffer));
    Ok(())
}
