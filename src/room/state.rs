//! The rules of the room: who is in, under which name, who hears what, and
//! who is dropped. No sockets here: the room decides, a [`Post`] delivers.
//! That split keeps the rules the same over UDP and TCP, and lets the unit
//! tests below check them without a network.
//!
//! Two rules matter most for a server that strangers talk to:
//!
//! * **A member is its address, not its words.** Over UDP the sender's
//!   address (from `recv_from`), over TCP the connection, says who spoke.
//!   A message that claims another name is still attributed to its sender.
//! * **Nobody can hold up the others.** Delivery to a member that cannot keep
//!   up fails at once ([`Post::deliver`] returns false) and that member is
//!   dropped; every other member still gets the message.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};

use super::wire::{MAX_TEXT, Notice, Request, skeleton};

/// One encoded message, shared by all the members it goes to.
pub type Encoded = Arc<[u8]>;

/// Delivers the room's messages.
pub trait Post {
    /// Hands one message to the transport for `to`. False means the member
    /// cannot take it (its queue is full) and must be dropped.
    fn deliver(&mut self, to: SocketAddr, message: &Encoded) -> bool;

    /// The room is done with `peer`; a TCP post closes its connection.
    fn forget(&mut self, peer: SocketAddr);
}

/// Why a member is no longer in the room.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Departure {
    /// It said `LEAVE`, or closed its connection.
    Left,
    /// Nothing from it for longer than the idle timeout.
    TimedOut,
    /// It could not keep up with the messages sent to it.
    TooSlow,
}

/// The room, with its members and its rules.
pub struct Room<P: Post> {
    /// How messages leave: UDP, TCP, or a recorder in the tests. The rules
    /// never touch a socket.
    post: P,
    /// Keyed by address, never by the name a message claims: a member is
    /// whoever sends from its address (UDP) or on its connection (TCP).
    members: HashMap<SocketAddr, Member>,
    /// [`skeleton`] of a name → address, so that `Neo`, `neo` and `nео` (with
    /// Cyrillic letters) are one name.
    names: HashMap<String, SocketAddr>,
    /// `--idle-timeout`: a member silent for longer (keep-alives count) is
    /// dropped, since over UDP nothing else says it has gone.
    idle_timeout: Duration,
    /// `--max-clients`: past it a JOIN is refused.
    max_members: usize,
    /// Lines for the server's console, collected until the caller prints them.
    journal: Vec<String>,
}

struct Member {
    /// As the member chose it; `names` holds its skeleton.
    name: String,
    /// Anything from it, keep-alives included: the idle timeout counts from here.
    last_heard: Instant,
}

impl<P: Post> Room<P> {
    /// An empty room.
    pub fn new(post: P, idle_timeout: Duration, max_members: usize) -> Self {
        Room {
            post,
            members: HashMap::new(),
            names: HashMap::new(),
            idle_timeout,
            max_members,
            journal: Vec::new(),
        }
    }

    /// The transport, for setting up connections (TCP).
    pub fn post_mut(&mut self) -> &mut P {
        &mut self.post
    }

    /// The transport, for looking at its connections (TCP).
    pub fn post(&self) -> &P {
        &self.post
    }

    /// True if `peer` is a member.
    pub fn is_member(&self, peer: SocketAddr) -> bool {
        self.members.contains_key(&peer)
    }

    /// How long a member may stay silent.
    pub fn idle_timeout(&self) -> Duration {
        self.idle_timeout
    }

    /// How many members the room has.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// True when nobody is in.
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// The lines to print since the last call.
    pub fn take_journal(&mut self) -> Vec<String> {
        std::mem::take(&mut self.journal)
    }

    /// How often [`sweep`](Self::sweep) should run: often enough that a
    /// silent member is dropped soon after its timeout, and no more.
    pub fn sweep_interval(&self) -> Duration {
        (self.idle_timeout / 4).clamp(Duration::from_millis(10), Duration::from_secs(1))
    }

