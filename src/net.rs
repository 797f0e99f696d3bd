//! The socket facts every mode relies on: binding, size limits, and lines.
//!
//! # UDP and TCP in four calls each
//!
//! | step            | UDP (`UdpSocket`)                   | TCP (`TcpListener`, `TcpStream`)         |
//! |-----------------|-------------------------------------|------------------------------------------|
//! | claim a port    | `bind`                              | `bind` (which also starts `listen`ing)   |
//! | meet a client   | nothing to do: no connection        | `accept` returns a new `TcpStream`       |
//! | receive         | `recv_from`: one datagram + sender  | `read`: *some* bytes of a stream         |
//! | answer          | `send_to(bytes, sender)`            | `write_all` on that client's stream      |
//!
//! Two consequences shape the code of every mode:
//!
//! * **UDP keeps message boundaries, TCP does not.** One `send_to` is one
//!   `recv_from`, whole or not at all. A TCP `read` may return half a message,
//!   or two at once, so we *frame* TCP messages ourselves: each is a line ending
//!   in `\n` (see [`read_line`]).
//! * **A UDP receive buffer must fit the largest datagram.** `recv_from` into a
//!   1024-byte buffer (as many tutorials do) silently drops the rest of a longer
//!   datagram: no error, the data is just gone. Our buffers hold
//!   [`RECV_BUFFER`] bytes, more than any datagram can carry.
//!
//! There is no `close` of a UDP "connection" because there is no connection:
//! the socket simply stops being used when it is dropped.

