//! Mistake: the server's `exit` printed like any answer.
//!
//! The server has ended, but the client asks its user for the next line, sends
//! it to nobody and waits for an answer that never comes.
//!
//! kata:replaces client
//! kata:first-failure s15_client_stops_when_the_server_sends_exit
//! kata:hint compare the answer with "exit"; if equal, print that the server ended the chat
//! kata:changes 11

use std::io::Write;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    let socket = UdpSocket::bind("0.0.0.0:0")?;
    socket.set_read_timeout(args.timeout)?;
    let server = args.address();

    let mut buffer = [0u8; 65_536];
    loop {
        let mut line = String::new();
        let text = if std::io::stdin().read_line(&mut line)? == 0 {
            "exit"
        } else {
            line.trim_end_matches(['\r', '\n'])
        };
        socket.send_to(text.as_bytes(), &server)?;
        if text == "exit" {
            return Ok(());
        }

        let (size, _) = socket.recv_from(&mut buffer)?;
        let answer = String::from_utf8_lossy(&buffer[..size]);
        println!("[server] {answer}");
        std::io::stdout().flush()?;
    }
}
