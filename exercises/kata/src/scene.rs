//! A scene: the processes and sockets of one test, and the record of what
//! each of them did, in order.
//!
//! Every line a process prints (stdout and stderr) and every step the test
//! takes (a datagram sent, a line typed) goes into the scene's log with its
//! time and a tag: `[server]`, `[client]`, `[test]`. When a check fails, the
//! report shows that log, so the reader sees the whole conversation, not just
//! the last line.
//!
//! # Never hang, never leak
//!
//! * Every wait has a deadline ([`Scene::wait`]). The deadline lives here, in
//!   the harness, and not in a `#[timeout]` attribute: rstest runs a test with
//!   a timeout on another thread and, when time is up, abandons it without
//!   dropping its values, so its processes would live on.
//! * `std::process::Child` has no `Drop`: a forgotten child keeps running.
//!   [`Proc`] kills and reaps its process when dropped, including when the
//!   test panics.
//! * Output is read on background threads and stdin is written from one, so a
//!   full pipe can never block the test itself.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

use crate::show;
use crate::want::Want;

/// How long a test waits for anything, unless the scene says otherwise.
/// Generous for a loaded CI machine; a correct program answers in
/// milliseconds, and a program that stopped is noticed at once.
pub const DEFAULT_WAIT: Duration = Duration::from_secs(5);

/// The processes and sockets of one test, and their shared log.
#[derive(Clone)]
pub struct Scene {
    shared: Arc<Shared>,
}

struct Shared {
    started: Instant,
    wait: Duration,
    log: Mutex<Vec<Entry>>,
    /// Commands that replay the scene by hand, in the order they start.
    by_hand: Mutex<Vec<String>>,
    /// Ports that servers in this scene reported; the replay uses 8080.
    ports: Mutex<Vec<u16>>,
}

struct Entry {
    at: Duration,
    tag: String,
    text: String,
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
    /// A new, empty scene with the default wait.
    pub fn new() -> Scene {
        Scene::with_wait(DEFAULT_WAIT)
    }

    /// A new scene whose waits last `wait`.
    pub fn with_wait(wait: Duration) -> Scene {
        Scene {
            shared: Arc::new(Shared {
                started: Instant::now(),
                wait,
                log: Mutex::new(Vec::new()),
                by_hand: Mutex::new(Vec::new()),
                ports: Mutex::new(Vec::new()),
            }),
        }
    }

    /// How long any single wait in this scene may last.
    pub fn wait(&self) -> Duration {
        self.shared.wait
    }

    /// Records a step of the test itself: `[test] …`.
    pub fn note(&self, text: impl Into<String>) {
        self.log("test", text);
    }

    /// Records a line under any tag.
    pub fn log(&self, tag: &str, text: impl Into<String>) {
        let entry = Entry {
            at: self.shared.started.elapsed(),
            tag: tag.to_string(),
            text: text.into(),
        };
        lock(&self.shared.log).push(entry);
    }

    /// Adds a step to the "do it by hand" part of a failure report.
    pub fn by_hand(&self, step: impl Into<String>) {
        lock(&self.shared.by_hand).push(step.into());
    }

    /// Remembers a port a server of this scene listens on, so that the
    /// by-hand replay can say 8080 instead.
    pub(crate) fn remember_port(&self, port: u16) {
        lock(&self.shared.ports).push(port);
    }

    /// Starts `program` with `args`, its stdio piped to the harness.
    #[track_caller]
    pub fn spawn(&self, tag: &str, program: &Program, args: &[&str]) -> Proc {
        let mut all_args: Vec<String> = program.leading_args.clone();
        all_args.extend(args.iter().map(|arg| arg.to_string()));
        self.note(format!(
            "starts the {tag}: {}",
            program.shown_with(&all_args)
        ));
        self.by_hand(program.by_hand_with(&all_args, &lock(&self.shared.ports)));
        let mut command = Command::new(&program.path);
        command
            .args(&all_args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // A panic in a student's program should show its message, not a
            // screenful of backtrace.
            .env("RUST_BACKTRACE", "0");
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(error) => self.fail(Failure {
                expected: format!("to start {}", program.path.display()),
                got: format!("it could not be started: {error}"),
                hint: Some("was it built? `cargo test` builds it first".to_string()),
            }),
        };
        let (stdout, stdout_done) = self.read_lines(tag, "", child.stdout.take().expect("piped"));
        let ended = Arc::new(AtomicBool::new(false));
        let (stderr, stderr_done) =
            self.read_lines(tag, " stderr", child.stderr.take().expect("piped"));
        let stdin = child.stdin.take().map(write_from_thread);
        Proc {
            tag: tag.to_string(),
            scene: self.clone(),
            child,
            stdin,
            stdout,
            stderr,
            readers_done: [stdout_done, stderr_done],
            ended,
            status: None,
        }
    }

