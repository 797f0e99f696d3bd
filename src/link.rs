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
//!   ICMP "port unreachable", and the system reports it on our next `recv`:
//!   as `ConnectionRefused` on Linux and macOS, as `ConnectionReset`
//!   (`WSAECONNRESET`) on Windows. Both mean "no server there". An
//!   unconnected socket never hears of it and just waits, which is why a
//!   read timeout is still needed: a machine that is switched off answers
//!   nothing at all.
//!
//! # TCP: a real connection, and lines on it
//!
//! `TcpStream::connect_timeout` performs the three-way handshake; if nobody
//! listens it fails at once with `ConnectionRefused`. Messages are lines ending
//! in `\n` (see [`crate::net::read_line`]). We turn off Nagle's algorithm
//! (`set_nodelay`): it holds back small writes hoping to merge them, which
//! adds delay to exactly the kind of short, interactive lines we send.
//!
//! This module speaks of sockets only. When nobody answers it returns an
//! [`Error::NoServer`]; the command line, which knows how the client was
//! started, adds how to start a matching server.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crate::net::{self, Endpoint, LineRead, MAX_DATAGRAM, MAX_LINE, RECV_BUFFER, Transport};
use crate::{Error, Result};

/// A client's connection to one server.
#[derive(Debug)]
pub struct Link {
    /// Sending, apart from receiving: the room client sends from its
    /// keyboard thread while another thread receives (see [`Link::split`]).
    outgoing: Outgoing,
    /// Receiving, with the buffer and the "server full" check it needs.
    incoming: Incoming,
    /// How long a receive waits (`None`: no limit).
    wait: Option<Duration>,
}

/// How many times a UDP client sends a message *again* when no answer comes
/// (see [`Link::ask`]).
pub const RESENDS: u32 = 2;

/// Answers that may still arrive for messages sent more than once: the
/// server answered every copy that reached it, and only the first answer
/// was taken.
#[derive(Debug, Default)]
pub struct Late {
    /// The message last sent more than once, and how many answers to it may
    /// still come.
    owed: Option<(Vec<u8>, u32)>,
}

impl Late {
    /// True (and one fewer owed) if `answer` can be a late answer to the
    /// message that was resent. For `echo`, whose answer is the message.
    fn absorbs(&mut self, answer: &[u8]) -> bool {
        match &mut self.owed {
            Some((message, count)) if *count > 0 && message == answer => {
                *count -= 1;
                true
            }
            _ => false,
        }
    }
}

/// The sending half of a [`Link`]. Clones share the socket, so several
/// threads can send (the room client's keyboard, keep-alive and Ctrl+C).
#[derive(Debug, Clone)]
pub struct Outgoing {
    /// Shared by the clones: one socket, however many threads send.
    socket: Arc<OutSocket>,
    /// A failed send is worded like a failed receive: same server, same words.
    explain: Arc<Explainer>,
}

#[derive(Debug)]
enum OutSocket {
    Udp(Arc<UdpSocket>),
    /// A lock, so that lines from different threads never interleave.
    Tcp(Mutex<TcpStream>),
}

/// The receiving half of a [`Link`].
#[derive(Debug)]
pub struct Incoming {
    /// Only one thread receives, so this half needs no lock.
    socket: InSocket,
    /// What a failed receive (or a timeout) says, naming the server.
    explain: Explainer,
    /// True once a first message has arrived: only the first can be a full
    /// server turning us away (see [`net::full_line`]).
    heard: bool,
}

#[derive(Debug)]
enum InSocket {
    Udp {
        /// The same socket as the sending half's: UDP sends and receives
        /// on one socket, and a datagram socket can be shared freely.
        socket: Arc<UdpSocket>,
        /// [`RECV_BUFFER`] bytes, allocated once: larger than any datagram,
        /// so none is cut short (see [`net`]).
        buffer: Vec<u8>,
    },
    /// The stream buffered for reading, since lines are framed by `\n`;
    /// the sending half writes through its own clone of the stream.
    Tcp(BufReader<TcpStream>),
}

