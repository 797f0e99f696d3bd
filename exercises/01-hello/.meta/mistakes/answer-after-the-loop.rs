//! Mistake: the answer is sent after the receive loop instead of inside it.
//!
//! The loop never ends, so the line after it never runs: the server prints
//! every greeting and answers none, and every client gives up.
//!
//! kata:replaces server
//! kata:first-failure s03_server_answers_hello_client
//! kata:hint inside the loop, right after printing: socket.send_to(b"Hello, client", sender), to the sender that recv_from returned (args.address() is the server's own address)
//! kata:changes 15

// The compiler warns that the answer is unreachable; the mistake is exactly
// that warning, ignored.
#![allow(unreachable_code, unused_assignments, unused_variables)]

use std::io::ErrorKind;
use std::net::{SocketAddr, UdpSocket};

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

fn serve(args: Args) -> Outcome {
    let socket = UdpSocket::bind(args.address())?;
    println!("Listening on udp://{}", socket.local_addr()?);

    let mut buffer = [0u8; 65536];
    let mut last_sender: Option<SocketAddr> = None;
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
        last_sender = Some(sender);
    }
    if let Some(sender) = last_sender {
        socket.send_to(b"Hello, client", sender)?;
    }
    Ok(())
}
