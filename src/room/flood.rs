//! Flood control: each member gets a fair share of the room.
//!
//! One student with a loop can send tens of thousands of messages a second.
//! Every one of them goes to every member, so without a limit a single
//! flooder fills the server's queues (memory), the members' connections (a
//! TCP member that cannot read that fast was dropped as "too slow") and the
//! server's time (a `PING` waited seconds behind the flood for its `PONG`).
//!
//! So each sender has an [`Allowance`], a *token bucket*: it holds up to
//! [`BURST_SECONDS`] seconds' worth of messages and refills at `--max-rate`
//! messages a second. A message costs one token, plus one per KiB of it (a
//! 60 KB text costs as much as 60 short ones: it costs everyone's bandwidth
//! as much). A person typing, even pasting a few lines, never notices; a
//! loop does:
//!
//! * **TCP**: the reader of that connection simply waits until the bucket
//!   has refilled. It reads nothing meanwhile, so the flooder's own
//!   connection fills up and its `write` blocks: it is *slowed down* to its
//!   share, and nobody else notices.
//! * **UDP**: there is no way to make a sender wait, so what is over the
//!   allowance is *dropped* as it arrives, before it costs anything, and
//!   the sender is told (an `ERROR`, at most once a second).
//!
//! The checks run on the receiving threads, before a message is queued for
//! the hub, so a flood never even reaches the queue.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};

/// How many seconds' worth of messages a bucket holds: what a sender may
/// send at once (a pasted paragraph) before the rate applies.
pub const BURST_SECONDS: u32 = 2;

/// How many senders' buckets the UDP receiver keeps. A bucket that has
/// refilled is as good as none, so past this many, full ones are forgotten:
/// the table cannot grow without bound, whoever sends.
const MAX_BUCKETS: usize = 4096;

/// How often a flooder is reported (on the console, and to itself).
pub const REPORT_EVERY: Duration = Duration::from_secs(1);

/// What a message of `size` bytes costs: 1, plus 1 per KiB.
pub fn cost(size: usize) -> f64 {
    1.0 + (size / 1024) as f64
}

/// One sender's token bucket.
#[derive(Debug, Clone)]
pub struct Allowance {
    /// Messages a second.
    rate: f64,
    /// Tokens now; at most `rate * BURST_SECONDS`.
    tokens: f64,
    /// When `tokens` was last brought up to date.
    updated: Instant,
}

impl Allowance {
    /// A full bucket for `rate` messages a second.
    pub fn new(rate: u32, now: Instant) -> Self {
        let rate = f64::from(rate.max(1));
        Allowance {
            rate,
            tokens: rate * f64::from(BURST_SECONDS),
            updated: now,
        }
    }

    /// Refills for the time that passed since the last look.
    fn refill(&mut self, now: Instant) {
        let passed = now.saturating_duration_since(self.updated).as_secs_f64();
        let ceiling = self.rate * f64::from(BURST_SECONDS);
        self.tokens = (self.tokens + passed * self.rate).min(ceiling);
        self.updated = now;
    }

    /// Takes `cost` tokens if there are that many; false (and nothing taken)
    /// if not.
    pub fn take(&mut self, cost: f64, now: Instant) -> bool {
        self.refill(now);
        // A message dearer than a full bucket costs a full bucket.
        let cost = cost.min(self.rate * f64::from(BURST_SECONDS));
        if self.tokens >= cost {
            self.tokens -= cost;
            return true;
        }
        false
    }

    /// How long until `cost` tokens are there (zero if they are now). A
    /// message dearer than a full bucket waits for a full bucket.
    pub fn wait_for(&mut self, cost: f64, now: Instant) -> Duration {
        self.refill(now);
        let ceiling = self.rate * f64::from(BURST_SECONDS);
        let missing = cost.min(ceiling) - self.tokens;
        if missing <= 0.0 {
            return Duration::ZERO;
        }
        Duration::from_secs_f64(missing / self.rate)
    }

    /// Takes `cost` tokens, going into debt if needed: after a wait of
    /// [`wait_for`](Self::wait_for) the debt is paid.
    pub fn spend(&mut self, cost: f64, now: Instant) {
        self.refill(now);
        self.tokens -= cost;
    }

