//! The terminal side of every program: lines out on stdout, lines in from stdin.
//!
//! Three facts about standard streams shape this module.
//!
//! 1. **Another program may be reading our stdout through a pipe** (a test, a
//!    classmate's script, `| tee log.txt`). It waits for each line, so a line
//!    must not sit in a buffer. Rust's `Stdout` happens to flush at every
//!    newline today, but std only *promises* that for terminals. We flush
//!    explicitly whenever a line must be seen.
//! 2. **A write is a system call, and system calls cost time.** A server that
//!    prints one line per message and writes each line on its own spends a
//!    noticeable share of its time in `write`. [`Printer`] therefore collects
//!    lines and writes them in one go when told to [`flush`](Printer::flush).
//!    The servers flush right before they would wait for the network: while
//!    messages keep arriving, lines are batched; the moment the server would
//!    sleep, everything it printed is out. Nobody ever waits for a line.
//! 3. **The reader may go away** (`server | head -3`). Writing to a closed pipe
//!    fails with `BrokenPipe`; `println!` would panic on it. We stop quietly
//!    instead, like `cat` does.
//!
//! On the input side, [`Keyboard`] reads stdin line by line and shows a prompt
//! only when a person is typing (stdin is a terminal), so that piped input and
//! the tests see clean output.

use std::fmt::{self, Write as _};
use std::io::{self, BufRead, IsTerminal, Write};

/// The most a [`Printer`] holds before it writes, in bytes.
pub const MAX_BATCH: usize = 64 * 1024;

/// Collects output lines and writes them to stdout in batches.
///
/// Each thread that prints has its own `Printer`; a batch is written with a
/// single `write_all` while stdout is locked, so whole lines from different
/// threads never interleave.
#[derive(Debug, Default)]
pub struct Printer {
    pending: String,
}

impl Printer {
    /// A printer with nothing pending.
    pub fn new() -> Self {
        Printer::default()
    }

    /// Queues one line (a newline is added). Call [`flush`](Self::flush) before
    /// the program waits for anything.
    pub fn line(&mut self, text: impl fmt::Display) {
        // Writing into a String cannot fail.
        let _ = writeln!(self.pending, "{text}");
        self.limit_batch();
    }

    /// Queues one line made of two parts, without the formatting machinery:
    /// the fast path of a server printing a line per message.
    pub fn line_of(&mut self, first: &str, second: &str) {
        self.pending.push_str(first);
        self.pending.push_str(second);
        self.pending.push('\n');
        self.limit_batch();
    }

    /// A batch never grows past [`MAX_BATCH`]: memory stays small however
    /// long the messages keep coming.
    fn limit_batch(&mut self) {
        if self.pending.len() >= MAX_BATCH {
            self.flush();
        }
    }

    /// Queues one line and flushes it at once.
    pub fn say(&mut self, text: impl fmt::Display) {
        self.line(text);
        self.flush();
    }

    /// Queues text without a newline (a prompt) and flushes it at once.
    pub fn prompt(&mut self, text: &str) {
        self.pending.push_str(text);
        self.flush();
    }

    /// Prints `error: …` on stderr, after everything queued for stdout, for a
    /// problem the program survives (the fatal ones go through
    /// [`crate::error::report`]).
    pub fn error(&mut self, text: impl fmt::Display) {
        self.flush();
        let text = text.to_string();
        let _ = writeln!(io::stderr(), "error: {}", crate::terminal::escape(&text));
    }

    /// True when lines are queued but not yet written.
    pub fn has_pending(&self) -> bool {
        !self.pending.is_empty()
    }

    /// Writes everything queued to stdout.
    ///
    /// If stdout is a closed pipe the reader is gone: the process ends quietly
    /// with exit code 0, as `cat` or `grep` would. Any other failure to write is
    /// reported as an error and ends the process with exit code 1.
    pub fn flush(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        let mut stdout = io::stdout().lock();
        let written = stdout
            .write_all(self.pending.as_bytes())
            .and_then(|()| stdout.flush());
        self.pending.clear();
        if let Err(error) = written {
            if error.kind() == io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
            let _ = writeln!(io::stderr(), "error: cannot write to stdout: {error}");
            std::process::exit(1);
        }
    }
}

impl Drop for Printer {
    fn drop(&mut self) {
        self.flush();
    }
}

/// Lines typed by a person, or piped in from a file.
#[derive(Debug)]
pub struct Keyboard {
    stdin: io::StdinLock<'static>,
    interactive: bool,
}

impl Keyboard {
    /// Reads from this process's stdin.
    pub fn new() -> Self {
        let stdin = io::stdin();
        let interactive = stdin.is_terminal();
        Keyboard {
            stdin: stdin.lock(),
            interactive,
        }
    }

    /// True when stdin is a terminal, that is, when a person is typing.
    pub fn is_interactive(&self) -> bool {
        self.interactive
    }

    /// Shows `prompt` (only if a person is typing), then reads one line.
    ///
    /// Returns the line without its `\n` (or `\r\n`), as raw bytes: a line need
    /// not be valid UTF-8, and we pass on exactly what was typed. `None` means
    /// end of input (Ctrl+D, or the end of a piped file).
    pub fn read_line(&mut self, out: &mut Printer, prompt: &str) -> crate::Result<Option<Vec<u8>>> {
        if self.interactive && !prompt.is_empty() {
            out.prompt(prompt);
        } else {
            out.flush();
        }
        let mut line = Vec::new();
        let read = self
            .stdin
            .read_until(b'\n', &mut line)
            .map_err(|error| crate::Error::runtime(format!("cannot read stdin: {error}")))?;
        if read == 0 {
            if self.interactive && !prompt.is_empty() {
                // Ctrl+D leaves the cursor after the prompt: end that line.
                out.say("");
            }
            return Ok(None);
        }
        if line.last() == Some(&b'\n') {
            line.pop();
            if line.last() == Some(&b'\r') {
                line.pop();
            }
        }
        Ok(Some(line))
    }

    /// Reads one line to send as a message of at most `max` bytes. A longer
    /// line is refused with an error, and the next line is read instead.
    pub fn read_message(
        &mut self,
        out: &mut Printer,
        prompt: &str,
        max: usize,
    ) -> crate::Result<Option<Vec<u8>>> {
        loop {
            let Some(line) = self.read_line(out, prompt)? else {
                return Ok(None);
            };
            if line.len() <= max {
                return Ok(Some(line));
            }
            out.error(format_args!(
                "a line of {} bytes is too long for one message (at most {max}); not sent",
                line.len()
            ));
        }
    }
}

impl Default for Keyboard {
    fn default() -> Self {
        Keyboard::new()
    }
}
