//! Mistake: `String::from_utf8(…).unwrap()` on a received datagram.
//!
//! Anyone can send bytes that are not UTF-8 (an old Windows program, a typo in
//! `nc`): the server panics and the chat is over for everyone.
//!
//! kata:replaces server
//! kata:first-failure s12_server_survives_a_message_that_is_not_utf8
//! kata:hint the server crashed in its own code at exercises/03-exit-chat/mistakes/server-unwrap-utf8.rs:27:66 (a panic: called `Result::unwrap()` on an `Err` value: FromUtf8Error { bytes: [239, 240, 232, 226, 229, 242], error: Utf8Error { valid_up_to: 0, error_len… (157 bytes in all)) on input it did not expect: one odd message from one peer must not stop a server for everyone; use match or if let instead of unwrap() and carry on (answering with an error where the protocol has one)

use std::io::Write;
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
        let (size, sender) = socket.recv_from(&mut buffer)?;
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
