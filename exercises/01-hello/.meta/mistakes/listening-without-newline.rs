//! Mistake: the Listening line is printed with `print!`, without a newline.
//!
//! Rust's stdout holds an unfinished line back until it ends, so the
//! Listening line does not appear when the server starts; it shows up only
//! when the first message is printed, glued to it on one line.
//!
//! kata:replaces server
//! kata:first-failure s01_server_prints_its_listening_line
//! kata:hint bind, then println!("Listening on udp://{}", socket.local_addr()?): a whole line, ended by println!'s \n (text printed with print! waits in the program until a \n comes)
//! kata:changes 6

use std::io::ErrorKind;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

fn serve(args: Args) -> Outcome {
    let socket = UdpSocket::bind(args.address())?;
    print!("Listening on udp://{}", socket.local_addr()?);

    let mut buffer = [0u8; 65536];
    loop {
        let (size, sender) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            // Windows reports here that an earlier answer found nobody (its
            // client had ended already): no reason to stop serving.
            Err(error) if error.kind() == ErrorKind::ConnectionReset => continue,
            Err(error) => return Err(error.into()),
        };
        let text = String::from_utf8_lossy(&buffer[..size]);
        println!("[{sender}] {text}");
        socket.send_to(b"Hello, client", sender)?;
    }
}
