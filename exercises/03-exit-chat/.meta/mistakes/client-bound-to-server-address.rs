//! Mistake: the client's socket bound to the server's address, `args.address()`.
//!
//! That address belongs to the server: on the same machine the bind fails with
//! `Address already in use`; on another it fails or listens on the wrong port.
//! A client binds to `0.0.0.0:0`, any free port.
//!
//! kata:replaces client
//! kata:first-failure s13_client_sends_a_line_and_prints_the_answer
//! kata:hint the client could not bind: another socket holds the address it asked for. Bind "0.0.0.0:0" and the system picks a free port: bound to the server's address (args.address()), the client collides with the server; bound to a fixed port, with every other client on this machine
//! kata:changes 9

use std::io::Write;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    let socket = UdpSocket::bind(args.address())?;
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
        if answer == "exit" {
            println!("* the server ended the chat");
            return Ok(());
        }
        println!("[server] {answer}");
        std::io::stdout().flush()?;
    }
}
