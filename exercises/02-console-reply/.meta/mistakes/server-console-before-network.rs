//! Mistake: the console is read before the message is received.
//!
//! The person at the server must answer a question they have not seen yet: the
//! server prints nothing until they type, and then answers the message that
//! arrives next with a line typed before it.
//!
//! kata:replaces server
//! kata:first-failure s02_server_prints_each_message_and_its_sender
//! kata:hint right after recv_from, print the sender and the text on one line, [sender] What is UDP?; only then read the console: the person must see the question to answer it
//! kata:changes 18

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
        // The person at this console types the answer.
        let mut line = String::new();
        let read = io::stdin().read_line(&mut line)?;
        if read == 0 {
            // The console's input has ended (Ctrl+D).
            return Ok(());
        }

        // Then receive one message and print who sent it.
        let (size, sender) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            // Windows reports here that an earlier answer found nobody (its
            // client had ended already): no reason to stop serving.
            Err(error) if error.kind() == io::ErrorKind::ConnectionReset => continue,
            Err(error) => return Err(error.into()),
        };
        let text = String::from_utf8_lossy(&buffer[..size]);
        println!("[{sender}] {text}");
        let answer = line.trim_end_matches(['\r', '\n']);
        socket.send_to(answer.as_bytes(), sender)?;
    }
}
