//! Mistake: the server turns the datagram into text with
//! `String::from_utf8(…).unwrap()`.
//!
//! Anyone can send any bytes: a message typed in a Windows-1251 console, a
//! stray packet. The first datagram that is not UTF-8 makes the server panic,
//! and it serves nobody after that.
//!
//! kata:replaces server
//! kata:first-failure s09_server_survives_a_message_that_is_not_utf8
//! kata:hint the server crashed at exercises/01-hello/.meta/mistakes/unwrap-on-text-that-is-not-utf8.rs:35:63 on bytes that are not UTF-8 (a peer may send any bytes: cp1251 text, a binary file): turn bytes into text with String::from_utf8_lossy, which never fails, instead of unwrap() on from_utf8
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
        let text = String::from_utf8(buffer[..size].to_vec()).unwrap();
        println!("[{sender}] {text}");
        socket.send_to(b"Hello, client", sender)?;
    }
}