    /// Reads a pipe line by line on a thread: each line goes to the log and
    /// to the first returned channel. Both channels close when the pipe does.
    fn read_lines(
        &self,
        tag: &str,
        stream: &str,
        pipe: impl Read + Send + 'static,
    ) -> (Receiver<String>, Receiver<()>) {
        let (lines, receiver) = mpsc::channel();
        let (done, done_receiver) = mpsc::channel::<()>();
        let scene = self.clone();
        let tag = format!("{tag}{stream}");
        thread::spawn(move || {
            // Dropped when this thread ends: that is the "done" signal.
            let _done = done;
            let mut reader = BufReader::new(pipe);
            let mut line = Vec::new();
            loop {
                line.clear();
                match reader.read_until(b'\n', &mut line) {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                if line.last() == Some(&b'\n') {
                    line.pop();
                }
                if line.last() == Some(&b'\r') {
                    line.pop();
                }
                let text = String::from_utf8_lossy(&line).into_owned();
                scene.log(&tag, show::line(&text));
                // If nobody listens any more, keep logging until the end.
                let _ = lines.send(text);
            }
        });
        (receiver, done_receiver)
    }

    /// Advice about a program that ended on its own, from what it printed on
    /// stderr: a `todo!()` left in, or a panic.
    pub(crate) fn ended_hint(&self, tag: &str) -> Option<String> {
        let stderr_tag = format!("{tag} stderr");
        let log = lock(&self.shared.log);
        let said = |text: &str| {
            log.iter()
                .any(|entry| entry.tag == stderr_tag && entry.text.contains(text))
        };
        if said("not yet implemented") {
            Some(format!(
                "the {tag} stopped at a todo!(): that step is yours to write (its message is in the log below)"
            ))
        } else if said("panicked") {
            Some(format!(
                "the {tag} panicked (see its stderr below): return an error instead of calling unwrap() where the network can fail"
            ))
        } else {
            None
        }
    }

    /// Ends the test with a report: what was expected, what happened, the
    /// log of the whole scene, and how to replay it by hand.
    #[track_caller]
    pub fn fail(&self, failure: Failure) -> ! {
        panic!("{}", self.report(&failure))
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
        let width = log.iter().map(|entry| entry.tag.len()).max().unwrap_or(4);
        for entry in log.iter() {
            let tag = format!("[{}]", entry.tag);
            let _ = writeln!(
                text,
                "    {:>7.3}  {tag:<width$}  {}",
                entry.at.as_secs_f64(),
                entry.text,
                width = width + 2
            );
        }
        drop(log);
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
        text
    }
}

/// Writes to a child's stdin from a thread, so the test never blocks on a
/// full pipe. Dropping the returned sender closes the child's stdin.
fn write_from_thread(mut stdin: impl Write + Send + 'static) -> Sender<Vec<u8>> {
    let (chunks, receiver) = mpsc::channel::<Vec<u8>>();
    thread::spawn(move || {
        for chunk in receiver {
            if stdin
                .write_all(&chunk)
                .and_then(|()| stdin.flush())
                .is_err()
            {
                return;
            }
        }
    });
    chunks
}

/// How to start a program, and how a person would start it by hand.
#[derive(Debug, Clone)]
pub struct Program {
    path: PathBuf,
    /// `cargo run -q -p socket-kata --bin server --`, or just the path.
    by_hand: String,
    /// Arguments that always come first (a mode, say).
    leading_args: Vec<String>,
}

impl Program {
    /// A program at `path`, started by hand by that same path.
    pub fn new(path: impl Into<PathBuf>) -> Program {
        let path = path.into();
        Program {
            by_hand: path.display().to_string(),
            path,
            leading_args: Vec::new(),
        }
    }

    /// A binary that Cargo built from `package`: by hand, it is `cargo run`.
    pub fn cargo(path: &Path, package: &str) -> Program {
        let name = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        Program {
            path: path.to_path_buf(),
            by_hand: format!("cargo run -q -p {package} --bin {name} --"),
            leading_args: Vec::new(),
        }
    }

