//! The command line of `server` and `client`, declared with clap's derive
//! API: each program is a struct, each mode a subcommand with its own
//! options and its own `--help`.
//!
//! ```text
//! server [MODE] [--host HOST] [--port PORT] [--tcp] [LIMITS]     (server --help, server room --help)
//! client [MODE] [--host HOST] [--port PORT] [--tcp] [--timeout SECS] [MODE OPTIONS]
//! ```
//!
//! The mode may be left out (`hello`). The options every mode shares are
//! *global*: they may come before or after the mode. An option a mode has
//! no use for is simply not declared in it, so clap refuses it.
//!
//! clap's own error messages are several lines long (the error, a tip, the
//! usage). Ours are one line starting with `error:`, so that a student (and a
//! test) reads one thing: [`usage_error`] rewords clap's error into an
//! [`Error::Usage`] (exit code 2), keeping its "did you mean" suggestion.
//!
//! (Longer than 500 lines only because of its unit tests, which check every
//! error message a student may meet.)
//!
//! This module is the only one that knows the programs' names and options;
//! so it also words the advice that names a command ([`ClientConfig::advice`]).

use std::ffi::OsString;
use std::time::Duration;

use clap::error::{ContextKind, ContextValue, ErrorKind};
use clap::{Args, Parser, Subcommand};

use crate::net::{self, Endpoint, Limits, Transport};
use crate::{Error, Result};

/// Where the server listens, unless told otherwise: this machine only.
pub const DEFAULT_HOST: &str = "127.0.0.1";
/// The port of every example in the course.
pub const DEFAULT_PORT: u16 = 8080;
/// How long a client waits for an answer that a program (not a person) gives:
/// on a LAN an answer takes milliseconds, so 5 s means the server is not there.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(5);
/// The longest time option we accept: a day is plenty for a lesson.
const MAX_SECONDS: f64 = 86_400.0;
/// The shortest: a millisecond. Below it a timeout rounds to nothing, and
/// the system refuses a zero timeout when the program is already running.
const MIN_SECONDS: f64 = 0.001;
/// A shorter idle timeout leaves too little room for keep-alives (the room
/// client sends one every quarter of it).
const MIN_IDLE_TIMEOUT: Duration = Duration::from_millis(200);
/// Load tests are bounded in time: a forgotten bench must not run all day.
const MAX_BENCH_DURATION: Duration = Duration::from_secs(600);

/// `server`: the reference server of socket-kata.
#[derive(Debug, Parser)]
#[command(
    name = "server",
    about = "server: the reference server of socket-kata",
    override_usage = "server [MODE] [--host HOST] [--port PORT] [--tcp] [LIMITS]",
    subcommand_value_name = "MODE",
    subcommand_help_heading = "Modes",
    disable_help_subcommand = true,
    args_override_self = true,
    mut_arg("host", |arg| arg.help("Address to listen on: 0.0.0.0 or :: for a LAN [default: 127.0.0.1]")),
    mut_arg("port", |arg| arg.help("Port to listen on: 0 lets the system pick a free one [default: 8080]")),
    after_help = "Each mode has its own help: server room --help.\n\
                  The first line printed is \"Listening on udp://IP:PORT\" (or tcp://) with the real port."
)]
struct ServerLine {
    /// What to do with each message (default: hello).
    #[command(subcommand)]
    mode: Option<ServerMode>,
    #[command(flatten)]
    at: Place,
    #[command(flatten)]
    limits: LimitOptions,
}

/// The server's modes; the client has the same ones, plus its benches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Subcommand)]
pub enum ServerMode {
    /// Answer every message with "Hello, client" (the default)
    Hello,
    /// Send every message back unchanged
    Echo {
        /// Print in batches: as fast as bare-echo, which prints nothing
        /// (src/batched.rs; without it, one write per line)
        #[arg(long)]
        batched: bool,
    },
    /// Print every message, answer it with a line typed here
    Reply,
    /// Like reply, until either side types "exit"
    Chat,
    /// A chat room for many clients; lines typed here go to everyone
    Room {
        /// Messages a second one member may send: a faster TCP member is
        /// slowed down, extra UDP datagrams dropped [default: 100]
        #[arg(long, value_name = "N", value_parser = per_second::<1_000_000>)]
        max_rate: Option<u32>,
    },
}

impl ServerMode {
    /// The mode's name on the command line.
    pub fn name(self) -> &'static str {
        match self {
            ServerMode::Hello => "hello",
            ServerMode::Echo { .. } => "echo",
            ServerMode::Reply => "reply",
            ServerMode::Chat => "chat",
            ServerMode::Room { .. } => "room",
        }
    }
}

