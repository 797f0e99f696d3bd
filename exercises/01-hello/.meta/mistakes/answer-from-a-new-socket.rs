//! Mistake: the server answers from a new socket, bound to another port,
//! instead of the socket that received the greeting.
//!
//! The answer arrives, but from another address than the one the client
//! sent its greeting to. A client whose socket is `connect`ed to the server
//! (the reference client, `nc -u`, a Python client that calls `connect`)
//! accepts datagrams only from the address it connected to: its system drops
//! the answer, and the client waits until its timeout runs out.
//!
//! kata:replaces server
//! kata:first-failure s04_server_answers_from_the_address_it_listens_on
//! kata:hint answer on the socket that received the greeting, socket.send_to(b"Hello, client", sender), not on a new one: a new socket sends from another port, and a client whose socket is connected to the server (the reference client, nc -u, a Python client that calls connect) accepts datagrams only from the address it connected to, so it never sees that answer
//! kata:changes 7

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
        let answering = UdpSocket::bind("0.0.0.0:0")?;
        answering.send_to(b"Hello, client", sender)?;
    }
}
