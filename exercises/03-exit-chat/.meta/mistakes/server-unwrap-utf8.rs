//! Mistake: `String::from_utf8(…).unwrap()` on a received datagram.
//!
//! Anyone can send bytes that are not UTF-8 (an old Windows program, a typo in
//! `nc`): the server panics and the chat is over for everyone.
//!
//! kata:replaces server
//! kata:first-failure s12_server_survives_a_message_that_is_not_utf8
//! kata:hint the server crashed at exercises/03-exit-chat/.meta/mistakes/server-unwrap-utf8.rs:34:66 on bytes that are not UTF-8 (a peer may send any bytes: cp1251 text, a binary file): turn bytes into text with String::from_utf8_lossy, which never fails, instead of unwrap() on from_utf8
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
        let message = String::from_utf8(buffer[..size].to_vec()).unwrap();
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
        socket.send_to(answer.as_bytes(), sender)?;

        if answer == "exit" {
            println!("* you ended the chat");
            return Ok(());
        }
    }
}
