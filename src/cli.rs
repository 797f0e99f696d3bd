//! The command line of `server` and `client`.
//!
//! ```text
//! server [MODE] [--host HOST] [--port PORT] [--tcp] [ROOM OPTIONS]
//! client [MODE] [--host HOST] [--port PORT] [--tcp] [--timeout SECS] [MODE OPTIONS]
//! ```
//!
//! Parsing is written by hand rather than with a crate: it is short, it keeps
//! the build fast on a student laptop, and every message it prints is ours.
//! Options may be written `--port 9000` or `--port=9000`, in any order, before
//! or after the mode. Anything wrong is an [`Error::Usage`] (exit code 2).

use std::ffi::OsString;
use std::fmt;
use std::net::{SocketAddr, ToSocketAddrs};
use std::time::Duration;

use crate::{Error, Result};

/// Where the server listens, unless told otherwise: this machine only.
pub const DEFAULT_HOST: &str = "127.0.0.1";
/// The port of every example in the course.
pub const DEFAULT_PORT: u16 = 8080;
/// How long a client waits for an answer that a program (not a person) gives.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest `--timeout` we accept: a day is plenty for a lesson.
const MAX_TIMEOUT_SECS: f64 = 86_400.0;
/// The shortest: a millisecond. Below it a timeout rounds to nothing, and
/// the system refuses a zero timeout when the program is already running.
const MIN_TIMEOUT_SECS: f64 = 0.001;

/// Which transport protocol a program speaks.
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

/// What the programs do; both sides must run the same mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// One message each way: `Hello, server` and `Hello, client`.
    Hello,
    /// The server sends every message back unchanged.
    Echo,
    /// The server answers each message with a line typed on its console.
    Reply,
    /// A turn-taking dialogue that ends when one side types `exit`.
    Chat,
    /// A chat room for many clients at once.
    Room,
    /// Client only: measures an echo server (requests per second, latency).
    Bench,
    /// Client only: measures a room server (one sender, many receivers).
    RoomBench,
}

impl Mode {
    const ALL: [Mode; 7] = [
        Mode::Hello,
        Mode::Echo,
        Mode::Reply,
        Mode::Chat,
        Mode::Room,
        Mode::Bench,
        Mode::RoomBench,
    ];

    /// The mode's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Hello => "hello",
            Mode::Echo => "echo",
            Mode::Reply => "reply",
            Mode::Chat => "chat",
            Mode::Room => "room",
            Mode::Bench => "bench",
            Mode::RoomBench => "room-bench",
        }
    }

    /// The server mode a client of this mode talks to.
    pub fn server_mode(self) -> Mode {
        match self {
            Mode::Bench => Mode::Echo,
            Mode::RoomBench => Mode::Room,
            other => other,
        }
    }

    fn parse(word: &str, program: &str) -> Result<Mode> {
        let modes = Mode::ALL
            .into_iter()
            .filter(|mode| program == "client" || mode.server_mode() == *mode);
        let names: Vec<_> = modes.clone().map(Mode::name).collect();
        modes
            .into_iter()
            .find(|mode| mode.name() == word)
            .ok_or_else(|| {
                Error::usage(format!(
                    "unknown mode '{word}': expected one of {}",
                    names.join(", ")
                ))
            })
    }
}

impl fmt::Display for Mode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A transport and a host and port: what `udp://127.0.0.1:8080` says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// UDP or TCP.
    pub transport: Transport,
    /// A name or an address, as typed: `127.0.0.1`, `::1`, `localhost`.
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

/// Everything the server was asked to do.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerConfig {
    /// What to do with each message.
    pub mode: Mode,
    /// Where to listen.
    pub endpoint: Endpoint,
    /// What one client may take of the server.
    pub limits: Limits,
}

/// What one client may take of a server: these keep a classroom of
/// strangers from locking everyone else out.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// `--idle-timeout`: a TCP connection that has not completed a line (in
    /// the room: a JOIN) within this is closed; a room member silent for
    /// longer is dropped.
    pub idle_timeout: Duration,
    /// `--max-clients`: TCP connections at once; in the room, members.
    pub max_clients: usize,
    /// `--max-rate`: messages a second one room member may send.
    pub max_rate: u32,
}

