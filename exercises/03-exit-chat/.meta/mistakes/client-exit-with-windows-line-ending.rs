//! Mistake: only `\n` removed from the typed line, so `exit` typed on Windows is not recognised.
//!
//! Windows ends a typed line with `\r\n`: the client sends `"exit\r"`, which
//! is not `exit`, and waits for an answer that never comes.
//!
//! kata:replaces client
//! kata:first-failure s17_client_takes_exit_typed_with_a_windows_line_ending
//! kata:hint on Windows a typed line ends with \r\n: remove both, line.trim_end_matches(['\r', '\n']), before you send or compare it
//! kata:changes 9

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
            line.trim_end_matches('\n')
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
