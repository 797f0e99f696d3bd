//! Mistake: answers sent to `args.address()` instead of the sender.
//!
//! `args.address()` is where the server itself listens: the answer comes back
//! to the server as a message of its own (with `--port 0`, sending fails), and
//! never reaches the client who asked.
//!
//! kata:replaces server
//! kata:first-failure s03_server_answers_with_its_console_line
//! kata:hint read a console line and send_to it to the sender, the address recv_from returned (args.address() is the server's own)
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
        socket.send_to(answer.as_bytes(), args.address())?;

        if answer == "exit" {
            println!("* you ended the chat");
            return Ok(());
        }
    }
}
