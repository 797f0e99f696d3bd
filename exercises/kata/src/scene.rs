//! A scene: the processes and sockets of one test, and the record of what
//! each of them did, in order.
//!
//! Every line a process prints (stdout and stderr) and every step the test
//! takes (a datagram sent, a line typed) goes into the scene's log with its
//! time and a tag: `[server]`, `[client]`, `[test]`. When a check fails, the
//! report shows that log, so the reader sees the whole conversation, not just
//! the last line.
//!
//! # A report, not a panic
//!
//! A failed check must end the test, and libtest knows only one way: an
//! unwinding panic. A plain `panic!` would put `thread '…' panicked at
//! kata/src/…` in front of the report, and with `RUST_BACKTRACE=1` (which
//! IDEs set) a screenful of backtrace into the harness after it, inviting a
//! student to read the wrong code. So [`Scene::fail`] prints the report on
//! the test's stdout, which libtest shows for a failed test, and unwinds with
//! `resume_unwind`, which ends the test without calling the panic hook: no
//! panic line, no backtrace.
//!
//! # Never hang, never leak
//!
//! * Every wait has a deadline ([`Scene::wait`]). The deadline lives here, in
//!   the harness, and not in a `#[timeout]` attribute: rstest runs a test with
//!   a timeout on another thread and, when time is up, abandons it without
//!   dropping its values, so its processes would live on.
//! * `std::process::Child` has no `Drop`: a forgotten child keeps running.
//!   [`crate::Proc`] kills and reaps its process when dropped, including when the
//!   test fails.
//! * Output is read on background threads and stdin is written from one, so a
//!   full pipe can never block the test itself.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::{SocketAddr, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::diagnose::{self, Framing};
use crate::process::Watch;
use crate::show;

/// How long a test waits for an answer, unless the scene says otherwise.
/// A correct program answers on loopback in well under a millisecond; three
/// seconds leave room for a loaded machine, yet a test that waits for
/// something that never comes does not keep a student waiting long.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(3);

/// How long a test waits for a program's first line after starting it.
/// Longer than [`DEFAULT_WAIT`]: starting a process can be slow on a laptop
/// (an antivirus scans every new executable on Windows).
pub const START_WAIT: Duration = Duration::from_secs(5);

/// How many lines of one tag a log keeps. A program that prints in a loop
/// (a server spinning on a closed connection, say) prints a million lines a
/// second; a report shows the first ones, then how many more there were.
pub const KEPT_PER_TAG: usize = 200;

/// How long a report waits, at most, for the output of programs that have
/// ended to be logged. Only a program that left a child holding its pipes
/// open makes it wait that long.
const SETTLE_LIMIT: Duration = Duration::from_secs(1);

/// A report longer than this many lines repeats its summary at the end,
/// where a terminal shows it.
const LONG_REPORT: usize = 40;

/// The processes and sockets of one test, and their shared log.
#[derive(Clone)]
pub struct Scene {
    shared: Arc<Shared>,
}

struct Shared {
    started: Instant,
    /// How long any single wait may last.
    wait: Duration,
    /// How long the wait for a program's first line may last.
    start_wait: Duration,
    log: Mutex<Vec<Entry>>,
    /// How many lines each tag has logged, kept or not (see [`KEPT_PER_TAG`]).
    logged: Mutex<BTreeMap<String, usize>>,
    /// Text that a program wrote without a line end yet, by tag: shown in a
    /// report, since a line the test never sees is often the whole story.
    partial: Mutex<BTreeMap<String, String>>,
    /// Commands that replay the scene by hand, in the order they start.
    by_hand: Mutex<Vec<String>>,
    /// Ports that servers in this scene reported; the replay uses 8080.
    ports: Mutex<Vec<u16>>,
    /// A test's own diagnoses, for symptoms only it knows how to read.
    symptoms: Mutex<Vec<Symptom>>,
    /// How the scene's programs send messages (set by [`crate::Stage`]):
    /// a message cut short means a small buffer over UDP, a read taken for
    /// a whole message over TCP.
    framing: Mutex<Framing>,
    /// Servers the test has connected to over TCP in this scene: a refused
    /// connection there means the server stopped listening, not that it
    /// never did.
    connected: Mutex<Vec<SocketAddr>>,
    /// Every program the scene started, so that a report waits for the
    /// last words of those that have ended.
    programs: Mutex<Vec<Watch>>,
}

