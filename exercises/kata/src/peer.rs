//! The test's own sockets: playing the client for a server under test, or the
//! server for a client under test.
//!
//! When a check between two programs fails, it is hard to tell which side is
//! wrong. A [`Peer`] is a side that is known to be right: it sends exactly
//! what the protocol says and logs everything it sends and receives, so a
//! failure points at one program.
//!
//! (Longer than most files here, on purpose: the UDP and the TCP peer live
//! side by side, so that what differs between the two is seen at a glance.)

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use crate::diagnose::{self, Framing};
use crate::process::{Proc, Watch};
use crate::scene::{Failure, Scene};
use crate::show;
use crate::want::Want;

/// The largest UDP payload over IPv4.
pub const MAX_DATAGRAM: usize = 65_507;

/// Which transport a test runs over.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// Datagrams.
    Udp,
    /// A stream of `\n`-terminated lines.
    Tcp,
}

impl Transport {
    /// `udp` or `tcp`.
    pub fn scheme(self) -> &'static str {
        match self {
            Transport::Udp => "udp",
            Transport::Tcp => "tcp",
        }
    }

    /// The command-line flags that select this transport.
    pub fn flags(self) -> &'static [&'static str] {
        match self {
            Transport::Udp => &[],
            Transport::Tcp => &["--tcp"],
        }
    }
}

/// A socket the test drives itself.
pub struct Peer {
    tag: String,
    /// Who is at the other end, for reports: "server" or "client".
    other: String,
    scene: Scene,
    socket: Socket,
    /// Where `send` goes. A peer playing a UDP server answers whoever wrote last.
    target: Option<SocketAddr>,
    /// Programs whose end means waiting on is pointless.
    watching: Vec<Watch>,
}

enum Socket {
    Udp {
        socket: UdpSocket,
        buffer: Vec<u8>,
        follow_sender: bool,
    },
    Tcp {
        reader: BufReader<TcpStream>,
        writer: TcpStream,
        /// Bytes of a line that has not ended yet.
        partial: Vec<u8>,
    },
}

impl Scene {
    /// A peer that plays a client of the server at `server`.
    #[track_caller]
    pub fn client_peer(&self, tag: &str, transport: Transport, server: SocketAddr) -> Peer {
        let socket = match transport {
            Transport::Udp => {
                let socket = UdpSocket::bind(loopback_like(server))
                    .unwrap_or_else(|error| self.setup_failed("bind a UDP socket", error));
                Socket::Udp {
                    socket,
                    buffer: vec![0; 65_536],
                    follow_sender: false,
                }
            }
            Transport::Tcp => {
                let stream = self.connect_tcp(server);
                let _ = stream.set_nodelay(true);
                let writer = stream
                    .try_clone()
                    .unwrap_or_else(|error| self.setup_failed("clone a TCP stream", error));
                Socket::Tcp {
                    reader: BufReader::new(stream),
                    writer,
                    partial: Vec::new(),
                }
            }
        };
        let peer = Peer {
            tag: tag.to_string(),
            other: "server".to_string(),
            scene: self.clone(),
            socket,
            target: Some(server),
            watching: Vec::new(),
        };
        let how = match transport {
            Transport::Udp => "opens a UDP socket",
            Transport::Tcp => "connects",
        };
        self.log(tag, format!("{how} at {} (to {server})", peer.local_addr()));
        peer
    }

    /// A peer that plays a UDP server on 127.0.0.1 and a free port: give its
    /// [`local_addr`](Peer::local_addr) to the client under test. It answers
    /// whoever sent the last datagram.
    #[track_caller]
    pub fn udp_server_peer(&self, tag: &str) -> Peer {
        let socket = UdpSocket::bind("127.0.0.1:0")
            .unwrap_or_else(|error| self.setup_failed("bind a UDP socket", error));
        let peer = Peer {
            tag: tag.to_string(),
            other: "client".to_string(),
            scene: self.clone(),
            socket: Socket::Udp {
                socket,
                buffer: vec![0; 65_536],
                follow_sender: true,
            },
            target: None,
            watching: Vec::new(),
        };
        let address = peer.local_addr();
        self.remember_port(address.port());
        self.log(tag, format!("plays the server at udp://{address}"));
        peer
    }

