//! Stage 01, the server, solved the way the README's steps describe.

use std::io::ErrorKind;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

fn serve(args: Args) -> Outcome {
    // Step 1: bind, then print the address the system really gave us.
    let socket = UdpSocket::bind(args.address())?;
    println!("Listening on udp://{}", socket.local_addr()?);

    // Step 2: room for any datagram (at most 65,507 bytes over IPv4).
    let mut buffer = [0u8; 65536];
    loop {
        let (size, sender) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            // Windows reports here that an earlier answer found nobody (its
            // client had ended already): no reason to stop serving.
            Err(error) if error.kind() == ErrorKind::ConnectionReset => continue,
            Err(error) => return Err(error.into()),
        };
        // Step 3: only the first `size` bytes are this message.
        let text = String::from_utf8_lossy(&buffer[..size]);
        println!("[{sender}] {text}");
        // Step 4: answer the sender, inside the loop.
        socket.send_to(b"Hello, client", sender)?;
    }
}
