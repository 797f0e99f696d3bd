//! The TCP side of a server: the accept loop, a cap on how many clients it
//! serves at once, and a small-stacked thread per client.
//!
//! UDP has nothing like it: one bound socket receives from everyone.

use std::io::{self, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

/// Counts a server's open TCP connections and refuses past a limit.
#[derive(Debug, Clone)]
pub struct ConnectionLimit {
    /// Connections open now, shared with every [`Admission`] so that each
    /// connection's thread gives its place back when it ends.
    open: Arc<AtomicUsize>,
    /// `--max-clients`: past it a client is told the server is full.
    max: usize,
}

/// One admitted connection; dropping it frees the place.
#[derive(Debug)]
pub struct Admission {
    /// The count this admission added one to, and takes one from on drop.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connection_limit_frees_places_on_drop() {
        let limit = ConnectionLimit::new(1);
        let first = limit.admit().expect("one place");
        assert!(limit.admit().is_none());
        drop(first);
        assert!(limit.admit().is_some());
    }
}
