//! Mistake: `from_utf8(…)?` on a received message.
//!
//! Returning the error looks tidy, but it ends the server: one datagram that
//! is not UTF-8 (a typo in an old encoding, a port scanner) and the server
//! exits with `error: invalid utf-8 sequence`, ending everyone's conversation.
//!
//! kata:replaces server
//! kata:first-failure s09_server_survives_a_message_that_is_not_utf8
//! kata:hint a datagram may hold any bytes, not only UTF-8: print it with String::from_utf8_lossy(&buffer[..size]), which never fails; from_utf8(…) fails on such bytes, and with ? or unwrap() it ends the server
//! kata:changes 2

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
        let (size, sender) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            // Windows reports here that an earlier answer found nobody (its
            // client had ended already): no reason to stop serving.
            Err(error) if error.kind() == io::ErrorKind::ConnectionReset => continue,
            Err(error) => return Err(error.into()),
        };
        let text = std::str::from_utf8(&buffer[..size])?;
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