    /// A TCP listener that plays the server: hand its address to a client,
    /// then [`accept_peer`] the connection.
    #[track_caller]
    pub fn tcp_server_socket(&self, tag: &str) -> TcpListener {
        let listener = TcpListener::bind("127.0.0.1:0")
            .unwrap_or_else(|error| self.setup_failed("bind a TCP listener", error));
        if let Ok(address) = listener.local_addr() {
            self.remember_port(address.port());
            self.log(tag, format!("plays the server at tcp://{address}"));
        }
        listener
    }

    #[track_caller]
    fn setup_failed(&self, what: &str, error: io::Error) -> ! {
        self.fail(Failure {
            expected: format!("the test to {what}"),
            got: error.to_string(),
            hint: Some("this is a problem of the machine, not of your code".to_string()),
        })
    }
}

/// Accepts one connection on `listener` within the scene's wait.
#[track_caller]
pub fn accept_peer(scene: &Scene, tag: &str, listener: &TcpListener) -> Peer {
    accept(scene, tag, listener, None)
}

/// Accepts the connection of the client under test, `client`: if that
/// program ends before it connects (a `todo!()`, a crash), the wait stops at
/// once and says so.
#[track_caller]
pub fn accept_from(scene: &Scene, tag: &str, listener: &TcpListener, client: &Proc) -> Peer {
    let mut peer = accept(scene, tag, listener, Some(client.watch()));
    peer.watch(client);
    peer
}

/// Waits for one connection on `listener`, or fails the test: at once if
/// the `client` that should connect has ended first, else at the scene's
/// deadline. Logs the arrival under `tag`.
#[track_caller]
pub(crate) fn accept_stream(
    scene: &Scene,
    tag: &str,
    listener: &TcpListener,
    client: Option<&Watch>,
) -> (TcpStream, SocketAddr) {
    let listener = listener
        .try_clone()
        .unwrap_or_else(|error| scene.setup_failed("clone a listener", error));
    // std's accept has no timeout: accept on a thread, wait on a channel.
    let (accepted, arrival) = mpsc::channel();
    thread::spawn(move || {
        let result = loop {
            match listener.accept() {
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                other => break other,
            }
        };
        let _ = accepted.send(result);
    });
    let deadline = Instant::now() + scene.wait();
    let waited = loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match arrival.recv_timeout(left.min(WATCH_SLICE)) {
            Ok(result) => break Ok(result),
            Err(_) if left.is_zero() => break Err(None),
            Err(_) => {}
        }
        if let Some(watch) = client
            && watch.has_ended()
        {
            // One last look: it may have connected just before it ended.
            match arrival.recv_timeout(WATCH_SLICE) {
                Ok(result) => break Ok(result),
                Err(_) => break Err(Some(watch.tag().to_string())),
            }
        }
    };
    let (stream, from) = match waited {
        Ok(Ok(accepted)) => accepted,
        Ok(Err(error)) => scene.setup_failed("accept a connection", error),
        Err(ended) => scene.fail(Failure {
            expected: "the client connects to the server the test plays".to_string(),
            got: match ended {
                Some(tag) => format!(
                    "no connection: {} ended first (see the log below)",
                    show::who(&tag)
                ),
                None => format!("no connection within {}", show::seconds(scene.wait())),
            },
            hint: Some("does the client connect to --host and --port?".to_string()),
        }),
    };
    scene.log(tag, format!("accepts a connection from {from}"));
    (stream, from)
}

#[track_caller]
fn accept(scene: &Scene, tag: &str, listener: &TcpListener, client: Option<Watch>) -> Peer {
    let (stream, from) = accept_stream(scene, tag, listener, client.as_ref());
    let _ = stream.set_nodelay(true);
    let writer = stream
        .try_clone()
        .unwrap_or_else(|error| scene.setup_failed("clone a TCP stream", error));
    Peer {
        tag: tag.to_string(),
        other: "client".to_string(),
        scene: scene.clone(),
        socket: Socket::Tcp {
            reader: BufReader::new(stream),
            writer,
            partial: Vec::new(),
        },
        target: Some(from),
        watching: Vec::new(),
    }
}

impl Peer {
    /// From now on, a wait of this peer fails at once if `program` ends,
    /// instead of waiting out its deadline.
    pub fn watch(&mut self, program: &Proc) {
        self.watching.push(program.watch());
    }

