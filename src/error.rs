//! What can go wrong, and how it reaches the person at the keyboard.
//!
//! A program meant for students must fail the way good command-line tools do:
//! one line on stderr that starts with `error:` and says what to do next, and
//! an exit code a script can test. Two kinds are enough here:
//!
//! * [`Error::Usage`]: the command line itself is wrong (unknown option, a port
//!   that is not a number). Exit code 2, the convention of most Unix tools.
//! * [`Error::Runtime`]: the command line was fine but the world said no (the
//!   port is taken, the connection broke). Exit code 1.
//! * [`Error::NoServer`]: a runtime error of its own, because it has a cure
//!   the socket layer cannot name: nobody answers at the server's address.
//!   The socket layer says what happened; the command line, which knows how
//!   the client was started, adds how to start a matching server
//!   ([`Error::with_advice`]). Exit code 1.
//!
//! A Rust panic prints `thread 'main' panicked at …` and perhaps a backtrace:
//! useful to us, frightening to a newcomer. [`install_panic_hook`] turns even a
//! bug of ours into a single `error:` line.

use std::fmt;
use std::process::ExitCode;

/// An error that ends the program, already worded for a human.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The command line is wrong: exit code 2.
    Usage(String),
    /// Something failed while running: exit code 1.
    Runtime(String),
    /// Nobody answers at the server's address (refused, unreachable, or
    /// silent past the timeout): exit code 1.
    NoServer(String),
}

/// The `Result` of everything that can end the program.
pub type Result<T> = std::result::Result<T, Error>;

impl Error {
    /// A runtime error from anything printable.
    pub fn runtime(message: impl fmt::Display) -> Self {
        Error::Runtime(message.to_string())
    }

    /// A usage error from anything printable.
    pub fn usage(message: impl fmt::Display) -> Self {
        Error::Usage(message.to_string())
    }

    /// "Nobody answers at `server`", worded by the socket layer.
    pub fn no_server(message: impl fmt::Display) -> Self {
        Error::NoServer(message.to_string())
    }

    /// Adds `advice` to a [`Error::NoServer`] (`…: is the server running?
    /// Start it with: …`); other errors pass unchanged.
    pub fn with_advice(self, advice: impl fmt::Display) -> Self {
        match self {
            Error::NoServer(message) => Error::Runtime(format!("{message}: {advice}")),
            other => other,
        }
    }

    /// The process exit code for this error: 2 for usage, 1 otherwise.
    pub fn code(&self) -> u8 {
        match self {
            Error::Usage(_) => 2,
            Error::Runtime(_) | Error::NoServer(_) => 1,
        }
    }

    /// The process exit code for this error.
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.code())
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Usage(message) | Error::Runtime(message) | Error::NoServer(message) => {
                f.write_str(message)
            }
        }
    }
}

impl std::error::Error for Error {}

/// Prints the error as the single line a user sees and returns the exit code.
pub fn report(error: &Error) -> ExitCode {
    // eprintln! writes to stderr, which is unbuffered: the line is out at once.
    // If stderr itself is gone there is nobody left to tell, so ignore that.
    // Our messages quote what peers said (a refusal's reason, say), escaped
    // where they are made; escaping the whole line again is a safety net.
    use std::io::Write;
    let message = error.to_string();
    let _ = writeln!(
        std::io::stderr(),
        "error: {}",
        crate::terminal::escape(&message)
    );
    error.exit_code()
}

/// Prints the error line and ends the process at once, from any thread.
pub fn exit(error: &Error) -> ! {
    report(error);
    std::process::exit(i32::from(error.code()));
}

/// Replaces Rust's panic message with one `error:` line and exit code 1.
///
/// A panic here is a bug in socket-kata, never the user's fault. Exiting at
/// once (instead of unwinding only the thread that panicked) also means a
/// server never keeps running half-broken after one of its threads died.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let what = if let Some(text) = info.payload().downcast_ref::<&str>() {
            (*text).to_string()
        } else if let Some(text) = info.payload().downcast_ref::<String>() {
            text.clone()
        } else {
            "unknown panic".to_string()
        };
        let place = info
            .location()
            .map(|at| format!(" at {}:{}", at.file(), at.line()))
            .unwrap_or_default();
        use std::io::Write;
        let _ = writeln!(
            std::io::stderr(),
            "error: internal error{place}: {what} (this is a bug in socket-kata; please report it)"
        );
        std::process::exit(1);
    }));
}
