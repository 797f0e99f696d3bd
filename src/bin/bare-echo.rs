//! `bare-echo`: the least an echo server can do, as the yardstick for
//! `server echo`.
//!
//! ```text
//! bare-echo [--host HOST] [--port PORT] [--tcp]
//! ```
//!
//! It prints its `Listening on …` line and then nothing at all: a plain
//! `recv_from`/`send_to` loop (UDP), or a thread per connection copying what
//! it reads straight back (TCP). `client bench` against it shows what the
//! system and the loopback cost; against `server echo` it shows what our
//! printing and framing add on top. See "Is UDP faster than TCP?" in the
//! README.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream, UdpSocket};
use std::process::ExitCode;

use socket_kata::cli::{self, Mode, Parsed, Transport};
use socket_kata::console::Printer;
use socket_kata::error;
use socket_kata::net::{self, Listener, RECV_BUFFER};

fn main() -> ExitCode {
    error::install_panic_hook();
    let outcome = cli::parse_server(std::env::args_os().skip(1)).and_then(|parsed| match parsed {
        Parsed::Help(_) => {
            Printer::new().say("Usage: bare-echo [--host HOST] [--port PORT] [--tcp]");
            Ok(())
        }
        Parsed::Run(config) if config.mode != Mode::Hello => Err(socket_kata::Error::usage(
            "bare-echo takes no mode: it only echoes",
        )),
        Parsed::Run(config) => {
            let listener = Listener::bind(&config.endpoint)?;
            listener.announce(&mut Printer::new())?;
            match (listener, config.endpoint.transport) {
                (Listener::Udp(socket), Transport::Udp) => serve_udp(&socket),
                (Listener::Tcp(listener), Transport::Tcp) => serve_tcp(&listener),
                _ => unreachable!("bind returns the transport it was asked for"),
            }
            Ok(())
        }
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => error::report(&failure),
    }
}

fn serve_udp(socket: &UdpSocket) {
    let mut buffer = vec![0; RECV_BUFFER];
    loop {
        if let Ok((size, sender)) = socket.recv_from(&mut buffer) {
            let _ = socket.send_to(&buffer[..size], sender);
        }
    }
}

fn serve_tcp(listener: &TcpListener) {
    for stream in listener.incoming().flatten() {
        std::thread::spawn(move || copy_back(stream));
    }
}

fn copy_back(mut stream: TcpStream) {
    let _ = stream.set_nodelay(true);
    let mut buffer = vec![0; RECV_BUFFER];
    // A read interrupted by a signal (EINTR) is simply repeated.
    while let Ok(size @ 1..) = net::retry(|| stream.read(&mut buffer)) {
        if stream.write_all(&buffer[..size]).is_err() {
            return;
        }
    }
}
