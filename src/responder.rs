//! Servers that answer every message by themselves: `hello` and `echo`.
//!
//! Both modes have the same shape: receive a message, print it, send an answer
//! computed from it. Only the answer differs, so the modes pass in an
//! [`Answer`] and this module does the socket work, once for UDP and once for
//! TCP.
//!
//! # UDP: one socket serves everyone
//!
//! ```text
//! loop { recv_from → print "[sender] text" → send_to(answer, sender) }
//! ```
//! The answer is sent *inside* the loop, to the address `recv_from` returned:
//! that address is the only thing that tells clients apart.
//!
//! # TCP: one thread per connection
//!
//! `accept` hands out a new stream per client. If the server read from one
//! client in its main loop, a client that connects and says nothing would
//! block everyone else, so each connection gets a thread of its own, and the
//! number of them is capped (`--max-clients`). A client past the cap is
//! told the server is full. A connection that completes no line within the
//! idle timeout (`--idle-timeout`) is closed, so that silent or trickling
//! clients cannot hold the places for good.
//!
//! # Printing a line per message, without paying a system call per line
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

use std::io::{self, BufReader, BufWriter, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};

use std::time::{Duration, Instant};

use crate::Result;
use crate::cli::Limits;
use crate::console::Printer;
use crate::net::{self, ConnectionLimit, LineRead, Listener, MAX_LINE, RECV_BUFFER};

/// Computes the answer to a message.
pub type Answer = fn(&[u8]) -> &[u8];

/// How many messages a TCP connection may send before the server closes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PerConnection {
    /// Answer the first line, then close (`hello`).
    OneLine,
    /// Answer every line until the client closes (`echo`).
    EveryLine,
}

/// Serves forever: answers every message that arrives on `listener`.
pub fn serve(
    listener: Listener,
    answer: Answer,
    per_connection: PerConnection,
    limits: &Limits,
) -> Result<()> {
    match listener {
        Listener::Udp(socket) => serve_udp(&socket, answer),
        Listener::Tcp(listener) => serve_tcp(&listener, answer, per_connection, limits),
    }
}

fn serve_udp(socket: &UdpSocket, answer: Answer) -> Result<()> {
    let mut out = Printer::new();
    let mut datagrams = Datagrams::new(socket);
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
        if let Err(error) = net::retry(|| socket.send_to(answer(message), sender)) {
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

fn serve_tcp(
    listener: &TcpListener,
    answer: Answer,
    per_connection: PerConnection,
    limits: &Limits,
) -> Result<()> {
    let mut out = Printer::new();
    let idle = limits.idle_timeout;
    net::accept_forever(
        listener,
        &ConnectionLimit::new(limits.max_clients),
        |problem| out.say(format_args!("! {problem}")),
        |stream, peer, admission| {
            net::spawn_for_peer(peer, move || {
                let _admission = admission;
                serve_connection(stream, peer, answer, per_connection, idle);
            })
            .map_err(|error| format!("cannot start a thread: {error}"))
        },
    )
}

fn serve_connection(
    stream: TcpStream,
    peer: SocketAddr,
    answer: Answer,
    per_connection: PerConnection,
    idle: Duration,
) {
    let mut out = Printer::new();
    out.line(format_args!("* {peer} connected"));
    match answer_lines(&stream, peer, answer, per_connection, idle, &mut out) {
        Ok(()) => out.line(format_args!("* {peer} disconnected")),
        Err(error) => out.line(format_args!("! {peer}: {error}; closing the connection")),
    }
}

fn answer_lines(
    stream: &TcpStream,
    peer: SocketAddr,
    answer: Answer,
    per_connection: PerConnection,
    idle: Duration,
    out: &mut Printer,
) -> io::Result<()> {
    stream.set_nodelay(true)?;
    // A silent peer wakes us after `idle`; a trickling one misses the
    // deadline of its line (see `net::read_line`).
    stream.set_read_timeout(Some(idle))?;
    // `&TcpStream` implements Read and Write, so the reader and the writer can
    // share one stream without cloning the socket.
    let mut reader = BufReader::new(stream);
    let mut writer = BufWriter::new(stream);
    // The peer of a connection never changes: format its address once.
    let label = format!("[{peer}] ");
    loop {
        if !reader.buffer().contains(&b'\n') {
            // No whole line is buffered, so the next read may wait for the
            // network: send the answers and print the lines first.
            writer.flush()?;
            out.flush();
        }
        let deadline = Instant::now() + idle;
        let message = match net::read_line(&mut reader, MAX_LINE, Some(deadline))? {
            LineRead::Line(message) => message,
            LineRead::End => break,
            LineRead::Idle(_) => {
                out.line(format_args!(
                    "! {peer}: no complete line within {} s; closing the connection",
                    idle.as_secs_f64()
                ));
                break;
            }
            LineRead::Unfinished(size) => {
                out.line(format_args!("! {peer} closed the connection in the middle of a line ({size} bytes without a newline)"));
                break;
            }
            LineRead::TooLong => {
                return Err(io::Error::new(
                    io::ErrorKind::InvalidData,
                    format!("sent a line longer than {MAX_LINE} bytes"),
                ));
            }
        };
        out.line_of(&label, &crate::terminal::printable(&message));
        writer.write_all(answer(&message))?;
        writer.write_all(b"\n")?;
        if per_connection == PerConnection::OneLine {
            break;
        }
    }
    writer.flush()
}
