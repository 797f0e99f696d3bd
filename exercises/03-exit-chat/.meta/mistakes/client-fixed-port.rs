//! Mistake: the client binds a fixed port, `127.0.0.1:34254`, as the example
//! in the documentation of `std::net::UdpSocket` does.
//!
//! One client works. A second one on the same machine (another person at
//! it, another terminal, a test running beside another) fails at once with
//! `Address already in use`, and so does the client whenever any other
//! program holds that port.
//!
//! kata:replaces client
//! kata:first-failure s13_client_sends_a_line_and_prints_the_answer
//! kata:hint the client could not bind: another socket holds the address it asked for. Bind "0.0.0.0:0" and the system picks a free port: bound to the server's address (args.address()), the client collides with the server; bound to a fixed port, with every other client on this machine
//! kata:changes 2

use std::io::Write;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    // Any free port of our own; the server learns it from our first datagram.
    let socket = UdpSocket::bind("127.0.0.1:34254")?;
    // A person answers at the server: None (the default) waits as long as it
    // takes.
    socket.set_read_timeout(args.timeout)?;
    let server = args.address();

    let mut buffer = [0u8; 65_536];
    loop {
        // The client speaks first: read a line, then send it.
        let mut line = String::new();
        let text = if std::io::stdin().read_line(&mut line)? == 0 {
            "exit" // end of input (Ctrl+D) counts as typing exit
        } else {
            line.trim_end_matches(['\r', '\n'])
        };
        socket.send_to(text.as_bytes(), &server)?;
        if text == "exit" {
            // The server is told; it does not answer a client that left.
            return Ok(());
        }

        let (size, _) = socket.recv_from(&mut buffer)?;
        let answer = String::from_utf8_lossy(&buffer[..size]);
        if answer == "exit" {
            println!("* the server ended the chat");
            return Ok(());
        }
        println!("[server] {answer}");
        std::io::stdout().flush()?;
    }
}
