//! The room server: transports and a console around the rules of
//! [`super::state`].
//!
//! One thread, the *hub*, owns the [`Room`] and makes every decision. The
//! other threads only turn what happens into [`Event`]s on one channel:
//!
//! ```text
//! UDP:  [receiver: recv_from loop] ──┐
//! TCP:  [acceptor] → [reader per connection] ──┤→ events → [hub] → Post → members
//!       [console: lines typed here] ──┤
//!       [Ctrl+C] ──┘
//! ```
//!
//! (About 600 lines, on purpose: the hub and both ways of delivering are
//! one protocol, read together; the rules live in `state`, the words in
//! `wire`, the flood control in `flood`.)
//!
//! No locks, because nothing is shared: the room has one owner. The hub
//! wakes up for an event, or when it is time to look for silent members.
//!
//! Delivering is where UDP and TCP differ most:
//!
//! * UDP: `send_to` hands the datagram to the system and returns at once. A
//!   member that does not read loses datagrams; the others never notice.
//! * TCP: `write` blocks when the member does not read and the connection's
//!   buffers are full. So each member gets an [`Outbox`]: a queue and a writer
//!   thread. The hub only queues; if a member's queue passes
//!   [`MAX_QUEUED_BYTES`], it is dropped as too slow. All the queues together
//!   hold about [`MAX_TOTAL_QUEUED`] at most, each message counted once.
//!
//! What keeps strangers from taking the room over:
//!
//! * flood control ([`super::flood`]) on the receiving threads: a member's
//!   messages past its share are paced (TCP) or dropped (UDP) before they
//!   are queued for the hub;
//! * the hub closes TCP connections that have not joined within the idle
//!   timeout, so that connections that never say `JOIN` cannot hold every
//!   place;
//! * a closed stdout (`server room | head -1`) closes the room properly
//!   instead of ending the process mid-sentence.

use std::collections::HashMap;
use std::io::{BufReader, BufWriter, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender, SyncSender, TryRecvError};
use std::thread;
use std::time::{Duration, Instant};

use super::flood::{self, Allowance, Senders, Verdict};
use super::state::{Encoded, Post, Room};
use super::wire::MAX_TEXT;
use crate::console::{Keyboard, Printer};
use crate::net::Limits;
use crate::net::{self, ConnectionLimit, Endpoint, LineRead, MAX_LINE, RECV_BUFFER, Transport};
use crate::{Error, Result};

/// How many events may wait for the hub before the network threads pause.
/// With flood control they rarely queue up at all; the bound keeps the
/// queue's memory at 64 × 64 KiB = 4 MiB even in the worst case.
const EVENT_QUEUE: usize = 64;

/// How much may wait to be written to one TCP member before it counts as
/// too slow. Bounds the server's memory: members × this, at most.
pub const MAX_QUEUED_BYTES: usize = 256 * 1024;

/// How long one write to a TCP member may block before we give up on it.
const WRITE_TIMEOUT: Duration = Duration::from_secs(5);

/// How long the server waits, when closing, for goodbyes to be written.
const CLOSING_GRACE: Duration = Duration::from_secs(1);

/// Everything the hub reacts to.
enum Event {
    /// A datagram, or a line on a connection.
    Message { from: SocketAddr, bytes: Vec<u8> },
    /// A TCP client connected; here is how to write to it.
    Connected { peer: SocketAddr, outbox: Outbox },
    /// A TCP connection ended, perhaps with a problem worth printing.
    Closed {
        peer: SocketAddr,
        problem: Option<String>,
    },
    /// A line typed at the server's console.
    Console(Vec<u8>),
    /// Something went wrong on the network side; the server goes on.
    Problem(String),
    /// A sender went over its allowance (see [`super::flood`]): over UDP
    /// this many of its datagrams were dropped; over TCP (0) it is slowed.
    Flooding { from: SocketAddr, dropped: u64 },
    /// Ctrl+C.
    Interrupt,
}

