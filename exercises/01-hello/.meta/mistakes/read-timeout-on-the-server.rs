//! Mistake: the server sets a read timeout on its socket, as the client
//! does.
//!
//! Nothing goes wrong while clients keep coming. But once nobody has sent
//! anything for 5 seconds, `recv_from` fails with `WouldBlock` (`TimedOut`
//! on Windows), `?` returns the error, and the server ends: the next client
//! finds nobody.
//!
//! kata:replaces server
//! kata:first-failure s10_server_waits_for_clients_as_long_as_it_takes
//! kata:hint a server waits for its next client as long as it takes: set no read timeout on its socket. With one, recv_from fails once nobody has sent anything for that long, and ? ends the server
//! kata:changes 6

use std::io::ErrorKind;
use std::net::UdpSocket;
use std::time::Duration;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

fn serve(args: Args) -> Outcome {
    let socket = UdpSocket::bind(args.address())?;
    println!("Listening on udp://{}", socket.local_addr()?);
    socket.set_read_timeout(Some(Duration::from_secs(5)))?;

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
