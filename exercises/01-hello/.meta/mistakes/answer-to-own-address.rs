//! Mistake: the server answers `args.address()`, its own address, instead of
//! the sender that `recv_from` returned.
//!
//! The client never gets an answer. On port 8080 the server sends
//! `Hello, client` to itself, receives it, and answers itself again, forever;
//! with `--port 0` the send fails and the server stops with an error.
//!
//! kata:replaces server
//! kata:first-failure s03_server_answers_hello_client
//! kata:hint inside the loop, right after printing: socket.send_to(b"Hello, client", sender), to the sender that recv_from returned (args.address() is the server's own address)
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
        println!("[{sender}] {text}");
        socket.send_to(b"Hello, client", args.address())?;
    }
}
