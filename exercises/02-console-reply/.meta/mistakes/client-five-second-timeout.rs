//! Mistake: a hard-coded 5-second read timeout.
//!
//! Fine against a program, wrong against a person: the client gives up with an
//! error while the person at the server is still typing the answer.
//!
//! kata:replaces client
//! kata:first-failure s19_client_waits_as_long_as_a_person_takes
//! kata:hint a person answers at the server and may take a minute: do not give up after a fixed time. socket.set_read_timeout(args.timeout) waits without a limit, unless the client was started with --timeout SECS
//! kata:changes 5

use std::io;
use std::net::UdpSocket;
use std::time::Duration;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    // Step 1: any free port will do; the server learns it from recv_from.
    let socket = UdpSocket::bind("0.0.0.0:0")?;
    // Do not wait forever.
    socket.set_read_timeout(Some(Duration::from_secs(5)))?;

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