/// A diagnosis a test adds: advice, if the log shows the symptom.
type Symptom = Box<dyn Fn(&Log) -> Option<String> + Send + Sync>;

/// One line of the log.
#[derive(Debug, Clone)]
pub struct Entry {
    /// When, since the scene began.
    pub at: Duration,
    /// `server`, `server stderr`, `test`, …
    pub tag: String,
    /// The line, as printed (not yet escaped for showing).
    pub text: String,
}

/// The log as a test's [`Scene::symptom`] reads it.
pub struct Log<'a> {
    entries: &'a [Entry],
}

impl Log<'_> {
    /// Every line under exactly this tag (`client`, `client stderr`).
    pub fn lines(&self, tag: &str) -> Vec<&str> {
        self.entries
            .iter()
            .filter(|entry| entry.tag == tag)
            .map(|entry| entry.text.as_str())
            .collect()
    }

    /// True if a line under `tag` contains `text`.
    pub fn any(&self, tag: &str, text: &str) -> bool {
        self.lines(tag).iter().any(|line| line.contains(text))
    }
}

/// A failed expectation, in words.
#[derive(Debug, Clone)]
pub struct Failure {
    /// What should have happened.
    pub expected: String,
    /// What happened instead.
    pub got: String,
    /// What is most likely wrong, if we can guess.
    pub hint: Option<String>,
}

impl Default for Scene {
    fn default() -> Self {
        Scene::new()
    }
}

impl Scene {
    /// A new, empty scene with the default waits.
    pub fn new() -> Scene {
        Scene::with_waits(DEFAULT_WAIT, START_WAIT)
    }

    /// A new scene whose waits last `wait`, the first line's too.
    pub fn with_wait(wait: Duration) -> Scene {
        Scene::with_waits(wait, wait)
    }

    fn with_waits(wait: Duration, start_wait: Duration) -> Scene {
        Scene {
            shared: Arc::new(Shared {
                started: Instant::now(),
                wait,
                start_wait,
                log: Mutex::new(Vec::new()),
                logged: Mutex::new(BTreeMap::new()),
                partial: Mutex::new(BTreeMap::new()),
                by_hand: Mutex::new(Vec::new()),
                ports: Mutex::new(Vec::new()),
                symptoms: Mutex::new(Vec::new()),
                framing: Mutex::new(Framing::Datagrams),
                connected: Mutex::new(Vec::new()),
                programs: Mutex::new(Vec::new()),
            }),
        }
    }

    /// How long any single wait in this scene may last.
    pub fn wait(&self) -> Duration {
        self.shared.wait
    }

    /// Remembers a program the scene started (see [`Scene::fail`]).
    pub(crate) fn started(&self, program: Watch) {
        lock(&self.shared.programs).push(program);
    }

    /// Connects to the TCP server at `server`, or fails the test with what
    /// a refusal most likely means: a server that took a connection at this
    /// address before and refuses one now has stopped listening.
    #[track_caller]
    pub fn connect_tcp(&self, server: SocketAddr) -> TcpStream {
        match TcpStream::connect_timeout(&server, self.wait()) {
            Ok(stream) => {
                lock(&self.shared.connected).push(server);
                stream
            }
            Err(error) => {
                let before = lock(&self.shared.connected).contains(&server);
                let hint = if before {
                    "the server took a connection here before and refuses this one: it no \
                     longer listens. Call accept in a loop, and keep the listener for the \
                     whole life of the server"
                } else {
                    "is the server listening? Did it print its real port?"
                };
                self.fail(Failure {
                    expected: format!("to connect to the server at {server}"),
                    got: format!("{error}"),
                    hint: Some(hint.to_string()),
                })
            }
        }
    }