/// How long a client may stay silent where a program or a keep-alive
/// speaks (hello, echo, room), unless told otherwise.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long where a person types and waits for a person (reply, chat): a
/// question takes thinking over, and a busy teacher answers one at a time.
pub const DEFAULT_PERSON_TIMEOUT: Duration = Duration::from_secs(600);
/// How many clients a server takes at once, unless told otherwise.
pub const DEFAULT_MAX_CLIENTS: usize = 256;
/// How many messages a second a room member may send, unless told
/// otherwise: far more than anyone types, far less than a flood.
pub const DEFAULT_MAX_RATE: u32 = 100;

impl Limits {
    /// The defaults of `mode`.
    pub fn of(mode: Mode) -> Limits {
        let idle_timeout = match mode {
            Mode::Reply | Mode::Chat => DEFAULT_PERSON_TIMEOUT,
            _ => DEFAULT_IDLE_TIMEOUT,
        };
        Limits {
            idle_timeout,
            max_clients: DEFAULT_MAX_CLIENTS,
            max_rate: DEFAULT_MAX_RATE,
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::of(Mode::Room)
    }
}

/// Everything the client was asked to do.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientConfig {
    /// What to send, and what to expect back.
    pub mode: Mode,
    /// The server to talk to.
    pub endpoint: Endpoint,
    /// `--timeout`, if given. Each mode picks its own default.
    pub timeout: Option<Duration>,
    /// `--name` in the room, if given.
    pub name: Option<String>,
    /// The settings of the `bench` and `room-bench` modes.
    pub bench: BenchSettings,
}

/// The settings of a measurement.
#[derive(Debug, Clone, PartialEq)]
pub struct BenchSettings {
    /// How long to measure (`--duration`).
    pub duration: Duration,
    /// Requests in flight at once (`--window`, bench).
    pub window: usize,
    /// Bytes per message (`--size`).
    pub size: usize,
    /// Print a latency histogram (`--histogram`, bench).
    pub histogram: bool,
    /// Receivers in the room (`--members`, room-bench).
    pub members: usize,
    /// Messages per second the sender offers (`--rate`, room-bench).
    pub rate: u32,
}

impl Default for BenchSettings {
    fn default() -> Self {
        BenchSettings {
            duration: Duration::from_secs(5),
            window: 32,
            size: 32,
            histogram: false,
            members: 50,
            rate: 1000,
        }
    }
}

impl ClientConfig {
    /// How long to wait for an answer that a program gives (hello, echo).
    pub fn machine_timeout(&self) -> Duration {
        self.timeout.unwrap_or(DEFAULT_TIMEOUT)
    }

    /// The command that starts a server this client can talk to: our error
    /// messages suggest it when nobody answers.
    pub fn server_command(&self) -> String {
        let mut command = format!("cargo run --bin server -- {}", self.mode.server_mode());
        if self.endpoint.transport == Transport::Tcp {
            command.push_str(" --tcp");
        }
        if self.endpoint.port != DEFAULT_PORT {
            command.push_str(&format!(" --port {}", self.endpoint.port));
        }
        command
    }
}

/// The outcome of parsing: run, or show help and stop.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed<T> {
    /// Run with this configuration.
    Run(T),
    /// `--help` was asked for: print this text and exit 0.
    Help(&'static str),
}

/// The text of `server --help`.
pub const SERVER_HELP: &str = "\
server: the reference server of socket-kata

Usage: server [MODE] [--host HOST] [--port PORT] [--tcp] [ROOM OPTIONS]

Modes:
  hello   answer every message with \"Hello, client\" (the default)
  echo    send every message back unchanged
  reply   print every message, answer it with a line typed here
  chat    like reply, until either side types \"exit\"
  room    a chat room for many clients; lines typed here go to everyone