    /// The same program with `args` always passed first.
    pub fn with_args(mut self, args: &[&str]) -> Program {
        self.leading_args = args.iter().map(|arg| arg.to_string()).collect();
        self
    }

    /// The path of the executable.
    pub fn path(&self) -> &Path {
        &self.path
    }

    fn shown_with(&self, args: &[String]) -> String {
        let name = self.path.file_name().unwrap_or(self.path.as_os_str());
        let mut shown = OsString::from(name).to_string_lossy().into_owned();
        for arg in args {
            shown.push(' ');
            shown.push_str(&show::line(arg));
        }
        shown
    }

    /// The by-hand command: the scene's ports become 8080, as in class.
    fn by_hand_with(&self, args: &[String], scene_ports: &[u16]) -> String {
        let mut command = self.by_hand.clone();
        let mut after_port = false;
        for arg in args {
            let shown = match arg.parse::<u16>() {
                Ok(port) if after_port && (port == 0 || scene_ports.contains(&port)) => {
                    "8080".to_string()
                }
                _ => show::line(arg),
            };
            after_port = arg == "--port";
            command.push(' ');
            command.push_str(&shown);
        }
        command
    }
}

/// How a process is expected to end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    /// Exit code 0.
    Success,
    /// This exit code.
    Code(i32),
}

/// A running program of the scene. Killed when dropped.
pub struct Proc {
    tag: String,
    scene: Scene,
    child: Child,
    stdin: Option<Sender<Vec<u8>>>,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
    /// Close when the output reader threads have logged their last line.
    readers_done: [Receiver<()>; 2],
    /// Set once the process is known to have ended (see [`Watch`]).
    ended: Arc<AtomicBool>,
    status: Option<ExitStatus>,
}

/// Lets a [`crate::Peer`] notice that the program it waits for has ended,
/// instead of waiting out its whole deadline.
#[derive(Debug, Clone)]
pub struct Watch {
    tag: String,
    pid: u32,
    ended: Arc<AtomicBool>,
}

impl Watch {
    /// The watched program's tag.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// True once the watched program has ended.
    pub fn has_ended(&self) -> bool {
        if self.ended.load(Ordering::SeqCst) {
            return true;
        }
        // Without a Child handle, ask the system: a process that is gone, or
        // a zombie waiting to be reaped, has ended.
        let ended = process_ended(self.pid);
        if ended {
            self.ended.store(true, Ordering::SeqCst);
        }
        ended
    }
}

/// True if process `pid` no longer runs (gone, or a zombie).
fn process_ended(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state is the field after the command name in parentheses.
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('Z') || rest.starts_with('X')),
        // No /proc entry: gone (or a system without /proc: assume running).
        Err(_) => std::path::Path::new("/proc/self").exists(),
    }
}

impl Proc {
    /// The process id.
    pub fn id(&self) -> u32 {
        self.child.id()
    }

    /// A handle for a [`crate::Peer`] to notice when this process ends.
    pub fn watch(&self) -> Watch {
        Watch {
            tag: self.tag.clone(),
            pid: self.child.id(),
            ended: Arc::clone(&self.ended),
        }
    }

    /// Waits for the line a server prints once it is bound,
    /// `Listening on udp://IP:PORT` (or `tcp://`), and returns the address to
    /// reach it at. It must be the first line the server prints.
    #[track_caller]
    pub fn listening(&mut self, scheme: &str) -> SocketAddr {
        let prefix = format!("Listening on {scheme}://");
        let want = Want::starting_with(prefix.clone())
            .described(format!("a first line \"{prefix}IP:PORT\""))
            .hint(format!(
                "bind the socket, then print exactly \"{prefix}\" followed by the address from local_addr(), and flush"
            ));
        let line = self.expect_next_line(want);
        let address: SocketAddr = match line[prefix.len()..].trim().parse() {
            Ok(address) => address,
            Err(_) => self.scene.fail(Failure {
                expected: format!(
                    "\"{prefix}IP:PORT\" with a real address, such as {prefix}127.0.0.1:8080"
                ),
                got: format!("\"{line}\", whose address does not parse"),
                hint: Some("print the SocketAddr that socket.local_addr() returns".to_string()),
            }),
        };
        if address.port() == 0 {
            self.scene.fail(Failure {
                expected: "the real port the system picked for --port 0".to_string(),
                got: format!("\"{line}\": port 0 is not a port anyone can reach"),
                hint: Some(
                    "print socket.local_addr() after bind, not the address you asked for"
                        .to_string(),
                ),
            });
        }
        self.scene.remember_port(address.port());
        reachable(address)
    }

