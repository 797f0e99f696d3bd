//! Mistake: the whole buffer printed instead of the bytes received, `&buffer[..size]`.
//!
//! Each answer is printed followed by some 65,000 zero bytes: invisible in a
//! terminal, but they are there in a log or a pipe.
//!
//! kata:replaces client
//! kata:first-failure s13_client_prints_each_answer
//! kata:hint after the message come 65511 zero bytes: the rest of the buffer. Print only what recv_from received: String::from_utf8_lossy(&buffer[..size])
//! kata:changes 4

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
        let question = line.trim_end_matches(['\r', '\n']);
        socket.send_to(question.as_bytes(), args.address())?;

        // Step 3: wait for the answer and print it.
        socket.recv_from(&mut buffer)?;
        println!("[server] {}", String::from_utf8_lossy(&buffer));
    }
}
