//! Mistake: the whole buffer printed, with its zero bytes trimmed off.
//!
//! The zeros are gone, but the buffer still holds what longer messages left
//! in it: after `"hello there"`, the message `"hi"` is printed as
//! `"hillo there"`.
//!
//! kata:replaces server
//! kata:first-failure s07_server_prints_a_long_message_whole_then_a_short_one
//! kata:hint after the message comes the end of an earlier, longer message, still in the buffer: print only what this recv_from received, String::from_utf8_lossy(&buffer[..size])
//! kata:changes 6

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
        let (_, sender) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            // Windows reports here that an earlier answer found nobody (its
            // client had ended already): no reason to stop serving.
            Err(error) if error.kind() == io::ErrorKind::ConnectionReset => continue,
            Err(error) => return Err(error.into()),
        };
        let text = String::from_utf8_lossy(&buffer);
        // The buffer was all zeros: drop those after the text.
        let text = text.trim_end_matches('\0');
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