    /// Types a line into the process's stdin (a newline is added).
    pub fn send_line(&mut self, line: &str) {
        self.send_line_bytes(line.as_bytes());
    }

    /// Types a line of raw bytes into the process's stdin.
    pub fn send_line_bytes(&mut self, line: &[u8]) {
        self.scene.note(format!(
            "types {} into the {}",
            show::quoted(line),
            self.tag
        ));
        let mut chunk = line.to_vec();
        chunk.push(b'\n');
        if let Some(stdin) = &self.stdin {
            // If the writer thread has ended, the process closed its stdin;
            // the expectations that follow will say what went wrong.
            let _ = stdin.send(chunk);
        }
    }

    /// Closes the process's stdin: end of input, like Ctrl+D.
    pub fn close_stdin(&mut self) {
        self.scene.note(format!(
            "closes the {}'s stdin (end of input, like Ctrl+D)",
            self.tag
        ));
        self.stdin = None;
    }

    /// Waits for a line on stdout that `want` accepts; other lines are
    /// skipped (they are still in the log).
    #[track_caller]
    pub fn expect_line(&mut self, want: impl Into<Want>) -> String {
        self.expect_on_stdout(want.into(), false)
    }

    /// The next line on stdout must be one that `want` accepts.
    #[track_caller]
    pub fn expect_next_line(&mut self, want: impl Into<Want>) -> String {
        self.expect_on_stdout(want.into(), true)
    }

