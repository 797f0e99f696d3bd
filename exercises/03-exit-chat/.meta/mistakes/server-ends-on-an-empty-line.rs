//! Mistake: the server takes an empty console line for the end of its
//! input, so for `exit`.
//!
//! It checks the trimmed line instead of the byte count that `read_line`
//! returns. When the person at the server presses Enter on an empty line,
//! `""` looks like the end of input: the server sends `exit` and ends the
//! chat that nobody wanted to end. An empty line is `"\n"`, one byte; only
//! `Ok(0)` is the end.
//!
//! kata:replaces server
//! kata:first-failure s07_server_takes_the_end_of_its_input_as_exit
//! kata:hint an empty line typed at the console (Enter alone) is an answer too, an empty one, not the end of input: read_line returns Ok(1) for its "\n", and only Ok(0) is the end. Send it as an empty datagram, and go on serving
//! kata:changes 8

use std::io::{ErrorKind, Write};
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

fn serve(args: Args) -> Outcome {
    let socket = UdpSocket::bind(args.address())?;
    println!("Listening on udp://{}", socket.local_addr()?);
    std::io::stdout().flush()?;

    // A datagram can hold up to 65,507 bytes of data: a smaller buffer cuts
    // longer messages short.
    let mut buffer = [0u8; 65_536];
    loop {
        let (size, sender) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            // Windows reports here that an earlier answer found nobody (its
            // client had ended already): no reason to stop serving.
            Err(error) if error.kind() == ErrorKind::ConnectionReset => continue,
            Err(error) => return Err(error.into()),
        };
        // Only the first `size` bytes are this message. A program such as
        // `nc -u` ends its lines with "\n" (or "\r\n"): not part of the text.
        let message = String::from_utf8_lossy(&buffer[..size]);
        let text = message.trim_end_matches(['\r', '\n']);

        // Step 2: the client left. Nothing to close, and nothing to answer.
        if text == "exit" {
            println!("* {sender} left the chat");
            std::io::stdout().flush()?;
            continue;
        }
        println!("[{sender}] {text}");
        std::io::stdout().flush()?;

        // Step 4: the end of input counts as typing exit.
        let mut line = String::new();
        std::io::stdin().read_line(&mut line)?;
        let answer = match line.trim_end_matches(['\r', '\n']) {
            "" => "exit",
            // Windows ends a typed line with "\r\n".
            typed => typed,
        };
        socket.send_to(answer.as_bytes(), sender)?;

        // Step 3: our own exit is sent like any answer, then we end.
        if answer == "exit" {
            println!("* you ended the chat");
            return Ok(());
        }
    }
}