    /// This socket's own address: the "sender" the other side sees.
    pub fn local_addr(&self) -> SocketAddr {
        let address = match &self.socket {
            Socket::Udp { socket, .. } => socket.local_addr(),
            Socket::Tcp { writer, .. } => writer.local_addr(),
        };
        address.unwrap_or_else(|error| self.scene.setup_failed("read a local address", error))
    }

    /// Sends one message: a datagram, or a line (`\n` added).
    #[track_caller]
    pub fn send(&mut self, message: &[u8]) {
        let Some(target) = self.target else {
            self.scene.fail(Failure {
                expected: format!("a {} to answer", self.other),
                got: "no datagram has arrived yet, so there is nobody to answer".to_string(),
                hint: None,
            });
        };
        self.send_to(target, message);
    }

    /// Sends one datagram to `to` (UDP), or a line on the connection (TCP).
    #[track_caller]
    pub fn send_to(&mut self, to: SocketAddr, message: &[u8]) {
        let shown = match &self.socket {
            Socket::Udp { .. } => format!("sends {} to {to}", show::sized(message)),
            Socket::Tcp { .. } => {
                let mut line = message.to_vec();
                line.push(b'\n');
                format!("sends the line {}", show::sized(&line))
            }
        };
        self.scene.log(&self.tag, shown);
        let sent = match &mut self.socket {
            Socket::Udp { socket, .. } => socket.send_to(message, to).map(drop),
            Socket::Tcp { writer, .. } => {
                let mut line = message.to_vec();
                line.push(b'\n');
                writer.write_all(&line)
            }
        };
        if let Err(error) = sent {
            self.scene.fail(Failure {
                expected: format!("the test can send to the {}", self.other),
                got: error.to_string(),
                hint: Some(format!(
                    "did the {} close the connection or stop?",
                    self.other
                )),
            });
        }
    }

    /// Waits for a message that `want` accepts; others are skipped (and logged).
    #[track_caller]
    pub fn expect(&mut self, want: impl Into<Want>) -> Vec<u8> {
        self.expect_message(want.into(), false)
    }

    /// The next message must be one that `want` accepts.
    #[track_caller]
    pub fn expect_next(&mut self, want: impl Into<Want>) -> Vec<u8> {
        self.expect_message(want.into(), true)
    }

    #[track_caller]
    fn expect_message(&mut self, want: Want, next_only: bool) -> Vec<u8> {
        let deadline = Instant::now() + self.scene.wait();
        // What arrived instead, for a report that never says "nothing" when
        // something came close.
        let mut others: Vec<Vec<u8>> = Vec::new();
        loop {
            let got = match self.receive_until(deadline) {
                Received::Message(message) if want.accepts(&message) => return message,
                Received::Message(message) if next_only => {
                    others.push(message.clone());
                    format!("{} instead", show::quoted(&message))
                }
                Received::Message(message) => {
                    others.push(message);
                    continue;
                }
                Received::Nothing if others.is_empty() => {
                    format!("nothing within {}", show::seconds(self.scene.wait()))
                }
                Received::Nothing => format!(
                    "only {} within {}",
                    quoted_list(&others),
                    show::seconds(self.scene.wait())
                ),
                Received::Closed => format!("the {} closed the connection", self.other),
                Received::Failed(error) => format!("an error: {error}"),
                Received::Ended(tag) if others.is_empty() => {
                    format!(
                        "nothing: {} ended first (see the log below)",
                        show::who(&tag)
                    )
                }
                Received::Ended(tag) => format!(
                    "only {}, then {} ended (see the log below)",
                    quoted_list(&others),
                    show::who(&tag)
                ),
            };
            let framing = match self.socket {
                Socket::Udp { .. } => Framing::Datagrams,
                Socket::Tcp { .. } => Framing::Stream,
            };
            let near = want.target().and_then(|target| {
                others
                    .iter()
                    .find_map(|message| diagnose::near_miss(target, message, framing))
            });
            let got = match &near {
                Some(near) => format!("almost: {got}: {near}"),
                None => got,
            };
            let hint = near.or_else(|| want.hint_text().map(str::to_string));
            self.scene.fail(Failure {
                expected: format!("the {} sends the test {}", self.other, want.what()),
                got,
                hint,
            });
        }
    }

