//! Mistake: any message that contains `exit` taken as the client leaving.
//!
//! `text.contains("exit")` is also true for "how do I exit vim?": the server
//! says the client left and never answers, and the client waits forever.
//!
//! kata:replaces server
//! kata:first-failure s10_server_answers_a_message_that_only_mentions_exit
//! kata:hint only the message exit itself means leaving: compare the text with == "exit", not contains or starts_with
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

        if text.contains("exit") {
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
        socket.send_to(answer.as_bytes(), sender)?;

        if answer == "exit" {
            println!("* you ended the chat");
            return Ok(());
        }
    }
}
