//! Mistake: the whole buffer printed, with its zero bytes trimmed off.
//!
//! The zeros are gone, but the buffer still holds what longer answers left in
//! it: after `"Datagrams, no connection."`, the answer `"Yes"` is printed as
//! `"Yesagrams, no connection."`.
//!
//! kata:replaces client
//! kata:first-failure s13_client_prints_each_answer
//! kata:hint after the message comes the end of an earlier, longer message, still in the buffer: print only what this recv_from received, String::from_utf8_lossy(&buffer[..size])
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
        let read = io::stdin().read_line(&mut line)?;
        if read == 0 {
            // Step 4: the end of input (Ctrl+D).
            return Ok(());
        }
        let question = line.trim_end_matches(['\r', '\n']);
        socket.send_to(question.as_bytes(), args.address())?;

        // Step 3: wait for the answer and print it.
        socket.recv_from(&mut buffer)?;
        let answer = String::from_utf8_lossy(&buffer);
        // The buffer was all zeros: drop those after the answer.
        println!("[server] {}", answer.trim_end_matches('\0'));
    }
}
