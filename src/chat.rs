//! `chat`: a turn-taking dialogue that ends when one side types `exit`.
//!
//! ```text
//! client types → server prints, server types → client prints → …
//! ```
//!
//! The client speaks first. `exit` is an ordinary message on the wire; what
//! makes it special is what each side does when it sees it:
//!
//! * the client types `exit`: it is sent, the client ends; the server prints
//!   that the client left and waits for the next client;
//! * the server types `exit`: it is sent to the client it is answering, and
//!   the server ends; the client prints that the server ended the chat, and
//!   ends.
//!
//! End of input (Ctrl+D) counts as typing `exit`, on either side, so that the
//! other side is always told.
//!
//! The server receives and answers as the `reply` server does (threads
//! queue the messages, the main loop answers them in turn, the console is
//! read on a thread of its own); only the word `exit` is new.
//!
//! Over UDP nothing needs closing when a chat ends: there was no connection.
//! The client's socket is simply dropped when the program ends.

use std::io::{BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::Arc;
use std::sync::mpsc::{self, Sender, SyncSender};
use std::time::{Duration, Instant};

use crate::Result;
use crate::cli::ClientConfig;
use crate::console::{Keyboard, Printer};
use crate::console_thread::{self, Arrival, ConsoleThread, QUEUE_LENGTH};
use crate::link::Link;
use crate::net::{
    self, ConnectionLimit, Endpoint, Limits, LineRead, MAX_DATAGRAM, MAX_LINE, RECV_BUFFER,
    Transport,
};
use crate::terminal;

/// The word that ends a chat.
pub const EXIT: &[u8] = b"exit";

/// True if `message` is [`EXIT`], with or without the line ending that
/// `nc -u` puts at the end of every datagram it sends.
pub fn is_exit(message: &[u8]) -> bool {
    let message = message
        .strip_suffix(b"\r\n")
        .or_else(|| message.strip_suffix(b"\n"))
        .unwrap_or(message);
    message == EXIT
}

/// Chats with whoever writes, until the console types `exit`.
pub fn serve(endpoint: &Endpoint, limits: &Limits, out: &mut Printer) -> Result<()> {
    match endpoint.transport {
        Transport::Udp => serve_udp(endpoint, out),
        Transport::Tcp => serve_tcp(endpoint, limits, out),
    }?;
    out.say("* you ended the chat");
    Ok(())
}

/// UDP: one thread receives every datagram; this one answers them in turn.
fn serve_udp(endpoint: &Endpoint, out: &mut Printer) -> Result<()> {
    // Claim the port: from now on, datagrams sent to it wait here for us.
    let socket =
        UdpSocket::bind(endpoint.resolve()?).map_err(|error| net::cannot_bind(endpoint, &error))?;
    net::announce(out, Transport::Udp, socket.local_addr())?;
    let socket = Arc::new(socket);
    let (queue, arrivals) = mpsc::sync_channel(QUEUE_LENGTH);
    let mut console = ConsoleThread::start(queue.clone())?;
    let receiver = Arc::clone(&socket);
    console_thread::spawn("receiver", move || {
        let mut buffer = vec![0; RECV_BUFFER];
        loop {
            let arrival = match net::retry(|| receiver.recv_from(&mut buffer)) {
                Ok((size, sender)) => Arrival::Message((sender, buffer[..size].to_vec())),
                Err(error) => Arrival::Notice(format!("! receive failed: {error}")),
            };
            if queue.send(arrival).is_err() {
                return; // the main loop is gone: the server is ending
            }
        }
    })?;
    // `None`: the console's input ended while nobody was waiting for an
    // answer. That counts as typing `exit`, with nobody to tell.
    while let Some((sender, message)) = console.next_message(&arrivals, out) {
        if is_exit(&message) {
            out.line(format_args!("* {sender} left the chat"));
            continue;
        }
        out.line(format_args!("[{sender}] {}", terminal::printable(&message)));
        let prompt = format!("you to {sender}> ");
        // The end of the console's input counts as typing `exit`.
        let answer = console
            .read_answer(out, &prompt, MAX_DATAGRAM)
            .unwrap_or_else(|| EXIT.to_vec());
        if let Err(error) = net::retry(|| socket.send_to(&answer, sender)) {
            out.line(format_args!("! cannot answer {sender}: {error}"));
        }
        if answer == EXIT {
            break;
        }
    }
    Ok(())
}

/// TCP: a thread per connection reads its lines; this one answers them in turn.
fn serve_tcp(endpoint: &Endpoint, limits: &Limits, out: &mut Printer) -> Result<()> {
    // Claim the port and listen: clients' connections now queue up for `accept`.
    let listener = TcpListener::bind(endpoint.resolve()?)
        .map_err(|error| net::cannot_bind(endpoint, &error))?;
    net::announce(out, Transport::Tcp, listener.local_addr())?;
    let (queue, arrivals) = mpsc::sync_channel(QUEUE_LENGTH);
    let mut console = ConsoleThread::start(queue.clone())?;
    let (limit, idle) = (
        ConnectionLimit::new(limits.max_clients),
        limits.idle_timeout,
    );
    console_thread::spawn("acceptor", move || {
        net::accept_forever(
            &listener,
            &limit,
            |problem| drop(queue.send(Arrival::Notice(format!("! {problem}")))),
            |stream, peer, admission| {
                let queue = queue.clone();
                net::spawn_for_peer(peer, move || {
                    let _place = admission; // freed when the connection ends
                    read_lines(stream, peer, idle, &queue);
                })
                .map_err(|error| format!("cannot start a thread: {error}"))
            },
        )
    })?;
    while let Some((peer, message, stream, _answered)) = console.next_message(&arrivals, out) {
        if is_exit(&message) {
            out.line(format_args!("* {peer} left the chat"));
            continue;
        }
        out.line(format_args!("[{peer}] {}", terminal::printable(&message)));
        let prompt = format!("you to {peer}> ");
        let mut answer = console
            .read_answer(out, &prompt, MAX_LINE)
            .unwrap_or_else(|| EXIT.to_vec());
        // One write for the answer and its `\n`: two could leave the client
        // holding half a line. `&TcpStream` writes too.
        answer.push(b'\n');
        if let Err(error) = (&*stream).write_all(&answer) {
            out.line(format_args!("! cannot answer {peer}: {error}"));
        }
        if answer.strip_suffix(b"\n") == Some(EXIT) {
            break;
        }
    } // `_answered` dropped: that connection's reader reads on
    Ok(())
}

/// A line from one TCP client, with its stream to answer on and a sender
/// whose drop tells its reader thread the line is answered.
type Line = (SocketAddr, Vec<u8>, Arc<TcpStream>, Sender<()>);

/// Queues each line of one connection, one at a time, until it ends.
fn read_lines(
    stream: TcpStream,
    peer: SocketAddr,
    idle: Duration,
    queue: &SyncSender<Arrival<Line>>,
) {
    let stream = Arc::new(stream);
    let _ = stream.set_nodelay(true);
    // A silent client wakes us after `idle` (see `net::read_line`).
    let _ = stream.set_read_timeout(Some(idle));
    let _ = queue.send(Arrival::Notice(format!("* {peer} connected")));
    let mut reader = BufReader::new(&*stream);
    loop {
        let read = net::read_line(&mut reader, MAX_LINE, Some(Instant::now() + idle));
        let Ok(LineRead::Line(message)) = read else {
            let _ = queue.send(Arrival::Notice(net::why_ended(&read, peer, idle)));
            break;
        };
        // Read no further until a person has answered this line.
        let (answered, wait) = mpsc::channel();
        let line = (peer, message, Arc::clone(&stream), answered);
        if queue.send(Arrival::Message(line)).is_err() {
            return;
        }
        let _ = wait.recv(); // ends when the main loop drops `answered`
    }
    let _ = stream.shutdown(Shutdown::Both);
}

/// Takes turns with the server until one side types `exit`.
pub fn run_client(config: &ClientConfig, out: &mut Printer) -> Result<()> {
    // A person answers: wait as long as it takes, unless --timeout says otherwise.
    let mut link = Link::open(&config.endpoint, config.machine_timeout(), config.timeout)?;
    let mut keyboard = Keyboard::new();
    loop {
        // End of input counts as typing `exit`: the server is told either way.
        let line = keyboard
            .read_message(out, "you> ", link.max_message())?
            .unwrap_or_else(|| EXIT.to_vec());
        link.send(&line)?;
        if line == EXIT {
            out.say("* you left the chat");
            return Ok(());
        }
        let answer = link.receive()?;
        out.line(format_args!("[server] {}", terminal::printable(&answer)));
        if is_exit(&answer) {
            out.say("* the server ended the chat");
            return Ok(());
        }
    }
}
