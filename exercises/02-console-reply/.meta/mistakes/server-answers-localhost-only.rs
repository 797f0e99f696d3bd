//! Mistake: the server answers 127.0.0.1 at the sender's port, instead of
//! the whole address that `recv_from` returned.
//!
//! Every client on the server's own machine gets its answer, so it works in
//! every test on one computer. A client on another machine never does: the
//! answer goes to its port on 127.0.0.1, the server's own machine, where
//! nobody waits for it.
//!
//! kata:replaces server
//! kata:first-failure s06_server_answers_a_client_at_another_address
//! kata:hint answer the whole address that recv_from returned, its IP and its port: socket.send_to(answer.as_bytes(), sender). A client may be on another machine; this one was at 127.0.0.2, not 127.0.0.1
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
        socket.send_to(answer.as_bytes(), ("127.0.0.1", sender.port()))?;
    }
}
