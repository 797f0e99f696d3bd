//! Mistake: the end of input not taken as `exit`.
//!
//! After Ctrl+D, `read_line` returns `Ok(0)`: the client sends an empty
//! message and waits for an answer, and the server is never told that it left.
//!
//! kata:replaces client
//! kata:first-failure s16_client_takes_the_end_of_its_input_as_exit
//! kata:hint read_line returns Ok(0) at the end of input (Ctrl+D): take it as typing exit, so that the server is told
//! kata:changes 12

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
        std::io::stdin().read_line(&mut line)?;
        let text = line.trim_end_matches(['\r', '\n']);
        socket.send_to(text.as_bytes(), &server)?;
        if text == "exit" {
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
