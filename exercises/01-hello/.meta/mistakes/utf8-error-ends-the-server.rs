//! Mistake: the server turns the datagram into text with
//! `std::str::from_utf8(…)?`, returning the error.
//!
//! `?` looks like good manners, but here it ends the server: the first
//! datagram that is not UTF-8 (a message typed in a Windows-1251 console, a
//! stray packet) stops it with `error: invalid utf-8 sequence`, and every
//! later client waits in vain.
//!
//! kata:replaces server
//! kata:first-failure s09_server_survives_a_message_that_is_not_utf8
//! kata:hint a datagram may hold any bytes: turn them into text with String::from_utf8_lossy, which never fails; from_utf8 fails on bytes that are not UTF-8, and unwrap() or ? on its result stops the server for everyone
//! kata:changes 6

use std::io::ErrorKind;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

fn serve(args: Args) -> Outcome {
    let socket = UdpSocket::bind(args.address())?;
    println!("Listening on udp://{}", socket.local_addr()?);

    let mut buffer = [0u8; 65536];
    loop {
        let (size, sender) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            // Windows reports here that an earlier answer found nobody (its
            // client had ended already): no reason to stop serving.
            Err(error) if error.kind() == ErrorKind::ConnectionReset => continue,
            Err(error) => return Err(error.into()),
        };
        let text = std::str::from_utf8(&buffer[..size])?;
        println!("[{sender}] {text}");
        socket.send_to(b"Hello, client", sender)?;
    }
}
