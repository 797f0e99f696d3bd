//! Messages from any number of clients, handed out one at a time: the queue
//! behind the `reply` and `chat` servers.
//!
//! In those modes a person answers each message at the server's console. A
//! person can answer only one message at a time, but clients keep sending.
//! So the network side and the console side are split:
//!
//! ```text
//!  UDP:  [receiver thread] ─┐
//!  TCP:  [acceptor] → [one reader thread per connection] ─┤→ channel → console loop
//! ```
//!
//! The receiving threads only receive and queue; the console loop (in
//! `reply` or `chat`) takes one [`Arrival`] at a time, prints it, asks for an
//! answer and sends it back through the [`Letter`]. A silent TCP client blocks
//! only its own reader thread, never the others or the console.
//!
//! The channel is bounded: if the person at the console falls far behind, the
//! receivers wait, and the backlog stays in the system's socket buffers
//! instead of growing our memory without limit.
//!
//! The console is read on a thread of its own too, one line ahead at most.
//! That is how the server notices the end of its input (Ctrl+D, or the end
//! of a piped file) while it waits for a message, and ends then, as the
//! README promises, instead of at the next message.
//!
//! A TCP client that completes no line within the idle timeout is closed,
//! so that silent clients cannot hold all the places. A client whose
//! message waits for the person at the console is not silent: its clock
//! starts again when it is answered.

use std::collections::VecDeque;
use std::fmt;
use std::io::{BufReader, IsTerminal, Write};
use std::net::{SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::cli::Limits;
use crate::console::{Keyboard, Printer, Typed};
use crate::net::{self, ConnectionLimit, LineRead, Listener, MAX_DATAGRAM, MAX_LINE, RECV_BUFFER};

/// How many arrivals may wait for the console before receivers pause. With
/// TCP lines of up to 64 KiB this bounds the queue to 16 MiB.
const QUEUE_LENGTH: usize = 256;

/// Something that happened on the network side, or at the console.
#[derive(Debug)]
pub enum Arrival {
    /// A message, which can be answered.
    Letter(Letter),
    /// A TCP client connected.
    Connected(SocketAddr),
    /// A TCP client closed its connection.
    Disconnected(SocketAddr),
    /// Something went wrong with one peer; the server goes on.
    Problem(String),
    /// The console's input ended.
    ConsoleEnded,
}

impl fmt::Display for Arrival {
    /// The line the server prints for it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arrival::Letter(letter) => letter.fmt(f),
            Arrival::Connected(peer) => write!(f, "* {peer} connected"),
            Arrival::Disconnected(peer) => write!(f, "* {peer} disconnected"),
            Arrival::Problem(problem) => write!(f, "! {problem}"),
            Arrival::ConsoleEnded => write!(f, "* the console's input ended"),
        }
    }
}

/// One message, and the way back to its sender.
#[derive(Debug)]
pub struct Letter {
    /// Who sent it.
    pub from: SocketAddr,
    /// The message, exactly as received.
    pub body: Vec<u8>,
    way_back: WayBack,
}

#[derive(Debug)]
enum WayBack {
    /// The shared UDP socket: answer with `send_to(…, from)`.
    Udp(Arc<UdpSocket>),
    /// That client's own TCP stream: answer with a line.
    Tcp(Arc<TcpStream>, Arc<Waiting>),
}

/// Whether a TCP client waits for the person at the console, which keeps
/// its connection open however long its silence.
#[derive(Debug)]
struct Waiting {
    /// Its letters not yet answered (or dropped).
    letters: AtomicUsize,
    /// When the last one was answered.
    answered: Mutex<Instant>,
}

impl Waiting {
    /// True while a letter waits, and for `idle` after the last answer.
    fn keeps_open(&self, idle: Duration) -> bool {
        let answered = *self
            .answered
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        self.letters.load(Ordering::SeqCst) > 0 || answered.elapsed() < idle
    }
}

impl Letter {
    /// The longest answer the transport carries in one piece.
    pub fn max_answer(&self) -> usize {
        match self.way_back {
            WayBack::Udp(_) => MAX_DATAGRAM,
            WayBack::Tcp(..) => MAX_LINE,
        }
    }

    /// Sends `answer` back to the sender.
    pub fn answer(&self, answer: &[u8]) -> std::io::Result<()> {
        match &self.way_back {
            WayBack::Udp(socket) => net::retry(|| socket.send_to(answer, self.from)).map(drop),
            WayBack::Tcp(stream, _) => {
                let mut line = Vec::with_capacity(answer.len() + 1);
                line.extend_from_slice(answer);
                line.push(b'\n');
                // `&TcpStream` implements Write: no lock needed for one writer.
                (&**stream).write_all(&line)
            }
        }
    }
}

