//! Mistake: no loop: the server receives one greeting, answers it and ends.
//!
//! The first client gets its answer; the server is gone before the second
//! one comes, and every later client waits in vain.
//!
//! kata:replaces server
//! kata:first-failure s06_server_keeps_serving_after_the_first_client
//! kata:hint a server does not stop after one client: receive and answer in a loop that never ends
//! kata:changes 22

use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

fn serve(args: Args) -> Outcome {
    let socket = UdpSocket::bind(args.address())?;
    println!("Listening on udp://{}", socket.local_addr()?);

    let mut buffer = [0u8; 65536];
    let (size, sender) = socket.recv_from(&mut buffer)?;
    let text = String::from_utf8_lossy(&buffer[..size]);
    println!("[{sender}] {text}");
    socket.send_to(b"Hello, client", sender)?;
    Ok(())
}
