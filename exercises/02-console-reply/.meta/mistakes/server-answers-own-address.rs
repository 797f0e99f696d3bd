//! Mistake: the answer sent to `args.address()` instead of the message's sender.
//!
//! `args.address()` is where the server itself listens: the client never gets an
//! answer, and the server receives its own answer as if it were a question (with
//! `--port 0` the send fails at once).
//!
//! kata:replaces server
//! kata:first-failure s03_server_answers_with_the_line_typed_on_its_console
//! kata:hint after printing, read one line with std::io::stdin().read_line and send_to it back to the sender that recv_from returned (args.address() is the server's own address)
//! kata:changes 2

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
        let read = io::stdin().read_line(&mut line)?;
        if read == 0 {
            // Step 4: the console's input has ended (Ctrl+D).
            return Ok(());
        }
        let answer = line.trim_end_matches(['\r', '\n']);
        socket.send_to(answer.as_bytes(), args.address())?;
    }
}
