//! Mistake: the server answers one message, then ends.
//!
//! There is no loop: after the first answer the server returns, and the next
//! question (from the same person or another) goes nowhere.
//!
//! kata:replaces server
//! kata:first-failure s04_server_answers_each_message_in_turn_to_its_own_sender
//! kata:hint a server keeps going: receive, print, read the console and answer in a loop, until the console's input ends
//! kata:changes 34

use std::io;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

fn serve(args: Args) -> Outcome {
    // Step 1: bind, then print the address the system really gave us.
    let socket = UdpSocket::bind(args.address())?;
    println!("Listening on udp://{}", socket.local_addr()?);

    // More than any datagram can hold, so nothing is ever cut.
    let mut buffer = [0u8; 65536];

    // Step 2: receive one message and print who sent it.
    let (size, sender) = socket.recv_from(&mut buffer)?;
    let text = String::from_utf8_lossy(&buffer[..size]);
    println!("[{sender}] {text}");

    // Step 3: the person at this console types the answer.
    let mut line = String::new();
    let read = io::stdin().read_line(&mut line)?;
    if read == 0 {
        // Step 4: the console's input has ended (Ctrl+D).
        return Ok(());
    }
    let answer = line.trim_end_matches(['\r', '\n']);
    socket.send_to(answer.as_bytes(), sender)?;
    Ok(())
}
