//! Mistake: each line sent with its `\n`.
//!
//! `read_line` keeps the line's newline: the server receives `"hi\n"` and
//! prints an empty line after each message.
//!
//! kata:replaces client
//! kata:first-failure s12_client_sends_each_line_it_reads
//! kata:hint the message ends with the line's \n: read_line keeps it. Send the line without it: line.trim_end_matches(['\r', '\n'])
//! kata:changes 3

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
        socket.send_to(line.as_bytes(), args.address())?;

        // Step 3: wait for the answer and print it.
        let (size, _) = socket.recv_from(&mut buffer)?;
        println!("[server] {}", String::from_utf8_lossy(&buffer[..size]));
    }
}
