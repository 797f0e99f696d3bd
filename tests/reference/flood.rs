//! One flooding member cannot empty the room: it is slowed down (TCP) or
//! its excess is dropped (UDP) before any well-behaved member suffers, the
//! server's memory stays bounded, and PING is answered promptly meanwhile.
//!
//! Each flood is bounded: at most 2 s and a fixed number of messages, on
//! loopback. The figures are printed (`cargo test --release --test
//! reference flood -- --nocapture`) and quoted in the README; the
//! assertions only check generous bounds.

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::thread;
use std::time::{Duration, Instant};

use kata::Transport::{self, Tcp, Udp};
use kata::{Scene, Want};
use rstest::rstest;

use crate::support::{start_named_client, start_server};

/// How long a flood lasts at most.
const FLOOD_TIME: Duration = Duration::from_secs(2);
/// How many messages a flood sends at most.
const FLOOD_COUNT: u64 = 200_000;
/// How long a PING may wait for its PONG under flood before the test fails.
/// Generous: the figure printed is what matters, this only catches a hang.
const PONG_LIMIT: Duration = Duration::from_secs(2);

/// A member driven by the test itself: joins, then can measure PING→PONG.
enum Probe {
    Udp(UdpSocket),
    Tcp(BufReader<TcpStream>, TcpStream),
}

impl Probe {
    fn join(transport: Transport, server: SocketAddr, name: &str) -> Probe {
        let mut probe = match transport {
            Udp => {
                let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
                socket.connect(server).unwrap();
                Probe::Udp(socket)
            }
            Tcp => {
                let stream = TcpStream::connect(server).unwrap();
                let writer = stream.try_clone().unwrap();
                Probe::Tcp(BufReader::new(stream), writer)
            }
        };
        probe.send(&format!("JOIN {name}"));
        let welcome = format!("WELCOME {name} ");
        assert!(
            probe.wait_for(|line| line.starts_with(&welcome), Duration::from_secs(5)),
            "{name} was not welcomed"
        );
        probe
    }

    fn send(&mut self, line: &str) {
        match self {
            Probe::Udp(socket) => {
                let _ = socket.send(line.as_bytes());
            }
            Probe::Tcp(_, writer) => {
                let _ = writer.write_all(format!("{line}\n").as_bytes());
            }
        }
    }

    /// Receives until a message `wanted` accepts, for at most `limit`.
    fn wait_for(&mut self, wanted: impl Fn(&str) -> bool, limit: Duration) -> bool {
        let deadline = Instant::now() + limit;
        let mut buffer = vec![0; 65_536];
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return false;
            }
            let received = match self {
                Probe::Udp(socket) => {
                    socket.set_read_timeout(Some(left)).unwrap();
                    socket
                        .recv(&mut buffer)
                        .map(|size| String::from_utf8_lossy(&buffer[..size]).into_owned())
                }
                Probe::Tcp(reader, _) => {
                    reader.get_ref().set_read_timeout(Some(left)).unwrap();
                    let mut line = String::new();
                    reader
                        .read_line(&mut line)
                        .map(|_| line.trim_end().to_string())
                }
            };
            match received {
                Ok(message) if wanted(&message) => return true,
                Ok(_) => {}
                Err(_) => return false,
            }
        }
    }

    /// Sends PING (again every 100 ms over UDP, where either datagram may
    /// be lost) until PONG comes; returns how long that took.
    fn ping(&mut self) -> Duration {
        let started = Instant::now();
        while started.elapsed() < PONG_LIMIT {
            self.send("PING");
            let slice = match self {
                Probe::Udp(_) => Duration::from_millis(100),
                Probe::Tcp(..) => PONG_LIMIT,
            };
            if self.wait_for(|message| message == "PONG", slice) {
                return started.elapsed();
            }
        }
        panic!("no PONG within {PONG_LIMIT:?} under flood");
    }
}

/// Joins as `mallory` and sends `SAY`s of `size` bytes as fast as it can,
/// for at most [`FLOOD_TIME`] and [`FLOOD_COUNT`] messages; returns how many
/// it sent.
fn flood(transport: Transport, server: SocketAddr, size: usize) -> thread::JoinHandle<u64> {
    let mut mallory = Probe::join(transport, server, "mallory");
    thread::spawn(move || {
        let line = format!("SAY {}", "z".repeat(size));
        let deadline = Instant::now() + FLOOD_TIME;
        let mut sent = 0;
        match &mut mallory {
            Probe::Udp(socket) => {
                while sent < FLOOD_COUNT && Instant::now() < deadline {
                    if socket.send(line.as_bytes()).is_ok() {
                        sent += 1;
                    }
                }
            }
            Probe::Tcp(_, writer) => {
                // A write that blocks longer than this means we are slowed.
                writer
                    .set_write_timeout(Some(Duration::from_millis(50)))
                    .unwrap();
                let line = format!("{line}\n");
                while sent < FLOOD_COUNT && Instant::now() < deadline {
                    if writer.write_all(line.as_bytes()).is_ok() {
                        sent += 1;
                    }
                }
            }
        }
        sent
    })
}

/// The peak memory of a process, in KiB (Linux: VmHWM in /proc).
#[cfg(target_os = "linux")]
fn peak_memory_kib(pid: u32) -> Option<u64> {
    Some(crate::support::peak_memory_kib(pid))
}

#[cfg(not(target_os = "linux"))]
fn peak_memory_kib(_pid: u32) -> Option<u64> {
    None
}

#[rstest]
#[case::big_texts(60_000)]
#[case::small_texts(100)]
fn a_flooder_cannot_drown_the_room(#[values(Udp, Tcp)] transport: Transport, #[case] size: usize) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "room", transport, &[]);
    let mut alice = start_named_client(
        &scene,
        "alice",
        "room",
        transport,
        address,
        &["--name", "alice"],
    );
    alice.expect_next_line(Want::exactly("* you joined the room as alice"));
    let mut probe = Probe::join(transport, address, "probe");

    let started = Instant::now();
    let flooder = flood(transport, address, size);
    let mut slowest = Duration::ZERO;
    while started.elapsed() < FLOOD_TIME {
        slowest = slowest.max(probe.ping());
    }
    let sent = flooder.join().expect("the flooder thread");

    // Alice was neither dropped nor timed out: she hears the probe.
    probe.send("SAY after the flood");
    alice.expect_line(Want::exactly("[probe] after the flood"));
    // And the console says who was held back.
    server.expect_line(Want::containing_all(&["! mallory@", ": sends too fast"]));
    let peak = peak_memory_kib(server.id());
    eprintln!(
        "flood over {}: {sent} SAYs of {size} bytes in {:.1} s; slowest PONG {} ms; server's peak memory {}",
        transport.scheme(),
        started.elapsed().as_secs_f64(),
        slowest.as_millis(),
        peak.map_or("unknown".to_string(), |kib| format!(
            "{:.1} MiB",
            kib as f64 / 1024.0
        )),
    );
    if let Some(kib) = peak {
        assert!(kib < 64 * 1024, "the server grew to {kib} KiB under flood");
    }
}