Options:
  --host HOST   address to listen on (default 127.0.0.1; 0.0.0.0 or :: for a LAN)
  --port PORT   port to listen on (default 8080; 0 lets the system pick a free one)
  --tcp         speak TCP instead of UDP
  -h, --help    show this help

Limits (what one client may take; see \"What the reference withstands\" in README.md):
  --idle-timeout SECS   close a TCP connection that completes no line (room: no
                        JOIN) within this; drop a room member silent for longer
                        (default 30; reply and chat, where people type: 600)
  --max-clients N       TCP connections at once; room members (default 256)
  --max-rate N          room: messages a second one member may send; a TCP
                        member sending faster is slowed down, extra UDP
                        datagrams are dropped (default 100)

The first line printed is \"Listening on udp://IP:PORT\" (or tcp://) with the real port.
";

/// The text of `client --help`.
pub const CLIENT_HELP: &str = "\
client: the reference client of socket-kata

Usage: client [MODE] [--host HOST] [--port PORT] [--tcp] [--timeout SECS] [MODE OPTIONS]

Modes:
  hello        send \"Hello, server\", print the answer, exit (the default)
  echo         send each line of stdin, print each answer
  reply        the same, for a server whose answers are typed by a person
  chat         take turns with the server until either side types \"exit\"
  room         join a chat room; \"exit\" (or Ctrl+D, Ctrl+C) leaves
  bench        measure an echo server: requests per second and latency
  room-bench   measure a room server: one sender, many receivers

Options:
  --host HOST      the server's address (default 127.0.0.1)
  --port PORT      the server's port (default 8080)
  --tcp            speak TCP instead of UDP
  --timeout SECS   how long to wait for the server (default 5; in reply and chat
                   a person answers, so there is no limit unless given)
  -h, --help       show this help

Room options:
  --name NAME      your name in the room (default: your user name and process id)

Bench options:
  --duration SECS  how long to measure (default 5)
  --size BYTES     bytes per message (default 32)
  --window N       bench: requests in flight at once (default 32)
  --histogram      bench: print a latency histogram
  --members N      room-bench: receivers in the room (default 50)
  --rate N         room-bench: messages per second to send (default 1000)
";

/// Parses `server`'s arguments (without the program name).
pub fn parse_server(args: impl IntoIterator<Item = OsString>) -> Result<Parsed<ServerConfig>> {
    let mut words = Words::new(args)?;
    let mut common = Common::default();
    let (mut idle_timeout, mut max_clients, mut max_rate) = (None, None, None);
    let mut given = Given::default();
    while let Some(word) = words.next() {
        match word.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help(SERVER_HELP)),
            "--idle-timeout" => {
                let seconds = parse_seconds(&word, &words.value(&word)?)?;
                if seconds < MIN_IDLE_TIMEOUT {
                    return Err(Error::usage(format!(
                        "invalid --idle-timeout: at least {} s, so that keep-alives can keep up",
                        MIN_IDLE_TIMEOUT.as_secs_f64()
                    )));
                }
                idle_timeout = Some(seconds);
            }
            "--max-clients" => {
                max_clients = Some(parse_count(&word, &words.value(&word)?, 1, 100_000)?);
            }
            "--max-rate" => {
                let rate = parse_count(&word, &words.value(&word)?, 1, 1_000_000)?;
                max_rate = Some(u32::try_from(rate).unwrap_or(u32::MAX));
                given.note(&word, &[Mode::Room]);
            }
            _ if common.take(&word, &mut words, "server")? => {}
            _ => return Err(unknown_option(&word, "server")),
        }
    }
    let mode = common.mode.unwrap_or(Mode::Hello);
    given.check(mode)?;
    let defaults = Limits::of(mode);
    Ok(Parsed::Run(ServerConfig {
        mode,
        endpoint: common.endpoint(),
        limits: Limits {
            idle_timeout: idle_timeout.unwrap_or(defaults.idle_timeout),
            max_clients: max_clients.unwrap_or(defaults.max_clients),
            max_rate: max_rate.unwrap_or(defaults.max_rate),
        },
    }))
}

