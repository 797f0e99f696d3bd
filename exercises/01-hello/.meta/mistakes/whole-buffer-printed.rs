//! Mistake: the server prints the whole buffer instead of `&buffer[..size]`.
//!
//! Every line ends with the tens of thousands of zero bytes after the message:
//! a terminal shows them as blanks or not at all, a log file fills up, and a
//! program that reads the server's output sees garbage after each message.
//!
//! kata:replaces server
//! kata:first-failure s02_server_prints_the_greeting_and_who_sent_it
//! kata:hint 65523 zero characters (\0) follow the message on that line: the whole buffer was printed; print only &buffer[..size], the bytes that arrived
//! kata:changes 8

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
        let (_size, sender) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            // Windows reports here that an earlier answer found nobody (its
            // client had ended already): no reason to stop serving.
            Err(error) if error.kind() == ErrorKind::ConnectionReset => continue,
            Err(error) => return Err(error.into()),
        };
        let text = String::from_utf8_lossy(&buffer);
        println!("[{sender}] {text}");
        socket.send_to(b"Hello, client", sender)?;
    }
}
