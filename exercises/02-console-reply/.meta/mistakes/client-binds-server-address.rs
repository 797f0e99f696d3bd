//! Mistake: the client's socket bound to the server's address, `args.address()`.
//!
//! That address is the server's: on the same machine the bind fails with
//! `Address already in use`, and elsewhere it names an address this machine
//! does not have. A client binds to `0.0.0.0:0`, any free port.
//!
//! kata:replaces client
//! kata:first-failure s12_client_sends_each_line_it_reads
//! kata:hint the client could not bind: another socket holds the address it asked for. Bind "0.0.0.0:0" and the system picks a free port: bound to the server's address (args.address()), the client collides with the server; bound to a fixed port, with every other client on this machine
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
