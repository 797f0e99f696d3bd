//! Mistake: the client waits for an answer after sending `exit`.
//!
//! The server does not answer a client that left: the client hangs until its
//! user presses Ctrl+C.
//!
//! kata:replaces client
//! kata:first-failure s14_client_sends_exit_and_stops_when_its_user_types_exit
//! kata:hint right after sending exit, return Ok(()): the server does not answer a client that left, so do not wait for an answer
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

        let (size, _) = socket.recv_from(&mut buffer)?;
        if text == "exit" {
            return Ok(());
        }
        let answer = String::from_utf8_lossy(&buffer[..size]);
        if answer == "exit" {
            println!("* the server ended the chat");
            return Ok(());
        }
        println!("[server] {answer}");
        std::io::stdout().flush()?;
    }
}