impl Link {
    /// Opens a link to the server at `endpoint`.
    ///
    /// `wait` bounds every later [`receive`](Self::receive); `None` waits as
    /// long as it takes (a person is answering). Connecting over TCP is always
    /// bounded, by `connect_wait`: the system, not a person, answers a
    /// connection request.
    pub fn open(
        endpoint: &Endpoint,
        connect_wait: Duration,
        wait: Option<Duration>,
    ) -> Result<Link> {
        let server = endpoint.resolve()?;
        let explain = Explainer::new(endpoint, wait);
        let link = match endpoint.transport {
            Transport::Udp => {
                let socket = UdpSocket::bind(unspecified_like(server))
                    .and_then(|socket| socket.connect(server).map(|()| socket))
                    .and_then(|socket| socket.set_read_timeout(wait).map(|()| socket))
                    .map_err(|error| explain.error(error))?;
                let socket = Arc::new(socket);
                Link {
                    wait,
                    outgoing: Outgoing {
                        socket: Arc::new(OutSocket::Udp(Arc::clone(&socket))),
                        explain: Arc::new(explain.clone()),
                    },
                    incoming: Incoming {
                        socket: InSocket::Udp {
                            socket,
                            buffer: vec![0; RECV_BUFFER],
                        },
                        explain,
                        heard: false,
                    },
                }
            }
            Transport::Tcp => {
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
                Link {
                    wait,
                    outgoing: Outgoing {
                        socket: Arc::new(OutSocket::Tcp(Mutex::new(writer))),
                        explain: Arc::new(explain.clone()),
                    },
                    incoming: Incoming {
                        socket: InSocket::Tcp(BufReader::new(stream)),
                        explain,
                        heard: false,
                    },
                }
            }
        };
        Ok(link)
    }

    /// The longest message this transport carries in one piece.
    pub fn max_message(&self) -> usize {
        self.outgoing.max_message()
    }

    /// Sends one message: one datagram, or one line.
    pub fn send(&mut self, message: &[u8]) -> Result<()> {
        self.outgoing.send(message)
    }

    /// Waits for the next message from the server.
    pub fn receive(&mut self) -> Result<Vec<u8>> {
        self.incoming.receive()
    }

    /// Sends `message` and waits for the server's answer (`hello`, `echo`).
    ///
    /// UDP does not resend a lost datagram, and on a busy Wi-Fi LAN one is
    /// lost now and then: ours, or the answer. With `resend`, a UDP client
    /// therefore sends the message again, up to [`RESENDS`] times, sharing
    /// the wait between the attempts: `--timeout 5` waits 5 s in all, and
    /// resends after 1.7 s and 3.3 s. Only then does it say nobody answers.
    ///
    /// Resending is only for answers a program computes: a server whose
    /// person answers (`reply`) would see the message twice. And a late
    /// answer to a copy may still come after we moved on; `late` remembers
    /// how many, and an answer equal to that message is dropped (an `echo`
    /// answer is the message itself).
    pub fn ask(&mut self, message: &[u8], resend: bool, late: &mut Late) -> Result<Vec<u8>> {
        let udp = matches!(*self.outgoing.socket, OutSocket::Udp(_));
        let (Some(wait), true, true) = (self.wait, resend, udp) else {
            self.send(message)?;
            loop {
                let answer = self.receive()?;
                if !late.absorbs(&answer) {
                    return Ok(answer);
                }
            }
        };
        let attempts = 1 + RESENDS;
        let slice = wait / attempts;
        self.incoming.set_wait(Some(slice))?;
        let mut answer = None;
        'attempts: for resent in 0..attempts {
            self.send(message)?;
            while let Some(received) = self.incoming.receive_or_timeout()? {
                if !late.absorbs(&received) {
                    if resent > 0 {
                        late.owed = Some((message.to_vec(), resent));
                    }
                    answer = Some(received);
                    break 'attempts;
                }
            }
        }
        self.incoming.set_wait(Some(wait))?;
        answer.ok_or_else(|| self.incoming.no_answer(wait))
    }

    /// Splits the link so that one thread can receive while others send.
    pub fn split(self) -> (Outgoing, Incoming) {
        (self.outgoing, self.incoming)
    }
}

impl Outgoing {
    /// The longest message this transport carries in one piece.
    pub fn max_message(&self) -> usize {
        match *self.socket {
            OutSocket::Udp(_) => MAX_DATAGRAM,
            OutSocket::Tcp(_) => MAX_LINE,
        }
    }

    /// Sends one message: one datagram, or one line.
    ///
    /// The caller checks the size first against [`max_message`](Self::max_message).
    pub fn send(&self, message: &[u8]) -> Result<()> {
        let sent = match &*self.socket {
            OutSocket::Udp(socket) => net::retry(|| socket.send(message)).map(drop),
            OutSocket::Tcp(stream) => {
                // One write for the text and its newline: two writes could
                // leave the server holding half a line.
                let mut line = Vec::with_capacity(message.len() + 1);
                line.extend_from_slice(message);
                line.push(b'\n');
                let mut stream = stream
                    .lock()
                    .unwrap_or_else(|poisoned| poisoned.into_inner());
                stream.write_all(&line)
            }
        };
        sent.map_err(|error| self.explain.error(error))
    }
}

