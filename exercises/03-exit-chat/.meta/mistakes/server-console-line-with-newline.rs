//! Mistake: the console line sent with its `\n`.
//!
//! `read_line` keeps the newline; sent as it is, every answer reaches the
//! client with a line break at the end, and the client's `exit` check fails on
//! `"exit\n"`.
//!
//! kata:replaces server
//! kata:first-failure s03_server_answers_with_its_console_line
//! kata:hint send the console line without its \n: line.trim_end_matches(['\r', '\n'])
//! kata:changes 10

use std::io::{ErrorKind, Write};
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

fn serve(args: Args) -> Outcome {
    let socket = UdpSocket::bind(args.address())?;
    println!("Listening on udp://{}", socket.local_addr()?);
    std::io::stdout().flush()?;

    let mut buffer = [0u8; 65_536];
    loop {
        let (size, sender) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            // Windows reports here that an earlier answer found nobody (its
            // client had ended already): no reason to stop serving.
            Err(error) if error.kind() == ErrorKind::ConnectionReset => continue,
            Err(error) => return Err(error.into()),
        };
        let message = String::from_utf8_lossy(&buffer[..size]);
        let text = message.trim_end_matches(['\r', '\n']);

        if text == "exit" {
            println!("* {sender} left the chat");
            std::io::stdout().flush()?;
            continue;
        }
        println!("[{sender}] {text}");
        std::io::stdout().flush()?;

        let mut line = String::new();
        let answer = if std::io::stdin().read_line(&mut line)? == 0 {
            "exit"
        } else {
            line.trim_end_matches(['\r', '\n'])
        };
        socket.send_to(line.as_bytes(), sender)?;

        if answer == "exit" {
            println!("* you ended the chat");
            return Ok(());
        }
    }
}