    /// Handles one message that arrived from `from`.
    pub fn handle(&mut self, from: SocketAddr, bytes: &[u8], now: Instant) {
        if let Some(member) = self.members.get_mut(&from) {
            // Any message is a sign of life, even one we cannot read.
            member.last_heard = now;
        }
        let request = match Request::parse(bytes) {
            Ok(request) => request,
            Err(malformed) => return self.refuse(from, &malformed.0),
        };
        if let Request::Join(name) = request {
            return self.join(from, name, now);
        }
        let Some(member) = self.members.get(&from) else {
            return self.refuse(from, "not in the room: send JOIN <name> first");
        };
        let name = member.name.clone();
        match request {
            Request::Say(text) if text.len() > MAX_TEXT => {
                let reason = format!(
                    "a text of {} bytes is too long (at most {MAX_TEXT})",
                    text.len()
                );
                self.refuse(from, &reason);
            }
            Request::Say(text) => {
                self.journal
                    .push(format!("[{name}@{from}] {}", printable(&text)));
                self.broadcast(&Notice::Message { name, text }, Some(from));
            }
            Request::Ping => self.send(from, &Notice::Pong),
            Request::Leave => self.remove(from, Departure::Left),
            Request::Join(_) => unreachable!("handled above"),
        }
    }

    /// `from` sends more than its share (see [`super::flood`]): over UDP
    /// `dropped` of its messages were dropped, and it is told so; over TCP
    /// (`dropped` is 0) it is being slowed down.
    pub fn flooding(&mut self, from: SocketAddr, dropped: u64) {
        let who = match self.members.get(&from) {
            Some(member) => format!("{}@{from}", member.name),
            None => from.to_string(),
        };
        if dropped == 0 {
            self.journal.push(format!(
                "! {who}: sends too fast; slowing it down to its share"
            ));
            return;
        }
        let reason = format!(
            "slow down: you sent too much too fast; {dropped} of your messages were dropped"
        );
        self.journal.push(format!(
            "! {who}: sends too fast; dropped {dropped} of its messages"
        ));
        self.send(from, &Notice::Error(reason));
    }

    /// A TCP connection closed; if it was a member, it has left.
    pub fn connection_closed(&mut self, peer: SocketAddr) {
        if self.members.contains_key(&peer) {
            self.remove(peer, Departure::Left);
        } else {
            self.post.forget(peer);
        }
    }

    /// A line typed at the server: everyone gets it.
    pub fn announce(&mut self, text: &str) {
        self.journal.push(format!("[server] {}", printable(text)));
        self.broadcast(&Notice::Server(text.to_string()), None);
    }

    /// Tells every member the room is closing.
    pub fn close(&mut self) {
        let told = match self.members.len() {
            1 => "1 member".to_string(),
            count => format!("{count} members"),
        };
        self.journal
            .push(format!("* closing the room, telling {told}"));
        self.broadcast(&Notice::Closing, None);
    }

    /// Drops the members that have been silent longer than the idle timeout.
    pub fn sweep(&mut self, now: Instant) {
        let silent: Vec<SocketAddr> = self
            .members
            .iter()
            .filter(|(_, member)| now.duration_since(member.last_heard) > self.idle_timeout)
            .map(|(&address, _)| address)
            .collect();
        for address in silent {
            self.remove(address, Departure::TimedOut);
        }
    }

    fn join(&mut self, from: SocketAddr, name: String, now: Instant) {
        let key = skeleton(&name);
        if let Some(member) = self.members.get(&from) {
            if skeleton(&member.name) == key {
                // A repeated JOIN (the WELCOME may have been lost): say it again.
                let welcome = self.welcome(&member.name.clone());
                return self.send(from, &welcome);
            }
            let reason = format!("already in the room as {}", member.name);
            return self.refuse(from, &reason);
        }
        if self.names.contains_key(&key) {
            return self.refuse(from, &format!("the name \"{name}\" is already taken"));
        }
        if self.members.len() >= self.max_members {
            let reason = format!("the room is full ({} members)", self.max_members);
            return self.refuse(from, &reason);
        }
        self.members.insert(
            from,
            Member {
                name: name.clone(),
                last_heard: now,
            },
        );
        self.names.insert(key, from);
        self.journal.push(format!("* {name}@{from} joined"));
        let welcome = self.welcome(&name);
        self.send(from, &welcome);
        self.broadcast(&Notice::Joined(name), Some(from));
    }

    fn welcome(&self, name: &str) -> Notice {
        Notice::Welcome {
            name: name.to_string(),
            idle_seconds: self.idle_timeout.as_secs_f64(),
        }
    }

