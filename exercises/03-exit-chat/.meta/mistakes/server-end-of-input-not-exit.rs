//! Mistake: the end of the console's input not taken as `exit`.
//!
//! After Ctrl+D, `read_line` returns `Ok(0)` at once, every time: the server
//! answers each message with an empty datagram and never ends, and the client
//! is never told that the chat is over.
//!
//! kata:replaces server
//! kata:first-failure s07_server_takes_the_end_of_its_input_as_exit
//! kata:hint read_line returns Ok(0) at the end of input (Ctrl+D): take it as typing exit, not as an empty line
//! kata:changes 15

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
        std::io::stdin().read_line(&mut line)?;
        let answer = line.trim_end_matches(['\r', '\n']);
        socket.send_to(answer.as_bytes(), sender)?;

        if answer == "exit" {
            println!("* you ended the chat");
            return Ok(());
        }
    }
}
