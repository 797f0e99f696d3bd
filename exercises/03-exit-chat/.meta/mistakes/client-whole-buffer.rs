//! Mistake: the whole receive buffer printed instead of `&buf[..n]`.
//!
//! Every answer is printed with the thousands of zero bytes that follow it in
//! the buffer, and the server's `exit` is never recognised.
//!
//! kata:replaces client
//! kata:first-failure s13_client_sends_a_line_and_prints_the_answer
//! kata:hint print only the bytes that arrived, &buf[..n] with the n that recv_from returned: the rest of the buffer holds zero bytes, or an older message
//! kata:changes 11

use std::io::Write;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    let socket = UdpSocket::bind("0.0.0.0:0")?;
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

        let (_size, _) = socket.recv_from(&mut buffer)?;
        let answer = String::from_utf8_lossy(&buffer);
        if answer == "exit" {
            println!("* the server ended the chat");
            return Ok(());
        }
        println!("[server] {answer}");
        std::io::stdout().flush()?;
    }
}
