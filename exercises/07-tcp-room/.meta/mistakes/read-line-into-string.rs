//! Mistake: `read_line` into a `String`.
//!
//! read_line fails on a line that is not UTF-8 (Windows-1251 text, say): the
//! error ends the member's connection, and it is out of the room for writing in
//! its own encoding.
//!
//! kata:replaces server
//! kata:first-failure s13_server_survives_a_line_that_is_not_utf8
//! kata:hint a line need not be UTF-8 (a Windows console may send Windows-1251): read_line into a String fails on it, and an unwrap() on from_utf8 panics; either way alice is out. Read bytes with read_until and decode them with String::from_utf8_lossy (or answer ERROR), and go on
//! kata:changes 7

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use kata::starter::{self, Args, Outcome};

/// One member of the room: its name, and a handle to write to it.
struct Member {
    name: String,
    address: SocketAddr,
    /// Every sender's thread writes to this member, so its stream has a lock
    /// of its own, held for one whole line: two threads writing to one
    /// stream at once can mix their bytes when its buffers are full.
    writer: Writer,
}

/// A member's stream, written by one thread at a time.
type Writer = Arc<Mutex<TcpStream>>;

/// How long a write to a member may wait for room in its buffers. A member
/// that does not read for that long is dropped, so that it holds up nobody.
const WRITE_WAIT: Duration = Duration::from_millis(500);

/// Everyone in the room, shared by all the connections' threads.
type Room = Arc<Mutex<Vec<Member>>>;

fn main() {
    starter::run_server(serve);
}

fn serve(args: Args) -> Outcome {
    let listener = TcpListener::bind(args.address())?;
    println!("Listening on tcp://{}", listener.local_addr()?);
    let room: Room = Arc::new(Mutex::new(Vec::new()));
    loop {
        let (stream, address) = listener.accept()?;
        let room = Arc::clone(&room);
        // A thread per connection: a client that is silent blocks only its own.
        thread::spawn(move || {
            if let Err(error) = serve_member(&room, &stream, address) {
                println!("! {address}: {error}");
            }
            // However the connection ended, its member (if any) has left.
            leave(&room, address);
        });
    }
}

fn serve_member(room: &Room, stream: &TcpStream, address: SocketAddr) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    let mut name: Option<String> = None;
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(()); // the client closed the connection
        }
        let text = line.trim_end_matches(['\r', '\n']);
        let (word, rest) = text.split_once(' ').unwrap_or((text, ""));
        match (word, &name) {
            ("JOIN", None) if !rest.is_empty() && !rest.contains(' ') => {
                stream.set_write_timeout(Some(WRITE_WAIT))?;
                let member = Member {
                    name: rest.to_string(),
                    address,
                    writer: Arc::new(Mutex::new(stream.try_clone()?)),
                };
                let others = {
                    // WELCOME, and joining the list, in one step under the
                    // lock: nothing reaches the new member before its
                    // WELCOME, and whoever is in the room now hears of it.
                    // (A fresh connection takes one line at once: this write
                    // never waits.)
                    let mut members = lock(room);
                    send(stream, &format!("WELCOME {rest} 30"));
                    let others = streams_but(&members, address);
                    members.push(member);
                    others
                };
                println!("* {rest}@{address} joined");
                send_all(&others, &format!("JOINED {rest}"));
                name = Some(rest.to_string());
            }
            ("SAY", Some(name)) => {
                println!("[{name}@{address}] {rest}");
                let others = streams_but(&lock(room), address);
                send_all(&others, &format!("MSG {name} {rest}"));
            }
            ("LEAVE", _) => return Ok(()),
            _ => {
                let problem =
                    format!("cannot do {word:?} here: send JOIN <name>, then SAY <text> or LEAVE");
                println!("! {address}: {problem}");
                send(stream, &format!("ERROR {problem}"));
            }
        }
    }
}

/// Removes the member at `address`, and tells the others.
fn leave(room: &Room, address: SocketAddr) {
    let (gone, others) = {
        let mut members = lock(room);
        let index = members.iter().position(|member| member.address == address);
        let gone = index.map(|index| members.remove(index));
        (gone, streams_but(&members, address))
    };
    if let Some(member) = gone {
        println!("* {}@{address} left", member.name);
        send_all(&others, &format!("LEFT {}", member.name));
        let _ = lock(&member.writer).shutdown(std::net::Shutdown::Both);
    }
}

/// The writers of every member but the one at `except`: taken under the
/// room's lock, written to after it is released, so that a slow member
/// never holds up the room.
fn streams_but(members: &[Member], except: SocketAddr) -> Vec<Writer> {
    members
        .iter()
        .filter(|member| member.address != except)
        .map(|member| Arc::clone(&member.writer))
        .collect()
}

/// Sends `message` to each member, a whole line under that member's own
/// lock. A member that vanished, or stopped reading, fails here: its
/// connection is shut down, and its own thread takes it out of the room.
/// The sender carries on.
fn send_all(writers: &[Writer], message: &str) {
    let line = format!("{message}\n");
    for writer in writers {
        let mut stream = lock(writer);
        if stream.write_all(line.as_bytes()).is_err() {
            let _ = stream.shutdown(std::net::Shutdown::Both);
        }
    }
}

/// Writes one line; a failure is the receiver's problem, not the sender's.
fn send(mut stream: &TcpStream, message: &str) {
    let _ = stream.write_all(format!("{message}\n").as_bytes());
}

/// Locks the room or a member's writer, even if a thread panicked while
/// holding it.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
