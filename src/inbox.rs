//! Messages from any number of clients, handed out one at a time: the queue
//! behind the `reply` and `chat` servers.
//!
//! In those modes a person answers each message at the server's console. A
//! person can answer only one message at a time, but clients keep sending.
//! So the network side and the console side are split:
//!
//! ```text
//!  UDP:  [receiver thread] ─┐
//!  TCP:  [acceptor] → [one reader thread per connection] ─┤→ channel → console loop
//! ```
//!
//! The receiving threads only receive and queue; the console loop (in
//! `reply` or `chat`) takes one [`Arrival`] at a time, prints it, asks for an
//! answer and sends it back through the [`Letter`]. A silent TCP client blocks
//! only its own reader thread, never the others or the console.
//!
//! The channel is bounded: if the person at the console falls far behind, the
//! receivers wait, and the backlog stays in the system's socket buffers
//! instead of growing our memory without limit.

use std::fmt;
use std::io::{BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, SyncSender};

use crate::console::Printer;
use crate::net::{
    self, ConnectionLimit, LineRead, Listener, MAX_CONNECTIONS, MAX_DATAGRAM, MAX_LINE, RECV_BUFFER,
};

/// How many arrivals may wait for the console before receivers pause.
const QUEUE_LENGTH: usize = 1024;

/// Something that happened on the network side.
#[derive(Debug)]
pub enum Arrival {
    /// A message, which can be answered.
    Letter(Letter),
    /// A TCP client connected.
    Connected(SocketAddr),
    /// A TCP client closed its connection.
    Disconnected(SocketAddr),
    /// Something went wrong with one peer; the server goes on.
    Problem(String),
}

impl fmt::Display for Arrival {
    /// The line the server prints for it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arrival::Letter(letter) => letter.fmt(f),
            Arrival::Connected(peer) => write!(f, "* {peer} connected"),
            Arrival::Disconnected(peer) => write!(f, "* {peer} disconnected"),
            Arrival::Problem(problem) => write!(f, "! {problem}"),
        }
    }
}

/// One message, and the way back to its sender.
#[derive(Debug)]
pub struct Letter {
    /// Who sent it.
    pub from: SocketAddr,
    /// The message, exactly as received.
    pub body: Vec<u8>,
    way_back: WayBack,
}

#[derive(Debug)]
enum WayBack {
    /// The shared UDP socket: answer with `send_to(…, from)`.
    Udp(Arc<UdpSocket>),
    /// That client's own TCP stream: answer with a line.
    Tcp(Arc<TcpStream>),
}

impl Letter {
    /// The longest answer the transport carries in one piece.
    pub fn max_answer(&self) -> usize {
        match self.way_back {
            WayBack::Udp(_) => MAX_DATAGRAM,
            WayBack::Tcp(_) => MAX_LINE,
        }
    }

    /// Sends `answer` back to the sender.
    pub fn answer(&self, answer: &[u8]) -> std::io::Result<()> {
        match &self.way_back {
            WayBack::Udp(socket) => net::retry(|| socket.send_to(answer, self.from)).map(drop),
            WayBack::Tcp(stream) => {
                let mut line = Vec::with_capacity(answer.len() + 1);
                line.extend_from_slice(answer);
                line.push(b'\n');
                // `&TcpStream` implements Write: no lock needed for one writer.
                (&**stream).write_all(&line)
            }
        }
    }
}

impl fmt::Display for Letter {
    /// `[127.0.0.1:53211] the text`: the sender, then the message as text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {}",
            self.from,
            crate::terminal::printable(&self.body)
        )
    }
}

/// The receiving end of all arrivals.
#[derive(Debug)]
pub struct Inbox {
    arrivals: Receiver<Arrival>,
}