use std::io::{self, BufRead, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::cli::{Endpoint, Transport};
use crate::console::Printer;
use crate::{Error, Result};

/// The largest payload one UDP datagram can carry over IPv4:
/// 65,535 (the IP packet limit) − 20 (IP header) − 8 (UDP header).
pub const MAX_DATAGRAM: usize = 65_507;

/// A receive buffer larger than any datagram, so `recv_from` never truncates.
pub const RECV_BUFFER: usize = 65_536;

/// The longest TCP line we accept, not counting its `\n`. Without a limit, a
/// peer that never sends `\n` would make us buffer forever.
pub const MAX_LINE: usize = 64 * 1024;

/// A server's bound socket, of either kind.
#[derive(Debug)]
pub enum Listener {
    /// A UDP socket: it receives from everyone.
    Udp(UdpSocket),
    /// A TCP listening socket: it hands out one stream per client.
    Tcp(TcpListener),
}

impl Listener {
    /// Binds to the endpoint, or explains why not
    /// (`cannot listen on udp://127.0.0.1:8080: Address already in use`).
    pub fn bind(endpoint: &Endpoint) -> Result<Listener> {
        let address = endpoint.resolve()?;
        let bound = match endpoint.transport {
            Transport::Udp => UdpSocket::bind(address).map(Listener::Udp),
            Transport::Tcp => TcpListener::bind(address).map(Listener::Tcp),
        };
        bound.map_err(|error| {
            let advice = match error.kind() {
                io::ErrorKind::AddrInUse => {
                    ": is another server running there? Stop it or pick another --port"
                }
                io::ErrorKind::AddrNotAvailable => {
                    ": this machine has no such address (try 127.0.0.1 or 0.0.0.0)"
                }
                io::ErrorKind::PermissionDenied => ": ports below 1024 need special rights",
                _ => "",
            };
            Error::runtime(format!("cannot listen on {endpoint}: {error}{advice}"))
        })
    }

    /// The address actually bound: with `--port 0` the system picked the port.
    pub fn local_addr(&self) -> Result<SocketAddr> {
        match self {
            Listener::Udp(socket) => socket.local_addr(),
            Listener::Tcp(listener) => listener.local_addr(),
        }
        .map_err(|error| Error::runtime(format!("cannot read the bound address: {error}")))
    }

    /// Prints `Listening on udp://IP:PORT`, the line tests and people wait for.
    pub fn announce(&self, out: &mut Printer) -> Result<()> {
        let scheme = match self {
            Listener::Udp(_) => Transport::Udp.scheme(),
            Listener::Tcp(_) => Transport::Tcp.scheme(),
        };
        out.say(format_args!(
            "Listening on {scheme}://{}",
            self.local_addr()?
        ));
        Ok(())
    }
}

/// What [`read_line`] found on a TCP stream.
#[derive(Debug, PartialEq, Eq)]
pub enum LineRead {
    /// A line, without its `\n` (or `\r\n`).
    Line(Vec<u8>),
    /// More than [`MAX_LINE`] bytes and still no `\n`.
    TooLong,
    /// The peer closed its side: no more lines will come.
    End,
    /// The peer closed its side in the middle of a line: this many bytes
    /// arrived without their `\n`, so they are not a message.
    Unfinished(usize),
    /// The line was not complete by the deadline (or the socket's read
    /// timeout ran out first); this many bytes of it had arrived.
    Idle(usize),
}

/// Reads one `\n`-terminated line of at most `max` bytes from a stream.
///
/// This is our TCP *framing*. A stream has no message boundaries, so the
/// sender ends each message with `\n` and the receiver collects bytes until it
/// sees one, never more than `max` (plus `\r\n`): a peer that never sends
/// `\n` cannot make us buffer forever. Bytes that end without a `\n` (the
/// peer closed the connection in the middle of a line) are not a message:
/// they are reported as [`LineRead::Unfinished`].
///
/// A server also needs a *deadline*. A peer that connects and says nothing,
/// or sends one byte every few seconds and never a `\n`, would hold a
/// connection, and a thread, forever. With `deadline`, the caller sets the
/// socket's read timeout (so that a silent peer is noticed), and the whole
/// line must be complete by `deadline` (so that a trickling one is too):
/// either way the answer is [`LineRead::Idle`]. Without a deadline a read
/// timeout is an error, as for any read.
pub fn read_line(
    reader: &mut impl BufRead,
    max: usize,
    deadline: Option<Instant>,
) -> io::Result<LineRead> {
    let mut line = Vec::new();
    // The longest line, plus "\r\n".
    let ceiling = max + 2;
    loop {
        let size = match retry(|| reader.fill_buf().map(|available| available.len())) {
            Ok(size) => size,
            Err(error) if deadline.is_some() && is_timeout(&error) => {
                return Ok(LineRead::Idle(line.len()));
            }
            Err(error) => return Err(error),
        };
        if size == 0 {
            return Ok(match line.len() {
                0 => LineRead::End,
                size => LineRead::Unfinished(size),
            });
        }
        // The bytes are buffered now: this second look costs no system call.
        let available = reader.fill_buf()?;
        let window = &available[..available.len().min(ceiling - line.len())];
        if let Some(end) = window.iter().position(|&byte| byte == b'\n') {
            line.extend_from_slice(&window[..end]);
            reader.consume(end + 1);
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            if line.len() > max {
                return Ok(LineRead::TooLong);
            }
            return Ok(LineRead::Line(line));
        }
        let taken = window.len();
        line.extend_from_slice(window);
        reader.consume(taken);
        if line.len() >= ceiling {
            return Ok(LineRead::TooLong);
        }
        if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
            return Ok(LineRead::Idle(line.len()));
        }
    }
}

/// Counts a server's open TCP connections and refuses past a limit.
#[derive(Debug, Clone)]
pub struct ConnectionLimit {
    open: Arc<AtomicUsize>,
    max: usize,
}

/// One admitted connection; dropping it frees the place.
#[derive(Debug)]
pub struct Admission {
    open: Arc<AtomicUsize>,
}

impl ConnectionLimit {
    /// Admits at most `max` connections at once.
    pub fn new(max: usize) -> Self {
        ConnectionLimit {
            open: Arc::new(AtomicUsize::new(0)),
            max,
        }
    }

