//! Mistake: the end of input is not checked.
//!
//! `read_line` returns `Ok(0)` at the end of input (Ctrl+D), but the client goes
//! on: it sends an empty line and waits for an answer nobody will type, so
//! Ctrl+D no longer ends it.
//!
//! kata:replaces client
//! kata:first-failure s16_client_stops_at_the_end_of_its_input
//! kata:hint read_line returns Ok(0) at the end of the input (Ctrl+D): return Ok(()) then
//! kata:changes 6

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
        io::stdin().read_line(&mut line)?;
        let question = line.trim_end_matches(['\r', '\n']);
        socket.send_to(question.as_bytes(), args.address())?;

        // Step 3: wait for the answer and print it.
        let (size, _) = socket.recv_from(&mut buffer)?;
        println!("[server] {}", String::from_utf8_lossy(&buffer[..size]));
    }
}
