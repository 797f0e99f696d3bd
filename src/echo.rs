//! `echo`: the server sends every message back unchanged.
//!
//! The client sends each line of its stdin as one message and prints each
//! answer, until its input ends. Echo is the "hello world" of servers because
//! it shows the shape of all of them: receive, do something, answer, repeat.
//!
//! The server below prints a line per message with one `write` each: the
//! plain way, and it costs. `server echo --batched` runs the same loops with
//! the output written in batches, as fast as a server that prints nothing:
//! see [`crate::batched`] and "Is UDP faster than TCP?" in the README.
//!
//! Everything goes through as bytes: a message that is not valid UTF-8 is
//! printed with replacement characters, but sent back exactly as it came.

use std::io::{BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::time::{Duration, Instant};

use crate::cli::ClientConfig;
use crate::console::{Keyboard, Printer};
use crate::link::{Late, Link};
use crate::net::{
    self, ConnectionLimit, Endpoint, Limits, LineRead, MAX_LINE, RECV_BUFFER, Transport,
};
use crate::{Result, terminal};

/// Sends every message back, forever.
pub fn serve(endpoint: &Endpoint, limits: &Limits) -> Result<()> {
    match endpoint.transport {
        Transport::Udp => serve_udp(endpoint),
        Transport::Tcp => serve_tcp(endpoint, limits),
    }
}

/// UDP: receive a datagram, print it, send it back to its sender.
fn serve_udp(endpoint: &Endpoint) -> Result<()> {
    let mut out = Printer::new();
    // Claim the port: from now on, datagrams sent to it wait here for us.
    let socket =
        UdpSocket::bind(endpoint.resolve()?).map_err(|error| net::cannot_bind(endpoint, &error))?;
    net::announce(&mut out, Transport::Udp, socket.local_addr())?;
    // Larger than any datagram: see `net::RECV_BUFFER`.
    let mut buffer = vec![0; RECV_BUFFER];
    loop {
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
        let message = &buffer[..size];
        // Answer first, then print: the client never waits for our stdout.
        let sent = net::retry(|| socket.send_to(message, sender));
        out.say(format_args!("[{sender}] {}", terminal::printable(message)));
        if let Err(error) = sent {
            out.say(format_args!("! cannot answer {sender}: {error}"));
        }
    }
}

/// TCP: a thread per connection, each line written back.
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
                echo_lines(&stream, peer, idle);
            })
            .map_err(|error| format!("cannot start a thread: {error}"))
        },
    )
}

fn echo_lines(stream: &TcpStream, peer: SocketAddr, idle: Duration) {
    let mut out = Printer::new();
    out.say(format_args!("* {peer} connected"));
    // Answers go out at once, not held back to merge with the next (Nagle).
    let _ = stream.set_nodelay(true);
    // A silent client wakes us after `idle`; a trickling one misses the
    // deadline of its line (see `net::read_line`).
    let _ = stream.set_read_timeout(Some(idle));
    let mut reader = BufReader::new(stream);
    loop {
        let read = net::read_line(&mut reader, MAX_LINE, Some(Instant::now() + idle));
        let Ok(LineRead::Line(mut message)) = read else {
            out.say(net::why_ended(&read, peer, idle));
            return;
        };
        // One write for the line and its `\n`: two could leave the client
        // holding half a line. Answer first, then print.
        message.push(b'\n');
        let sent = (&*stream).write_all(&message);
        out.say(format_args!(
            "[{peer}] {}",
            terminal::printable(&message[..message.len() - 1])
        ));
        if let Err(error) = sent {
            out.say(format_args!("! {peer}: {error}; closing the connection"));
            return;
        }
    }
}

/// Sends each line of stdin and prints each answer, until end of input.
///
/// `wait` bounds the wait for each answer (`None`: wait as long as it takes).
/// The `reply` client is this same loop, with a person answering.
/// With `resend`, a UDP message that gets no answer is sent again (see
/// [`Link::ask`]); not in `reply`, where a person would see it twice.
pub fn run_client(
    config: &ClientConfig,
    wait: Option<Duration>,
    resend: bool,
    out: &mut Printer,
) -> Result<()> {
    let mut link = Link::open(&config.endpoint, config.machine_timeout(), wait)?;
    let mut keyboard = Keyboard::new();
    let mut late = Late::default();
    while let Some(line) = keyboard.read_message(out, "> ", link.max_message())? {
        let answer = link.ask(&line, resend, &mut late)?;
        out.line(format_args!("[server] {}", terminal::printable(&answer)));
    }
    Ok(())
}