/// Load tests are bounded in time.
const MAX_BENCH_DURATION: Duration = Duration::from_secs(600);

/// A shorter idle timeout leaves too little room for keep-alives.
const MIN_IDLE_TIMEOUT: Duration = Duration::from_millis(200);

/// Parses `client`'s arguments (without the program name).
pub fn parse_client(args: impl IntoIterator<Item = OsString>) -> Result<Parsed<ClientConfig>> {
    let mut words = Words::new(args)?;
    let mut common = Common::default();
    let mut timeout = None;
    let mut name = None;
    let mut bench = BenchSettings::default();
    let mut given = Given::default();
    const BENCHES: &[Mode] = &[Mode::Bench, Mode::RoomBench];
    while let Some(word) = words.next() {
        match word.as_str() {
            "-h" | "--help" => return Ok(Parsed::Help(CLIENT_HELP)),
            "--timeout" => timeout = Some(parse_seconds(&word, &words.value(&word)?)?),
            "--name" => {
                let value = words.value(&word)?;
                crate::room::wire::check_name(&value)
                    .map_err(|problem| Error::usage(format!("--name: {problem}")))?;
                name = Some(value);
                given.note(&word, &[Mode::Room]);
            }
            "--duration" => {
                bench.duration = parse_seconds(&word, &words.value(&word)?)?;
                if bench.duration > MAX_BENCH_DURATION {
                    return Err(Error::usage(format!(
                        "invalid --duration: a measurement lasts at most {} s",
                        MAX_BENCH_DURATION.as_secs()
                    )));
                }
                given.note(&word, BENCHES);
            }
            "--size" => {
                bench.size = parse_count(&word, &words.value(&word)?, 16, 1 << 20)?;
                given.note(&word, BENCHES);
            }
            "--window" => {
                bench.window = parse_count(&word, &words.value(&word)?, 1, 4096)?;
                given.note(&word, &[Mode::Bench]);
            }
            "--histogram" => {
                bench.histogram = words.switch(&word)?;
                given.note(&word, &[Mode::Bench]);
            }
            "--members" => {
                bench.members = parse_count(&word, &words.value(&word)?, 1, 1000)?;
                given.note(&word, &[Mode::RoomBench]);
            }
            "--rate" => {
                let rate = parse_count(&word, &words.value(&word)?, 1, 100_000)?;
                bench.rate = u32::try_from(rate).unwrap_or(u32::MAX);
                given.note(&word, &[Mode::RoomBench]);
            }
            _ if common.take(&word, &mut words, "client")? => {}
            _ => return Err(unknown_option(&word, "client")),
        }
    }
    let mode = common.mode.unwrap_or(Mode::Hello);
    given.check(mode)?;
    let endpoint = common.endpoint();
    if BENCHES.contains(&mode) {
        let limit = match endpoint.transport {
            Transport::Udp => crate::net::MAX_DATAGRAM,
            Transport::Tcp => crate::net::MAX_LINE,
        };
        if bench.size > limit {
            return Err(Error::usage(format!(
                "invalid --size {}: one {} message carries at most {limit} bytes",
                bench.size,
                endpoint.transport.scheme().to_uppercase()
            )));
        }
    }
    Ok(Parsed::Run(ClientConfig {
        mode,
        endpoint,
        timeout,
        name,
        bench,
    }))
}

/// Options that only some modes take, and which of them were given.
#[derive(Debug, Default)]
struct Given {
    options: Vec<(String, &'static [Mode])>,
}

impl Given {
    fn note(&mut self, option: &str, modes: &'static [Mode]) {
        self.options.push((option.to_string(), modes));
    }

