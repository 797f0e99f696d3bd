//! `client bench`: how many requests per second an echo server answers, and
//! how long each round trip takes.
//!
//! A *closed loop*: the client keeps `--window` requests in flight. Each
//! answer frees a place, which the next request takes at once. With a window
//! of 1 this measures one round trip at a time (mostly the time it takes the
//! system to wake each side up); with a window of 32 it measures how fast the
//! server can go when it is never idle.
//!
//! Every request starts with its sequence number (16 hex digits), so an
//! answer is matched to its request even if answers come back out of order.
//! Over UDP a request can be lost: one unanswered for [`LOSS_DEADLINE`]
//! counts as lost and a new request takes its place.
//!
//! ```text
//! 000000000000002a xxxxxxxx…   (--size bytes in all; no newline inside,
//!                               so the same request works over TCP)
//! ```

use std::collections::{HashMap, VecDeque};
use std::io::{BufRead, BufReader, BufWriter, IsTerminal, Write};
use std::net::{TcpStream, UdpSocket};
use std::time::{Duration, Instant};

use crate::cli::{BenchOptions, ClientConfig};
use crate::console::Printer;
use crate::link::{self, unspecified_like};
use crate::net::{self, RECV_BUFFER, Transport};
use crate::stats::Latencies;
use crate::{Error, Result};

/// A request unanswered for this long is counted as lost (UDP).
pub const LOSS_DEADLINE: Duration = Duration::from_millis(250);

/// How long one receive waits before the loop looks at the clock again.
const POLL: Duration = Duration::from_millis(50);

/// Rows of the `--histogram`.
const HISTOGRAM_ROWS: usize = 12;

/// What a run measured.
#[derive(Debug, Default)]
pub struct Results {
    /// Round-trip times of the answered requests.
    pub latencies: Latencies,
    /// Requests that got no answer in time.
    pub lost: u64,
    /// Answers that came back after a later request's answer.
    pub out_of_order: u64,
    /// How long requests were sent.
    pub elapsed: Duration,
}

/// Runs the measurement and prints the summary.
pub fn run(config: &ClientConfig, settings: &BenchOptions, out: &mut Printer) -> Result<()> {
    let results = match config.endpoint.transport {
        Transport::Udp => measure(&mut UdpLine::open(config)?, config, settings)?,
        Transport::Tcp => measure(&mut TcpLine::open(config)?, config, settings)?,
    };
    let seconds = results.elapsed.as_secs_f64().max(f64::EPSILON);
    let answered = results.latencies.count();
    out.line(format_args!(
        "bench: {}, window {}, {}-byte requests, {} s",
        config.endpoint,
        settings.window,
        settings.size,
        settings.duration.as_secs_f64()
    ));
    out.line(format_args!(
        "requests   {answered} answered in {seconds:.2} s: {:.0} per second",
        answered as f64 / seconds
    ));
    out.line(format_args!(
        "latency    p50 {} µs   p99 {} µs   max {} µs   (round trip)",
        results.latencies.percentile_micros(50.0),
        results.latencies.percentile_micros(99.0),
        results.latencies.max_micros()
    ));
    out.line(format_args!(
        "lost       {}   out of order {}",
        results.lost, results.out_of_order
    ));
    if settings.histogram {
        out.line("histogram of round trips:");
        out.line(results.latencies.render(HISTOGRAM_ROWS).trim_end());
    }
    out.flush();
    Ok(())
}

/// One side of the bench's conversation, UDP or TCP.
trait Line {
    /// Queues or sends one request.
    fn send(&mut self, request: &[u8]) -> std::io::Result<()>;
    /// Pushes out queued requests (TCP writes them in one go).
    fn flush(&mut self) -> std::io::Result<()>;
    /// The next answer, or `None` if none came within [`POLL`].
    fn receive(&mut self) -> std::io::Result<Option<&[u8]>>;
    /// True if another answer has already arrived, so that `receive` will
    /// not wait (TCP: a whole line is in the buffer).
    fn has_more(&self) -> bool;
}