    /// A place for one more connection, or `None` when all are taken.
    pub fn admit(&self) -> Option<Admission> {
        let before = self.open.fetch_add(1, Ordering::SeqCst);
        if before >= self.max {
            self.open.fetch_sub(1, Ordering::SeqCst);
            return None;
        }
        Some(Admission {
            open: Arc::clone(&self.open),
        })
    }
}

impl Drop for Admission {
    fn drop(&mut self) {
        self.open.fetch_sub(1, Ordering::SeqCst);
    }
}

/// The accept loop every TCP server here shares.
///
/// `accept` waits for the next client and returns a stream that talks to it
/// alone, plus its address: TCP's counterpart of `recv_from`. A client past
/// `limit` is told the server is full and closed; the others go to `start`, which hands the
/// connection to a thread of its own (keeping the [`Admission`] until the
/// connection ends) or says why it could not. Problems go to `report`, and
/// the loop goes on: one bad connection never stops a server.
pub fn accept_forever(
    listener: &TcpListener,
    limit: &ConnectionLimit,
    mut report: impl FnMut(String),
    mut start: impl FnMut(TcpStream, SocketAddr, Admission) -> std::result::Result<(), String>,
) -> ! {
    loop {
        let (stream, peer) = match listener.accept() {
            Ok(accepted) => accepted,
            Err(error) => {
                report(format!("accept failed: {error}"));
                // Out of file descriptors, say: back off instead of spinning.
                std::thread::sleep(Duration::from_millis(100));
                continue;
            }
        };
        let Some(admission) = limit.admit() else {
            report(format!(
                "{peer}: already {} connections, turning this one away",
                limit.max
            ));
            turn_away(stream, limit.max);
            continue;
        };
        if let Err(problem) = start(stream, peer, admission) {
            report(format!("{peer}: {problem}"));
        }
    }
}

/// The line a TCP server sends a client it has no room for, before it
/// closes the connection. The reference clients recognise it by its start
/// ([`FULL`]) when it is the first line they receive, and exit with it.
pub fn full_line(max: usize) -> String {
    format!("{FULL} ({max} connections at once); try again later")
}

/// How a "server is full" line starts.
pub const FULL: &str = "ERROR the server is full";

/// Tells a client there is no room, and closes the connection, without ever
/// blocking the accept loop: the socket is new, so its send buffer is empty
/// and the short line fits, and the socket is non-blocking anyway.
fn turn_away(stream: TcpStream, max: usize) {
    if stream.set_nonblocking(true).is_err() {
        return;
    }
    let _ = (&stream).write_all(format!("{}\n", full_line(max)).as_bytes());
    // Closing a socket that still holds unread input resets the connection,
    // and a reset can make the client's system discard our line before the
    // client reads it. So read what the client has sent already, then say
    // we are done sending, then close.
    let mut sink = [0; 4096];
    while let Ok(1..) = io::Read::read(&mut &stream, &mut sink) {}
    let _ = stream.shutdown(std::net::Shutdown::Write);
}

/// Starts a thread for one peer. Its stack is small: a peer's thread only
/// holds a few buffers, and they live on the heap. With thousands of threads
/// the default (2 MiB of address space each) adds up.
pub fn spawn_for_peer(peer: SocketAddr, work: impl FnOnce() + Send + 'static) -> io::Result<()> {
    std::thread::Builder::new()
        .name(format!("peer {peer}"))
        .stack_size(256 * 1024)
        .spawn(work)
        .map(drop)
}

