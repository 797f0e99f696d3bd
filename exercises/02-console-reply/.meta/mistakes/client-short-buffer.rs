//! Mistake: a 1024-byte receive buffer in the client.
//!
//! `recv_from` drops, without a word, whatever does not fit the buffer: a long
//! answer (a pasted paragraph) is printed cut after 1024 bytes.
//!
//! kata:replaces client
//! kata:first-failure s14_client_prints_a_long_answer_whole
//! kata:hint only the first 1024 of the 3000 bytes were printed: recv_from drops whatever does not fit the buffer, without a word. Use a buffer of 65536 bytes, more than any datagram
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

    let mut buffer = [0u8; 1024];
    loop {
        // Step 2: read a line and send it without its line ending.
        let mut line = String::new();
        let read = io::stdin().read_line(&mut line)?;
        if read == 0 {
            // Step 4: the end of input (Ctrl+D).
            return Ok(());
        }
        let question = line.trim_end_matches(['\r', '\n']);
        socket.send_to(question.as_bytes(), args.address())?;

        // Step 3: wait for the answer and print it.
        let (size, _) = socket.recv_from(&mut buffer)?;
        println!("[server] {}", String::from_utf8_lossy(&buffer[..size]));
    }
}
