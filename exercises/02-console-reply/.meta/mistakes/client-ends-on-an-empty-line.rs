//! Mistake: the client takes an empty line for the end of its input.
//!
//! It checks the trimmed line instead of the byte count that `read_line`
//! returns: when the person presses Enter on an empty line, `""` after
//! trimming looks like the end of input, and the client ends in the middle of
//! the conversation. An empty line is `"\n"`, one byte; only `Ok(0)` is the
//! end.
//!
//! kata:replaces client
//! kata:first-failure s17_client_sends_an_empty_line_and_goes_on
//! kata:hint an empty line (Enter alone) is a line, not the end of input: read_line returns Ok(1) for its "\n", and only Ok(0) means the input has ended. Send it like any line, as an empty datagram (a datagram may hold 0 bytes), and keep going
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
        io::stdin().read_line(&mut line)?;
        let question = line.trim_end_matches(['\r', '\n']);
        if question.is_empty() {
            // Step 4: the end of input (Ctrl+D).
            return Ok(());
        }
        socket.send_to(question.as_bytes(), args.address())?;

        // Step 3: wait for the answer and print it.
        let (size, _) = socket.recv_from(&mut buffer)?;
        println!("[server] {}", String::from_utf8_lossy(&buffer[..size]));
    }
}