    /// True if the bucket is full: the sender has been quiet for a while.
    fn is_full(&self, now: Instant) -> bool {
        let mut probe = self.clone();
        probe.refill(now);
        probe.tokens >= probe.rate * f64::from(BURST_SECONDS)
    }
}

/// What the UDP receiver knows about each sender.
#[derive(Debug)]
pub struct Senders {
    /// `--max-rate`: messages a second each sender may keep up.
    rate: u32,
    /// One allowance per sender address, bounded in number (see
    /// `MAX_BUCKETS`) so that forged addresses cannot fill our memory.
    buckets: HashMap<SocketAddr, Sender>,
}

#[derive(Debug)]
struct Sender {
    /// How many datagrams it may still send now.
    allowance: Allowance,
    /// Datagrams dropped since the last report.
    dropped: u64,
    /// When this sender was last reported.
    reported: Option<Instant>,
}

/// What to do with one datagram.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Within the allowance: pass it on.
    Pass,
    /// Over it: drop it.
    Drop,
    /// Over it: drop it, and report this many drops now.
    DropAndReport(u64),
}

impl Senders {
    /// Allows each sender `rate` messages a second.
    pub fn new(rate: u32) -> Self {
        Senders {
            rate,
            buckets: HashMap::new(),
        }
    }

    /// Decides about one datagram of `size` bytes from `from`.
    pub fn admit(&mut self, from: SocketAddr, size: usize, now: Instant) -> Verdict {
        if self.buckets.len() >= MAX_BUCKETS && !self.buckets.contains_key(&from) {
            self.buckets
                .retain(|_, sender| !sender.allowance.is_full(now) || sender.dropped > 0);
        }
        let rate = self.rate;
        let sender = self.buckets.entry(from).or_insert_with(|| Sender {
            allowance: Allowance::new(rate, now),
            dropped: 0,
            reported: None,
        });
        if sender.allowance.take(cost(size), now) {
            return Verdict::Pass;
        }
        sender.dropped += 1;
        let due = sender
            .reported
            .is_none_or(|reported| now.duration_since(reported) >= REPORT_EVERY);
        if !due {
            return Verdict::Drop;
        }
        sender.reported = Some(now);
        Verdict::DropAndReport(std::mem::take(&mut sender.dropped))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_passes_then_the_rate_applies() {
        let start = Instant::now();
        let mut allowance = Allowance::new(10, start);
        let passed = (0..100).filter(|_| allowance.take(1.0, start)).count();
        assert_eq!(passed, 20, "two seconds' worth at once");
        assert!(!allowance.take(1.0, start));
        assert!(allowance.take(1.0, start + Duration::from_millis(100)));
        assert_eq!(
            allowance.wait_for(1.0, start + Duration::from_millis(100)),
            Duration::from_millis(100)
        );
    }

    #[test]
    fn big_messages_cost_more() {
        assert_eq!(cost(10), 1.0);
        assert_eq!(cost(60_000), 59.0);
    }

    #[test]
    fn a_flooder_is_dropped_and_reported_once_a_second_others_pass() {
        let start = Instant::now();
        let mut senders = Senders::new(10);
        let flooder = SocketAddr::from(([127, 0, 0, 1], 1));
        let person = SocketAddr::from(([127, 0, 0, 1], 2));
        let verdicts: Vec<Verdict> = (0..30).map(|_| senders.admit(flooder, 10, start)).collect();
        assert_eq!(verdicts.iter().filter(|v| **v == Verdict::Pass).count(), 20);
        assert_eq!(verdicts[20], Verdict::DropAndReport(1));
        assert_eq!(verdicts[21], Verdict::Drop);
        assert_eq!(senders.admit(person, 10, start), Verdict::Pass);
        let later = start + Duration::from_millis(1001);
        assert_eq!(
            senders.admit(flooder, 60_000, later),
            Verdict::DropAndReport(10)
        );
        // Even a message dearer than a full bucket passes once it is full.
        let full = later + Duration::from_secs(2);
        assert_eq!(senders.admit(flooder, 60_000, full), Verdict::Pass);
    }
}