    /// Refuses an option given to a mode that has no use for it.
    fn check(&self, mode: Mode) -> Result<()> {
        for (option, modes) in &self.options {
            if !modes.contains(&mode) {
                let names: Vec<_> = modes.iter().map(|mode| mode.name()).collect();
                return Err(Error::usage(format!(
                    "{option} only applies to the {} mode, not to {mode}",
                    names.join(" and ")
                )));
            }
        }
        Ok(())
    }
}

/// The options both programs share.
#[derive(Debug, Default)]
struct Common {
    mode: Option<Mode>,
    host: Option<String>,
    port: Option<u16>,
    tcp: bool,
}

impl Common {
    /// Consumes `word` if it is a mode or a shared option; false if it is not.
    fn take(&mut self, word: &str, words: &mut Words, program: &str) -> Result<bool> {
        match word {
            "--host" => self.host = Some(words.value(word)?),
            "--port" => self.port = Some(parse_port(&words.value(word)?)?),
            "--tcp" => self.tcp = words.switch(word)?,
            "--udp" => self.tcp = !words.switch(word)?,
            _ if word.starts_with('-') && word.len() > 1 => return Ok(false),
            _ if self.mode.is_some() => {
                return Err(Error::usage(format!(
                    "unexpected argument '{word}': the mode is already '{}'",
                    self.mode.unwrap_or(Mode::Hello)
                )));
            }
            _ => self.mode = Some(Mode::parse(word, program)?),
        }
        Ok(true)
    }