/// Where to talk: the options every program shares, before or after the mode.
#[derive(Debug, Args)]
pub struct Place {
    /// The server's address [default: 127.0.0.1]
    #[arg(long, global = true, value_name = "HOST")]
    host: Option<String>,
    /// The server's port [default: 8080]
    #[arg(long, global = true, value_name = "PORT", value_parser = port, allow_negative_numbers = true)]
    port: Option<u16>,
    /// Speak TCP instead of UDP
    #[arg(long, global = true)]
    tcp: bool,
}

impl Place {
    /// The endpoint these options name, defaults filled in.
    pub fn endpoint(&self) -> Endpoint {
        Endpoint {
            transport: if self.tcp {
                Transport::Tcp
            } else {
                Transport::Udp
            },
            host: self.host.clone().unwrap_or_else(|| DEFAULT_HOST.into()),
            port: self.port.unwrap_or(DEFAULT_PORT),
        }
    }
}

/// What one client may take of the server (see "What the reference
/// withstands" in the README).
#[derive(Debug, Args)]
#[command(next_help_heading = "Limits")]
struct LimitOptions {
    /// Close a TCP client that sends no whole line (room: no JOIN) or a
    /// room member silent this long [default: 30; reply, chat: 600]
    #[arg(long, global = true, value_name = "SECS", value_parser = idle_timeout, allow_negative_numbers = true)]
    idle_timeout: Option<Duration>,
    /// TCP connections at once; room members [default: 256]
    #[arg(long, global = true, value_name = "N", value_parser = count::<1, 100_000>)]
    max_clients: Option<usize>,
}

/// Everything the server was asked to do.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerConfig {
    /// What to do with each message.
    pub mode: ServerMode,
    /// Where to bind.
    pub endpoint: Endpoint,
    /// What one client may take of the server.
    pub limits: Limits,
}

/// `client`: the reference client of socket-kata.
#[derive(Debug, Parser)]
#[command(
    name = "client",
    about = "client: the reference client of socket-kata",
    override_usage = "client [MODE] [--host HOST] [--port PORT] [--tcp] [--timeout SECS] [MODE OPTIONS]",
    subcommand_value_name = "MODE",
    subcommand_help_heading = "Modes",
    disable_help_subcommand = true,
    args_override_self = true,
    after_help = "Each mode has its own help: client bench --help."
)]
struct ClientLine {
    /// What to send, and what to expect back (default: hello).
    #[command(subcommand)]
    mode: Option<ClientMode>,
    #[command(flatten)]
    at: Place,
    /// How long to wait for the server [default: 5; in reply and chat,
    /// where a person answers: no limit]
    #[arg(long, global = true, value_name = "SECS", value_parser = timeout, allow_negative_numbers = true)]
    timeout: Option<Duration>,
}

/// The client's modes, each with the options only it takes.
#[derive(Debug, Clone, PartialEq, Subcommand)]
pub enum ClientMode {
    /// Send "Hello, server", print the answer, exit (the default)
    Hello,
    /// Send each line of stdin, print each answer
    Echo,
    /// The same, for a server whose answers are typed by a person
    Reply,
    /// Take turns with the server until either side types "exit"
    Chat,
    /// Join a chat room; "exit" (or Ctrl+D, Ctrl+C) leaves
    Room {
        /// Your name in the room [default: your user name and process id]
        #[arg(long, value_name = "NAME", value_parser = room_name)]
        name: Option<String>,
    },
    /// Measure an echo server: requests per second and latency
    Bench(BenchOptions),
    /// Measure a room server: one sender, many receivers
    RoomBench(RoomBenchOptions),
}

impl ClientMode {
    /// The name of the server mode a client of this mode talks to.
    pub fn server_mode(&self) -> &'static str {
        match self {
            ClientMode::Hello => "hello",
            ClientMode::Echo | ClientMode::Bench(_) => "echo",
            ClientMode::Reply => "reply",
            ClientMode::Chat => "chat",
            ClientMode::Room { .. } | ClientMode::RoomBench(_) => "room",
        }
    }
}

/// The options of `client bench`.
#[derive(Debug, Clone, PartialEq, Args)]
pub struct BenchOptions {
    /// How long to measure, in seconds
    #[arg(long, value_name = "SECS", default_value = "5", value_parser = bench_duration, allow_negative_numbers = true)]
    pub duration: Duration,
    /// Bytes per message, at least 16 (a sequence number)
    #[arg(long, value_name = "BYTES", default_value_t = 32, value_parser = count::<16, 1_048_576>)]
    pub size: usize,
    /// Requests in flight at once
    #[arg(long, value_name = "N", default_value_t = 32, value_parser = count::<1, 4096>)]
    pub window: usize,
    /// Print a latency histogram
    #[arg(long)]
    pub histogram: bool,
}