impl Inbox {
    /// Starts receiving on `listener` in the background.
    pub fn open(listener: Listener) -> crate::Result<Inbox> {
        let (sender, arrivals) = mpsc::sync_channel(QUEUE_LENGTH);
        let name = "receiver".to_string();
        match listener {
            Listener::Udp(socket) => {
                let socket = Arc::new(socket);
                std::thread::Builder::new()
                    .name(name)
                    .spawn(move || receive_datagrams(&socket, &sender))
            }
            Listener::Tcp(listener) => std::thread::Builder::new()
                .name(name)
                .spawn(move || accept_connections(&listener, &sender)),
        }
        .map_err(|error| crate::Error::runtime(format!("cannot start receiving: {error}")))?;
        Ok(Inbox { arrivals })
    }

    /// Waits for the next message. Other arrivals (connections, problems)
    /// are printed on the way.
    pub fn next_letter(&self, out: &mut Printer) -> Letter {
        loop {
            match self.next(out) {
                Arrival::Letter(letter) => return letter,
                other => out.line(&other),
            }
        }
    }

    /// Waits for the next arrival. Everything `out` holds is printed before
    /// this waits.
    fn next(&self, out: &mut Printer) -> Arrival {
        if let Ok(arrival) = self.arrivals.try_recv() {
            return arrival;
        }
        out.flush();
        // The receiving threads never stop, so the channel never closes.
        self.arrivals
            .recv()
            .unwrap_or_else(|_| Arrival::Problem("the receiving thread stopped".to_string()))
    }
}

fn receive_datagrams(socket: &Arc<UdpSocket>, inbox: &SyncSender<Arrival>) {
    let mut buffer = vec![0; RECV_BUFFER];
    loop {
        let arrival = match net::retry(|| socket.recv_from(&mut buffer)) {
            Ok((size, from)) => Arrival::Letter(Letter {
                from,
                body: buffer[..size].to_vec(),
                way_back: WayBack::Udp(Arc::clone(socket)),
            }),
            Err(error) => Arrival::Problem(format!("receive failed: {error}")),
        };
        if inbox.send(arrival).is_err() {
            return; // the console loop is gone: the server is ending
        }
    }
}

fn accept_connections(listener: &TcpListener, inbox: &SyncSender<Arrival>) {
    net::accept_forever(
        listener,
        &ConnectionLimit::new(MAX_CONNECTIONS),
        |problem| {
            let _ = inbox.send(Arrival::Problem(problem));
        },
        |stream, peer, admission| {
            let reader_inbox = inbox.clone();
            net::spawn_for_peer(peer, move || {
                let _admission = admission;
                read_connection(stream, peer, &reader_inbox);
            })
            .map_err(|error| format!("cannot start a thread: {error}"))
        },
    )
}

fn read_connection(stream: TcpStream, peer: SocketAddr, inbox: &SyncSender<Arrival>) {
    let stream = Arc::new(stream);
    let _ = stream.set_nodelay(true);
    if inbox.send(Arrival::Connected(peer)).is_err() {
        return;
    }
    let mut reader = BufReader::new(&*stream);
    loop {
        let arrival = match net::read_line(&mut reader, MAX_LINE) {
            Ok(LineRead::Line(body)) => Arrival::Letter(Letter {
                from: peer,
                body,
                way_back: WayBack::Tcp(Arc::clone(&stream)),
            }),
            Ok(LineRead::End) => break,
            Ok(LineRead::Unfinished(size)) => {
                let _ = inbox.send(Arrival::Problem(format!(
                    "{peer} closed the connection in the middle of a line ({size} bytes without a newline)"
                )));
                break;
            }
            Ok(LineRead::TooLong) => {
                let _ = inbox.send(Arrival::Problem(format!(
                    "{peer} sent a line longer than {MAX_LINE} bytes; closing the connection"
                )));
                break;
            }
            Err(error) => {
                let _ = inbox.send(Arrival::Problem(format!(
                    "{peer}: {error}; closing the connection"
                )));
                break;
            }
        };
        if inbox.send(arrival).is_err() {
            return;
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let _ = inbox.send(Arrival::Disconnected(peer));
}
