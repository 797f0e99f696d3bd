//! Mistake: the server answers from a new socket, bound to another port,
//! instead of the socket that received the message.
//!
//! The answer arrives, but from another address than the one the client
//! wrote to. A client whose socket is `connect`ed to the server (the
//! reference client, `nc -u`, a Python client that calls `connect`) accepts
//! datagrams only from that address: its system drops the answer, and the
//! client waits for it forever.
//!
//! kata:replaces server
//! kata:first-failure s05_server_answers_from_the_address_it_listens_on
//! kata:hint answer on the socket that received the message, socket.send_to(answer.as_bytes(), sender), not on a new one: a new socket sends from another port, and a client whose socket is connected to the server (the reference client, nc -u, a Python client that calls connect) accepts datagrams only from the address it connected to, so it never sees that answer
//! kata:changes 3

use std::io;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

fn serve(args: Args) -> Outcome {
    // Step 1: bind, then print the address the system really gave us.
    let socket = UdpSocket::bind(args.address())?;
    println!("Listening on udp://{}", socket.local_addr()?);

    // More than any datagram can hold, so nothing is ever cut.
    let mut buffer = [0u8; 65536];
    loop {
        // Step 2: receive one message and print who sent it.
        let (size, sender) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            // Windows reports here that an earlier answer found nobody (its
            // client had ended already): no reason to stop serving.
            Err(error) if error.kind() == io::ErrorKind::ConnectionReset => continue,
            Err(error) => return Err(error.into()),
        };
        let text = String::from_utf8_lossy(&buffer[..size]);
        println!("[{sender}] {text}");

        // Step 3: the person at this console types the answer.
        let mut line = String::new();
        let read = io::stdin().read_line(&mut line)?;
        if read == 0 {
            // Step 4: the console's input has ended (Ctrl+D).
            return Ok(());
        }
        let answer = line.trim_end_matches(['\r', '\n']);
        let answering = UdpSocket::bind("0.0.0.0:0")?;
        answering.send_to(answer.as_bytes(), sender)?;
    }
}