/// The options of `client room-bench`.
#[derive(Debug, Clone, PartialEq, Args)]
pub struct RoomBenchOptions {
    /// How long to measure, in seconds
    #[arg(long, value_name = "SECS", default_value = "5", value_parser = bench_duration, allow_negative_numbers = true)]
    pub duration: Duration,
    /// Bytes per message, at least 16 (a sequence number)
    #[arg(long, value_name = "BYTES", default_value_t = 32, value_parser = count::<16, 1_048_576>)]
    pub size: usize,
    /// Receivers in the room
    #[arg(long, value_name = "N", default_value_t = 50, value_parser = count::<1, 1000>)]
    pub members: usize,
    /// Messages per second the sender offers
    #[arg(long, value_name = "N", default_value_t = 1000, value_parser = per_second::<100_000>)]
    pub rate: u32,
}

/// Everything the client was asked to do.
#[derive(Debug, Clone, PartialEq)]
pub struct ClientConfig {
    /// What to send, and what to expect back, with the mode's own options.
    pub mode: ClientMode,
    /// The server to talk to.
    pub endpoint: Endpoint,
    /// `--timeout`, if given: each mode picks its own default (a person
    /// answering `reply` or `chat` may take as long as they like).
    pub timeout: Option<Duration>,
}

impl ClientConfig {
    /// How long to wait for an answer that a program gives (hello, echo).
    pub fn machine_timeout(&self) -> Duration {
        self.timeout.unwrap_or(DEFAULT_TIMEOUT)
    }

    /// The command that starts a server this client can talk to.
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

    /// What to do when nobody answers: added to an [`Error::NoServer`].
    pub fn advice(&self) -> String {
        format!(
            "is the server running? Start it with: {}",
            self.server_command()
        )
    }
}

/// The outcome of parsing: run, or show help and stop.
#[derive(Debug, Clone, PartialEq)]
pub enum Parsed<T> {
    /// Run with this configuration.
    Run(T),
    /// `--help` was asked for: print this text on stdout and exit 0.
    Help(String),
}

/// Parses `server`'s arguments (without the program name).
pub fn parse_server(args: impl IntoIterator<Item = OsString>) -> Result<Parsed<ServerConfig>> {
    let line = match parse::<ServerLine>("server", args)? {
        Parsed::Run(line) => line,
        Parsed::Help(text) => return Ok(Parsed::Help(text)),
    };
    let mode = line.mode.unwrap_or(ServerMode::Hello);
    let defaults = match mode {
        ServerMode::Reply | ServerMode::Chat => Limits::for_people(),
        _ => Limits::for_programs(),
    };
    let max_rate = match mode {
        ServerMode::Room {
            max_rate: Some(rate),
        } => rate,
        _ => defaults.max_rate,
    };
    Ok(Parsed::Run(ServerConfig {
        mode,
        endpoint: line.at.endpoint(),
        limits: Limits {
            idle_timeout: line.limits.idle_timeout.unwrap_or(defaults.idle_timeout),
            max_clients: line.limits.max_clients.unwrap_or(defaults.max_clients),
            max_rate,
        },
    }))
}

/// Parses `client`'s arguments (without the program name).
pub fn parse_client(args: impl IntoIterator<Item = OsString>) -> Result<Parsed<ClientConfig>> {
    let line = match parse::<ClientLine>("client", args)? {
        Parsed::Run(line) => line,
        Parsed::Help(text) => return Ok(Parsed::Help(text)),
    };
    let endpoint = line.at.endpoint();
    let mode = line.mode.unwrap_or(ClientMode::Hello);
    // The one check clap cannot declare: it depends on two options.
    let size = match &mode {
        ClientMode::Bench(bench) => Some(bench.size),
        ClientMode::RoomBench(bench) => Some(bench.size),
        _ => None,
    };
    let limit = match endpoint.transport {
        Transport::Udp => net::MAX_DATAGRAM,
        Transport::Tcp => net::MAX_LINE,
    };
    if let Some(size) = size.filter(|&size| size > limit) {
        return Err(Error::usage(format!(
            "invalid --size {size}: one {} message carries at most {limit} bytes",
            endpoint.transport.scheme().to_uppercase()
        )));
    }
    Ok(Parsed::Run(ClientConfig {
        mode,
        endpoint,
        timeout: line.timeout,
    }))
}

