//! Mistake: a hard-coded 5 s read timeout.
//!
//! A person answers at the server and may take a minute: after 5 s the
//! client gives up with an error, though the answer is on its way.
//!
//! kata:replaces client
//! kata:first-failure s18_client_waits_as_long_as_the_server_takes_to_answer
//! kata:hint a person answers at the server and may take a minute: set no read timeout of your own; set_read_timeout(args.timeout) waits without a limit unless --timeout is given
//! kata:changes 10

use std::io::Write;
use std::net::UdpSocket;
use std::time::Duration;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    let socket = UdpSocket::bind("0.0.0.0:0")?;
    socket.set_read_timeout(Some(Duration::from_secs(5)))?;
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
