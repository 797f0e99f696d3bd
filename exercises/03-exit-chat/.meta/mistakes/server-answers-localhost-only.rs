//! Mistake: the server answers 127.0.0.1 at the sender's port, instead of
//! the whole address that `recv_from` returned.
//!
//! Every client on the server's own machine gets its answer, so it works in
//! every test on one computer. A client on another machine never does: the
//! answer goes to its port on 127.0.0.1, the server's own machine, where
//! nobody waits for it.
//!
//! kata:replaces server
//! kata:first-failure s05_server_keeps_serving_after_a_client_left
//! kata:hint answer the whole address that recv_from returned, its IP and its port: socket.send_to(answer.as_bytes(), sender). A client may be on another machine; this one was at 127.0.0.2, not 127.0.0.1
//! kata:changes 2

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
        let answer = if std::io::stdin().read_line(&mut line)? == 0 {
            "exit"
        } else {
            // Windows ends a typed line with "\r\n".
            line.trim_end_matches(['\r', '\n'])
        };
        socket.send_to(answer.as_bytes(), ("127.0.0.1", sender.port()))?;

        // Step 3: our own exit is sent like any answer, then we end.
        if answer == "exit" {
            println!("* you ended the chat");
            return Ok(());
        }
    }
}
