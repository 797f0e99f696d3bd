//! Mistake: a 1024-byte receive buffer.
//!
//! `recv_from` keeps the first 1024 bytes of a longer datagram and drops the
//! rest: on Linux and macOS without an error, so a long message is printed
//! cut short and nothing says so; on Windows the call fails, and `?` ends the
//! server.
//!
//! kata:replaces server
//! kata:first-failure s07_server_receives_a_long_message_whole
//! kata:hint the line holds only the first 1024 of its 3000 bytes: the message was cut, most likely by a receive buffer that is too small (a datagram can hold 65,507 bytes)
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

    let mut buffer = [0u8; 1024];
    loop {
        let (size, sender) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            // Windows reports here that an earlier answer found nobody (its
            // client had ended already): no reason to stop serving.
            Err(error) if error.kind() == ErrorKind::ConnectionReset => continue,
            Err(error) => return Err(error.into()),
        };
        let text = String::from_utf8_lossy(&buffer[..size]);
        println!("[{sender}] {text}");
        socket.send_to(b"Hello, client", sender)?;
    }
}
