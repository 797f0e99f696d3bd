//! Mistake: each line sent with its `\n`.
//!
//! `read_line` keeps the newline: the server prints every message with an
//! extra line break, and the client's `exit` reaches it as `"exit\n"`.
//!
//! kata:replaces client
//! kata:first-failure s13_client_sends_a_line_and_prints_the_answer
//! kata:hint send the line without its \n: line.trim_end_matches(['\r', '\n'])
//! kata:changes 9

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
        socket.send_to(line.as_bytes(), &server)?;
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