/// Binds, prints `Listening on …` once Ctrl+C is handled too, and serves the
/// room until `exit` is typed at the console or Ctrl+C.
pub fn serve(endpoint: &Endpoint, settings: &Limits, out: &mut Printer) -> Result<()> {
    let (events, inbox) = mpsc::sync_channel(EVENT_QUEUE);
    // A closed stdout must not end the server before it says CLOSING.
    out.survive_closed_stdout();
    start("console", {
        let events = events.clone();
        move || read_console(&events)
    })?;
    let interrupts = events.clone();
    // Ctrl+C (or `kill`) closes the room the way `exit` does. If a handler
    // cannot be set, Ctrl+C still ends the server, just without telling the
    // members.
    crate::signals::on_stop(move || {
        let _ = interrupts.send(Event::Interrupt);
    });
    let address = endpoint.resolve()?;
    match endpoint.transport {
        Transport::Udp => {
            // Claim the port: from now on, datagrams sent to it wait here for us.
            let socket =
                UdpSocket::bind(address).map_err(|error| net::cannot_bind(endpoint, &error))?;
            net::announce(out, Transport::Udp, socket.local_addr())?;
            let socket = Arc::new(socket);
            let rate = settings.max_rate;
            start("receiver", {
                let socket = Arc::clone(&socket);
                move || receive_datagrams(&socket, &events, rate)
            })?;
            let room = Room::new(
                UdpPost { socket },
                settings.idle_timeout,
                settings.max_clients,
            );
            run_hub(room, &inbox, out)
        }
        Transport::Tcp => {
            // Claim the port and listen: connections now queue up for `accept`.
            let listener =
                TcpListener::bind(address).map_err(|error| net::cannot_bind(endpoint, &error))?;
            net::announce(out, Transport::Tcp, listener.local_addr())?;
            // Room for every member, plus a few connections still joining.
            let limit = ConnectionLimit::new(settings.max_clients + 16);
            let rate = settings.max_rate;
            start("acceptor", move || {
                accept_connections(&listener, &events, &limit, rate)
            })?;
            let room = Room::new(
                TcpPost::default(),
                settings.idle_timeout,
                settings.max_clients,
            );
            run_hub(room, &inbox, out)
        }
    }
}

fn start(name: &str, work: impl FnOnce() + Send + 'static) -> Result<()> {
    thread::Builder::new()
        .name(name.to_string())
        .spawn(work)
        .map(drop)
        .map_err(|error| Error::runtime(format!("cannot start the {name} thread: {error}")))
}

/// What the hub needs from a way to reach members beyond [`Post`]: the
/// connections (TCP has them; UDP has none, and its methods do nothing).
trait Connections: Post {
    /// A new TCP connection (UDP has none).
    fn connected(&mut self, peer: SocketAddr, outbox: Outbox);

    /// Waits (briefly) until what was queued has been written.
    fn finish(&mut self, deadline: Instant);

    /// The connections opened before `cutoff` (TCP; UDP has none).
    fn opened_before(&self, cutoff: Instant) -> Vec<SocketAddr>;
}

