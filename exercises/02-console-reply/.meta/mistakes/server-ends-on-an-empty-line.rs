//! Mistake: the server takes an empty console line for the end of its input.
//!
//! It checks the trimmed line instead of the byte count that `read_line`
//! returns: when the person at the server presses Enter on an empty line,
//! `""` after trimming looks like the end of input, and the server ends
//! without answering, for every client. An empty line is `"\n"`, one byte;
//! only `Ok(0)` is the end.
//!
//! kata:replaces server
//! kata:first-failure s11_server_sends_an_empty_line_as_an_empty_answer
//! kata:hint an empty line typed at the console (Enter alone) is an answer too, an empty one: read_line returns Ok(1) for its "\n", and only Ok(0) is the end of input. Send it as an empty datagram, and go on serving
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
        if answer.is_empty() {
            // Step 4: the console's input has ended (Ctrl+D).
            return Ok(());
        }
        socket.send_to(answer.as_bytes(), sender)?;
    }
}
