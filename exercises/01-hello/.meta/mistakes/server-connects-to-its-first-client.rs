//! Mistake: the server calls `connect` on its socket with the first sender,
//! as the reference client does with its server, and answers with `send`.
//!
//! The first client gets its answer. From then on the socket belongs to that
//! one address: the system drops every datagram from anyone else, so the
//! server, still running, never even sees the next client.
//!
//! kata:replaces server
//! kata:first-failure s06_server_keeps_serving_after_the_first_client
//! kata:hint the server still runs, yet never saw the second client: did it connect its socket to the first one? After connect, a UDP socket receives only from that one address. A server never connects: it answers each sender with send_to
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
        socket.connect(sender)?;
        socket.send(b"Hello, client")?;
    }
}
