//! A client's line to its server: one type, UDP or TCP underneath.
//!
//! The client modes only need three things: open, send a message, receive a
//! message. [`Link`] gives them exactly that, and the two halves of each method
//! show what the transports do differently.
//!
//! # UDP: `connect` without a connection
//!
//! The UDP client calls [`UdpSocket::connect`]. No packet is sent: UDP has no
//! handshake. `connect` only records the server's address in the socket, which
//! buys three things:
//!
//! * `send` and `recv` need no address,
//! * datagrams from anyone else are filtered out by the system,
//! * if no program listens on the server's port, its machine answers with an
//!   ICMP "port unreachable", and the system reports it on our next `recv` as
//!   `ConnectionRefused`. An unconnected socket never hears of it and just
//!   waits, which is why a read timeout is still needed: a machine that is
//!   switched off answers nothing at all.
//!
//! # TCP: a real connection, and lines on it
//!
//! `TcpStream::connect_timeout` performs the three-way handshake; if nobody
//! listens it fails at once with `ConnectionRefused`. Messages are lines ending
//! in `\n` (see [`crate::net::read_line`]). We turn off Nagle's algorithm
//! (`set_nodelay`): it holds back small writes hoping to merge them, which
//! adds delay to exactly the kind of short, interactive lines we send.

use std::io::{self, BufReader, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::time::Duration;

use crate::cli::{ClientConfig, Transport};
use crate::net::{self, LineRead, MAX_DATAGRAM, MAX_LINE, RECV_BUFFER};
use crate::{Error, Result};

/// A client's connection to one server.
#[derive(Debug)]
pub struct Link {
    socket: Socket,
    explain: Explainer,
}

#[derive(Debug)]
enum Socket {
    Udp {
        socket: UdpSocket,
        buffer: Vec<u8>,
    },
    Tcp {
        reader: BufReader<TcpStream>,
        writer: TcpStream,
    },
}

impl Link {
    /// Opens a link to the server named in `config`.
    ///
    /// `wait` bounds every later [`receive`](Self::receive); `None` waits as
    /// long as it takes (a person is answering). Connecting over TCP is always
    /// bounded by the configured timeout: the system, not a person, answers a
    /// connection request.
    pub fn open(config: &ClientConfig, wait: Option<Duration>) -> Result<Link> {
        let server = config.endpoint.resolve()?;
        let explain = Explainer {
            server: config.endpoint.to_string(),
            server_command: config.server_command(),
            wait,
        };
        let socket = match config.endpoint.transport {
            Transport::Udp => {
                let socket = UdpSocket::bind(unspecified_like(server))
                    .and_then(|socket| socket.connect(server).map(|()| socket))
                    .and_then(|socket| socket.set_read_timeout(wait).map(|()| socket))
                    .map_err(|error| explain.error(error))?;
                Socket::Udp {
                    socket,
                    buffer: vec![0; RECV_BUFFER],
                }
            }
            Transport::Tcp => {
                let connect_wait = config.machine_timeout();
                let stream =
                    TcpStream::connect_timeout(&server, connect_wait).map_err(|error| {
                        let during_connect = Explainer {
                            wait: Some(connect_wait),
                            ..explain.clone()
                        };
                        during_connect.error(error)
                    })?;
                let writer = stream
                    .set_nodelay(true)
                    .and_then(|()| stream.set_read_timeout(wait))
                    .and_then(|()| stream.try_clone())
                    .map_err(|error| explain.error(error))?;
                Socket::Tcp {
                    reader: BufReader::new(stream),
                    writer,
                }
            }
        };
        Ok(Link { socket, explain })
    }

    /// The longest message this transport carries in one piece.
    pub fn max_message(&self) -> usize {
        match self.socket {
            Socket::Udp { .. } => MAX_DATAGRAM,
            Socket::Tcp { .. } => MAX_LINE,
        }
    }

    /// Sends one message: one datagram, or one line.
    ///
    /// The caller checks the size first against [`max_message`](Self::max_message).
    pub fn send(&mut self, message: &[u8]) -> Result<()> {
        let sent = match &mut self.socket {
            Socket::Udp { socket, .. } => socket.send(message).map(drop),
            Socket::Tcp { writer, .. } => {
                // One write for the text and its newline: two writes could
                // leave the server holding half a line.
                let mut line = Vec::with_capacity(message.len() + 1);
                line.extend_from_slice(message);
                line.push(b'\n');
                writer.write_all(&line)
            }
        };
        sent.map_err(|error| self.explain.error(error))
    }

    /// Waits for the next message from the server.
    pub fn receive(&mut self) -> Result<Vec<u8>> {
        match &mut self.socket {
            Socket::Udp { socket, buffer } => match socket.recv(buffer) {
                Ok(size) => Ok(buffer[..size].to_vec()),
                Err(error) => Err(self.explain.error(error)),
            },
            Socket::Tcp { reader, .. } => match net::read_line(reader, MAX_LINE) {
                Ok(LineRead::Line(line)) => Ok(line),
                Ok(LineRead::End | LineRead::Unfinished(_)) => Err(Error::runtime(format!(
                    "the server at {} closed the connection",
                    self.explain.server
                ))),
                Ok(LineRead::TooLong) => Err(Error::runtime(format!(
                    "the server at {} sent a line longer than {MAX_LINE} bytes",
                    self.explain.server
                ))),
                Err(error) => Err(self.explain.error(error)),
            },
        }
    }
}

/// Turns a socket error into advice: what happened, and what to try.
#[derive(Debug, Clone)]
struct Explainer {
    /// `udp://127.0.0.1:8080`.
    server: String,
    /// How to start a server this client can talk to.
    server_command: String,
    /// How long a receive waits.
    wait: Option<Duration>,
}

impl Explainer {
    fn error(&self, error: io::Error) -> Error {
        let server = &self.server;
        let advice = format!(
            "is the server running? Start it with: {}",
            self.server_command
        );
        if error.kind() == io::ErrorKind::ConnectionRefused {
            Error::runtime(format!(
                "no server at {server} (connection refused): {advice}"
            ))
        } else if net::is_timeout(&error) {
            let seconds = self.wait.unwrap_or_default().as_secs_f64();
            Error::runtime(format!(
                "no answer from {server} within {seconds} s: {advice}"
            ))
        } else {
            Error::runtime(format!("lost contact with {server}: {error}"))
        }
    }
}

/// `0.0.0.0:0` or `[::]:0`: any local address and a free port, in the same
/// address family as the server (an IPv4 socket cannot talk to an IPv6 one).
pub fn unspecified_like(server: SocketAddr) -> SocketAddr {
    match server {
        SocketAddr::V4(_) => SocketAddr::from(([0, 0, 0, 0], 0)),
        SocketAddr::V6(_) => SocketAddr::from(([0u16; 8], 0)),
    }
}
