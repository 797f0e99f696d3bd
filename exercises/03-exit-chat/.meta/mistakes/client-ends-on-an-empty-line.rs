//! Mistake: the client takes an empty line for the end of its input, so for
//! `exit`.
//!
//! It checks the trimmed line instead of the byte count that `read_line`
//! returns. When the person presses Enter on an empty line, `""` looks like
//! the end of input: the client sends `exit` and leaves the chat in the
//! middle of it. An empty line is `"\n"`, one byte; only `Ok(0)` is the end.
//!
//! kata:replaces client
//! kata:first-failure s16_client_takes_the_end_of_its_input_as_exit
//! kata:hint an empty line (Enter alone) is a line, not the end of input: read_line returns Ok(1) for its "\n", and only Ok(0) means the input has ended. Send it like any line, as an empty datagram (a datagram may hold 0 bytes), and keep going
//! kata:changes 8

use std::io::Write;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    // Any free port of our own; the server learns it from our first datagram.
    let socket = UdpSocket::bind("0.0.0.0:0")?;
    // A person answers at the server: None (the default) waits as long as it
    // takes.
    socket.set_read_timeout(args.timeout)?;
    let server = args.address();

    let mut buffer = [0u8; 65_536];
    loop {
        // The client speaks first: read a line, then send it.
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        let text = match line.trim_end_matches(['\r', '\n']) {
            "" => "exit", // end of input (Ctrl+D) counts as typing exit
            typed => typed,
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
