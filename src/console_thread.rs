//! The server's console, read on a thread of its own: what lets `reply` and
//! `chat` end when their input ends, even while no message comes.
//!
//! In those modes a person answers each message at the server's console, and
//! the server has two sources of input: the network and the keyboard. Each
//! mode's module receives from the network on threads of its own and queues
//! every message on a channel; its main loop takes one message at a time,
//! prints it, reads the answer from the console and sends it back:
//!
//! ```text
//!  UDP:  [receiver thread: recv_from] ────────────────────┐
//!  TCP:  [accept loop] → [a thread per connection: read_line] ─┤→ channel → main loop
//!        [console thread: the keyboard] ── at its end ────┘        ↕ console
//! ```
//!
//! Why the keyboard needs a thread too: while the main loop waits on the
//! channel for a message, it cannot also wait for the keyboard. So this
//! module reads the console one line ahead at most, and when its input ends
//! (Ctrl+D, or the end of a piped file) it says so *on the same channel*
//! ([`Arrival::ConsoleEnded`]): an idle server ends then, as the README
//! promises, instead of at the next message.

use std::collections::VecDeque;
use std::io::IsTerminal;
use std::sync::mpsc::{self, Receiver, SyncSender};

use crate::Result;
use crate::console::{Keyboard, Printer, Typed};
use crate::net::MAX_LINE;

/// How many messages may wait for the person at the console before the
/// receiving threads pause. A pause leaves the backlog in the system's
/// socket buffers, instead of growing our memory without limit: with TCP
/// lines of up to 64 KiB this bounds the queue to 16 MiB.
pub const QUEUE_LENGTH: usize = 256;

/// What the main loop of `reply` or `chat` finds on its channel.
#[derive(Debug)]
pub enum Arrival<M> {
    /// A message to answer, with what the mode needs to answer it.
    Message(M),
    /// A line to print on the way: `* 127.0.0.1:53211 connected`, a problem
    /// with one client. The server goes on.
    Notice(String),
    /// The console's input ended: nobody is left to answer.
    ConsoleEnded,
}

/// The console of a server whose answers a person types.
#[derive(Debug)]
pub struct ConsoleThread {
    /// Lines typed at the console, read one ahead; `None` at its end.
    typed: Receiver<Option<Typed>>,
    /// Lines taken from `typed` before they were needed: typed (or piped)
    /// ahead of the messages they answer, and used before the end counts.
    typed_ahead: VecDeque<Typed>,
    /// True once the console's input has ended.
    ended: bool,
    /// True when a person types at the console: only then are prompts shown,
    /// so that piped input and the tests see clean output.
    interactive: bool,
}

impl ConsoleThread {
    /// Starts reading the console in the background. At the end of its
    /// input, [`Arrival::ConsoleEnded`] goes to `arrivals`, the channel the
    /// main loop waits on.
    pub fn start<M: Send + 'static>(arrivals: SyncSender<Arrival<M>>) -> Result<ConsoleThread> {
        let (line, typed) = mpsc::sync_channel(1);
        spawn("console", move || read_console(&line, &arrivals))?;
        Ok(ConsoleThread {
            typed,
            typed_ahead: VecDeque::new(),
            ended: false,
            interactive: std::io::stdin().is_terminal(),
        })
    }

    /// Waits for the next message on `arrivals`, printing the notices met on
    /// the way. Everything `out` holds is printed before this waits.
    /// `None` once the console's input has ended and every line typed before
    /// the end has been used.
    pub fn next_message<M>(
        &mut self,
        arrivals: &Receiver<Arrival<M>>,
        out: &mut Printer,
    ) -> Option<M> {
        loop {
            self.look_ahead();
            if self.ended && self.typed_ahead.is_empty() {
                return None;
            }
            let arrival = arrivals.try_recv().or_else(|_| {
                out.flush();
                arrivals.recv()
            });
            match arrival {
                Ok(Arrival::Message(message)) => return Some(message),
                Ok(Arrival::Notice(line)) => out.line(line),
                Ok(Arrival::ConsoleEnded) => {} // seen by `look_ahead`
                // The console thread holds a sender until it has said
                // `ConsoleEnded`, so this is the console's end too.
                Err(_) => self.ended = true,
            }
        }
    }

    /// Shows `prompt` (if a person is typing) and waits for the next line
    /// of the console, of at most `max` bytes; a longer one is refused with
    /// an error, and the next line is read. `None` at the end of the input.
    pub fn read_answer(&mut self, out: &mut Printer, prompt: &str, max: usize) -> Option<Vec<u8>> {
        loop {
            let typed = match self.typed_ahead.pop_front() {
                Some(typed) => typed,
                None if self.ended => return None,
                None => {
                    if self.interactive {
                        out.prompt(prompt);
                    }
                    out.flush();
                    match self.typed.recv() {
                        Ok(Some(typed)) => typed,
                        Ok(None) | Err(_) => {
                            self.ended = true;
                            if self.interactive {
                                // Ctrl+D leaves the cursor after the prompt.
                                out.say("");
                            }
                            return None;
                        }
                    }
                }
            };
            let size = match typed {
                Typed::Line(line) if line.len() <= max => return Some(line),
                Typed::Line(line) => line.len(),
                Typed::TooLong(size) => size,
            };
            out.error(format_args!(
                "a line of {size} bytes is too long for one message (at most {max}); not sent"
            ));
        }
    }

    /// Takes what the console thread has ready, without waiting.
    fn look_ahead(&mut self) {
        while let Ok(typed) = self.typed.try_recv() {
            match typed {
                Some(typed) => self.typed_ahead.push_back(typed),
                None => self.ended = true,
            }
        }
    }
}

/// Starts a named thread of the server's own (the name shows in a panic
/// message and a debugger).
pub fn spawn(name: &str, work: impl FnOnce() + Send + 'static) -> Result<()> {
    std::thread::Builder::new()
        .name(name.to_string())
        .spawn(work)
        .map(drop)
        .map_err(|error| crate::Error::runtime(format!("cannot start the {name} thread: {error}")))
}

/// Reads the console, one line ahead of the person answering at most; at
/// its end, says so on both channels: `line` for a wait for an answer,
/// `arrivals` for a wait for a message.
fn read_console<M>(line: &SyncSender<Option<Typed>>, arrivals: &SyncSender<Arrival<M>>) {
    let mut keyboard = Keyboard::new();
    // No prompt here: the main loop shows it when it waits for a line.
    let mut out = Printer::new();
    loop {
        match keyboard.read_line(&mut out, "", MAX_LINE) {
            Ok(Some(typed)) => {
                if line.send(Some(typed)).is_err() {
                    return;
                }
            }
            Ok(None) => break,
            Err(error) => {
                out.error(error);
                break;
            }
        }
    }
    let _ = line.send(None);
    let _ = arrivals.send(Arrival::ConsoleEnded);
}