impl Drop for Letter {
    /// Answered or not, the letter no longer waits.
    fn drop(&mut self) {
        if let WayBack::Tcp(_, waiting) = &self.way_back {
            *waiting
                .answered
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Instant::now();
            waiting.letters.fetch_sub(1, Ordering::SeqCst);
        }
    }
}

impl fmt::Display for Letter {
    /// `[127.0.0.1:53211] the text`: the sender, then the message as text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "[{}] {}",
            self.from,
            crate::terminal::printable(&self.body)
        )
    }
}

/// The receiving end of all arrivals, and the console.
#[derive(Debug)]
pub struct Inbox {
    arrivals: Receiver<Arrival>,
    /// Lines typed at the console, read one ahead; `None` at its end.
    console: Receiver<Option<Typed>>,
    /// A line taken from `console` before it was needed.
    typed_ahead: VecDeque<Typed>,
    /// True once the console's input has ended.
    console_ended: bool,
    /// True when a person types at the console (prompts are shown).
    interactive: bool,
}

impl Inbox {
    /// Starts receiving on `listener`, and reading the console, in the
    /// background.
    pub fn open(listener: Listener, limits: &Limits) -> crate::Result<Inbox> {
        let (sender, arrivals) = mpsc::sync_channel(QUEUE_LENGTH);
        let (typed, console) = mpsc::sync_channel(1);
        let interactive = std::io::stdin().is_terminal();
        let cannot = |error| crate::Error::runtime(format!("cannot start receiving: {error}"));
        let console_sender = sender.clone();
        std::thread::Builder::new()
            .name("console".to_string())
            .spawn(move || read_console(&typed, &console_sender))
            .map_err(cannot)?;
        let name = "receiver".to_string();
        let limits = limits.clone();
        match listener {
            Listener::Udp(socket) => {
                let socket = Arc::new(socket);
                std::thread::Builder::new()
                    .name(name)
                    .spawn(move || receive_datagrams(&socket, &sender))
            }
            Listener::Tcp(listener) => std::thread::Builder::new()
                .name(name)
                .spawn(move || accept_connections(&listener, &sender, &limits)),
        }
        .map_err(cannot)?;
        Ok(Inbox {
            arrivals,
            console,
            typed_ahead: VecDeque::new(),
            console_ended: false,
            interactive,
        })
    }

    /// Waits for the next message. Other arrivals (connections, problems)
    /// are printed on the way. `None` once the console's input has ended
    /// and every line typed before the end has been used: nobody is left
    /// to answer.
    pub fn next_letter(&mut self, out: &mut Printer) -> Option<Letter> {
        loop {
            self.look_at_console();
            if self.console_ended && self.typed_ahead.is_empty() {
                return None;
            }
            match self.next(out) {
                Arrival::Letter(letter) => return Some(letter),
                Arrival::ConsoleEnded => {} // looked at above
                other => out.line(&other),
            }
        }
    }

    /// Shows `prompt` (if a person is typing) and waits for the next line
    /// of the console, of at most `max` bytes; a longer one is refused with
    /// an error. `None` at the end of the console's input.
    pub fn next_answer(&mut self, out: &mut Printer, prompt: &str, max: usize) -> Option<Vec<u8>> {
        loop {
            let typed = match self.typed_ahead.pop_front() {
                Some(typed) => typed,
                None if self.console_ended => return None,
                None => {
                    if self.interactive {
                        out.prompt(prompt);
                    }
                    out.flush();
                    match self.console.recv() {
                        Ok(Some(typed)) => typed,
                        Ok(None) | Err(_) => {
                            self.console_ended = true;
                            if self.interactive {
                                // Ctrl+D leaves the cursor after the prompt.
                                out.say("");
                            }
                            return None;
                        }
                    }
                }
            };
            match typed {
                Typed::Line(line) if line.len() <= max => return Some(line),
                Typed::Line(line) => out.error(format_args!(
                    "a line of {} bytes is too long for one message (at most {max}); not sent",
                    line.len()
                )),
                Typed::TooLong(size) => out.error(format_args!(
                    "a line of {size} bytes is too long for one message (at most {max}); not sent"
                )),
            }
        }
    }

    /// Takes what the console thread has ready, without waiting.
    fn look_at_console(&mut self) {
        while let Ok(typed) = self.console.try_recv() {
            match typed {
                Some(typed) => self.typed_ahead.push_back(typed),
                None => self.console_ended = true,
            }
        }
    }