/// The hub: the only owner of the room.
fn run_hub<T: Connections>(
    mut room: Room<T>,
    inbox: &Receiver<Event>,
    out: &mut Printer,
) -> Result<()> {
    let sweep_every = room.sweep_interval();
    let mut next_sweep = Instant::now() + sweep_every;
    loop {
        for line in room.take_journal() {
            out.line(line);
        }
        let event = match inbox.try_recv() {
            Ok(event) => Some(event),
            Err(TryRecvError::Empty) => {
                // Nothing queued: print, then sleep until an event or the sweep.
                out.flush();
                if out.stdout_closed() {
                    // Nobody reads our output any more (`server room | head
                    // -1`): close the room properly instead of vanishing.
                    break;
                }
                let left = next_sweep.saturating_duration_since(Instant::now());
                match inbox.recv_timeout(left) {
                    Ok(event) => Some(event),
                    Err(RecvTimeoutError::Timeout) => None,
                    Err(RecvTimeoutError::Disconnected) => return Err(stopped()),
                }
            }
            Err(TryRecvError::Disconnected) => return Err(stopped()),
        };
        let now = Instant::now();
        match event {
            Some(Event::Message { from, bytes }) => room.handle(from, &bytes, now),
            Some(Event::Connected { peer, outbox }) => room.post_mut().connected(peer, outbox),
            Some(Event::Closed { peer, problem }) => {
                if let Some(problem) = problem {
                    out.line(format_args!("! {peer}: {problem}"));
                }
                room.connection_closed(peer);
            }
            Some(Event::Console(line)) => {
                let text = String::from_utf8_lossy(&line);
                if text.trim() == "exit" {
                    break;
                }
                if text.len() > MAX_TEXT {
                    out.error(format_args!(
                        "a line of {} bytes is too long for the room (at most {MAX_TEXT}); not sent",
                        text.len()
                    ));
                } else if !text.is_empty() {
                    room.announce(&text);
                }
            }
            Some(Event::Problem(problem)) => out.line(format_args!("! {problem}")),
            Some(Event::Flooding { from, dropped }) => room.flooding(from, dropped),
            Some(Event::Interrupt) => break,
            None => {}
        }
        if now >= next_sweep {
            room.sweep(now);
            close_strangers(&mut room, now, out);
            next_sweep = now + sweep_every;
        }
    }
    room.close();
    for line in room.take_journal() {
        out.line(line);
    }
    out.flush();
    room.post_mut().finish(Instant::now() + CLOSING_GRACE);
    Ok(())
}

/// Closes the TCP connections that have been open for the idle timeout
/// without joining: otherwise connections that never say JOIN would hold
/// every place the connection limit allows, and nobody could join.
fn close_strangers<T: Connections>(room: &mut Room<T>, now: Instant, out: &mut Printer) {
    let Some(cutoff) = now.checked_sub(room.idle_timeout()) else {
        return;
    };
    for peer in room.post().opened_before(cutoff) {
        if !room.is_member(peer) {
            out.line(format_args!(
                "! {peer}: no JOIN within {} s; closing the connection",
                room.idle_timeout().as_secs_f64()
            ));
            room.post_mut().forget(peer);
        }
    }
}

fn stopped() -> Error {
    Error::runtime("the room's receiving threads stopped")
}

fn read_console(events: &SyncSender<Event>) {
    let mut keyboard = Keyboard::new();
    let mut out = Printer::new();
    while let Ok(Some(line)) = keyboard.read_message(&mut out, "", MAX_TEXT) {
        if events.send(Event::Console(line)).is_err() {
            return;
        }
    }
    // The console's input ended (the server was started with < /dev/null,
    // say). The room goes on; Ctrl+C still closes it.
}

// ---------------------------------------------------------------- UDP

/// Delivers datagrams with `send_to`.
struct UdpPost {
    /// The server's one socket, shared with the receiver thread: UDP sends
    /// and receives on the same socket, so answers come from the port the
    /// clients wrote to.
    socket: Arc<UdpSocket>,
}

impl Post for UdpPost {
    fn deliver(&mut self, to: SocketAddr, message: &Encoded) -> bool {
        // Never "too slow": the system drops what a member does not read,
        // and an error here (a vanished member) is for the idle sweep to
        // notice, not for the sender to wait on.
        let _ = net::retry(|| self.socket.send_to(message, to));
        true
    }

    fn forget(&mut self, _peer: SocketAddr) {
        // No connection to close: UDP never had one.
    }
}

impl Connections for UdpPost {
    fn connected(&mut self, _peer: SocketAddr, _outbox: Outbox) {}

    fn finish(&mut self, _deadline: Instant) {
        // send_to has already handed every datagram to the system.
    }

