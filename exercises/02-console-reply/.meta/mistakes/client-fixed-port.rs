//! Mistake: the client binds a fixed port, `127.0.0.1:34254`, as the example
//! in the documentation of `std::net::UdpSocket` does.
//!
//! One client works. A second one on the same machine (another person at
//! it, another terminal, a test running beside another) fails at once with
//! `Address already in use`, and so does the client whenever any other
//! program holds that port.
//!
//! kata:replaces client
//! kata:first-failure s12_client_sends_each_line_it_reads
//! kata:hint the client could not bind: another socket holds the address it asked for. Bind "0.0.0.0:0" and the system picks a free port: bound to the server's address (args.address()), the client collides with the server; bound to a fixed port, with every other client on this machine
//! kata:changes 2

use std::io;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    // Step 1: any free port will do; the server learns it from recv_from.
    let socket = UdpSocket::bind("127.0.0.1:34254")?;
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