    fn remove(&mut self, address: SocketAddr, why: Departure) {
        let Some(member) = self.members.remove(&address) else {
            return;
        };
        self.names.remove(&skeleton(&member.name));
        let name = member.name;
        let (said, notice) = match why {
            Departure::Left => ("left", Notice::Left(name.clone())),
            Departure::TimedOut => ("timed out", Notice::TimedOut(name.clone())),
            Departure::TooSlow => ("was dropped (too slow)", Notice::Dropped(name.clone())),
        };
        self.journal.push(format!("* {name}@{address} {said}"));
        if why == Departure::TimedOut {
            // If it is alive after all (a laptop waking up), it learns why
            // the room went quiet.
            self.send(address, &notice);
        }
        self.post.forget(address);
        self.broadcast(&notice, None);
    }

    fn refuse(&mut self, to: SocketAddr, reason: &str) {
        self.journal.push(format!("! {to}: {reason}"));
        self.send(to, &Notice::Error(reason.to_string()));
    }

    fn send(&mut self, to: SocketAddr, notice: &Notice) {
        let message: Encoded = notice.to_string().into_bytes().into();
        if !self.post.deliver(to, &message) && self.members.contains_key(&to) {
            self.remove(to, Departure::TooSlow);
        }
    }

    /// Sends `notice` to every member but `except`. A member that cannot
    /// take it is dropped afterwards, which the others are told about in turn.
    fn broadcast(&mut self, notice: &Notice, except: Option<SocketAddr>) {
        // Encoded once, shared by everyone: 50 members do not mean 50 copies.
        let message: Encoded = notice.to_string().into_bytes().into();
        let mut too_slow = Vec::new();
        for &address in self.members.keys() {
            if Some(address) != except && !self.post.deliver(address, &message) {
                too_slow.push(address);
            }
        }
        for address in too_slow {
            self.remove(address, Departure::TooSlow);
        }
    }
}