    fn opened_before(&self, _cutoff: Instant) -> Vec<SocketAddr> {
        Vec::new()
    }
}

/// Receives datagrams for the hub. What a sender sends over its allowance
/// is dropped here, before it is copied or queued: this loop must drain the
/// socket faster than any flooder fills it, or the system would drop the
/// well-behaved members' datagrams (their keep-alives) too.
fn receive_datagrams(socket: &UdpSocket, events: &SyncSender<Event>, rate: u32) {
    let mut buffer = vec![0; RECV_BUFFER];
    let mut senders = Senders::new(rate);
    loop {
        let event = match net::retry(|| socket.recv_from(&mut buffer)) {
            Ok((size, from)) => match senders.admit(from, size, Instant::now()) {
                Verdict::Pass => Event::Message {
                    from,
                    bytes: buffer[..size].to_vec(),
                },
                Verdict::Drop => continue,
                Verdict::DropAndReport(dropped) => Event::Flooding { from, dropped },
            },
            Err(error) => Event::Problem(format!("receive failed: {error}")),
        };
        if events.send(event).is_err() {
            return;
        }
    }
}

// ---------------------------------------------------------------- TCP

/// How much all TCP members' queues may hold together, each message counted
/// once however many members it waits for. Past it, the server is crowded:
/// a member more than [`BEHIND_WHEN_CROWDED`] behind is dropped as too slow,
/// so that the laggards, not the server's memory, pay for a flood.
pub const MAX_TOTAL_QUEUED: usize = 16 * 1024 * 1024;

/// How far behind a member may be while the server is crowded.
const BEHIND_WHEN_CROWDED: usize = 64 * 1024;

/// What a queued message costs beyond its bytes: its allocation and its
/// place in a channel, roughly. Without it, a flood of 4-byte PONGs would
/// be counted at a tenth of the memory it takes.
const MESSAGE_OVERHEAD: usize = 64;

/// A message queued for one or more TCP members. It counts itself in the
/// total of [`MAX_TOTAL_QUEUED`] while it exists, that is, until the last
/// member's writer has written it (or its member is gone).
struct Queued {
    /// The encoded line, shared (not copied) by every member it goes to.
    bytes: Encoded,
    /// The server-wide count this message adds itself to, and takes itself
    /// from when dropped.
    total: Arc<AtomicUsize>,
}

impl Queued {
    fn new(bytes: &Encoded, total: &Arc<AtomicUsize>) -> Arc<Queued> {
        total.fetch_add(bytes.len() + MESSAGE_OVERHEAD, Ordering::Relaxed);
        Arc::new(Queued {
            bytes: Arc::clone(bytes),
            total: Arc::clone(total),
        })
    }
}

impl Drop for Queued {
    fn drop(&mut self) {
        self.total
            .fetch_sub(self.bytes.len() + MESSAGE_OVERHEAD, Ordering::Relaxed);
    }
}

/// Delivers lines through each member's [`Outbox`].
#[derive(Default)]
struct TcpPost {
    /// One per TCP connection, joined or not: a connection is a way to
    /// write to someone, a membership is [`Room`]'s business.
    outboxes: HashMap<SocketAddr, Outbox>,
    /// The bytes of all queued messages, each counted once.
    total: Arc<AtomicUsize>,
    /// The message being delivered: a broadcast is delivered to every member
    /// in a row, and is queued (and counted) once for all of them.
    current: Option<Arc<Queued>>,
}

impl Post for TcpPost {
    fn deliver(&mut self, to: SocketAddr, message: &Encoded) -> bool {
        let Some(outbox) = self.outboxes.get_mut(&to) else {
            return true; // already gone; its reader will report the close
        };
        let queued = match &self.current {
            Some(current) if Arc::ptr_eq(&current.bytes, message) => Arc::clone(current),
            _ => {
                let queued = Queued::new(message, &self.total);
                self.current = Some(Arc::clone(&queued));
                queued
            }
        };
        let crowded = self.total.load(Ordering::Relaxed) > MAX_TOTAL_QUEUED;
        outbox.push(queued, crowded)
    }