    /// Waits for the next arrival. Everything `out` holds is printed before
    /// this waits.
    fn next(&self, out: &mut Printer) -> Arrival {
        if let Ok(arrival) = self.arrivals.try_recv() {
            return arrival;
        }
        out.flush();
        // The receiving threads never stop, so the channel never closes.
        self.arrivals
            .recv()
            .unwrap_or_else(|_| Arrival::Problem("the receiving thread stopped".to_string()))
    }
}

/// Reads the console, one line ahead of the person answering at most; at
/// its end, says so on both channels: `console` for a wait for an answer,
/// `inbox` for a wait for a message.
fn read_console(console: &SyncSender<Option<Typed>>, inbox: &SyncSender<Arrival>) {
    let mut keyboard = Keyboard::new();
    // No prompt here: the console loop shows it when it waits for a line.
    let mut out = Printer::new();
    loop {
        match keyboard.read_line(&mut out, "", MAX_LINE) {
            Ok(Some(typed)) => {
                if console.send(Some(typed)).is_err() {
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
    let _ = console.send(None);
    let _ = inbox.send(Arrival::ConsoleEnded);
}

fn receive_datagrams(socket: &Arc<UdpSocket>, inbox: &SyncSender<Arrival>) {
    let mut buffer = vec![0; RECV_BUFFER];
    loop {
        let arrival = match net::retry(|| socket.recv_from(&mut buffer)) {
            Ok((size, from)) => Arrival::Letter(Letter {
                from,
                body: buffer[..size].to_vec(),
                way_back: WayBack::Udp(Arc::clone(socket)),
            }),
            Err(error) => Arrival::Problem(format!("receive failed: {error}")),
        };
        if inbox.send(arrival).is_err() {
            return; // the console loop is gone: the server is ending
        }
    }
}

fn accept_connections(listener: &TcpListener, inbox: &SyncSender<Arrival>, limits: &Limits) {
    let idle = limits.idle_timeout;
    net::accept_forever(
        listener,
        &ConnectionLimit::new(limits.max_clients),
        |problem| {
            let _ = inbox.send(Arrival::Problem(problem));
        },
        |stream, peer, admission| {
            let reader_inbox = inbox.clone();
            net::spawn_for_peer(peer, move || {
                let _admission = admission;
                read_connection(stream, peer, idle, &reader_inbox);
            })
            .map_err(|error| format!("cannot start a thread: {error}"))
        },
    )
}

fn read_connection(
    stream: TcpStream,
    peer: SocketAddr,
    idle: Duration,
    inbox: &SyncSender<Arrival>,
) {
    let stream = Arc::new(stream);
    let _ = stream.set_nodelay(true);
    let _ = stream.set_read_timeout(Some(idle));
    let waiting = Arc::new(Waiting {
        letters: AtomicUsize::new(0),
        answered: Mutex::new(Instant::now()),
    });
    if inbox.send(Arrival::Connected(peer)).is_err() {
        return;
    }
    let mut reader = BufReader::new(&*stream);
    loop {
        let deadline = Instant::now() + idle;
        let arrival = match net::read_line(&mut reader, MAX_LINE, Some(deadline)) {
            Ok(LineRead::Line(body)) => {
                waiting.letters.fetch_add(1, Ordering::SeqCst);
                Arrival::Letter(Letter {
                    from: peer,
                    body,
                    way_back: WayBack::Tcp(Arc::clone(&stream), Arc::clone(&waiting)),
                })
            }
            Ok(LineRead::End) => break,
            // Silent, but waiting for the person at the console: not idle.
            Ok(LineRead::Idle(0)) if waiting.keeps_open(idle) => continue,
            Ok(LineRead::Idle(_)) => {
                let _ = inbox.send(Arrival::Problem(format!(
                    "{peer}: no complete line within {} s; closing the connection",
                    idle.as_secs_f64()
                )));
                break;
            }
            Ok(LineRead::Unfinished(size)) => {
                let _ = inbox.send(Arrival::Problem(format!(
                    "{peer} closed the connection in the middle of a line ({size} bytes without a newline)"
                )));
                break;
            }
            Ok(LineRead::TooLong) => {
                let _ = inbox.send(Arrival::Problem(format!(
                    "{peer} sent a line longer than {MAX_LINE} bytes; closing the connection"
                )));
                break;
            }
            Err(error) => {
                let _ = inbox.send(Arrival::Problem(format!(
                    "{peer}: {error}; closing the connection"
                )));
                break;
            }
        };
        if inbox.send(arrival).is_err() {
            return;
        }
    }
    let _ = stream.shutdown(std::net::Shutdown::Both);
    let _ = inbox.send(Arrival::Disconnected(peer));
}