/// Runs clap on the command line `T` declares, turning `--help` into
/// [`Parsed::Help`] and errors into our one-line [`Error::Usage`].
pub fn parse<T: Parser>(
    program: &str,
    args: impl IntoIterator<Item = OsString>,
) -> Result<Parsed<T>> {
    let args = std::iter::once(OsString::from(program)).chain(args);
    match T::try_parse_from(args) {
        Ok(line) => Ok(Parsed::Run(line)),
        Err(error) if error.kind() == ErrorKind::DisplayHelp => {
            Ok(Parsed::Help(error.render().to_string()))
        }
        Err(error) => Err(usage_error(&error, &T::command())),
    }
}

/// Rewords one of clap's errors as our one-line [`Error::Usage`]. `command`
/// is the whole command line's declaration, to name modes and their options.
fn usage_error(error: &clap::Error, command: &clap::Command) -> Error {
    let program = command.get_name();
    let modes: Vec<_> = command
        .get_subcommands()
        .map(|mode| mode.get_name())
        .collect();
    // The modes that declare `--option`, to explain an option given to
    // another mode.
    let owners = |option: &str| -> Vec<&str> {
        command
            .get_subcommands()
            .filter(|mode| {
                mode.get_arguments().any(|arg| {
                    arg.get_long()
                        .is_some_and(|long| option == format!("--{long}"))
                })
            })
            .map(|mode| mode.get_name())
            .collect()
    };
    let context = |kind| match error.get(kind) {
        Some(ContextValue::String(text)) => Some(text.clone()),
        Some(ContextValue::Strings(texts)) => texts.first().cloned(),
        _ => None,
    };
    // "--host <HOST>" names the option; keep "--host".
    let option = context(ContextKind::InvalidArg)
        .map(|arg| arg.split(' ').next().unwrap_or_default().to_string())
        .unwrap_or_default();
    let value = context(ContextKind::InvalidValue).unwrap_or_default();
    let see = format!("see '{program} --help'");
    let suggested = |kind| {
        context(kind)
            .map(|suggestion| format!("did you mean '{suggestion}'?"))
            .unwrap_or_else(|| see.clone())
    };
    let message = match error.kind() {
        ErrorKind::InvalidSubcommand => format!(
            "unknown mode '{}': {}",
            context(ContextKind::InvalidSubcommand).unwrap_or_default(),
            context(ContextKind::SuggestedSubcommand)
                .map(|mode| format!("did you mean '{mode}'?"))
                .unwrap_or_else(|| format!("expected one of {}", modes.join(", ")))
        ),
        ErrorKind::UnknownArgument if !owners(&option).is_empty() => {
            let owners = owners(&option);
            let plural = if owners.len() > 1 { "s" } else { "" };
            format!(
                "{option} only applies to the {} mode{plural} ({program} {} {option} …)",
                owners.join(" and "),
                owners[0],
            )
        }
        ErrorKind::UnknownArgument if option.starts_with('-') => format!(
            "unknown option '{option}': {}",
            suggested(ContextKind::SuggestedArg)
        ),
        ErrorKind::UnknownArgument => {
            format!("unexpected argument '{option}': give one mode at most ({see})")
        }
        ErrorKind::InvalidValue if value.is_empty() => format!("{option} needs a value"),
        ErrorKind::TooManyValues if !option.is_empty() && !value.is_empty() => {
            format!("{option} takes no value")
        }
        // Our value parsers word the whole sentence when they know the
        // option (`invalid port '…'`), or just the reason.
        ErrorKind::ValueValidation => {
            let reason = std::error::Error::source(error)
                .map(ToString::to_string)
                .unwrap_or_default();
            if reason.starts_with("invalid ") {
                reason
            } else {
                format!("invalid {option} '{value}': {reason}")
            }
        }
        ErrorKind::InvalidUtf8 => "an argument is not valid UTF-8".to_string(),
        // Anything else: clap's own first line, without its "error: ".
        _ => {
            let rendered = error.render().to_string();
            let first = rendered.lines().next().unwrap_or_default();
            first.strip_prefix("error: ").unwrap_or(first).to_string()
        }
    };
    Error::usage(message)
}

/// A port number, 0 included (the system picks one).
fn port(text: &str) -> std::result::Result<u16, String> {
    text.parse()
        .map_err(|_| format!("invalid port '{text}': expected a number from 0 to 65535"))
}

