//! The ready-made part of every exercise: the command line and error exits.
//!
//! The lesson is sockets, not argument parsing, so a stage's `main` is one
//! line that hands the parsed [`Args`] to your function:
//!
//! ```no_run
//! fn main() {
//!     kata::starter::run_server(serve);
//! }
//!
//! fn serve(args: kata::starter::Args) -> kata::starter::Outcome {
//!     println!("I would listen on {}", args.address());
//!     Ok(())
//! }
//! ```
//!
//! Your function returns an [`Outcome`]: `Ok(())`, or any error (use `?` on
//! socket calls). An error is printed as one line, `error: …`, and the
//! program exits with code 1, the way the reference programs do.
//!
//! Both programs take `--host HOST` (default `127.0.0.1`) and `--port PORT`
//! (default `8080`); the client also takes `--timeout SECS` and `--name NAME`
//! (stage 04). A wrong command line exits with code 2.
//!
//! How long a client waits by default depends on who answers it:
//!
//! * [`run_client`]: a program answers (stage 01), in milliseconds. Without
//!   `--timeout` the client gives up after 5 seconds: silence means that no
//!   server runs, or that the datagram was lost.
//! * [`run_interactive_client`]: a *person* answers at the server's console
//!   (stages 02–04) and may take a minute. Without `--timeout` there is no
//!   limit: `args.timeout` is `None`, and `set_read_timeout(None)` waits as
//!   long as it takes.

use std::fmt;
use std::io::Write;
use std::time::Duration;

/// What a stage's server or client function returns.
pub type Outcome = Result<(), Box<dyn std::error::Error>>;

/// The parsed command line.
#[derive(Debug, Clone, PartialEq)]
pub struct Args {
    /// `--host`: where the server listens, or where the client sends.
    pub host: String,
    /// `--port`: 0 lets the system pick a free port (servers only).
    pub port: u16,
    /// `--timeout`: how long a client waits for an answer; `None` for no
    /// limit. It is ready for `socket.set_read_timeout(args.timeout)`.
    pub timeout: Option<Duration>,
    /// `--name`: the client's name in the room (stage 04).
    pub name: Option<String>,
}

impl Args {
    /// `"127.0.0.1:8080"`: what `UdpSocket::bind` and `send_to` take.
    pub fn address(&self) -> String {
        if self.host.contains(':') {
            format!("[{}]:{}", self.host, self.port)
        } else {
            format!("{}:{}", self.host, self.port)
        }
    }

    /// The `--name`, or `guest-` and this process's id.
    pub fn name(&self) -> String {
        self.name
            .clone()
            .unwrap_or_else(|| format!("guest-{}", std::process::id()))
    }
}

/// Which program is asking: they take slightly different options.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Side {
    Server,
    /// A client; its default timeout.
    Client(Option<Duration>),
}

/// How long a client that a program answers waits without `--timeout`.
/// A program on the same LAN answers in milliseconds: after 5 s, the
/// datagram or its answer is lost, or no server runs.
pub const PROGRAM_ANSWERS_WITHIN: Duration = Duration::from_secs(5);

/// Parses the server's command line and runs `serve`.
pub fn run_server(serve: fn(Args) -> Outcome) {
    run(Side::Server, serve)
}

/// Parses the client's command line and runs `talk`. A program answers
/// this client: `args.timeout` is 5 seconds unless `--timeout` says more.
pub fn run_client(talk: fn(Args) -> Outcome) {
    run(Side::Client(Some(PROGRAM_ANSWERS_WITHIN)), talk)
}

/// Parses the client's command line and runs `talk`. A person answers this
/// client: `args.timeout` is `None` (no limit) unless `--timeout` is given.
pub fn run_interactive_client(talk: fn(Args) -> Outcome) {
    run(Side::Client(None), talk)
}

fn run(side: Side, work: fn(Args) -> Outcome) {
    let args = match parse(side, std::env::args().skip(1)) {
        Ok(Some(args)) => args,
        Ok(None) => {
            println!("{}", usage(side));
            return;
        }
        Err(problem) => {
            let _ = writeln!(std::io::stderr(), "error: {problem}\n{}", usage(side));
            std::process::exit(2);
        }
    };
    if let Err(error) = work(args) {
        // Whatever was printed must be out before the error line.
        let _ = std::io::stdout().flush();
        let _ = writeln!(std::io::stderr(), "error: {error}");
        std::process::exit(1);
    }
}

