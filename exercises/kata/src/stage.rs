//! A stage of the kata, as its tests see it: which server and client to run.
//!
//! Normally that is the student's own `server.rs` and `client.rs`. When the
//! environment variable [`REFERENCE_ENV`] names a folder, the same tests run
//! the *reference* programs from that folder instead (`server MODE`,
//! `client MODE`). `cargo kata verify` uses this switch to prove every test
//! fair: each one fails on the starter code as shipped, and passes against the
//! reference. A test that the reference fails, or that a starter passes, can
//! therefore never be shipped.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use crate::diagnose::Framing;
use crate::peer::{Peer, Transport};
use crate::process::Proc;
use crate::program::Program;
use crate::scene::Scene;

/// Set to a folder holding the reference `server` and `client` to test those.
pub const REFERENCE_ENV: &str = "KATA_REFERENCE_BIN_DIR";

/// Set to an executable to test it as the stage's server.
pub const SERVER_ENV: &str = "KATA_SERVER_PROGRAM";

/// Set to an executable to test it as the stage's client.
pub const CLIENT_ENV: &str = "KATA_CLIENT_PROGRAM";

/// The programs a stage's tests run.
#[derive(Debug, Clone)]
pub struct Stage {
    /// The reference mode this stage rebuilds (`hello`, `reply`, …).
    mode: String,
    /// UDP for stages 01–04, TCP for the TCP track.
    transport: Transport,
    server: Program,
    client: Program,
}

impl Stage {
    /// The UDP stage of Cargo package `package`, whose binaries are at
    /// `server` and `client`, rebuilding the reference's `mode`.
    pub fn new(package: &str, mode: &str, server: &Path, client: &Path) -> Stage {
        Stage::over(Transport::Udp, package, mode, server, client)
    }

    /// The same for a stage of the TCP track: the reference runs with `--tcp`.
    pub fn tcp(package: &str, mode: &str, server: &Path, client: &Path) -> Stage {
        Stage::over(Transport::Tcp, package, mode, server, client)
    }

    fn over(
        transport: Transport,
        package: &str,
        mode: &str,
        server: &Path,
        client: &Path,
    ) -> Stage {
        let mut leading = vec![mode];
        leading.extend(transport.flags());
        let (mut server, mut client) = match non_empty_env(REFERENCE_ENV) {
            Some(folder) => {
                let folder = PathBuf::from(folder);
                let program = |name: &str| {
                    let path = folder.join(format!("{name}{}", std::env::consts::EXE_SUFFIX));
                    Program::cargo(&path, "socket-kata").with_args(&leading)
                };
                (program("server"), program("client"))
            }
            None => (
                Program::cargo(server, package),
                Program::cargo(client, package),
            ),
        };
        if let Some(path) = non_empty_env(SERVER_ENV) {
            server = Program::cargo(Path::new(&path), package);
        }
        if let Some(path) = non_empty_env(CLIENT_ENV) {
            client = Program::cargo(Path::new(&path), package);
        }
        Stage {
            mode: mode.to_string(),
            transport,
            server,
            client,
        }
    }

    /// `echo`, or `echo --tcp`: the reference's arguments for this stage.
    fn mode_args(&self) -> String {
        let mut words = vec![self.mode.as_str()];
        words.extend(self.transport.flags());
        words.join(" ")
    }

    /// Tells the scene how this stage's messages travel, for its diagnoses.
    fn set_framing(&self, scene: &Scene) {
        scene.set_framing(match self.transport {
            Transport::Udp => Framing::Datagrams,
            Transport::Tcp => Framing::Stream,
        });
    }

    /// The transport the stage's programs speak.
    pub fn transport(&self) -> Transport {
        self.transport
    }

    /// Starts the server on a free port (`--port 0`) plus `args`.
    #[track_caller]
    pub fn server(&self, scene: &Scene, args: &[&str]) -> Proc {
        self.set_framing(scene);
        let mut all = vec!["--port", "0"];
        all.extend(args);
        scene.spawn("server", &self.server, &all)
    }

    /// Starts the server and waits for its `Listening on udp://…` line
    /// (`tcp://` on the TCP track).
    #[track_caller]
    pub fn start_server(&self, scene: &Scene, args: &[&str]) -> (Proc, SocketAddr) {
        let mut server = self.server(scene, args);
        let address = server.listening(self.transport.scheme());
        (server, address)
    }