impl Incoming {
    /// Waits for the next message from the server.
    pub fn receive(&mut self) -> Result<Vec<u8>> {
        match &mut self.socket {
            InSocket::Udp { socket, buffer } => match net::retry(|| socket.recv(buffer)) {
                Ok(size) => Ok(buffer[..size].to_vec()),
                Err(error) => Err(self.explain.error(error)),
            },
            InSocket::Tcp(reader) => match net::read_line(reader, MAX_LINE, None) {
                Ok(LineRead::Line(line))
                    if !self.heard && line.starts_with(net::FULL.as_bytes()) =>
                {
                    // A full server says so in its first line, then closes.
                    Err(Error::runtime(format!(
                        "the server at {} turned us away: {}",
                        self.explain.server,
                        crate::terminal::printable(&line["ERROR ".len()..])
                    )))
                }
                Ok(LineRead::Line(line)) => {
                    self.heard = true;
                    Ok(line)
                }
                // Without a deadline a read timeout is an error, not `Idle`.
                Ok(LineRead::Idle(_)) => Err(self.explain.error(io::ErrorKind::TimedOut.into())),
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

    /// Like [`receive`](Self::receive), but `Ok(None)` when the wait ran
    /// out, for callers that retry.
    pub fn receive_or_timeout(&mut self) -> Result<Option<Vec<u8>>> {
        let received = match &mut self.socket {
            InSocket::Udp { socket, buffer } => {
                net::retry(|| socket.recv(buffer)).map(|size| buffer[..size].to_vec())
            }
            InSocket::Tcp(reader) => match net::retry(|| reader.fill_buf().map(drop)) {
                // Wait for the first byte here, where a timeout loses nothing;
                // the rest of the line follows at once.
                Ok(_) => return self.receive().map(Some),
                Err(error) => Err(error),
            },
        };
        match received {
            Ok(message) => Ok(Some(message)),
            Err(error) if net::is_timeout(&error) => Ok(None),
            Err(error) => Err(self.explain.error(error)),
        }
    }

    /// The error for a server that did not answer within `waited` in all.
    pub fn no_answer(&self, waited: Duration) -> Error {
        let explain = Explainer {
            wait: Some(waited),
            ..self.explain.clone()
        };
        explain.error(io::ErrorKind::TimedOut.into())
    }

    /// Changes how long [`receive`](Self::receive) waits (`None`: no limit).
    pub fn set_wait(&mut self, wait: Option<Duration>) -> Result<()> {
        let set = match &self.socket {
            InSocket::Udp { socket, .. } => socket.set_read_timeout(wait),
            InSocket::Tcp(reader) => reader.get_ref().set_read_timeout(wait),
        };
        self.explain.wait = wait;
        set.map_err(|error| self.explain.error(error))
    }
}

/// Turns a socket error into words: what happened, to which server.
#[derive(Debug, Clone)]
struct Explainer {
    /// `udp://127.0.0.1:8080`, as the user typed it.
    server: String,
    /// UDP reads "port unreachable" differently on Windows (see the module
    /// docs), so the explainer needs to know which socket failed.
    transport: Transport,
    /// How long a receive waits: named when the wait runs out.
    wait: Option<Duration>,
}

/// Turns a socket error of a client of `endpoint` into an [`Error`];
/// `waited` is the timeout that ran out, if that is the error. For clients
/// that drive their own sockets (the bench) and still want the same words.
pub fn explain(endpoint: &Endpoint, waited: Option<Duration>, error: io::Error) -> Error {
    Explainer::new(endpoint, waited).error(error)
}

impl Explainer {
    fn new(endpoint: &Endpoint, wait: Option<Duration>) -> Self {
        Explainer {
            server: endpoint.to_string(),
            transport: endpoint.transport,
            wait,
        }
    }

    fn error(&self, error: io::Error) -> Error {
        let server = &self.server;
        match error.kind() {
            io::ErrorKind::ConnectionRefused => {
                Error::no_server(format!("no server at {server} (connection refused)"))
            }
            // Windows' word for an ICMP "port unreachable" on a UDP socket.
            // Over TCP a reset is a connection that broke: lost contact.
            io::ErrorKind::ConnectionReset if self.transport == Transport::Udp => {
                Error::no_server(format!("no server at {server} (port unreachable)"))
            }
            _ if net::is_timeout(&error) => {
                let seconds = self.wait.unwrap_or_default().as_secs_f64();
                Error::no_server(format!("no answer from {server} within {seconds} s"))
            }
            _ => Error::runtime(format!("lost contact with {server}: {error}")),
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