fn measure(
    line: &mut impl Line,
    config: &ClientConfig,
    settings: &BenchOptions,
) -> Result<Results> {
    let failed = |error: std::io::Error| net_error(config, error);
    let mut results = Results::default();
    let mut in_flight: HashMap<u64, Instant> = HashMap::with_capacity(settings.window);
    let mut sent_order: VecDeque<u64> = VecDeque::with_capacity(settings.window);
    let mut next_number: u64 = 0;
    let mut newest_answered: Option<u64> = None;
    let mut request = vec![b'x'; settings.size];
    let start = Instant::now();
    let end = start + settings.duration;
    let first_answer_by = start + config.machine_timeout();
    let mut progress = Progress::new(settings.duration);

    loop {
        let now = Instant::now();
        let sending = now < end;
        // Fill the window.
        while sending && in_flight.len() < settings.window {
            request[..16].copy_from_slice(format!("{next_number:016x}").as_bytes());
            line.send(&request).map_err(failed)?;
            in_flight.insert(next_number, Instant::now());
            sent_order.push_back(next_number);
            next_number += 1;
        }
        line.flush().map_err(failed)?;
        if !sending && in_flight.is_empty() {
            break;
        }
        // Requests past their deadline are lost; their places free up.
        while let Some(&oldest) = sent_order.front() {
            match in_flight.get(&oldest) {
                None => {
                    sent_order.pop_front(); // answered already
                }
                Some(&sent) if now.duration_since(sent) > LOSS_DEADLINE => {
                    in_flight.remove(&oldest);
                    sent_order.pop_front();
                    results.lost += 1;
                }
                Some(_) => break,
            }
        }
        if results.latencies.count() == 0 && now > first_answer_by {
            return Err(no_answer(config));
        }
        // Take every answer that has already arrived before refilling the
        // window: the new requests then leave in one write, not one each.
        while let Some(answer) = line.receive().map_err(failed)? {
            let arrived = Instant::now();
            if let Some(number) = parse_number(answer)
                && let Some(sent) = in_flight.remove(&number)
            {
                results.latencies.record(arrived.duration_since(sent));
                if newest_answered.is_some_and(|newest| number < newest) {
                    results.out_of_order += 1;
                }
                newest_answered = newest_answered.max(Some(number));
            }
            progress.show(arrived.duration_since(start), results.latencies.count());
            if !line.has_more() {
                break;
            }
        }
    }
    results.elapsed = start.elapsed().min(settings.duration + LOSS_DEADLINE);
    progress.clear();
    Ok(results)
}

fn parse_number(answer: &[u8]) -> Option<u64> {
    let digits = std::str::from_utf8(answer.get(..16)?).ok()?;
    u64::from_str_radix(digits, 16).ok()
}

fn no_answer(config: &ClientConfig) -> Error {
    net_error(config, std::io::ErrorKind::TimedOut.into())
}

/// The same words as every other client: `link` explains socket errors.
fn net_error(config: &ClientConfig, error: std::io::Error) -> Error {
    link::explain(&config.endpoint, Some(config.machine_timeout()), error)
}

/// A progress line on stderr, only when a person is watching.
struct Progress {
    /// Only when stderr is a terminal: a `\r` line in a log or a pipe is noise.
    enabled: bool,
    /// The bench's length, shown as "of N s".
    total: Duration,
    /// When the next line is due: twice a second is enough for a person,
    /// and a write per answer would slow the bench it measures.
    next: Duration,
}

impl Progress {
    fn new(total: Duration) -> Self {
        Progress {
            enabled: std::io::stderr().is_terminal(),
            total,
            next: Duration::from_millis(500),
        }
    }

    fn show(&mut self, elapsed: Duration, answered: u64) {
        if !self.enabled || elapsed < self.next {
            return;
        }
        self.next = elapsed + Duration::from_millis(500);
        let _ = write!(
            std::io::stderr(),
            "\r{:.1} of {} s: {answered} answered…",
            elapsed.as_secs_f64(),
            self.total.as_secs_f64()
        );
    }

