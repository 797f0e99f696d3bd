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
use std::io::{self, BufRead, IsTerminal, Read, Write};

/// The most a [`Printer`] holds before it writes, in bytes.
pub const MAX_BATCH: usize = 64 * 1024;

/// Collects output lines and writes them to stdout in batches.
///
/// Each thread that prints has its own `Printer`; a batch is written with a
/// single `write_all` while stdout is locked, so whole lines from different
/// threads never interleave.
#[derive(Debug, Default)]
pub struct Printer {
    /// Lines queued but not yet written: one `write` for many lines.
    pending: String,
    /// Set by [`survive_closed_stdout`](Self::survive_closed_stdout): a
    /// closed stdout is noted instead of ending the process.
    survive_closed: bool,
    /// True once a write found stdout's reader gone.
    closed: bool,
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

    /// From now on a closed stdout does not end the process: it is noted
    /// ([`stdout_closed`](Self::stdout_closed)) and later lines are dropped.
    /// For a program that must say goodbye to others before it ends (the
    /// room server tells its members the room is closing).
    pub fn survive_closed_stdout(&mut self) {
        self.survive_closed = true;
    }

    /// True once stdout's reader has gone (see
    /// [`survive_closed_stdout`](Self::survive_closed_stdout)).
    pub fn stdout_closed(&self) -> bool {
        self.closed
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
        if self.closed {
            self.pending.clear();
            return;
        }
        let mut stdout = io::stdout().lock();
        let written = stdout
            .write_all(self.pending.as_bytes())
            .and_then(|()| stdout.flush());
        self.pending.clear();
        if let Err(error) = written {
            if error.kind() == io::ErrorKind::BrokenPipe {
                if self.survive_closed {
                    self.closed = true;
                    return;
                }
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

/// One line read by [`Keyboard::read_line`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Typed {
    /// A line, without its line ending.
    Line(Vec<u8>),
    /// A line longer than allowed, of this many bytes, not kept.
    TooLong(usize),
}

/// Lines typed by a person, or piped in from a file.
#[derive(Debug)]
pub struct Keyboard {
    /// Locked once for good: a `Keyboard` is the only reader of stdin, and
    /// a lock per line would cost for nothing.
    stdin: io::StdinLock<'static>,
    /// True when stdin is a terminal: only then are prompts shown, so that
    /// piped input and the tests see clean output.
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

    /// Shows `prompt` (only if a person is typing), then reads one line of
    /// at most `max` bytes.
    ///
    /// Returns the line without its `\n` (or `\r\n`), as raw bytes: a line need
    /// not be valid UTF-8, and we pass on exactly what was typed. `None` means
    /// end of input (Ctrl+D, or the end of a piped file).
    ///
    /// The length is checked *while* reading: a longer line is not kept, only
    /// counted on its way past, and comes back as [`Typed::TooLong`]. So a
    /// 200 MiB line piped in by mistake costs no more memory than a short one.
    pub fn read_line(
        &mut self,
        out: &mut Printer,
        prompt: &str,
        max: usize,
    ) -> crate::Result<Option<Typed>> {
        if self.interactive && !prompt.is_empty() {
            out.prompt(prompt);
        } else {
            out.flush();
        }
        let cannot =
            |error: io::Error| crate::Error::runtime(format!("cannot read stdin: {error}"));
        let mut line = Vec::new();
        // At most the longest line plus "\r\n"; `read_until` repeats a read
        // interrupted by a signal by itself.
        let limit = max as u64 + 2;
        let read = (&mut self.stdin)
            .take(limit)
            .read_until(b'\n', &mut line)
            .map_err(cannot)?;
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
        } else if read as u64 == limit {
            // The ceiling was hit mid-line: count the rest without keeping it.
            let rest = self.skip_line().map_err(cannot)?;
            return Ok(Some(Typed::TooLong(line.len() + rest)));
        }
        if line.len() > max {
            return Ok(Some(Typed::TooLong(line.len())));
        }
        Ok(Some(Typed::Line(line)))
    }

    /// Reads up to the end of the current line, keeping nothing; returns how
    /// many bytes there were before the `\n` (or the end of input).
    fn skip_line(&mut self) -> io::Result<usize> {
        let mut skipped = 0;
        loop {
            let buffer = match self.stdin.fill_buf() {
                Ok(buffer) => buffer,
                Err(error) if error.kind() == io::ErrorKind::Interrupted => continue,
                Err(error) => return Err(error),
            };
            if buffer.is_empty() {
                return Ok(skipped);
            }
            match buffer.iter().position(|&byte| byte == b'\n') {
                Some(end) => {
                    let ending = if end > 0 && buffer[end - 1] == b'\r' {
                        1
                    } else {
                        0
                    };
                    self.stdin.consume(end + 1);
                    return Ok(skipped + end - ending);
                }
                None => {
                    let size = buffer.len();
                    self.stdin.consume(size);
                    skipped += size;
                }
            }
        }
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
            match self.read_line(out, prompt, max)? {
                None => return Ok(None),
                Some(Typed::Line(line)) => return Ok(Some(line)),
                Some(Typed::TooLong(size)) => out.error(format_args!(
                    "a line of {size} bytes is too long for one message (at most {max}); not sent"
                )),
            }
        }
    }
}

impl Default for Keyboard {
    fn default() -> Self {
        Keyboard::new()
    }
}
