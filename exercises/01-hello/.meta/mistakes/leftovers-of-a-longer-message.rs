//! Mistake: the server prints the whole buffer with its zero bytes trimmed,
//! instead of `&buffer[..size]`.
//!
//! The zeros are gone, but the buffer keeps whatever an earlier, longer
//! datagram left in it: after a long message, a short `Hello, server` prints
//! as `Hello, server` followed by the end of the long one.
//!
//! kata:replaces server
//! kata:first-failure s08_server_prints_a_short_message_after_a_long_one
//! kata:hint the line goes on after the message with "nopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefg"… (2987 bytes in all): leftovers of an earlier, longer message? Only &buffer[..size] holds the message that arrived
//! kata:changes 10

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
        let (_size, sender) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            // Windows reports here that an earlier answer found nobody (its
            // client had ended already): no reason to stop serving.
            Err(error) if error.kind() == ErrorKind::ConnectionReset => continue,
            Err(error) => return Err(error.into()),
        };
        let text = String::from_utf8_lossy(&buffer);
        println!("[{sender}] {}", text.trim_end_matches('\0'));
        socket.send_to(b"Hello, client", sender)?;
    }
}