    fn clear(&self) {
        if self.enabled {
            let _ = write!(std::io::stderr(), "\r{:50}\r", "");
        }
    }
}

/// UDP: a connected socket; one datagram per request.
struct UdpLine {
    /// Connected to the server: plain `send` and `recv`, and datagrams from
    /// anyone else are dropped by the system.
    socket: UdpSocket,
    /// One buffer for every answer, so the timed loop allocates nothing.
    buffer: Vec<u8>,
}

impl UdpLine {
    fn open(config: &ClientConfig) -> Result<UdpLine> {
        let server = config.endpoint.resolve()?;
        let socket = UdpSocket::bind(unspecified_like(server))
            .and_then(|socket| socket.connect(server).map(|()| socket))
            .and_then(|socket| socket.set_read_timeout(Some(POLL)).map(|()| socket))
            .map_err(|error| net_error(config, error))?;
        Ok(UdpLine {
            socket,
            buffer: vec![0; RECV_BUFFER],
        })
    }
}

impl Line for UdpLine {
    fn send(&mut self, request: &[u8]) -> std::io::Result<()> {
        net::retry(|| self.socket.send(request)).map(drop)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }

    fn has_more(&self) -> bool {
        false // finding out would cost a system call
    }

    fn receive(&mut self) -> std::io::Result<Option<&[u8]>> {
        match net::retry(|| self.socket.recv(&mut self.buffer)) {
            Ok(size) => Ok(Some(&self.buffer[..size])),
            Err(error) if net::is_timeout(&error) => Ok(None),
            Err(error) => Err(error),
        }
    }
}

/// TCP: requests are lines, written in batches.
struct TcpLine {
    /// Answers arrive as a stream: buffered, and cut into lines.
    reader: BufReader<TcpStream>,
    /// Requests are collected and written in one go at each `flush`: a
    /// write per request would measure our system calls, not the server.
    writer: BufWriter<TcpStream>,
    /// The answer being read; a timeout leaves its first part here.
    answer: Vec<u8>,
    /// True once `answer` holds a whole line that was handed out: the next
    /// receive starts a new one instead of finishing it.
    complete: bool,
}

impl TcpLine {
    fn open(config: &ClientConfig) -> Result<TcpLine> {
        let server = config.endpoint.resolve()?;
        let stream = TcpStream::connect_timeout(&server, config.machine_timeout())
            .map_err(|error| net_error(config, error))?;
        let writer = stream
            .set_nodelay(true)
            .and_then(|()| stream.set_read_timeout(Some(POLL)))
            .and_then(|()| stream.try_clone())
            .map_err(|error| net_error(config, error))?;
        Ok(TcpLine {
            reader: BufReader::new(stream),
            writer: BufWriter::new(writer),
            answer: Vec::new(),
            complete: false,
        })
    }
}

impl Line for TcpLine {
    fn send(&mut self, request: &[u8]) -> std::io::Result<()> {
        self.writer.write_all(request)?;
        self.writer.write_all(b"\n")
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.writer.flush()
    }

    fn has_more(&self) -> bool {
        self.reader.buffer().contains(&b'\n')
    }

    fn receive(&mut self) -> std::io::Result<Option<&[u8]>> {
        if self.complete {
            self.answer.clear();
            self.complete = false;
        }
        let closed = || {
            std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                "the server closed the connection",
            )
        };
        // read_until keeps what it read before a timeout in `answer`, so a
        // line cut by the clock is finished by the next call.
        match self.reader.read_until(b'\n', &mut self.answer) {
            Ok(_) if self.answer.last() == Some(&b'\n') => {
                self.answer.pop();
                self.complete = true;
                Ok(Some(&self.answer))
            }
            Ok(_) => Err(closed()),
            Err(error) if net::is_timeout(&error) => Ok(None),
            Err(error) => Err(error),
        }
    }
}
