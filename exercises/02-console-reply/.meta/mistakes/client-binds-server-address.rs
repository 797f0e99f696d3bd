//! Mistake: the client's socket bound to the server's address, `args.address()`.
//!
//! That address is the server's: on the same machine the bind fails with
//! `Address already in use`, and elsewhere it names an address this machine
//! does not have. A client binds to `0.0.0.0:0`, any free port.
//!
//! kata:replaces client
//! kata:first-failure s09_client_sends_each_line_it_reads
//! kata:hint the client could not bind: another socket holds that address, most likely the server, because the client bound the server's address; a client binds "0.0.0.0:0" (any free port) and only sends to args.address()
//! kata:changes 3

use std::io;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    let socket = UdpSocket::bind(args.address())?;
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
        let (size, _) = socket.recv_from(&mut buffer)?;
        println!("[server] {}", String::from_utf8_lossy(&buffer[..size]));
    }
}
