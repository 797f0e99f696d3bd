//! Where a program talks: a transport, a host and a port,
//! `udp://127.0.0.1:8080`.

use std::fmt;
use std::net::{SocketAddr, ToSocketAddrs};

use crate::{Error, Result};

/// Which transport protocol a socket speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Transport {
    /// Datagrams: no connection, each message travels alone.
    Udp,
    /// A connection carrying a byte stream, which we cut into lines.
    Tcp,
}

impl Transport {
    /// `udp` or `tcp`, as in the `Listening on udp://…` line.
    pub fn scheme(self) -> &'static str {
        match self {
            Transport::Udp => "udp",
            Transport::Tcp => "tcp",
        }
    }
}

/// A transport and a host and port: what `udp://127.0.0.1:8080` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// UDP or TCP.
    pub transport: Transport,
    /// A name or an address, as typed: `127.0.0.1`, `::1`, `localhost`.
    /// Kept as typed (not resolved) so that messages show what the user wrote.
    pub host: String,
    /// The port; 0 asks the operating system for any free one (servers only).
    pub port: u16,
}

impl Endpoint {
    /// Turns the host name into a socket address (a DNS lookup if needed).
    pub fn resolve(&self) -> Result<SocketAddr> {
        let unresolved = || Error::runtime(format!("cannot resolve host '{}'", self.host));
        (self.host.as_str(), self.port)
            .to_socket_addrs()
            .map_err(|_| unresolved())?
            .next()
            .ok_or_else(unresolved)
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let scheme = self.transport.scheme();
        if self.host.contains(':') {
            // An IPv6 address needs brackets, or its colons mix with the port's.
            write!(f, "{scheme}://[{}]:{}", self.host, self.port)
        } else {
            write!(f, "{scheme}://{}:{}", self.host, self.port)
        }
    }
}
