//! Mistake: the end of the console's input is not checked.
//!
//! `read_line` returns `Ok(0)` at the end of input (Ctrl+D), but the server goes
//! on: it answers with an empty line and waits for the next message forever, so
//! Ctrl+D no longer stops it.
//!
//! kata:replaces server
//! kata:first-failure s10_server_stops_when_its_console_input_ends
//! kata:hint read_line returns Ok(0) at the end of the input (Ctrl+D): return Ok(()) then
//! kata:changes 6

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
    loop {
        // Step 2: receive one message and print who sent it.
        let (size, sender) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            // Windows reports here that an earlier answer found nobody (its
            // client had ended already): no reason to stop serving.
            Err(error) if error.kind() == io::ErrorKind::ConnectionReset => continue,
            Err(error) => return Err(error.into()),
        };
        let text = String::from_utf8_lossy(&buffer[..size]);
        println!("[{sender}] {text}");

        // Step 3: the person at this console types the answer.
        let mut line = String::new();
        io::stdin().read_line(&mut line)?;
        let answer = line.trim_end_matches(['\r', '\n']);
        socket.send_to(answer.as_bytes(), sender)?;
    }
}
