//! `reply`: the server prints each message and answers it with a line typed
//! on its own console.
//!
//! This is the first mode where the answer comes from a person, so the server
//! has two sources of input: the network and its keyboard. Threads receive
//! from the network and queue each message on a channel; the main loop takes
//! one message at a time, prints it, reads one line from the console and
//! sends that line back to the message's sender. The console is read on a
//! thread of its own too ([`crate::console_thread`]), so that the server ends
//! when the console's input ends (Ctrl+D), even while no message comes.
//!
//! A TCP client whose line waits for the person at the console is not silent:
//! its reader thread reads its next line only once this one is answered, and
//! the idle timeout starts again then.
//!
//! The client is the `echo` client: send a line, print the answer. Because a
//! person answers, it waits as long as it takes, unless `--timeout` is given.

use std::io::{BufReader, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream, UdpSocket};
use std::sync::Arc;
use std::sync::mpsc::{self, Sender, SyncSender};
use std::time::{Duration, Instant};

use crate::cli::ClientConfig;
use crate::console::Printer;
use crate::console_thread::{self, Arrival, ConsoleThread, QUEUE_LENGTH};
use crate::net::{
    self, ConnectionLimit, Endpoint, Limits, LineRead, MAX_DATAGRAM, MAX_LINE, RECV_BUFFER,
    Transport,
};
use crate::{Result, echo, terminal};

/// Answers messages from the console until its input ends.
pub fn serve(endpoint: &Endpoint, limits: &Limits, out: &mut Printer) -> Result<()> {
    match endpoint.transport {
        Transport::Udp => serve_udp(endpoint, out),
        Transport::Tcp => serve_tcp(endpoint, limits, out),
    }
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
    // `None`: the console's input ended; nobody is left to answer.
    while let Some((sender, message)) = console.next_message(&arrivals, out) {
        out.line(format_args!("[{sender}] {}", terminal::printable(&message)));
        let prompt = format!("reply to {sender}> ");
        let Some(answer) = console.read_answer(out, &prompt, MAX_DATAGRAM) else {
            break;
        };
        if let Err(error) = net::retry(|| socket.send_to(&answer, sender)) {
            out.line(format_args!("! cannot answer {sender}: {error}"));
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
        out.line(format_args!("[{peer}] {}", terminal::printable(&message)));
        let prompt = format!("reply to {peer}> ");
        let Some(mut answer) = console.read_answer(out, &prompt, MAX_LINE) else {
            break;
        };
        // One write for the answer and its `\n`: two could leave the client
        // holding half a line. `&TcpStream` writes too.
        answer.push(b'\n');
        if let Err(error) = (&*stream).write_all(&answer) {
            out.line(format_args!("! cannot answer {peer}: {error}"));
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

/// The `echo` client, waiting for a person: no time limit unless `--timeout`.
pub fn run_client(config: &ClientConfig, out: &mut Printer) -> Result<()> {
    echo::run_client(config, config.timeout, false, out)
}