    /// How long the wait for a program's first line may last: it includes
    /// starting the program.
    pub fn start_wait(&self) -> Duration {
        self.shared.start_wait
    }

    /// Records a step of the test itself: `[test] …`.
    pub fn note(&self, text: impl Into<String>) {
        self.log("test", text);
    }

    /// Records a line under any tag (past [`KEPT_PER_TAG`] lines of that
    /// tag, only counts it).
    pub fn log(&self, tag: &str, text: impl Into<String>) {
        let mut logged = lock(&self.shared.logged);
        let count = logged.entry(tag.to_string()).or_default();
        *count += 1;
        if *count > KEPT_PER_TAG {
            return;
        }
        drop(logged);
        let entry = Entry {
            at: self.shared.started.elapsed(),
            tag: tag.to_string(),
            text: text.into(),
        };
        lock(&self.shared.log).push(entry);
    }

    /// A copy of every line logged so far.
    pub fn entries(&self) -> Vec<Entry> {
        lock(&self.shared.log).clone()
    }

    /// Remembers (or, with an empty text, forgets) what a program has
    /// written after its last line end.
    pub(crate) fn set_partial(&self, tag: &str, text: String) {
        let mut partial = lock(&self.shared.partial);
        if text.is_empty() {
            partial.remove(tag);
        } else {
            partial.insert(tag.to_string(), text);
        }
    }

    /// What the program tagged `tag` has written without a line end yet.
    pub(crate) fn partial(&self, tag: &str) -> Option<String> {
        lock(&self.shared.partial).get(tag).cloned()
    }

    /// Adds a step to the "do it by hand" part of a failure report.
    pub fn by_hand(&self, step: impl Into<String>) {
        let step = step.into();
        let mut steps = lock(&self.shared.by_hand);
        // Several test clients of one scene replay by the same command.
        if !steps.contains(&step) {
            steps.push(step);
        }
    }

    /// Adds a diagnosis of this test's own: if a check fails and `advice`
    /// returns some text for the log, that text is the hint, ahead of the
    /// check's own and of a panic or an error from the system (the test
    /// knows its scene better), but after a `todo!()`.
    pub fn symptom(&self, advice: impl Fn(&Log) -> Option<String> + Send + Sync + 'static) {
        lock(&self.shared.symptoms).push(Box::new(advice));
    }

    /// Says how the scene's programs send messages.
    pub fn set_framing(&self, framing: Framing) {
        *lock(&self.shared.framing) = framing;
    }

    /// How the scene's programs send messages.
    pub fn framing(&self) -> Framing {
        *lock(&self.shared.framing)
    }

    /// Remembers a port a server of this scene listens on, so that the
    /// by-hand replay can say 8080 instead.
    pub(crate) fn remember_port(&self, port: u16) {
        lock(&self.shared.ports).push(port);
    }

    /// The ports that servers of this scene reported so far.
    pub(crate) fn ports(&self) -> Vec<u16> {
        lock(&self.shared.ports).clone()
    }

    /// Ends the test with a report: what was expected, what happened, the
    /// log of the whole scene, and how to replay it by hand.
    ///
    /// The hint is chosen from the symptoms first: what a program's stderr
    /// shows, then the test's own diagnoses, then the failure's own hint.
    #[track_caller]
    pub fn fail(&self, mut failure: Failure) -> ! {
        // A program that has ended has written all it will: let the harness
        // log it before the diagnosis reads the log (a peer may see a
        // crashed program's connection close before its panic is logged).
        let deadline = Instant::now() + SETTLE_LIMIT;
        for program in lock(&self.shared.programs).iter() {
            program.settle_if_ended(deadline);
        }
        if let Some(hint) = self.diagnose() {
            failure.hint = Some(hint);
        }
        let report = self.report(&failure);
        let location = std::panic::Location::caller();
        let report = format!("{report}\n  (the check that failed: {location})\n");
        // libtest shows a failed test's captured stdout: the report goes
        // there, and no panic hook runs (see the module's docs).
        print!("{report}");
        std::panic::resume_unwind(Box::new(report))
    }

