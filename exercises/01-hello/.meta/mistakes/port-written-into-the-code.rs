//! Mistake: the server binds `"127.0.0.1:8080"`, written into the code,
//! instead of `args.address()`.
//!
//! `--port` and `--host` do nothing: when another program already uses port
//! 8080 the server cannot start at all, two servers can never run side by
//! side, and it can never listen on the network (`--host 0.0.0.0`).
//!
//! kata:replaces server
//! kata:first-failure s01_server_prints_its_listening_line
//! kata:hint the server could not bind: another socket already holds that address (is another server still running on that port?); bind args.address(), which is --port 0 in the tests
//! kata:changes 8

use std::io::ErrorKind;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

fn serve(_args: Args) -> Outcome {
    let socket = UdpSocket::bind("127.0.0.1:8080")?;
    println!("Listening on udp://{}", socket.local_addr()?);

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
