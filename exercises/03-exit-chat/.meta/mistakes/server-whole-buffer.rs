//! Mistake: the whole receive buffer printed instead of `&buf[..n]`.
//!
//! Every message is printed with the thousands of zero bytes that follow it in
//! the buffer: the terminal shows garbage, and `exit` is never recognised.
//!
//! kata:replaces server
//! kata:first-failure s02_server_prints_the_clients_message
//! kata:hint print only the bytes that arrived, &buf[..n] with the n that recv_from returned: the rest of the buffer holds zero bytes, or an older message
//! kata:changes 12

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
