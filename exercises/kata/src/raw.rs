//! What the test's `Peer` cannot do over TCP, done with a plain `TcpStream`:
//! a line written in two pieces with a pause, two lines in one write, a
//! character cut in the middle. Everything is logged like a `Peer`'s steps.
//!
//! The TCP track's check that a program writes every line whole even when
//! paused mid-send ([`pause_and_resume`]) lives here too.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use crate::process::Proc;
use crate::scene::{Failure, Scene};
use crate::show;
use crate::want::Want;

/// How long a pause between two pieces of a line lasts: long enough that the
/// pieces arrive in two reads.
pub const PAUSE: Duration = Duration::from_millis(200);

/// One end of a TCP connection, written and read byte by byte.
pub struct Raw {
    scene: Scene,
    tag: String,
    /// Who is at the other end, for reports: "server" or "client".
    other: &'static str,
    stream: TcpStream,
    reader: BufReader<TcpStream>,
    /// Bytes of a line that has not ended yet.
    partial: Vec<u8>,
}

impl Raw {
    /// Connects to the server at `address`.
    #[track_caller]
    pub fn connect(scene: &Scene, tag: &str, address: SocketAddr) -> Raw {
        let stream = scene.connect_tcp(address);
        let raw = Raw::around(scene, tag, "server", stream);
        scene.log(
            tag,
            format!("connects at {} (to {address})", raw.local_addr()),
        );
        raw
    }

    /// Accepts the connection of `client` on `listener` (the test plays
    /// the server); fails at once if the client ends before it connects.
    #[track_caller]
    pub fn accept_from(scene: &Scene, tag: &str, listener: &TcpListener, client: &Proc) -> Raw {
        let (stream, _) = crate::peer::accept_stream(scene, tag, listener, Some(&client.watch()));
        Raw::around(scene, tag, "client", stream)
    }

    fn around(scene: &Scene, tag: &str, other: &'static str, stream: TcpStream) -> Raw {
        let _ = stream.set_nodelay(true);
        let reader = BufReader::new(stream.try_clone().expect("a stream to clone"));
        Raw {
            scene: scene.clone(),
            tag: tag.to_string(),
            other,
            stream,
            reader,
            partial: Vec::new(),
        }
    }

    /// This end's address: what the other side sees as its peer.
    pub fn local_addr(&self) -> SocketAddr {
        self.stream.local_addr().expect("a local address")
    }

    /// A second handle on the same connection, to write from another thread.
    pub fn writer(&self) -> TcpStream {
        self.stream.try_clone().expect("a stream to clone")
    }

    /// Writes `bytes` in one write call.
    #[track_caller]
    pub fn write(&mut self, bytes: &[u8]) {
        self.scene.log(
            &self.tag,
            format!(
                "writes {} ({} bytes) in one write",
                show::quoted(bytes),
                bytes.len()
            ),
        );
        if let Err(error) = self.stream.write_all(bytes) {
            self.scene.fail(Failure {
                expected: format!("the test can write to the {}", self.other),
                got: error.to_string(),
                hint: Some(format!("did the {} close the connection?", self.other)),
            });
        }
    }

    /// Waits a moment, so that what comes next arrives in a read of its own.
    pub fn pause(&self) {
        self.scene.log(
            &self.tag,
            format!("waits {} before writing the rest", show::seconds(PAUSE)),
        );
        thread::sleep(PAUSE);
    }

    /// Closes the connection (the other side reads 0 bytes).
    pub fn close(self) {
        self.scene.log(&self.tag, "closes the connection");
        let _ = self.stream.shutdown(std::net::Shutdown::Both);
    }

    /// Ends the connection abruptly, as a killed program would: waits until
    /// the other side's bytes have arrived, then closes without reading
    /// them, so the system answers with a reset (RST) instead of a goodbye.
    pub fn vanish(self) {
        let deadline = Instant::now() + self.scene.wait();
        let mut byte = [0u8; 1];
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() || !self.reader.buffer().is_empty() {
                break;
            }
            let _ = self.stream.set_read_timeout(Some(left));
            match self.stream.peek(&mut byte) {
                Err(error) if is_timeout(&error) => continue,
                _ => break,
            }
        }
        self.scene.log(
            &self.tag,
            "closes the connection without reading what arrived: the system resets it (RST)",
        );
    }

    /// The next line (without its `\n`) must be one that `want` accepts.
    #[track_caller]
    pub fn expect_line(&mut self, want: Want) -> Vec<u8> {
        let deadline = Instant::now() + self.scene.wait();
        let got = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break format!("nothing within {}", show::seconds(self.scene.wait()));
            }
            let _ = self.reader.get_ref().set_read_timeout(Some(left));
            match self.reader.read_until(b'\n', &mut self.partial) {
                Ok(_) if self.partial.last() == Some(&b'\n') => {
                    let mut line = std::mem::take(&mut self.partial);
                    line.pop();
                    self.scene.log(
                        &self.tag,
                        format!("receives {} ({} bytes)", show::quoted(&line), line.len()),
                    );
                    if want.accepts(&line) {
                        return line;
                    }
                    break format!("{} instead", show::quoted(&line));
                }
                Ok(_) => {
                    let rest = std::mem::take(&mut self.partial);
                    break if rest.is_empty() {
                        format!("the {} closed the connection", self.other)
                    } else {
                        format!(
                            "{} and then the end of the connection, without a \\n",
                            show::quoted(&rest)
                        )
                    };
                }
                Err(error) if is_timeout(&error) => continue,
                Err(error) => break format!("an error: {error}"),
            }
        };
        self.scene.fail(Failure {
            expected: format!("the {} sends the test {}", self.other, want.what()),
            got,
            hint: want.hint_text().map(str::to_string),
        })
    }

    /// True if the other side closes the connection within the wait; lines
    /// that come first are logged and skipped.
    pub fn closed_by_other(&mut self) -> bool {
        let deadline = Instant::now() + self.scene.wait();
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            let _ = self.reader.get_ref().set_read_timeout(Some(left));
            match self.reader.read_until(b'\n', &mut self.partial) {
                Ok(0) => return true,
                Ok(_) if self.partial.last() == Some(&b'\n') => {
                    let line = std::mem::take(&mut self.partial);
                    self.scene
                        .log(&self.tag, format!("receives {}", show::quoted(&line)));
                }
                Ok(_) => return true,
                Err(error) if is_timeout(&error) => continue,
                Err(_) => return true,
            }
        }
    }
}

fn is_timeout(error: &io::Error) -> bool {
    matches!(
        error.kind(),
        io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
    )
}

/// Pauses and resumes a process, as Ctrl+Z and `fg` in its terminal do
/// (SIGSTOP, then SIGCONT). Returns false where there are no such signals.
pub fn pause_and_resume(pid: u32) -> bool {
    if !cfg!(unix) {
        return false;
    }
    for signal in ["-STOP", "-CONT"] {
        let sent = Command::new("kill")
            .args([signal, &pid.to_string()])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
        if !sent.is_ok_and(|status| status.success()) {
            return false;
        }
    }
    true
}
