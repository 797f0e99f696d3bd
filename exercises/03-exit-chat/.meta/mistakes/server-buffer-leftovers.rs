//! Mistake: the whole buffer used, its zero bytes trimmed off, instead of `&buf[..n]`.
//!
//! The first message looks right, but a shorter message after a longer one
//! keeps the rest of the longer one: `exit` after a long message is read as
//! `exit` plus leftovers, and is not recognised.
//!
//! kata:replaces server
//! kata:first-failure s11_server_takes_exit_after_a_longer_message
//! kata:hint compare only the bytes that arrived, &buf[..n]: after a longer message, the rest of the buffer still holds it, so the whole buffer is not "exit"
//! kata:changes 16

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
        let (_size, sender) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            // Windows reports here that an earlier answer found nobody (its
            // client had ended already): no reason to stop serving.
            Err(error) if error.kind() == ErrorKind::ConnectionReset => continue,
            Err(error) => return Err(error.into()),
        };
        let message = String::from_utf8_lossy(&buffer);
        let text = message
            .trim_end_matches('\0')
            .trim_end_matches(['\r', '\n']);

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
