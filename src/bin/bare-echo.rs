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

use clap::Parser;
use socket_kata::cli::{self, Parsed, Place};
use socket_kata::console::Printer;
use socket_kata::net::{self, Endpoint, RECV_BUFFER, Transport};
use socket_kata::{Result, error};

/// bare-echo: the least an echo server can do, the yardstick for server echo
#[derive(Debug, Parser)]
#[command(name = "bare-echo", args_override_self = true)]
struct BareEcho {
    #[command(flatten)]
    at: Place,
}

fn main() -> ExitCode {
    error::install_panic_hook();
    let outcome =
        cli::parse::<BareEcho>("bare-echo", std::env::args_os().skip(1)).and_then(|parsed| {
            match parsed {
                Parsed::Help(text) => {
                    Printer::new().say(text.trim_end());
                    Ok(())
                }
                Parsed::Run(line) => serve(&line.at.endpoint()),
            }
        });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => error::report(&failure),
    }
}

fn serve(endpoint: &Endpoint) -> Result<()> {
    let address = endpoint.resolve()?;
    let cannot_bind = |error| net::cannot_bind(endpoint, &error);
    let mut out = Printer::new();
    match endpoint.transport {
        Transport::Udp => {
            let socket = UdpSocket::bind(address).map_err(cannot_bind)?;
            net::announce(&mut out, Transport::Udp, socket.local_addr())?;
            serve_udp(&socket)
        }
        Transport::Tcp => {
            let listener = TcpListener::bind(address).map_err(cannot_bind)?;
            net::announce(&mut out, Transport::Tcp, listener.local_addr())?;
            serve_tcp(&listener)
        }
    }
}

fn serve_udp(socket: &UdpSocket) -> ! {
    let mut buffer = vec![0; RECV_BUFFER];
    loop {
        if let Ok((size, sender)) = socket.recv_from(&mut buffer) {
            let _ = socket.send_to(&buffer[..size], sender);
        }
    }
}

fn serve_tcp(listener: &TcpListener) -> ! {
    loop {
        if let Ok((stream, _)) = listener.accept() {
            std::thread::spawn(move || copy_back(stream));
        }
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
