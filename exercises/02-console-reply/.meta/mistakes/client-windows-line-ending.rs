//! Mistake: only the `\n` trimmed from each line, not a Windows `\r\n`.
//!
//! On Windows a typed line ends with `\r\n`: every question is sent with a
//! `\r` at its end, which garbles what the server prints.
//!
//! kata:replaces client
//! kata:first-failure s15_client_trims_a_windows_line_ending
//! kata:hint the message ends with \r: a line typed on Windows ends with \r\n, and only the \n was trimmed. Trim both: line.trim_end_matches(['\r', '\n'])
//! kata:changes 2

use std::io;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    // Step 1: any free port will do; the server learns it from recv_from.
    let socket = UdpSocket::bind("0.0.0.0:0")?;
    // A person answers: no limit, unless --timeout was given.
    socket.set_read_timeout(args.timeout)?;

    let mut buffer = [0u8; 65536];
    loop {
        // Step 2: read a line and send it without its line ending.
        let mut line = String::new();
        let read = io::stdin().read_line(&mut line)?;
        if read == 0 {
            // Step 4: the end of input (Ctrl+D).
            return Ok(());
        }
        let question = line.trim_end_matches('\n');
        socket.send_to(question.as_bytes(), args.address())?;

        // Step 3: wait for the answer and print it.
        let (size, _) = socket.recv_from(&mut buffer)?;
        println!("[server] {}", String::from_utf8_lossy(&buffer[..size]));
    }
}