    fn forget(&mut self, peer: SocketAddr) {
        if let Some(outbox) = self.outboxes.remove(&peer) {
            outbox.close();
        }
    }
}

impl Connections for TcpPost {
    fn connected(&mut self, peer: SocketAddr, outbox: Outbox) {
        self.outboxes.insert(peer, outbox);
    }

    fn finish(&mut self, deadline: Instant) {
        let writers: Vec<Receiver<()>> = self
            .outboxes
            .drain()
            .map(|(_, outbox)| outbox.close())
            .collect();
        for done in writers {
            let _ = done.recv_timeout(deadline.saturating_duration_since(Instant::now()));
        }
    }

    fn opened_before(&self, cutoff: Instant) -> Vec<SocketAddr> {
        self.outboxes
            .iter()
            .filter(|(_, outbox)| outbox.opened < cutoff)
            .map(|(&peer, _)| peer)
            .collect()
    }
}

/// The messages waiting to be written to one TCP member, and its writer.
pub struct Outbox {
    /// To the member's writer thread: the hub never blocks on a slow
    /// member's socket, it only queues.
    queue: Sender<Arc<Queued>>,
    /// Bytes queued but not yet written; the writer counts them down.
    queued: Arc<AtomicUsize>,
    /// For closing the connection at once when the member is too slow.
    stream: TcpStream,
    /// True once a message did not fit: at closing, the connection is cut
    /// at once instead of waiting for the writer to catch up.
    overflowed: bool,
    /// Closes when the writer thread has finished.
    done: Receiver<()>,
    /// When the connection was accepted: one that has not joined within the
    /// idle timeout is closed.
    opened: Instant,
}

impl Outbox {
    fn start(stream: &TcpStream, peer: SocketAddr) -> std::io::Result<Outbox> {
        let (queue, messages) = mpsc::channel();
        let (finished, done) = mpsc::channel();
        let queued = Arc::new(AtomicUsize::new(0));
        let writer_stream = stream.try_clone()?;
        writer_stream.set_write_timeout(Some(WRITE_TIMEOUT))?;
        let counter = Arc::clone(&queued);
        net::spawn_for_peer(peer, move || {
            let _finished = finished;
            write_messages(&writer_stream, &messages, &counter);
        })?;
        Ok(Outbox {
            queue,
            queued,
            stream: stream.try_clone()?,
            overflowed: false,
            done,
            opened: Instant::now(),
        })
    }

    /// Queues a message; false if the member is too far behind: more than
    /// [`MAX_QUEUED_BYTES`], or, while the server is `crowded`, more than
    /// [`BEHIND_WHEN_CROWDED`].
    fn push(&mut self, message: Arc<Queued>, crowded: bool) -> bool {
        let size = message.bytes.len() + 1;
        let behind = self.queued.load(Ordering::Relaxed);
        if behind + size > MAX_QUEUED_BYTES || (crowded && behind > BEHIND_WHEN_CROWDED) {
            self.overflowed = true;
            return false;
        }
        self.queued.fetch_add(size, Ordering::Relaxed);
        // Fails only if the writer has stopped, and then the reader reports
        // the closed connection.
        let _ = self.queue.send(message);
        true
    }

    /// Lets the writer finish what is queued, then close the connection;
    /// a member that fell behind is cut off at once.
    fn close(self) -> Receiver<()> {
        if self.overflowed {
            let _ = self.stream.shutdown(Shutdown::Both);
        }
        // Dropping `queue` (with self) ends the writer's loop.
        self.done
    }
}

