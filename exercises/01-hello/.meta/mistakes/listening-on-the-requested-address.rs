//! Mistake: the Listening line shows the address asked for, `args.address()`,
//! instead of `socket.local_addr()`.
//!
//! Started with `--port 0`, the server says `Listening on udp://127.0.0.1:0`:
//! the system picked a real port, but nobody can learn which one.
//!
//! kata:replaces server
//! kata:first-failure s01_server_prints_its_listening_line
//! kata:hint print socket.local_addr() after bind, not the address you asked for
//! kata:changes 6

use std::io::ErrorKind;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

fn serve(args: Args) -> Outcome {
    let socket = UdpSocket::bind(args.address())?;
    println!("Listening on udp://{}", args.address());

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
        socket.send_to(b"Hello, client", sender)?;
    }
}
