//! Mistake: the server answers from a new socket, bound to another port,
//! instead of the socket that received the message.
//!
//! The answer arrives, but from another address than the one the client
//! wrote to. A client whose socket is `connect`ed to the server (the
//! reference client, `nc -u`, a Python client that calls `connect`) accepts
//! datagrams only from that address: its system drops the answer, and the
//! client waits for it forever.
//!
//! kata:replaces server
//! kata:first-failure s03_server_answers_with_its_console_line
//! kata:hint answer on the socket that received the message, socket.send_to(answer.as_bytes(), sender), not on a new one: a new socket sends from another port, and a client whose socket is connected to the server (the reference client, nc -u, a Python client that calls connect) accepts datagrams only from the address it connected to, so it never sees that answer
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
        UdpSocket::bind("0.0.0.0:0")?.send_to(answer.as_bytes(), sender)?;

        // Step 3: our own exit is sent like any answer, then we end.
        if answer == "exit" {
            println!("* you ended the chat");
            return Ok(());
        }
    }
}
