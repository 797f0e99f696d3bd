//! `hello`: the smallest exchange there is. One message each way.
//!
//! ```text
//! client ── "Hello, server" ──▶ server      server prints it
//! client ◀── "Hello, client" ── server      client prints it, exits
//! ```
//!
//! Over UDP the server answers *every* datagram it receives, from anyone, and
//! keeps serving. The answer goes to the address `recv_from` returned, inside
//! the receive loop: send it after the loop, as a classic buggy tutorial does,
//! and it is never sent at all, because the loop never ends.
//!
//! Over TCP the server answers the first line of each connection, then closes
//! that connection. Each connection gets a thread of its own, so that a
//! client that connects and says nothing blocks nobody else.

use std::io::{BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::time::{Duration, Instant};

use crate::cli::ClientConfig;
use crate::console::Printer;
use crate::link::{Late, Link};
use crate::net::{
    self, ConnectionLimit, Endpoint, Limits, LineRead, MAX_LINE, RECV_BUFFER, Transport,
};
use crate::{Result, terminal};

/// What the client says.
pub const GREETING: &[u8] = b"Hello, server";
/// What the server answers, whatever it was told.
pub const ANSWER: &[u8] = b"Hello, client";

/// Answers every message with [`ANSWER`], forever.
pub fn serve(endpoint: &Endpoint, limits: &Limits) -> Result<()> {
    match endpoint.transport {
        Transport::Udp => serve_udp(endpoint),
        Transport::Tcp => serve_tcp(endpoint, limits),
    }
}

/// UDP: one socket, one loop, every client.
fn serve_udp(endpoint: &Endpoint) -> Result<()> {
    let mut out = Printer::new();
    // Claim the port: from now on, datagrams sent to it wait here for us.
    let socket =
        UdpSocket::bind(endpoint.resolve()?).map_err(|error| net::cannot_bind(endpoint, &error))?;
    net::announce(&mut out, Transport::Udp, socket.local_addr())?;
    // Larger than any datagram: see `net::RECV_BUFFER`.
    let mut buffer = vec![0; RECV_BUFFER];
    loop {
        // Waits for the next datagram, from anyone; `sender` is its address.
        // (`retry`: a signal may interrupt the wait, see `net::retry`.)
        let (size, sender) = match net::retry(|| socket.recv_from(&mut buffer)) {
            Ok(received) => received,
            Err(error) => {
                // Never fatal. On Windows, for one, a client that went away
                // makes its machine answer our last `send_to` with "port
                // unreachable", and that fails our next `recv_from` with
                // ConnectionReset (WSAECONNRESET).
                out.say(format_args!("! receive failed: {error}"));
                continue;
            }
        };
        // Answer first, then print: the client never waits for our stdout.
        let sent = net::retry(|| socket.send_to(ANSWER, sender));
        out.say(format_args!(
            "[{sender}] {}",
            terminal::printable(&buffer[..size])
        ));
        if let Err(error) = sent {
            out.say(format_args!("! cannot answer {sender}: {error}"));
        }
    }
}

/// TCP: `accept` a connection, give it a thread, answer its first line.
fn serve_tcp(endpoint: &Endpoint, limits: &Limits) -> Result<()> {
    let mut out = Printer::new();
    // Claim the port and listen: clients' connections now queue up for `accept`.
    let listener = TcpListener::bind(endpoint.resolve()?)
        .map_err(|error| net::cannot_bind(endpoint, &error))?;
    net::announce(&mut out, Transport::Tcp, listener.local_addr())?;
    let idle = limits.idle_timeout;
    // `accept` in a loop, at most `--max-clients` connections at once.
    net::accept_forever(
        &listener,
        &ConnectionLimit::new(limits.max_clients),
        |problem| out.say(format_args!("! {problem}")),
        |stream, peer, admission| {
            net::spawn_for_peer(peer, move || {
                let _place = admission; // freed when the connection ends
                answer_first_line(&stream, peer, idle);
            })
            .map_err(|error| format!("cannot start a thread: {error}"))
        },
    )
}

fn answer_first_line(stream: &TcpStream, peer: SocketAddr, idle: Duration) {
    let mut out = Printer::new();
    out.say(format_args!("* {peer} connected"));
    // A silent client wakes us after `idle`; a trickling one misses the
    // deadline of its line (see `net::read_line`).
    let _ = stream.set_read_timeout(Some(idle));
    let mut reader = BufReader::new(stream);
    let read = net::read_line(&mut reader, MAX_LINE, Some(Instant::now() + idle));
    if let Ok(LineRead::Line(message)) = &read {
        // `&TcpStream` writes too. One write for the answer and the `\n`
        // that ends it: two could leave the client holding half a line.
        let sent = (&*stream).write_all(&[ANSWER, b"\n"].concat());
        out.say(format_args!("[{peer}] {}", terminal::printable(message)));
        if let Err(error) = sent {
            out.say(format_args!("! {peer}: {error}; closing the connection"));
            return;
        }
    }
    out.say(net::why_ended(&read, peer, idle));
}

/// Sends [`GREETING`], prints the answer, returns.
pub fn run_client(config: &ClientConfig, out: &mut Printer) -> Result<()> {
    let wait = config.machine_timeout();
    let mut link = Link::open(&config.endpoint, wait, Some(wait))?;
    // A lost greeting (or answer) is sent again: see `Link::ask`.
    let answer = link.ask(GREETING, true, &mut Late::default())?;
    out.say(format_args!("[server] {}", terminal::printable(&answer)));
    Ok(())
}
