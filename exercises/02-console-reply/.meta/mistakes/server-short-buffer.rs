//! Mistake: a 1024-byte receive buffer.
//!
//! `recv_from` drops, without a word, whatever does not fit the buffer: a long
//! line (a pasted paragraph) is printed cut after 1024 bytes.
//!
//! kata:replaces server
//! kata:first-failure s07_server_prints_a_long_message_whole_then_a_short_one
//! kata:hint only the first 1024 of the 3000 bytes were printed: recv_from drops whatever does not fit the buffer, without a word. Use a buffer of 65536 bytes, more than any datagram
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

    let mut buffer = [0u8; 1024];
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
        socket.send_to(answer.as_bytes(), sender)?;
    }
}
