//! Mistake: the server prints the text but not who sent it.
//!
//! With several clients, the server's console shows a column of identical
//! greetings and no way to tell who said what.
//!
//! kata:replaces server
//! kata:first-failure s02_server_prints_the_greeting_and_who_sent_it
//! kata:hint recv_from returns (size, sender): print the sender too, println!("[{sender}] {text}"); it tells clients apart
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
        let text = String::from_utf8_lossy(&buffer[..size]);
        println!("{text}");
        socket.send_to(b"Hello, client", sender)?;
    }
}