    fn endpoint(&self) -> Endpoint {
        Endpoint {
            transport: if self.tcp {
                Transport::Tcp
            } else {
                Transport::Udp
            },
            host: self
                .host
                .clone()
                .unwrap_or_else(|| DEFAULT_HOST.to_string()),
            port: self.port.unwrap_or(DEFAULT_PORT),
        }
    }
}

/// The argument list, word by word, with `--name=value` split in two.
struct Words {
    words: std::vec::IntoIter<String>,
    /// The `value` of a `--name=value` word, waiting to be taken.
    attached: Option<String>,
}

impl Words {
    fn new(args: impl IntoIterator<Item = OsString>) -> Result<Words> {
        let words = args
            .into_iter()
            .map(|arg| {
                arg.into_string()
                    .map_err(|arg| Error::usage(format!("argument {arg:?} is not valid UTF-8")))
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Words {
            words: words.into_iter(),
            attached: None,
        })
    }

    fn next(&mut self) -> Option<String> {
        let word = self.words.next()?;
        match word.split_once('=') {
            Some((name, value)) if name.starts_with("--") => {
                self.attached = Some(value.to_string());
                Some(name.to_string())
            }
            _ => Some(word),
        }
    }

    /// The value that follows option `name`.
    fn value(&mut self, name: &str) -> Result<String> {
        if let Some(value) = self.attached.take() {
            return Ok(value);
        }
        self.words
            .next()
            .ok_or_else(|| Error::usage(format!("{name} needs a value")))
    }

    /// Checks that the switch `name` was not given a value; returns true.
    fn switch(&mut self, name: &str) -> Result<bool> {
        match self.attached.take() {
            Some(_) => Err(Error::usage(format!("{name} takes no value"))),
            None => Ok(true),
        }
    }
}

fn unknown_option(word: &str, program: &str) -> Error {
    Error::usage(format!("unknown option '{word}' (see '{program} --help')"))
}

fn parse_count(name: &str, text: &str, min: usize, max: usize) -> Result<usize> {
    match text.parse::<usize>() {
        Ok(count) if (min..=max).contains(&count) => Ok(count),
        _ => Err(Error::usage(format!(
            "invalid {name} '{text}': expected a whole number from {min} to {max}"
        ))),
    }
}

fn parse_port(text: &str) -> Result<u16> {
    text.parse().map_err(|_| {
        Error::usage(format!(
            "invalid port '{text}': expected a number from 0 to 65535"
        ))
    })
}

/// Parses a positive number of seconds, fractions allowed (`0.5`).
pub(crate) fn parse_seconds(name: &str, text: &str) -> Result<Duration> {
    match text.parse::<f64>() {
        Ok(seconds) if (MIN_TIMEOUT_SECS..=MAX_TIMEOUT_SECS).contains(&seconds) => {
            Ok(Duration::from_secs_f64(seconds))
        }
        _ => Err(Error::usage(format!(
            "invalid {name} '{text}': expected a number of seconds from {MIN_TIMEOUT_SECS} to {MAX_TIMEOUT_SECS}"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(line: &str) -> Vec<OsString> {
        line.split_whitespace().map(OsString::from).collect()
    }

    fn server(line: &str) -> Result<ServerConfig> {
        match parse_server(args(line))? {
            Parsed::Run(config) => Ok(config),
            Parsed::Help(_) => panic!("unexpected help for {line:?}"),
        }
    }

    fn client(line: &str) -> Result<ClientConfig> {
        match parse_client(args(line))? {
            Parsed::Run(config) => Ok(config),
            Parsed::Help(_) => panic!("unexpected help for {line:?}"),
        }
    }

    #[test]
    fn defaults_are_hello_over_udp_on_localhost_8080() {
        let config = server("").unwrap();
        assert_eq!(config.mode, Mode::Hello);
        assert_eq!(config.endpoint.to_string(), "udp://127.0.0.1:8080");
    }

    #[test]
    fn options_go_anywhere_and_take_both_spellings() {
        let config = server("--port=0 echo --tcp --host ::1").unwrap();
        assert_eq!(config.mode, Mode::Echo);
        assert_eq!(config.endpoint.to_string(), "tcp://[::1]:0");
    }

    #[test]
    fn client_timeout_accepts_fractions() {
        let config = client("echo --timeout 0.25").unwrap();
        assert_eq!(config.timeout, Some(Duration::from_millis(250)));
    }

    #[test]
    fn usage_errors_name_the_problem() {
        let cases = [
            ("--port 70000", "invalid port '70000'"),
            ("--port", "--port needs a value"),
            ("--bogus", "unknown option '--bogus'"),
            ("shout", "unknown mode 'shout'"),
            ("echo hello", "unexpected argument 'hello'"),
            ("--tcp=yes", "--tcp takes no value"),
        ];
        for (line, expected) in cases {
            let error = server(line).unwrap_err();
            assert!(matches!(error, Error::Usage(_)), "{line}: {error:?}");
            assert!(error.to_string().contains(expected), "{line}: {error}");
        }
        for bad in ["0", "-1", "soon", "NaN", "inf", "1e-10", "0.0009"] {
            let error = client(&format!("--timeout {bad}")).unwrap_err();
            assert!(
                error.to_string().contains("invalid --timeout"),
                "{bad}: {error}"
            );
        }
    }

    #[test]
    fn mode_options_belong_to_their_modes() {
        assert_eq!(
            server("room --idle-timeout 2").unwrap().limits.idle_timeout,
            Duration::from_secs(2)
        );
        assert_eq!(
            client("room --name neo").unwrap().name.as_deref(),
            Some("neo")
        );
        let cases = [
            (
                "echo --name neo",
                "--name only applies to the room mode, not to echo",
            ),
            ("room --window 4", "--window only applies to the bench mode"),
            ("bench --window 0", "invalid --window '0'"),
            (
                "bench --size 65508",
                "invalid --size 65508: one UDP message carries at most 65507",
            ),
            ("room --name two words", "unexpected argument 'words'"),
            ("room --name server", "reserved"),
        ];
        for (line, expected) in cases {
            let error = client(line).unwrap_err();
            assert!(matches!(error, Error::Usage(_)), "{line}: {error:?}");
            assert!(error.to_string().contains(expected), "{line}: {error}");
        }
        assert!(client("bench --tcp --size 65508").is_ok());
        let error = server("bench").unwrap_err().to_string();
        assert!(error.contains("unknown mode 'bench'"), "{error}");
        let error = server("room --idle-timeout 0.1").unwrap_err().to_string();
        assert!(error.contains("at least 0.2 s"), "{error}");
    }

    #[test]
    fn client_suggests_the_matching_server_command() {
        let config = client("echo --tcp --port 9000").unwrap();
        assert_eq!(
            config.server_command(),
            "cargo run --bin server -- echo --tcp --port 9000"
        );
    }
}
