//! Mistake: the client never sets a read timeout.
//!
//! When no server runs, or a datagram is lost, the answer never comes and the
//! client waits forever: the user has to press Ctrl+C.
//!
//! kata:replaces client
//! kata:first-failure s13_client_gives_up_when_the_server_stays_silent
//! kata:hint call socket.set_read_timeout(args.timeout)? before recv_from, with args.timeout and not a fixed Duration: then recv_from fails when the wait runs out
//! kata:changes 5

use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_client(talk);
}

fn talk(args: Args) -> Outcome {
    let socket = UdpSocket::bind("0.0.0.0:0")?;

    socket.send_to(b"Hello, server", args.address())?;

    let mut buffer = [0u8; 65536];
    let (size, _sender) = socket.recv_from(&mut buffer)?;
    println!("{}", String::from_utf8_lossy(&buffer[..size]));
    Ok(())
}