/// Text for the console: one line, whatever the member sent.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    crate::terminal::printable(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A post office that keeps everything, and can play a full queue.
    #[derive(Default)]
    struct Recorder {
        /// Every delivery, in order: what the tests read back.
        sent: Vec<(SocketAddr, String)>,
        /// Members whose queue plays full: deliveries to them fail.
        full: Vec<SocketAddr>,
        /// Members the room told the post to forget.
        forgotten: Vec<SocketAddr>,
    }

    impl Post for Recorder {
        fn deliver(&mut self, to: SocketAddr, message: &Encoded) -> bool {
            if self.full.contains(&to) {
                return false;
            }
            self.sent
                .push((to, String::from_utf8_lossy(message).into_owned()));
            true
        }

        fn forget(&mut self, peer: SocketAddr) {
            self.forgotten.push(peer);
        }
    }

    fn address(port: u16) -> SocketAddr {
        SocketAddr::from(([127, 0, 0, 1], port))
    }

    fn room() -> Room<Recorder> {
        Room::new(Recorder::default(), Duration::from_secs(2), 3)
    }

    /// What `to` was sent, in order; clears the record.
    fn inbox(room: &mut Room<Recorder>, to: u16) -> Vec<String> {
        let sent = std::mem::take(&mut room.post.sent);
        let (mine, others): (Vec<_>, Vec<_>) =
            sent.into_iter().partition(|(a, _)| *a == address(to));
        room.post.sent = others;
        mine.into_iter().map(|(_, text)| text).collect()
    }

    #[test]
    fn members_hear_each_other_but_not_themselves() {
        let mut room = room();
        let now = Instant::now();
        room.handle(address(1), b"JOIN alice", now);
        room.handle(address(2), b"JOIN bob", now);
        assert_eq!(inbox(&mut room, 1), ["WELCOME alice 2", "JOINED bob"]);
        assert_eq!(inbox(&mut room, 2), ["WELCOME bob 2"]);
        room.handle(address(1), b"SAY hi bob", now);
        assert_eq!(inbox(&mut room, 2), ["MSG alice hi bob"]);
        assert_eq!(inbox(&mut room, 1), Vec::<String>::new());
    }

    #[test]
    fn a_message_is_attributed_to_its_sender_whatever_it_claims() {
        let mut room = room();
        let now = Instant::now();
        room.handle(address(1), b"JOIN alice", now);
        room.handle(address(2), b"JOIN bob", now);
        room.post.sent.clear();
        room.handle(address(2), b"SAY alice says: bob is great", now);
        assert_eq!(inbox(&mut room, 1), ["MSG bob alice says: bob is great"]);
    }

    #[test]
    fn a_taken_name_is_refused_and_its_holder_untouched() {
        let mut room = room();
        let now = Instant::now();
        room.handle(address(1), b"JOIN alice", now);
        room.post.sent.clear();
        room.handle(address(2), b"JOIN ALICE", now);
        assert_eq!(
            inbox(&mut room, 2),
            ["ERROR the name \"ALICE\" is already taken"]
        );
        assert_eq!(inbox(&mut room, 1), Vec::<String>::new());
        assert_eq!(room.len(), 1);
    }

    #[test]
    fn strangers_and_garbage_get_an_error_and_change_nothing() {
        let mut room = room();
        let now = Instant::now();
        room.handle(address(1), b"JOIN alice", now);
        room.post.sent.clear();
        room.handle(address(9), b"SAY let me in", now);
        room.handle(address(9), b"\xff\xfe", now);
        room.handle(address(9), b"DANCE", now);
        let errors = inbox(&mut room, 9);
        assert_eq!(errors.len(), 3);
        assert!(
            errors.iter().all(|error| error.starts_with("ERROR ")),
            "{errors:?}"
        );
        assert_eq!(inbox(&mut room, 1), Vec::<String>::new());
    }

    #[test]
    fn a_repeated_join_is_welcomed_again_not_duplicated() {
        let mut room = room();
        let now = Instant::now();
        room.handle(address(1), b"JOIN alice", now);
        room.handle(address(1), b"JOIN alice", now);
        assert_eq!(inbox(&mut room, 1), ["WELCOME alice 2", "WELCOME alice 2"]);
        room.handle(address(1), b"JOIN carol", now);
        assert_eq!(inbox(&mut room, 1), ["ERROR already in the room as alice"]);
        assert_eq!(room.len(), 1);
    }

    #[test]
    fn the_room_has_a_size_limit() {
        let mut room = room();
        let now = Instant::now();
        for (port, name) in [(1, "a"), (2, "b"), (3, "c")] {
            room.handle(address(port), format!("JOIN {name}").as_bytes(), now);
        }
        room.handle(address(4), b"JOIN d", now);
        assert_eq!(inbox(&mut room, 4), ["ERROR the room is full (3 members)"]);
        assert_eq!(room.len(), 3);
    }

    #[test]
    fn silent_members_time_out_and_talkative_ones_stay() {
        let mut room = room();
        let start = Instant::now();
        room.handle(address(1), b"JOIN quiet", start);
        room.handle(address(2), b"JOIN chatty", start);
        room.handle(address(2), b"PING", start + Duration::from_millis(1500));
        room.post.sent.clear();
        room.sweep(start + Duration::from_millis(2500));
        assert_eq!(room.len(), 1);
        assert_eq!(inbox(&mut room, 1), ["TIMEOUT quiet"]);
        assert_eq!(inbox(&mut room, 2), ["TIMEOUT quiet"]);
        assert_eq!(room.post.forgotten, [address(1)]);
    }

    #[test]
    fn a_member_that_cannot_keep_up_is_dropped_and_the_rest_still_hear() {
        let mut room = room();
        let now = Instant::now();
        room.handle(address(1), b"JOIN fast", now);
        room.handle(address(2), b"JOIN slow", now);
        room.handle(address(3), b"JOIN talker", now);
        room.post.sent.clear();
        room.post.full.push(address(2));
        room.handle(address(3), b"SAY news", now);
        assert_eq!(inbox(&mut room, 1), ["MSG talker news", "DROPPED slow"]);
        assert_eq!(room.len(), 2);
        assert!(
            room.take_journal()
                .iter()
                .any(|line| line.contains("slow@127.0.0.1:2 was dropped"))
        );
    }

    #[test]
    fn leaving_frees_the_name() {
        let mut room = room();
        let now = Instant::now();
        room.handle(address(1), b"JOIN alice", now);
        room.handle(address(1), b"LEAVE", now);
        room.handle(address(2), b"JOIN alice", now);
        assert_eq!(inbox(&mut room, 2), ["WELCOME alice 2"]);
    }
}