    /// Advice from the symptoms in the log, if one is clear.
    fn diagnose(&self) -> Option<String> {
        let entries = self.entries();
        // Each program's stderr, in the order the programs first wrote there.
        let mut programs: Vec<&str> = Vec::new();
        for entry in &entries {
            if let Some(tag) = entry.tag.strip_suffix(" stderr")
                && !programs.contains(&tag)
            {
                programs.push(tag);
            }
        }
        let from_stderr = programs.iter().find_map(|tag| {
            let lines: Vec<String> = entries
                .iter()
                .filter(|entry| entry.tag.strip_suffix(" stderr") == Some(tag))
                .map(|entry| entry.text.clone())
                .collect();
            diagnose::from_stderr(tag, &lines)
        });
        // A todo!() explains itself best; then what the test knows about its
        // own scene; then panics and errors from the system.
        let todo = from_stderr
            .as_deref()
            .is_some_and(|advice| advice.contains("todo!()"));
        if todo {
            return from_stderr;
        }
        let log = Log { entries: &entries };
        lock(&self.shared.symptoms)
            .iter()
            .find_map(|symptom| symptom(&log))
            .or(from_stderr)
    }

    /// The text of a failure report.
    pub fn report(&self, failure: &Failure) -> String {
        let mut text = String::new();
        let _ = writeln!(text);
        let _ = writeln!(text, "  expected: {}", failure.expected);
        let _ = writeln!(text, "  got:      {}", failure.got);
        if let Some(hint) = &failure.hint {
            let _ = writeln!(text, "  hint:     {hint}");
        }
        let _ = writeln!(text);
        let _ = writeln!(
            text,
            "  What happened, in order (seconds since the test started):"
        );
        let log = lock(&self.shared.log);
        let partial = lock(&self.shared.partial);
        let width = log
            .iter()
            .map(|entry| entry.tag.len())
            .chain(partial.keys().map(String::len))
            .max()
            .unwrap_or(4);
        let mut line = |at: Duration, tag: &str, shown: String| {
            let tag = format!("[{tag}]");
            let _ = writeln!(
                text,
                "    {:>7.3}  {tag:<width$}  {shown}",
                at.as_secs_f64(),
                width = width + 2
            );
        };
        for entry in log.iter() {
            line(entry.at, &entry.tag, show::line(&entry.text));
        }
        let now = self.shared.started.elapsed();
        for (tag, count) in lock(&self.shared.logged).iter() {
            if *count > KEPT_PER_TAG {
                line(
                    now,
                    tag,
                    format!("… and {} more lines, not kept", count - KEPT_PER_TAG),
                );
            }
        }
        for (tag, pending) in partial.iter() {
            line(
                now,
                tag,
                format!("{}   <- no line end (\\n) yet", show::line(pending)),
            );
        }
        drop(partial);
        drop(log);
        let long_log = text.lines().count() > LONG_REPORT;
        let by_hand = lock(&self.shared.by_hand);
        if !by_hand.is_empty() {
            let _ = writeln!(text);
            let _ = writeln!(
                text,
                "  To watch it yourself, run each in its own terminal:"
            );
            for step in by_hand.iter() {
                let _ = writeln!(text, "    {step}");
            }
        }
        drop(by_hand);
        if long_log {
            // The top has scrolled out of sight: say it again at the bottom.
            let _ = writeln!(text);
            let _ = writeln!(text, "  In short, once more:");
            let _ = writeln!(text, "    expected: {}", failure.expected);
            let _ = writeln!(text, "    got:      {}", failure.got);
            if let Some(hint) = &failure.hint {
                let _ = writeln!(text, "    hint:     {hint}");
            }
        }
        text
    }
}

/// Locks a mutex even if a panicking thread poisoned it: the log is still
/// worth showing.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
