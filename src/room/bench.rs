//! `client room-bench`: puts a room under load and measures it.
//!
//! One sender and `--members` receivers join the room from this process.
//! The sender says `--rate` messages a second for `--duration` seconds; each
//! text carries its number and the time it was sent. Each receiver, on its
//! own thread and socket, notes which numbers arrived and how long after
//! sending. Sender and receivers read one clock, so the delay is exact:
//!
//! ```text
//! SAY 41 1234567 xxxx…   →  server  →  MSG s-4242 41 1234567 xxxx…  (× members)
//!      │   └ µs since start                     receiver: now − 1234567 µs
//!      └ sequence number: a gap is a lost message
//! ```
//!
//! The load is bounded: at most 1000 members, 100,000 messages a second and
//! 600 seconds, and every wait has a deadline.

use std::io::{IsTerminal, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use super::client::{JOIN_RETRY, join};
use super::wire::{Notice, Request};
use crate::cli::{ClientConfig, RoomBenchOptions};
use crate::console::Printer;
use crate::link::{Incoming, Link, Outgoing};
use crate::stats::Latencies;
use crate::{Error, Result, signals};

/// After the last message is sent, how long a receiver waits for stragglers.
const DRAIN: Duration = Duration::from_secs(1);

/// What one receiver saw.
#[derive(Debug, Default)]
struct Tally {
    /// Send-to-delivery delays of the messages received, first copies only.
    latencies: Latencies,
    /// Distinct messages received: the expected count minus this is the loss.
    received: u64,
    /// Copies of a message already received, or numbers never sent: UDP may
    /// deliver a datagram twice, and a correct room never should.
    duplicates: u64,
}

/// The bench's members, who leave the room however the bench ends: at its
/// end, on an error (the room is full at member 200), on Ctrl+C or `kill`.
/// Over TCP a closed connection is a leave anyway; over UDP only `LEAVE` is,
/// and without it the next student would find the room full until the
/// members time out.
#[derive(Clone, Default)]
struct Members(Arc<Mutex<Vec<Outgoing>>>);

impl Members {
    fn add(&self, member: Outgoing) {
        self.lock().push(member);
    }

    fn all(&self) -> Vec<Outgoing> {
        self.lock().clone()
    }

    /// Every member says `LEAVE`, once.
    fn leave(&self) {
        let leave = Request::Leave.to_string();
        for member in self.lock().drain(..) {
            let _ = member.send(leave.as_bytes());
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Outgoing>> {
        self.0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Leaves when the measurement ends, whichever way.
struct LeaveOnDrop(Members);

impl Drop for LeaveOnDrop {
    fn drop(&mut self) {
        self.0.leave();
    }
}

/// Runs the measurement and prints a summary.
pub fn run(config: &ClientConfig, settings: &RoomBenchOptions, out: &mut Printer) -> Result<()> {
    let id = std::process::id();
    let epoch = Instant::now();

    let members = Members::default();
    let _leave = LeaveOnDrop(members.clone());
    let on_stop = members.clone();
    signals::on_stop(move || {
        on_stop.leave();
        std::process::exit(signals::STOPPED);
    });

    // Receivers join first, so every message has all of them as audience.
    let mut incomings = Vec::with_capacity(settings.members);
    let mut idle = Duration::MAX;
    for number in 0..settings.members {
        let (outgoing, mut incoming) =
            Link::open(&config.endpoint, config.machine_timeout(), Some(JOIN_RETRY))?.split();
        // Listed before it joins: the server may have let it in before a
        // Ctrl+C, even if its WELCOME has not reached us yet. (A LEAVE from
        // one that never got in only earns an ERROR.)
        members.add(outgoing.clone());
        idle = idle.min(join(
            config,
            &format!("r{number}-{id}"),
            &outgoing,
            &mut incoming,
        )?);
        incomings.push(incoming);
    }
    let sender_name = format!("s-{id}");
    let (sender, mut sender_incoming) =
        Link::open(&config.endpoint, config.machine_timeout(), Some(JOIN_RETRY))?.split();
    members.add(sender.clone());
    idle = idle.min(join(config, &sender_name, &sender, &mut sender_incoming)?);
    let outgoings = members.all();

    let total = (f64::from(settings.rate) * settings.duration.as_secs_f64()).round() as u64;
    let sending = Arc::new(AtomicBool::new(true));
    let mut receivers = Vec::with_capacity(incomings.len());
    for incoming in incomings {
        let sending = Arc::clone(&sending);
        let sender_name = sender_name.clone();
        let receiver = thread::Builder::new()
            .name("receiver".to_string())
            .stack_size(256 * 1024)
            .spawn(move || receive(incoming, &sender_name, total, epoch, &sending))
            .map_err(|error| Error::runtime(format!("cannot start a receiver thread: {error}")))?;
        receivers.push(receiver);
    }

    let started = Instant::now();
    let sent = send(
        &sender,
        settings.size,
        settings.rate,
        total,
        epoch,
        idle,
        &outgoings,
    )?;
    let sending_time = started.elapsed();
    sending.store(false, Ordering::SeqCst);

    let mut all = Tally::default();
    for receiver in receivers {
        let tally = receiver
            .join()
            .map_err(|_| Error::runtime("a receiver thread failed"))?;
        all.latencies.merge(&tally.latencies);
        all.received += tally.received;
        all.duplicates += tally.duplicates;
    }
    members.leave();

    let expected = sent * settings.members as u64;
    let seconds = sending_time.as_secs_f64().max(f64::EPSILON);
    out.line(format_args!(
        "room-bench: {}, 1 sender, {} receivers, {} messages/s offered for {} s, {}-byte texts",
        config.endpoint,
        settings.members,
        settings.rate,
        settings.duration.as_secs_f64(),
        settings.size
    ));
    out.line(format_args!(
        "sent       {sent} messages in {seconds:.2} s ({:.0} per second)",
        sent as f64 / seconds
    ));
    out.line(format_args!(
        "delivered  {} of {expected} ({:.0} per second); lost {}; duplicates {}",
        all.received,
        all.received as f64 / seconds,
        expected.saturating_sub(all.received),
        all.duplicates
    ));
    out.say(format_args!(
        "latency    p50 {} µs   p99 {} µs   max {} µs",
        all.latencies.percentile_micros(50.0),
        all.latencies.percentile_micros(99.0),
        all.latencies.max_micros()
    ));
    Ok(())
}

/// Sends `total` texts at `rate` per second; returns how many were sent.
fn send(
    sender: &Outgoing,
    size: usize,
    rate: u32,
    total: u64,
    epoch: Instant,
    idle: Duration,
    everyone: &[Outgoing],
) -> Result<u64> {
    let start = Instant::now();
    let interval = Duration::from_secs(1) / rate;
    let keep_alive_every = idle / 4;
    let mut next_keep_alive = start + keep_alive_every;
    let mut next_report = start + Duration::from_secs(1);
    let show_progress = std::io::stderr().is_terminal();
    let ping = Request::Ping.to_string();
    for number in 0..total {
        // Pacing: wait for this message's moment; if late, send at once.
        let due = start + interval * u32::try_from(number).unwrap_or(u32::MAX);
        let now = Instant::now();
        if due > now {
            thread::sleep(due - now);
        }
        let mut text = format!("{number} {}", epoch.elapsed().as_micros());
        if text.len() < size {
            text.push(' ');
            text.extend(std::iter::repeat_n('x', size.saturating_sub(text.len())));
        }
        sender.send(Request::Say(text).to_string().as_bytes())?;

        let now = Instant::now();
        if now >= next_keep_alive {
            // The receivers never speak; these keep them in the room.
            for member in everyone {
                member.send(ping.as_bytes())?;
            }
            next_keep_alive = now + keep_alive_every;
        }
        if show_progress && now >= next_report {
            let _ = write!(std::io::stderr(), "\rsent {} of {total}…", number + 1);
            next_report = now + Duration::from_secs(1);
        }
    }
    if show_progress {
        let _ = write!(std::io::stderr(), "\r{:40}\r", "");
    }
    Ok(total)
}

/// One receiver: counts and times the sender's texts until all arrived, or
/// until the sender is done and nothing more comes for [`DRAIN`].
fn receive(
    mut incoming: Incoming,
    sender: &str,
    total: u64,
    epoch: Instant,
    sending: &AtomicBool,
) -> Tally {
    let mut tally = Tally::default();
    let mut seen = vec![false; usize::try_from(total).unwrap_or(0)];
    let poll = Duration::from_millis(100);
    let mut quiet_since: Option<Instant> = None;
    if incoming.set_wait(Some(poll)).is_err() {
        return tally;
    }
    while tally.received < total {
        let bytes = match incoming.receive_or_timeout() {
            Ok(Some(bytes)) => bytes,
            Ok(None) => {
                if !sending.load(Ordering::SeqCst) {
                    let since = *quiet_since.get_or_insert_with(Instant::now);
                    if since.elapsed() >= DRAIN {
                        break;
                    }
                }
                continue;
            }
            Err(_) => break,
        };
        quiet_since = None;
        let arrived = epoch.elapsed();
        let Ok(Notice::Message { name, text }) = Notice::parse(&bytes) else {
            continue; // PONG, JOINED, …
        };
        if name != sender {
            continue;
        }
        let mut fields = text.split(' ');
        let (Some(Ok(number)), Some(Ok(sent_micros))) = (
            fields.next().map(str::parse::<u64>),
            fields.next().map(str::parse::<u64>),
        ) else {
            continue;
        };
        match seen.get_mut(usize::try_from(number).unwrap_or(usize::MAX)) {
            Some(already) if !*already => {
                *already = true;
                tally.received += 1;
                tally
                    .latencies
                    .record(arrived.saturating_sub(Duration::from_micros(sent_micros)));
            }
            _ => tally.duplicates += 1,
        }
    }
    tally
}