    /// Waits for a line on stderr that `want` accepts.
    #[track_caller]
    pub fn expect_stderr(&mut self, want: impl Into<Want>) -> String {
        let want = want.into();
        let deadline = Instant::now() + self.scene.wait();
        loop {
            match self
                .stderr
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) if want.accepts(line.as_bytes()) => return line,
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => self.missing(&want, "on stderr"),
                Err(RecvTimeoutError::Disconnected) => self.missing(&want, "on stderr"),
            }
        }
    }

    #[track_caller]
    fn expect_on_stdout(&mut self, want: Want, next_only: bool) -> String {
        let deadline = Instant::now() + self.scene.wait();
        loop {
            match self
                .stdout
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) if want.accepts(line.as_bytes()) => return line,
                Ok(line) if next_only => {
                    let got = format!("the {} printed \"{}\" instead", self.tag, show::line(&line));
                    self.fail_with(&want, got);
                }
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    self.missing(&want, "")
                }
            }
        }
    }

    /// Fails because `want` was not seen: says whether the process is still
    /// running, or how it ended.
    #[track_caller]
    fn missing(&mut self, want: &Want, stream: &str) -> ! {
        let state = self.describe_state();
        let got = match self.status {
            None => format!(
                "no such line{stream} within {}; {state}",
                show::seconds(self.scene.wait())
            ),
            Some(_) => format!("no such line{stream}: {state}"),
        };
        self.fail_with(want, got)
    }

    #[track_caller]
    fn fail_with(&mut self, want: &Want, got: String) -> ! {
        // A process that stopped at a todo!() or a panic explains itself
        // better than any guess about the missing line.
        let hint = self
            .stopped_hint()
            .or_else(|| want.hint_text().map(str::to_string));
        self.scene.fail(Failure {
            expected: format!("the {} prints {}", self.tag, want.what()),
            got,
            hint,
        })
    }

    /// Waits for the process to end and checks how it ended.
    #[track_caller]
    pub fn expect_exit(&mut self, expected: Exit) -> ExitStatus {
        self.expect_exit_hint(expected, None)
    }

    /// [`expect_exit`](Self::expect_exit), with advice for when it does not.
    #[track_caller]
    pub fn expect_exit_hint(&mut self, expected: Exit, hint: Option<&str>) -> ExitStatus {
        let status = match self.wait_for_exit(self.scene.wait()) {
            Some(status) => status,
            None => self.scene.fail(Failure {
                expected: format!("the {} ends with {}", self.tag, describe_exit(expected)),
                got: format!(
                    "it was still running after {}",
                    show::seconds(self.scene.wait())
                ),
                hint: Some(hint.map(str::to_string).unwrap_or_else(|| {
                    format!(
                        "a {} that waits for something must give up or finish in time",
                        self.tag
                    )
                })),
            }),
        };
        let code = status.code();
        let matched = match expected {
            Exit::Success => code == Some(0),
            Exit::Code(wanted) => code == Some(wanted),
        };
        if !matched {
            let hint = self.stopped_hint().or_else(|| hint.map(str::to_string));
            let got = self.describe_state();
            self.scene.fail(Failure {
                expected: format!("the {} ends with {}", self.tag, describe_exit(expected)),
                got,
                hint,
            });
        }
        status
    }

    /// Waits up to `limit` for the process to end; `None` if it did not.
    pub fn wait_for_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self.child.wait_timeout(limit).ok().flatten();
            if let Some(status) = self.status {
                self.scene
                    .log(&self.tag, format!("(ended: {})", describe_status(status)));
                // Let the reader threads log the last lines before a report.
                self.settle();
            }
        }
        self.status
    }

    /// Every line the process has written to stderr so far (after it ended:
    /// all of them).
    pub fn stderr_lines(&mut self) -> Vec<String> {
        if self.status.is_some() {
            self.settle();
        }
        self.stderr.try_iter().collect()
    }

    /// Kills the process at once (SIGKILL): it gets no chance to say goodbye.
    pub fn kill(&mut self) {
        self.scene.note(format!("kills the {} (SIGKILL)", self.tag));
        let _ = self.child.kill();
        let _ = self.wait_for_exit(self.scene.wait());
    }

    /// Sends SIGINT, as Ctrl+C in a terminal does.
    pub fn interrupt(&mut self) {
        self.scene
            .note(format!("presses Ctrl+C in the {} (SIGINT)", self.tag));
        signal(self.child.id(), "INT");
    }

    /// "is still running", or "exited with exit code 1".
    fn describe_state(&mut self) -> String {
        match self.wait_for_exit(Duration::from_millis(200)) {
            None => format!("the {} is still running", self.tag),
            Some(status) => format!("the {} {}", self.tag, describe_status(status)),
        }
    }

    /// Advice when the process ended on its own: a `todo!()` left in, a panic.
    fn stopped_hint(&mut self) -> Option<String> {
        self.status?;
        self.scene.ended_hint(&self.tag)
    }

    /// Gives the reader threads a moment to log a finished process's output,
    /// so that a report shows all of it.
    fn settle(&self) {
        let deadline = Instant::now() + Duration::from_millis(500);
        for done in &self.readers_done {
            let left = deadline.saturating_duration_since(Instant::now());
            let _ = done.recv_timeout(left);
        }
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        // Child has no Drop of its own: without this, a failing test would
        // leave its servers running.
        self.stdin = None;
        if self.status.is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        self.ended.store(true, Ordering::SeqCst);
    }
}

/// A server bound to 0.0.0.0 or :: is reached through the loopback address.
fn reachable(address: SocketAddr) -> SocketAddr {
    if address.ip().is_unspecified() {
        let loopback = match address {
            SocketAddr::V4(_) => std::net::IpAddr::from([127, 0, 0, 1]),
            SocketAddr::V6(_) => std::net::IpAddr::from([0u16, 0, 0, 0, 0, 0, 0, 1]),
        };
        SocketAddr::new(loopback, address.port())
    } else {
        address
    }
}

fn describe_exit(exit: Exit) -> String {
    match exit {
        Exit::Success => "exit code 0".to_string(),
        Exit::Code(code) => format!("exit code {code}"),
    }
}

fn describe_status(status: ExitStatus) -> String {
    if let Some(code) = status.code() {
        let meaning = match code {
            0 => " (success)",
            101 => " (Rust's exit code after a panic)",
            _ => "",
        };
        return format!("exited with exit code {code}{meaning}");
    }
    #[cfg(unix)]
    {
        use std::os::unix::process::ExitStatusExt;
        if let Some(signal) = status.signal() {
            return format!("was ended by signal {signal}");
        }
    }
    "ended".to_string()
}

/// Sends a signal with the `kill` command (std can only send SIGKILL).
fn signal(pid: u32, name: &str) {
    let _ = Command::new("kill")
        .args([format!("-{name}"), pid.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// Locks a mutex even if a panicking thread poisoned it: the log is still
/// worth showing.
pub(crate) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}