    /// Starts a client of the server at `server`, plus `args`.
    #[track_caller]
    pub fn client(&self, scene: &Scene, tag: &str, server: SocketAddr, args: &[&str]) -> Proc {
        self.set_framing(scene);
        let host = server.ip().to_string();
        let port = server.port().to_string();
        let mut all = vec!["--host", host.as_str(), "--port", port.as_str()];
        all.extend(args);
        scene.spawn(tag, &self.client, &all)
    }

    /// The test's own socket, playing a client of the server under test
    /// (whose end it notices at once). The failure report tells the student
    /// how to play that part by hand.
    #[track_caller]
    pub fn test_client(
        &self,
        scene: &Scene,
        tag: &str,
        server: &Proc,
        address: SocketAddr,
    ) -> Peer {
        scene.by_hand(format!(
            "# the test played a client; to be one yourself (`cargo run` works from any folder):\n    \
             cargo run -q -p socket-kata --bin client -- {} --port 8080",
            self.mode_args()
        ));
        let mut peer = scene.client_peer(tag, self.transport, address);
        peer.watch(server);
        peer
    }

    /// The test's own UDP socket, playing the server for the client under
    /// test. (On the TCP track, use [`Scene::tcp_server_socket`] and
    /// [`crate::peer::accept_peer`].)
    #[track_caller]
    pub fn test_server(&self, scene: &Scene, tag: &str) -> Peer {
        scene.by_hand(format!(
            "# the test played the server; to start a real one yourself:\n    \
             cargo run -q -p socket-kata --bin server -- {} --port 8080",
            self.mode_args()
        ));
        scene.udp_server_peer(tag)
    }
}

impl Stage {
    /// A TCP listener that plays the server for the client under test (the
    /// TCP track); accept its connection with [`crate::peer::accept_from`].
    /// The replay tells the student to start the reference server instead.
    #[track_caller]
    pub fn tcp_test_server(&self, scene: &Scene, tag: &str) -> std::net::TcpListener {
        scene.by_hand(format!(
            "# the test played the server; to start a real one yourself:\n    \
             cargo run -q -p socket-kata --bin server -- {} --port 8080",
            self.mode_args()
        ));
        scene.tcp_server_socket(tag)
    }

    /// The same, for a test whose server never answers: the replay tells
    /// the student to start `cargo kata silent --tcp`.
    #[track_caller]
    pub fn tcp_silent_test_server(&self, scene: &Scene, tag: &str) -> std::net::TcpListener {
        scene.by_hand(
            "# the test played a server that never answers; to start one yourself:\n    \
             cargo kata silent --tcp --port 8080",
        );
        scene.tcp_server_socket(tag)
    }
}

/// A server that receives and never answers: for a test of a client that
/// must give up. Keep it alive as long as the test needs the silence.
pub struct SilentServer {
    /// Holds the port; nothing ever reads it (UDP) or accepts on it (TCP:
    /// the system still completes the connection, into the listen backlog).
    _socket: Box<dyn std::any::Any>,
    address: SocketAddr,
}

impl SilentServer {
    /// Where the client under test should send.
    pub fn address(&self) -> SocketAddr {
        self.address
    }
}

impl Stage {
    /// Starts a server that stays silent, and tells the replay how to start
    /// one by hand (`cargo kata silent`).
    #[track_caller]
    pub fn silent_server(&self, scene: &Scene) -> SilentServer {
        let (socket, address): (Box<dyn std::any::Any>, _) = match self.transport {
            Transport::Udp => {
                let socket = std::net::UdpSocket::bind("127.0.0.1:0").expect("a free UDP port");
                let address = socket.local_addr().expect("a local address");
                (Box::new(socket), address)
            }
            Transport::Tcp => {
                let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free TCP port");
                let address = listener.local_addr().expect("a local address");
                (Box::new(listener), address)
            }
        };
        scene.remember_port(address.port());
        scene.note(format!(
            "keeps a silent server at {address}: it receives and never answers"
        ));
        let tcp = match self.transport {
            Transport::Udp => "",
            Transport::Tcp => " --tcp",
        };
        scene.by_hand(format!(
            "# the test kept a silent server; to start one yourself:\n    \
             cargo kata silent --port 8080{tcp}"
        ));
        SilentServer {
            _socket: socket,
            address,
        }
    }
}

/// An environment variable's value, unless unset or empty.
fn non_empty_env(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name).filter(|value| !value.is_empty())
}