/// Runs a system call again for as long as it fails with `Interrupted`.
///
/// A signal that arrives while a program waits in a system call can make the
/// call fail with `EINTR` ("Interrupted system call", `ErrorKind::Interrupted`)
/// instead of finishing. It is not an error: nothing happened, the call just
/// has to be made again. std repeats it for us in some calls (`accept`,
/// `write_all`, `read_until`, `connect_timeout`, `thread::sleep`) but not in
/// `recv`, `recv_from`, `send`, `send_to` or `fill_buf`.
///
/// On Linux it happens even without any signal handler: a process stopped
/// with Ctrl+Z and resumed with `fg` finds a socket receive that had a
/// timeout (`set_read_timeout`) failing with `EINTR`. Windows has no such
/// signals and never reports `Interrupted` here; the loop costs nothing there.
///
/// After a retry a receive with a timeout waits its whole timeout again:
/// for the waits in this crate (a person's answer, a keep-alive) that is
/// what we want anyway.
pub fn retry<T>(mut call: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    loop {
        match call() {
            Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
            done => return done,
        }
    }
}

/// True for the errors a blocking call returns when its timeout ran out.
/// Unix says `WouldBlock`, Windows says `TimedOut`: match both.
pub fn is_timeout(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<LineRead> {
        let mut reader = io::BufReader::with_capacity(4, input);
        let mut found = Vec::new();
        loop {
            let next = read_line(&mut reader, max, None).unwrap();
            let done = matches!(
                next,
                LineRead::End | LineRead::TooLong | LineRead::Unfinished(_)
            );
            found.push(next);
            if done {
                return found;
            }
        }
    }

    #[test]
    fn a_stream_is_cut_at_each_newline_whatever_the_read_sizes() {
        assert_eq!(
            lines(b"one\r\ntwo\n\nlast", 10),
            vec![
                LineRead::Line(b"one".to_vec()),
                LineRead::Line(b"two".to_vec()),
                LineRead::Line(Vec::new()),
                LineRead::Unfinished(4),
            ]
        );
    }

    #[test]
    fn a_line_at_the_limit_passes_and_one_past_it_does_not() {
        assert_eq!(lines(b"12345\n", 5)[0], LineRead::Line(b"12345".to_vec()));
        assert_eq!(lines(b"12345\r\n", 5)[0], LineRead::Line(b"12345".to_vec()));
        assert_eq!(lines(b"123456\n", 5), vec![LineRead::TooLong]);
        assert_eq!(lines(b"1234567890", 5), vec![LineRead::TooLong]);
        assert_eq!(lines(b"1234567", 5), vec![LineRead::TooLong]);
        assert_eq!(lines(b"12345\n", 5).last(), Some(&LineRead::End));
    }

    /// A stream that has sent `bytes`, then only makes its reader wait.
    struct Trickle(&'static [u8]);

    impl io::Read for Trickle {
        fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::ErrorKind::WouldBlock.into());
            }
            let size = self.0.len().min(buffer.len());
            buffer[..size].copy_from_slice(&self.0[..size]);
            self.0 = &self.0[size..];
            Ok(size)
        }
    }

    #[test]
    fn a_line_not_complete_by_its_deadline_is_idle() {
        let soon = Some(Instant::now() + Duration::from_secs(60));
        let mut silent = io::BufReader::new(Trickle(b""));
        assert_eq!(read_line(&mut silent, 10, soon).unwrap(), LineRead::Idle(0));
        let mut half = io::BufReader::new(Trickle(b"half a li"));
        assert_eq!(read_line(&mut half, 10, soon).unwrap(), LineRead::Idle(9));
        let past = Some(Instant::now());
        let mut slow = io::BufReader::with_capacity(2, Trickle(b"slow\n"));
        assert_eq!(read_line(&mut slow, 10, past).unwrap(), LineRead::Idle(2));
        // Without a deadline, a read timeout is an error like any other.
        let mut client = io::BufReader::new(Trickle(b""));
        assert!(read_line(&mut client, 10, None).is_err());
    }

    #[test]
    fn the_connection_limit_frees_places_on_drop() {
        let limit = ConnectionLimit::new(1);
        let first = limit.admit().expect("one place");
        assert!(limit.admit().is_none());
        drop(first);
        assert!(limit.admit().is_some());
    }
}
