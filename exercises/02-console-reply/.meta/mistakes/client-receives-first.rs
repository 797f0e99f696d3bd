//! Mistake: the client waits for an answer before it sends anything.
//!
//! Its loop copies the server's (receive, print, then read the console), but the
//! server only ever answers: both wait for each other, and nothing happens.
//!
//! kata:replaces client
//! kata:first-failure s12_client_sends_each_line_it_reads
//! kata:hint read a line from stdin and send_to it to args.address() first, from a socket bound to "0.0.0.0:0"; wait for the answer only after sending (recv_from waits until one comes)
//! kata:changes 8

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
        // Wait for the server and print what it says.
        let (size, _) = socket.recv_from(&mut buffer)?;
        println!("[server] {}", String::from_utf8_lossy(&buffer[..size]));

        // Step 2: read a line and send it without its line ending.
        let mut line = String::new();
        let read = io::stdin().read_line(&mut line)?;
        if read == 0 {
            // Step 4: the end of input (Ctrl+D).
            return Ok(());
        }
        let question = line.trim_end_matches(['\r', '\n']);
        socket.send_to(question.as_bytes(), args.address())?;
    }
}