/// A whole number from `MIN` to `MAX`.
fn count<const MIN: usize, const MAX: usize>(text: &str) -> std::result::Result<usize, String> {
    match text.parse::<usize>() {
        Ok(count) if (MIN..=MAX).contains(&count) => Ok(count),
        _ => Err(format!("expected a whole number from {MIN} to {MAX}")),
    }
}

/// A rate from 1 to `MAX` a second.
fn per_second<const MAX: u32>(text: &str) -> std::result::Result<u32, String> {
    match text.parse::<u32>() {
        Ok(rate) if (1..=MAX).contains(&rate) => Ok(rate),
        _ => Err(format!("expected a whole number from 1 to {MAX}")),
    }
}

/// A positive number of seconds, fractions allowed (`0.5`).
fn seconds(text: &str) -> std::result::Result<Duration, String> {
    match text.parse::<f64>() {
        Ok(seconds) if (MIN_SECONDS..=MAX_SECONDS).contains(&seconds) => {
            Ok(Duration::from_secs_f64(seconds))
        }
        _ => Err(format!(
            "expected a number of seconds from {MIN_SECONDS} to {MAX_SECONDS}"
        )),
    }
}

/// `--timeout`.
fn timeout(text: &str) -> std::result::Result<Duration, String> {
    seconds(text)
}

/// `--idle-timeout`: long enough for keep-alives to keep up.
fn idle_timeout(text: &str) -> std::result::Result<Duration, String> {
    let idle = seconds(text)?;
    if idle < MIN_IDLE_TIMEOUT {
        return Err(format!(
            "invalid --idle-timeout: at least {} s, so that keep-alives can keep up",
            MIN_IDLE_TIMEOUT.as_secs_f64()
        ));
    }
    Ok(idle)
}

/// `--duration` of a bench: bounded.
fn bench_duration(text: &str) -> std::result::Result<Duration, String> {
    let duration = seconds(text)?;
    if duration > MAX_BENCH_DURATION {
        return Err(format!(
            "invalid --duration: a measurement lasts at most {} s",
            MAX_BENCH_DURATION.as_secs()
        ));
    }
    Ok(duration)
}

/// `--name` in the room: what the room's protocol allows.
fn room_name(text: &str) -> std::result::Result<String, String> {
    crate::room::wire::check_name(text)
        .map(|()| text.to_string())
        .map_err(|problem| format!("invalid --name: {problem}"))
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
    fn the_declared_command_lines_are_consistent() {
        use clap::CommandFactory;
        ServerLine::command().debug_assert();
        ClientLine::command().debug_assert();
    }

    #[test]
    fn defaults_are_hello_over_udp_on_localhost_8080() {
        let config = server("").unwrap();
        assert_eq!(config.mode, ServerMode::Hello);
        assert_eq!(config.endpoint.to_string(), "udp://127.0.0.1:8080");
    }

    #[test]
    fn options_go_anywhere_and_take_both_spellings() {
        let config = server("--port=0 echo --tcp --host ::1").unwrap();
        assert_eq!(config.mode, ServerMode::Echo { batched: false });
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
            ("--prot 1", "did you mean '--port'?"),
            ("shout", "unknown mode 'shout'"),
            ("ecoh", "unknown mode 'ecoh': did you mean 'echo'?"),
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
        assert_eq!(server("room --max-rate 7").unwrap().limits.max_rate, 7);
        assert_eq!(
            client("room --name neo").unwrap().mode,
            ClientMode::Room {
                name: Some("neo".into())
            }
        );
        let cases = [
            ("echo --name neo", "--name only applies to the room mode"),
            ("room --window 4", "--window only applies to the bench mode"),
            (
                "--size 4",
                "--size only applies to the bench and room-bench modes",
            ),
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
        let error = server("echo --max-rate 3").unwrap_err().to_string();
        assert!(
            error.contains("--max-rate only applies to the room mode"),
            "{error}"
        );
        let error = server("room --idle-timeout 0.1").unwrap_err().to_string();
        assert!(error.contains("at least 0.2 s"), "{error}");
    }

    #[test]
    fn every_mode_has_its_own_help() {
        let Parsed::Help(text) = parse_server(args("room --help")).unwrap() else {
            panic!("no help");
        };
        assert!(text.contains("--max-rate"), "{text}");
        let Parsed::Help(text) = parse_client(args("--help")).unwrap() else {
            panic!("no help");
        };
        assert!(text.contains("Usage: client [MODE]"), "{text}");
        assert!(text.contains("room-bench"), "{text}");
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
