//! The test's own UDP socket, beside the `Peer`s: for what a `Peer` does not
//! show, such as the address an answer comes from, or a client at another
//! loopback address than 127.0.0.1 (stages 01–03 use it).

use std::io::ErrorKind;
use std::net::{SocketAddr, UdpSocket};
use std::time::{Duration, Instant};

use crate::process::Watch;
use crate::{Failure, Proc, Scene, show};

/// The test's own UDP socket, for what a `Peer` does not show: the address
/// an answer comes from, and a client at another address than 127.0.0.1.
/// It logs every step, as a `Peer` does.
pub struct OwnSocket {
    scene: Scene,
    tag: String,
    socket: UdpSocket,
    /// The server under test: a wait ends at once if it has ended.
    server: Watch,
}

impl OwnSocket {
    /// A socket bound to `at`, to talk to the server at `to`; `None` if this
    /// machine cannot bind `at`.
    pub fn bind(scene: &Scene, tag: &str, at: &str, server: &Proc, to: SocketAddr) -> Option<Self> {
        let socket = UdpSocket::bind(at).ok()?;
        let mine = socket.local_addr().ok()?;
        scene.log(tag, format!("opens a UDP socket at {mine} (to {to})"));
        Some(OwnSocket {
            scene: scene.clone(),
            tag: tag.to_string(),
            socket,
            server: server.watch(),
        })
    }

    #[track_caller]
    pub fn send(&self, to: SocketAddr, message: &[u8]) {
        let shown = show::sized(message);
        self.scene.log(&self.tag, format!("sends {shown} to {to}"));
        if let Err(error) = self.socket.send_to(message, to) {
            self.scene.fail(Failure {
                expected: "the test can send to the server".to_string(),
                got: error.to_string(),
                hint: Some("did the server stop?".to_string()),
            });
        }
    }

    /// The next datagram and who sent it; `Err` says what happened instead.
    pub fn receive(&self) -> Result<(Vec<u8>, SocketAddr), String> {
        let wait = self.scene.wait();
        let deadline = Instant::now() + wait;
        let mut buffer = vec![0; 65_536];
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(format!("nothing within {}", show::seconds(wait)));
            }
            // In slices, to notice at once that the server has ended.
            let _ = (self.socket).set_read_timeout(Some(left.min(Duration::from_millis(50))));
            match self.socket.recv_from(&mut buffer) {
                Ok((size, from)) => {
                    let message = buffer[..size].to_vec();
                    let shown = show::sized(&message);
                    self.scene
                        .log(&self.tag, format!("receives {shown} from {from}"));
                    return Ok((message, from));
                }
                Err(error)
                    if matches!(
                        error.kind(),
                        ErrorKind::WouldBlock
                            | ErrorKind::TimedOut
                            | ErrorKind::Interrupted
                            | ErrorKind::ConnectionReset
                    ) => {}
                Err(error) => return Err(format!("an error: {error}")),
            }
            if self.server.has_ended() {
                return Err("nothing: the server ended first (see the log below)".to_string());
            }
        }
    }
}
