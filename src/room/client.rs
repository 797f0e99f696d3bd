//! The room client: full duplex, so messages from others print while you type.
//!
//! A console program normally does one thing at a time: wait for a line,
//! send it, wait for the answer. In a room, others talk whenever they like,
//! so the client waits on two things at once. Each gets its own thread:
//!
//! ```text
//! main thread:     stdin line → SAY …         ("exit" or end of input → LEAVE)
//! listener thread: socket → print "[bob] hi", "* carol joined", …
//! keep-alive:      PING every quarter of the idle timeout
//! Ctrl+C handler:  LEAVE, then exit
//! ```
//!
//! All three senders share one [`Outgoing`]; the listener owns the
//! [`Incoming`] half. The listener ends the whole program when the room
//! closes or the server drops us.
//!
//! The keep-alive matters for UDP. A UDP client that vanishes (killed, a
//! laptop lid closed) never says goodbye, so the server drops members it has
//! not heard from for its idle timeout. The server names that timeout in its
//! `WELCOME`, and the client pings well within it, so a live member is never
//! dropped, whatever the timeout is.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::thread;
use std::time::{Duration, Instant};

use super::flood::{self, Allowance};
use super::wire::{MAX_TEXT, Notice, Request};
use crate::cli::ClientConfig;
use crate::console::{Keyboard, Printer};
use crate::link::{Incoming, Link, Outgoing};
use crate::net::Transport;
use crate::net::limits::DEFAULT_MAX_RATE;
use crate::terminal;
use crate::{Error, Result, error, signals};

/// How often an unanswered `JOIN` is sent again over UDP: the datagram, or
/// its `WELCOME`, may have been lost.
pub(super) const JOIN_RETRY: Duration = Duration::from_millis(500);

/// The keep-alive never runs more often than this, whatever idle timeout a
/// server names: a `WELCOME neo 0.001` must not turn us into a flood.
const MIN_KEEP_ALIVE: Duration = Duration::from_millis(50);

/// Joins the room and talks until `exit`, end of input or Ctrl+C.
///
/// `name` is `--name`, if given.
pub fn run_client(config: &ClientConfig, name: Option<&str>, out: &mut Printer) -> Result<()> {
    let name = name.map_or_else(default_name, str::to_string);
    let link = Link::open(&config.endpoint, config.machine_timeout(), Some(JOIN_RETRY))?;
    let (outgoing, mut incoming) = link.split();
    let idle = join(config, &name, &outgoing, &mut incoming)?;
    // Set just before we say LEAVE: from then on the server closing the
    // connection is expected, not an error.
    let leaving = Arc::new(AtomicBool::new(false));
    let leaver = outgoing.clone();
    let interrupted = Arc::clone(&leaving);
    // Ready before anyone is told we joined: Ctrl+C (or `kill`) from then on
    // leaves. If no handler can be set, Ctrl+C still ends the client; the
    // server then drops it after the idle timeout instead.
    signals::on_stop(move || {
        interrupted.store(true, Ordering::SeqCst);
        let _ = leaver.send(Request::Leave.to_string().as_bytes());
        std::process::exit(0);
    });
    let mut keyboard = Keyboard::new();
    out.say(format_args!("* you joined the room as {name}"));
    if keyboard.is_interactive() {
        out.say("* type a message and press Enter; \"exit\" leaves");
    }

    // Silence from the server is not a sign that it is gone: a server may
    // ignore PING (stage 04 allows it) and have nothing to say for hours. A
    // TCP connection reports its own end; over UDP, a server that stopped
    // makes its machine answer our next keep-alive with "port unreachable",
    // which the socket reports as ConnectionRefused. So the listener waits
    // without a time limit.
    incoming.set_wait(None)?;
    let listener_knows = Arc::clone(&leaving);
    // The listener ends the program itself if the server goes away.
    let advice = config.advice();
    thread::Builder::new()
        .name("listener".to_string())
        .spawn(move || listen(incoming, &name, &listener_knows, &advice))
        .map_err(|error| Error::runtime(format!("cannot start the listener thread: {error}")))?;
    let pinger = outgoing.clone();
    let interval = (idle / 4).max(MIN_KEEP_ALIVE);
    thread::Builder::new()
        .name("keep-alive".to_string())
        .spawn(move || keep_alive(&pinger, interval))
        .map_err(|error| Error::runtime(format!("cannot start the keep-alive thread: {error}")))?;

    // Lines piped in (`client room < notes.txt`) could go faster than the
    // server lets one member speak (see `flood`); over UDP the rest would be
    // dropped. So the client keeps itself within the default share.
    let mut pace = Allowance::new(DEFAULT_MAX_RATE * 9 / 10, Instant::now());
    while let Some(line) = keyboard.read_message(out, "", MAX_TEXT)? {
        if line == b"exit" {
            break;
        }
        let Ok(text) = String::from_utf8(line) else {
            out.error("the room speaks UTF-8 only; that line was not sent");
            continue;
        };
        let cost = flood::cost(text.len());
        // Pacing a person's (or a file's) lines: nothing waits for this.
        thread::sleep(pace.wait_for(cost, Instant::now()));
        pace.spend(cost, Instant::now());
        outgoing.send(Request::Say(text).to_string().as_bytes())?;
    }
    leaving.store(true, Ordering::SeqCst);
    outgoing.send(Request::Leave.to_string().as_bytes())?;
    out.say("* you left the room");
    Ok(())
}