fn write_messages(stream: &TcpStream, messages: &Receiver<Arc<Queued>>, queued: &AtomicUsize) {
    let mut writer = BufWriter::new(stream);
    'connection: while let Ok(first) = messages.recv() {
        let mut next = Some(first);
        while let Some(message) = next {
            let message = &message.bytes;
            if writer
                .write_all(message)
                .and_then(|()| writer.write_all(b"\n"))
                .is_err()
            {
                break 'connection;
            }
            queued.fetch_sub(message.len() + 1, Ordering::Relaxed);
            next = messages.try_recv().ok();
        }
        // The queue is empty: send what is buffered before waiting.
        if writer.flush().is_err() {
            break;
        }
    }
    // Either the room is done with this member or the member is gone.
    let _ = stream.shutdown(Shutdown::Both);
}

fn accept_connections(
    listener: &TcpListener,
    events: &SyncSender<Event>,
    limit: &ConnectionLimit,
    rate: u32,
) {
    net::accept_forever(
        listener,
        limit,
        |problem| {
            let _ = events.send(Event::Problem(problem));
        },
        |stream, peer, admission| {
            let _ = stream.set_nodelay(true);
            let outbox = Outbox::start(&stream, peer)
                .map_err(|error| format!("cannot start its writer: {error}"))?;
            // Connected goes first, so the hub knows the outbox before any line.
            let _ = events.send(Event::Connected { peer, outbox });
            let reader_events = events.clone();
            let started = net::spawn_for_peer(peer, move || {
                let _admission = admission;
                read_lines(&stream, peer, &reader_events, rate);
            });
            if let Err(error) = started {
                // The hub must forget the outbox it was just given.
                let _ = events.send(Event::Closed {
                    peer,
                    problem: Some(format!("cannot start its reader: {error}")),
                });
            }
            Ok(())
        },
    )
}

/// Reads one connection's lines for the hub, no faster than its allowance:
/// a flooder's reader waits, so the flooder's own connection backs up and
/// it is slowed down to its share (see [`super::flood`]).
fn read_lines(stream: &TcpStream, peer: SocketAddr, events: &SyncSender<Event>, rate: u32) {
    let mut reader = BufReader::new(stream);
    let mut allowance = Allowance::new(rate, Instant::now());
    let mut reported: Option<Instant> = None;
    let problem = loop {
        match net::read_line(&mut reader, MAX_LINE, None) {
            Ok(LineRead::Line(bytes)) => {
                let cost = flood::cost(bytes.len());
                let wait = allowance.wait_for(cost, Instant::now());
                if !wait.is_zero() {
                    let now = Instant::now();
                    if reported.is_none_or(|at| now.duration_since(at) >= flood::REPORT_EVERY) {
                        reported = Some(now);
                        let _ = events.send(Event::Flooding {
                            from: peer,
                            dropped: 0,
                        });
                    }
                    // Pacing, not synchronisation: this thread holds back
                    // one sender, and nothing else waits for it.
                    thread::sleep(wait);
                }
                allowance.spend(cost, Instant::now());
                if events.send(Event::Message { from: peer, bytes }).is_err() {
                    return;
                }
            }
            Ok(LineRead::End) => break None,
            Ok(LineRead::Unfinished(size)) => {
                break Some(format!(
                    "closed the connection in the middle of a line ({size} bytes without a newline)"
                ));
            }
            Ok(LineRead::TooLong) => {
                break Some(format!(
                    "sent a line longer than {MAX_LINE} bytes; closing the connection"
                ));
            }
            // A reset or our own shutdown: the connection is simply over.
            // (`Idle` needs a deadline, and the room's readers have none: the
            // hub decides who is silent too long.)
            Ok(LineRead::Idle(_)) | Err(_) => break None,
        }
    };
    // The reader does not close the connection itself: a client may have
    // closed only its sending half (`printf 'JOIN neo\n' | nc -N …` does)
    // and still wait for the answers queued for it. The hub forgets the
    // connection, its writer sends what is queued, then closes it.
    let _ = events.send(Event::Closed { peer, problem });
}