fn usage(side: Side) -> &'static str {
    match side {
        Side::Server => "Usage: [--host HOST] [--port PORT]",
        Side::Client(_) => "Usage: [--host HOST] [--port PORT] [--timeout SECS] [--name NAME]",
    }
}

/// A wrong command line, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Problem(String);

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `Ok(None)` means `--help`.
fn parse(side: Side, words: impl IntoIterator<Item = String>) -> Result<Option<Args>, Problem> {
    let mut args = Args {
        host: "127.0.0.1".to_string(),
        port: 8080,
        timeout: match side {
            Side::Client(default) => default,
            Side::Server => None,
        },
        name: None,
    };
    let mut words = words.into_iter();
    while let Some(word) = words.next() {
        let (option, attached) = match word.split_once('=') {
            Some((option, value)) => (option.to_string(), Some(value.to_string())),
            None => (word.clone(), None),
        };
        let mut value = || {
            attached
                .clone()
                .or_else(|| words.next())
                .ok_or_else(|| Problem(format!("{option} needs a value")))
        };
        match (option.as_str(), side) {
            ("-h" | "--help", _) => return Ok(None),
            ("--host", _) => args.host = value()?,
            ("--port", _) => {
                let text = value()?;
                args.port = text
                    .parse()
                    .map_err(|_| Problem(format!("invalid port '{text}': expected 0 to 65535")))?;
            }
            ("--timeout", Side::Client(_)) => {
                let text = value()?;
                let seconds: f64 = text.parse().unwrap_or(-1.0);
                // At least a millisecond: a shorter read timeout is rounded
                // to zero by some systems, and zero means "no timeout" to
                // set_read_timeout's callers (it is refused with an error).
                if !(0.001..=86_400.0).contains(&seconds) {
                    return Err(Problem(format!(
                        "invalid --timeout '{text}': expected seconds from 0.001 to 86400"
                    )));
                }
                args.timeout = Some(Duration::from_secs_f64(seconds));
            }
            ("--name", Side::Client(_)) => args.name = Some(value()?),
            _ => return Err(Problem(format!("unknown argument '{word}'"))),
        }
    }
    Ok(Some(args))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &str) -> Vec<String> {
        line.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn defaults_and_options() {
        let program_answers = Side::Client(Some(PROGRAM_ANSWERS_WITHIN));
        let args = parse(program_answers, words("")).unwrap().unwrap();
        assert_eq!(args.address(), "127.0.0.1:8080");
        assert_eq!(args.timeout, Some(Duration::from_secs(5)));
        let args = parse(Side::Client(None), words("")).unwrap().unwrap();
        assert_eq!(args.timeout, None, "a person answers: no limit");
        let args = parse(
            Side::Client(None),
            words("--host ::1 --port=9000 --timeout 0.5 --name neo"),
        )
        .unwrap()
        .unwrap();
        assert_eq!(args.address(), "[::1]:9000");
        assert_eq!(args.timeout, Some(Duration::from_millis(500)));
        assert_eq!(args.name(), "neo");
    }

    #[test]
    fn problems_are_named() {
        let problem = |side, line: &str| parse(side, words(line)).unwrap_err().0;
        assert_eq!(
            problem(Side::Server, "--port x"),
            "invalid port 'x': expected 0 to 65535"
        );
        assert_eq!(
            problem(Side::Server, "--timeout 1"),
            "unknown argument '--timeout'"
        );
        for bad in ["0", "1e-10", "-1", "x", "NaN"] {
            assert_eq!(
                problem(Side::Client(None), &format!("--timeout {bad}")),
                format!("invalid --timeout '{bad}': expected seconds from 0.001 to 86400")
            );
        }
        assert_eq!(
            problem(Side::Client(None), "--host"),
            "--host needs a value"
        );
        assert_eq!(parse(Side::Server, words("--help")), Ok(None));
    }
}