    /// True if the other side closes the connection (TCP) within the wait.
    pub fn closed_by_other(&mut self) -> bool {
        let deadline = Instant::now() + self.scene.wait();
        loop {
            match self.receive_until(deadline) {
                Received::Message(_) => continue,
                Received::Closed | Received::Failed(_) => return true,
                Received::Nothing | Received::Ended(_) => return false,
            }
        }
    }

    fn receive_until(&mut self, deadline: Instant) -> Received {
        loop {
            // Wait in slices while watching a program, to notice its end.
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Received::Nothing;
            }
            let slice = if self.watching.is_empty() {
                left
            } else {
                left.min(WATCH_SLICE)
            };
            match self.receive_within(slice) {
                Received::Nothing => {}
                other => return other,
            }
            if let Some(tag) = got_ended(&self.watching) {
                // One last look: what it sent before ending still counts.
                return match self.receive_within(WATCH_SLICE) {
                    Received::Nothing => Received::Ended(tag),
                    other => other,
                };
            }
        }
    }

    fn receive_within(&mut self, left: Duration) -> Received {
        if left.is_zero() {
            return Received::Nothing;
        }
        let (tag, scene) = (&self.tag, &self.scene);
        match &mut self.socket {
            Socket::Udp {
                socket,
                buffer,
                follow_sender,
            } => {
                let _ = socket.set_read_timeout(Some(left));
                let received = loop {
                    match socket.recv_from(buffer) {
                        // A signal (the test's own child processes ending)
                        // interrupted the wait: wait again.
                        Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                        other => break other,
                    }
                };
                match received {
                    Ok((size, from)) => {
                        let message = buffer[..size].to_vec();
                        scene.log(
                            tag,
                            format!("receives {} from {from}", show::sized(&message)),
                        );
                        if *follow_sender {
                            self.target = Some(from);
                        }
                        Received::Message(message)
                    }
                    Err(error) if is_timeout(&error) => Received::Nothing,
                    Err(error) => Received::Failed(error),
                }
            }
            Socket::Tcp {
                reader, partial, ..
            } => {
                let _ = reader.get_ref().set_read_timeout(Some(left));
                // On a timeout read_until keeps what it read in `partial`, so
                // the rest of the line can still come later.
                match reader.read_until(b'\n', partial) {
                    Ok(0) => Received::Closed,
                    Ok(_) if partial.last() != Some(&b'\n') => Received::Closed,
                    Ok(_) => {
                        let mut message = std::mem::take(partial);
                        scene.log(tag, format!("receives the line {}", show::sized(&message)));
                        message.pop();
                        Received::Message(message)
                    }
                    Err(error) if is_timeout(&error) => Received::Nothing,
                    Err(error) if error.kind() == io::ErrorKind::ConnectionReset => {
                        Received::Closed
                    }
                    Err(error) => Received::Failed(error),
                }
            }
        }
    }
}

/// `"a", "b" and 3 more`: messages that arrived, for a report.
fn quoted_list(messages: &[Vec<u8>]) -> String {
    let shown: Vec<String> = messages
        .iter()
        .take(3)
        .map(|message| show::quoted(message))
        .collect();
    match messages.len() {
        0..=3 => shown.join(", "),
        more => format!("{} and {} more", shown.join(", "), more - 3),
    }
}

enum Received {
    Message(Vec<u8>),
    Nothing,
    Closed,
    Failed(io::Error),
    /// A watched program ended; its tag.
    Ended(String),
}

/// How often a peer waiting for a message checks whether a watched program
/// has ended.
const WATCH_SLICE: Duration = Duration::from_millis(50);

/// The tag of the first watched program that has ended.
fn got_ended(watching: &[Watch]) -> Option<String> {
    watching
        .iter()
        .find(|watch| watch.has_ended())
        .map(|watch| watch.tag().to_string())
}

fn is_timeout(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// `127.0.0.1:0` or `[::1]:0`, matching the server's address family.
fn loopback_like(server: SocketAddr) -> SocketAddr {
    match server {
        SocketAddr::V4(_) => SocketAddr::from(([127, 0, 0, 1], 0)),
        SocketAddr::V6(_) => SocketAddr::from(([0u16, 0, 0, 0, 0, 0, 0, 1], 0)),
    }
}