/// Sends `JOIN` until the server welcomes us (and returns its idle timeout)
/// or refuses (an error), within the client's timeout.
pub(super) fn join(
    config: &ClientConfig,
    name: &str,
    outgoing: &Outgoing,
    incoming: &mut Incoming,
) -> Result<Duration> {
    let join = Request::Join(name.to_string()).to_string();
    let started = Instant::now();
    let deadline = started + config.machine_timeout();
    outgoing.send(join.as_bytes())?;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(incoming.no_answer(config.machine_timeout()));
        }
        incoming.set_wait(Some(left.min(JOIN_RETRY)))?;
        let Some(bytes) = incoming.receive_or_timeout()? else {
            if config.endpoint.transport == Transport::Udp {
                outgoing.send(join.as_bytes())?;
            }
            continue;
        };
        match Notice::parse(&bytes) {
            Ok(Notice::Welcome { idle_seconds, .. }) => {
                return Ok(Duration::from_secs_f64(idle_seconds));
            }
            Ok(Notice::Error(reason)) => {
                return Err(Error::runtime(format!(
                    "the room refused {name}: {}",
                    terminal::escape(&reason)
                )));
            }
            // Another member's news, say: not meant for us yet.
            Ok(_) => {}
            // The server answered, but not in the room's format: say so now
            // rather than wait out the timeout and blame the network.
            Err(problem) => {
                return Err(Error::runtime(format!(
                    "the server at {} answered JOIN with \"{}\", not WELCOME <name> <idle-seconds>: {problem}",
                    config.endpoint,
                    terminal::printable(&bytes[..bytes.len().min(80)])
                )));
            }
        }
    }
}

/// Prints what the room says, until it closes or the server drops us; then
/// ends the program. Once we are `leaving`, a closed connection is expected:
/// the main thread ends the program.
///
/// `advice` is added to an error that says nobody answers any more.
fn listen(mut incoming: Incoming, me: &str, leaving: &AtomicBool, advice: &str) {
    let mut out = Printer::new();
    loop {
        out.flush();
        let bytes = match incoming.receive() {
            Ok(bytes) => bytes,
            Err(_) if leaving.load(Ordering::SeqCst) => return,
            Err(failure) => error::exit(&failure.with_advice(advice)),
        };
        // Whatever the server relays (a student's server may relay anything)
        // is escaped before it reaches the screen: names and texts alike.
        let shown = |text: &str| terminal::escape(text).into_owned();
        match Notice::parse(&bytes) {
            Ok(Notice::Message { name, text }) => out.line(format_args!(
                "[{}] {}",
                shown(&name),
                terminal::printable(text.as_bytes())
            )),
            Ok(Notice::Server(text)) => out.line(format_args!(
                "[server] {}",
                terminal::printable(text.as_bytes())
            )),
            Ok(Notice::Joined(name)) => out.line(format_args!("* {} joined", shown(&name))),
            Ok(Notice::Left(name)) => out.line(format_args!("* {} left", shown(&name))),
            Ok(Notice::TimedOut(name) | Notice::Dropped(name)) if name == me => {
                out.flush();
                error::exit(&Error::runtime("the server dropped us from the room"));
            }
            Ok(Notice::TimedOut(name)) => out.line(format_args!("* {} timed out", shown(&name))),
            Ok(Notice::Dropped(name)) => {
                out.line(format_args!("* {} was dropped (too slow)", shown(&name)))
            }
            Ok(Notice::Closing) => {
                out.say("* the server closed the room");
                std::process::exit(0);
            }
            Ok(Notice::Error(reason)) => {
                out.error(format_args!("the server says: {}", shown(&reason)))
            }
            Ok(Notice::Pong | Notice::Welcome { .. }) => {}
            Err(problem) => out.line(format_args!(
                "! the server sent something unreadable: {problem}"
            )),
        }
    }
}

/// Sends `PING` every `interval`, until the connection fails. The listener
/// reports why: over UDP the system wakes its waiting receive with the
/// ConnectionRefused that a stopped server's machine sent back.
fn keep_alive(outgoing: &Outgoing, interval: Duration) {
    let ping = Request::Ping.to_string();
    loop {
        // A timer, not a synchronisation: nothing else waits for this.
        thread::sleep(interval);
        if outgoing.send(ping.as_bytes()).is_err() {
            return;
        }
    }
}

/// `alice-4242`: the user name and the process id, so that two clients
/// started on one machine never ask for the same name.
fn default_name() -> String {
    let user = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default();
    let user: String = user
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
        .take(20)
        .collect();
    let user = if user.is_empty() {
        "guest".to_string()
    } else {
        user
    };
    format!("{user}-{}", std::process::id())
}
