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
//!   1024-byte buffer (as many tutorials do) loses the rest of a longer
//!   datagram. On Linux and macOS silently: the call succeeds with 1024 bytes
//!   and the rest is gone. On Windows the call fails with `WSAEMSGSIZE`
//!   (a message too long for the buffer) and the datagram is lost all the
//!   same. Our buffers hold [`RECV_BUFFER`] bytes, more than any datagram can
//!   carry, so neither happens.
//!
//! There is no `close` of a UDP "connection" because there is no connection:
//! the socket simply stops being used when it is dropped.
//!
//! # What is where
//!
//! * here: explaining a failed `bind` ([`cannot_bind`]), the `Listening on`
//!   line ([`announce`]), the size limits, [`retry`];
//! * [`endpoint`]: [`Transport`] and [`Endpoint`], `udp://127.0.0.1:8080`;
//! * [`lines`]: framing a TCP stream into lines ([`read_line`]);
//! * [`accept`]: the TCP accept loop, and how many clients it admits;
//! * [`limits`]: what one client may take of a server ([`Limits`]).

use std::io;
use std::net::SocketAddr;

use crate::console::Printer;
use crate::{Error, Result};

pub mod accept;
pub mod endpoint;
pub mod limits;
pub mod lines;

pub use accept::{Admission, ConnectionLimit, FULL, accept_forever, full_line, spawn_for_peer};
pub use endpoint::{Endpoint, Transport};
pub use limits::Limits;
pub use lines::{LineRead, read_line, why_ended};

/// The largest payload one UDP datagram can carry over IPv4:
/// 65,535 (the IP packet limit) − 20 (IP header) − 8 (UDP header).
pub const MAX_DATAGRAM: usize = 65_507;

/// A receive buffer larger than any datagram, so `recv_from` never loses
/// part of one (see the module docs for what each system does otherwise).
pub const RECV_BUFFER: usize = 65_536;

/// The longest TCP line we accept, not counting its `\n`. Without a limit, a
/// peer that never sends `\n` would make us buffer forever.
pub const MAX_LINE: usize = 64 * 1024;

/// Explains why a server's `bind` failed, with what to do about it
/// (`cannot listen on udp://127.0.0.1:8080: Address already in use: is
/// another server running there? …`).
///
/// Each mode binds its own socket, where a student reads it:
/// `UdpSocket::bind` (a UDP socket is only *bound*: no `listen`, no
/// connections, it receives from anyone) or `TcpListener::bind` (which
/// binds and starts listening: `accept` hands out one stream per client).
pub fn cannot_bind(endpoint: &Endpoint, error: &io::Error) -> Error {
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
}

/// Prints `Listening on udp://IP:PORT`, the line tests and people wait for,
/// with the address the socket actually got (`bound`, its `local_addr()`):
/// with `--port 0` the system picked the port. ("Listening" is what people
/// say of a server; for UDP it means bound.)
pub fn announce(
    out: &mut Printer,
    transport: Transport,
    bound: io::Result<SocketAddr>,
) -> Result<()> {
    let bound =
        bound.map_err(|error| Error::runtime(format!("cannot read the bound address: {error}")))?;
    out.say(format_args!(
        "Listening on {}://{bound}",
        transport.scheme()
    ));
    Ok(())
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
