//! Mistake: the client sets a fixed 5-second read timeout instead of
//! `args.timeout`.
//!
//! `--timeout` does nothing: `--timeout 1` still waits 5 s, and on a slow
//! network `--timeout 30` still gives up after 5 s.
//!
//! kata:replaces client
//! kata:first-failure s13_client_gives_up_when_the_server_stays_silent
//! kata:hint call socket.set_read_timeout(args.timeout)? before recv_from, with args.timeout and not a fixed Duration: then recv_from fails when the wait runs out
//! kata:changes 7

use std::net::UdpSocket;
use std::time::Duration;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_client(talk);
}

fn talk(args: Args) -> Outcome {
    let socket = UdpSocket::bind("0.0.0.0:0")?;
    socket.set_read_timeout(Some(Duration::from_secs(5)))?;

    socket.send_to(b"Hello, server", args.address())?;

    let mut buffer = [0u8; 65536];
    let (size, _sender) = socket.recv_from(&mut buffer)?;
    println!("{}", String::from_utf8_lossy(&buffer[..size]));
    Ok(())
}
