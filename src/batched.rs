//! `server echo --batched`: the echo server, printing a line per message
//! without paying a system call per line.
//!
//! [`crate::echo`] shows the plain loops: receive, print, send back. Each
//! printed line there is one `write` to stdout, which costs about as much as
//! a `recv_from` or a `send_to`: under load the plain server answers fewer
//! requests a second than `bare-echo`, which prints nothing (the figures are
//! in "Is UDP faster than TCP?" in the README). The loops here are the same,
//! with one trick added.
//!
//! Printing is part of the job, and a `write` per line costs as much as a good
//! share of the network work. So lines are collected in a [`Printer`] and
//! written in one batch *just before the server would wait*:
//!
//! * UDP: while datagrams are already queued, receive them without waiting
//!   (the socket is in non-blocking mode). The moment the queue is empty
//!   (`WouldBlock`), flush the lines, switch the socket back to blocking mode
//!   and sleep in `recv_from`.
//! * TCP: `BufReader` shows what it has already read. While a whole line is
//!   waiting in it, the next read cannot block; when none is, flush the
//!   printed lines *and* the buffered answers, then read.
//!
//! A reader of our stdout therefore never waits for a line: everything is out
//! before the server goes to sleep. Under load, one `write` carries many lines.

use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::time::{Duration, Instant};

use crate::Result;
use crate::console::Printer;
use crate::net::{
    self, ConnectionLimit, Endpoint, Limits, LineRead, MAX_LINE, RECV_BUFFER, Transport,
};

/// Sends every message back, forever, printing in batches.
pub fn serve(endpoint: &Endpoint, limits: &Limits) -> Result<()> {
    match endpoint.transport {
        Transport::Udp => serve_udp(endpoint),
        Transport::Tcp => serve_tcp(endpoint, limits),
    }
}

fn serve_udp(endpoint: &Endpoint) -> Result<()> {
    let mut out = Printer::new();
    // Claim the port: from now on, datagrams sent to it wait here for us.
    let socket =
        UdpSocket::bind(endpoint.resolve()?).map_err(|error| net::cannot_bind(endpoint, &error))?;
    net::announce(&mut out, Transport::Udp, socket.local_addr())?;
    let mut datagrams = Datagrams::new(&socket);
    let mut label = SenderLabel::default();
    loop {
        let (message, sender) = match datagrams.next(&mut out) {
            Ok(received) => received,
            Err(error) => {
                // Never fatal: on Windows an earlier client's "port
                // unreachable" shows up here as ConnectionReset, for example.
                out.line(format_args!("! receive failed: {error}"));
                continue;
            }
        };
        out.line_of(label.of(sender), &crate::terminal::printable(message));
        if let Err(error) = net::retry(|| socket.send_to(message, sender)) {
            out.line(format_args!("! cannot answer {sender}: {error}"));
        }
    }
}

/// `"[127.0.0.1:53211] "`, the start of a printed line, kept for the next
/// datagram: turning an address into text costs more than receiving a
/// datagram, and the next one usually comes from the same sender.
#[derive(Default)]
struct SenderLabel {
    sender: Option<SocketAddr>,
    text: String,
}

impl SenderLabel {
    fn of(&mut self, sender: SocketAddr) -> &str {
        if self.sender != Some(sender) {
            self.sender = Some(sender);
            self.text = format!("[{sender}] ");
        }
        &self.text
    }
}

/// Receives datagrams, flushing printed lines whenever it is about to wait.
struct Datagrams<'a> {
    socket: &'a UdpSocket,
    buffer: Vec<u8>,
    /// Mirrors the socket's mode, so that we switch only when needed.
    nonblocking: bool,
}

impl<'a> Datagrams<'a> {
    fn new(socket: &'a UdpSocket) -> Self {
        Datagrams {
            socket,
            buffer: vec![0; RECV_BUFFER],
            nonblocking: false,
        }
    }

    /// The next datagram and its sender. Anything `out` holds is written
    /// before this waits.
    fn next(&mut self, out: &mut Printer) -> io::Result<(&[u8], SocketAddr)> {
        // With lines pending, only peek at the queue: take a datagram if one
        // is there, but do not sleep with unprinted lines.
        self.set_nonblocking(out.has_pending())?;
        let received = match net::retry(|| self.socket.recv_from(&mut self.buffer)) {
            Err(error) if error.kind() == io::ErrorKind::WouldBlock && self.nonblocking => {
                // The queue is empty: this is the moment to print, then wait.
                out.flush();
                self.set_nonblocking(false)?;
                net::retry(|| self.socket.recv_from(&mut self.buffer))
            }
            other => other,
        };
        let (size, sender) = received?;
        Ok((&self.buffer[..size], sender))
    }

    fn set_nonblocking(&mut self, wanted: bool) -> io::Result<()> {
        if self.nonblocking != wanted {
            self.socket.set_nonblocking(wanted)?;
            self.nonblocking = wanted;
        }
        Ok(())
    }
}

fn serve_tcp(endpoint: &Endpoint, limits: &Limits) -> Result<()> {
    let mut out = Printer::new();
    // Claim the port and listen: clients' connections now queue up for `accept`.
    let listener = TcpListener::bind(endpoint.resolve()?)
        .map_err(|error| net::cannot_bind(endpoint, &error))?;
    net::announce(&mut out, Transport::Tcp, listener.local_addr())?;
    let idle = limits.idle_timeout;
    net::accept_forever(
        &listener,
        &ConnectionLimit::new(limits.max_clients),
        |problem| out.say(format_args!("! {problem}")),
        |stream, peer, admission| {
            net::spawn_for_peer(peer, move || {
                let _place = admission; // freed when the connection ends
                let mut out = Printer::new();
                out.line(format_args!("* {peer} connected"));
                let ended = echo_lines(&stream, peer, idle, &mut out);
                out.say(net::why_ended(&ended, peer, idle));
            })
            .map_err(|error| format!("cannot start a thread: {error}"))
        },
    )
}

/// Echoes lines until the connection ends; returns how it ended.
fn echo_lines(
    stream: &TcpStream,
    peer: SocketAddr,
    idle: Duration,
    out: &mut Printer,
) -> io::Result<LineRead> {
    stream.set_nodelay(true)?;
    stream.set_read_timeout(Some(idle))?;
    // `&TcpStream` implements Read and Write, so the reader and the writer can
    // share one stream without cloning the socket.
    let mut reader = BufReader::new(stream);
    let mut writer = BufWriter::new(stream);
    // The peer of a connection never changes: format its address once.
    let label = format!("[{peer}] ");
    loop {
        // A whole line already buffered (the buffer is far smaller than
        // MAX_LINE): answer it straight from the buffer, no copy, no wait.
        if let Some(end) = reader.buffer().iter().position(|&byte| byte == b'\n') {
            let line = &reader.buffer()[..end];
            let message = line.strip_suffix(b"\r").unwrap_or(line);
            out.line_of(&label, &crate::terminal::printable(message));
            writer.write_all(message)?;
            writer.write_all(b"\n")?;
            reader.consume(end + 1);
            continue;
        }
        // No whole line is buffered, so the next read may wait for the
        // network: send the answers and print the lines first.
        writer.flush()?;
        out.flush();
        let deadline = Instant::now() + idle;
        let message = match net::read_line(&mut reader, MAX_LINE, Some(deadline))? {
            LineRead::Line(message) => message,
            ended => {
                writer.flush()?;
                return Ok(ended);
            }
        };
        out.line_of(&label, &crate::terminal::printable(&message));
        writer.write_all(&message)?;
        writer.write_all(b"\n")?;
    }
}
