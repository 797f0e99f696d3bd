//! Stage 03, the client: take turns with the server until one side types
//! `exit`. The solution the README's steps describe.

use std::io::Write;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    // Any free port of our own; the server learns it from our first datagram.
    let socket = UdpSocket::bind("0.0.0.0:0")?;
    // A person answers at the server: None (the default) waits as long as it
    // takes.
    socket.set_read_timeout(args.timeout)?;
    let server = args.address();

    let mut buffer = [0u8; 65_536];
    loop {
        // The client speaks first: read a line, then send it.
        let mut line = String::new();
        let text = if std::io::stdin().read_line(&mut line)? == 0 {
            "exit" // end of input (Ctrl+D) counts as typing exit
        } else {
            line.trim_end_matches(['\r', '\n'])
        };
        socket.send_to(text.as_bytes(), &server)?;
        if text == "exit" {
            // The server is told; it does not answer a client that left.
            return Ok(());
        }

        let (size, _) = socket.recv_from(&mut buffer)?;
        let answer = String::from_utf8_lossy(&buffer[..size]);
        if answer == "exit" {
            println!("* the server ended the chat");
            return Ok(());
        }
        println!("[server] {answer}");
        std::io::stdout().flush()?;
    }
}
