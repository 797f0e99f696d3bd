//! A running program of a scene: its lines, its stdin, how it ends.
//!
//! The test reads a program's output line by line, each with a deadline,
//! types into its stdin, and checks how it ended. The program is killed when
//! its [`Proc`] is dropped, so a failing test leaves nothing running.
//!
//! (Longer than most files here, on purpose: everything a test can expect
//! of one running program, its lines, its stdin and its end, reads best in
//! one place.)

use std::io::{Read, Write};
use std::net::SocketAddr;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Arc, Mutex, MutexGuard};
use std::thread;
use std::time::{Duration, Instant};

use crate::diagnose::{self, Framing};
use crate::program::Program;
use crate::scene::{Failure, Scene};
use crate::show;
use crate::system;
use crate::want::{Target, Want};

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
    /// How reports name it: "the server", or "alice".
    who: String,
    scene: Scene,
    /// Shared with every [`Watch`]: whoever asks whether the program has
    /// ended asks the child itself (`try_wait`), which works the same on
    /// every system. (Reading `/proc` would leave macOS and Windows waiting
    /// out every deadline.)
    child: Arc<Mutex<Child>>,
    /// How many of its output pipes the reader threads are still reading;
    /// shared with every [`Watch`] (see [`Watch::settle_if_ended`]).
    open_pipes: Arc<AtomicUsize>,
    stdin: Option<Sender<Vec<u8>>>,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
    status: Option<ExitStatus>,
    /// True until the first line has been waited for: that wait is longer,
    /// since it includes starting the process.
    starting: bool,
}

/// Lets a [`crate::Peer`] notice that the program it waits for has ended,
/// instead of waiting out its whole deadline.
#[derive(Debug, Clone)]
pub struct Watch {
    tag: String,
    child: Arc<Mutex<Child>>,
    /// How many of its output pipes (stdout, stderr) are still being read.
    open_pipes: Arc<AtomicUsize>,
}

impl Watch {
    /// The watched program's tag.
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// True once the watched program has ended.
    pub fn has_ended(&self) -> bool {
        // try_wait never blocks, and once it has seen the exit it keeps
        // answering with it.
        locked(&self.child).try_wait().ok().flatten().is_some()
    }

    /// If the program has ended, waits (until `deadline` at most) for the
    /// harness to have logged all it printed: a report written the moment a
    /// peer saw the connection close must still show the panic message the
    /// program wrote before it ended.
    pub(crate) fn settle_if_ended(&self, deadline: Instant) {
        if !self.has_ended() {
            return;
        }
        wait_for_pipes(&self.open_pipes, deadline);
    }
}

impl Scene {
    /// Starts `program` with `args`, its stdio piped to the harness.
    #[track_caller]
    pub fn spawn(&self, tag: &str, program: &Program, args: &[&str]) -> Proc {
        let mut all_args: Vec<String> = program.leading_args.clone();
        all_args.extend(args.iter().map(|arg| arg.to_string()));
        self.note(format!(
            "starts the {tag}: {}",
            program.shown_with(&all_args)
        ));
        self.by_hand(program.by_hand_with(&all_args, &self.ports()));
        let proc = Proc::start(self, tag, program, &all_args);
        self.started(proc.watch());
        proc
    }
}

impl Proc {
    /// Starts `program` with `args` (all of them), its stdio piped.
    #[track_caller]
    pub(crate) fn start(scene: &Scene, tag: &str, program: &Program, args: &[String]) -> Proc {
        let mut command = Command::new(&program.path);
        command
            .args(args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            // A panic in a student's program should show its message, not a
            // screenful of backtrace.
            .env("RUST_BACKTRACE", "0");
        let mut child = match command.spawn() {
            Ok(child) => child,
            Err(error) => scene.fail(Failure {
                expected: format!("to start {}", program.path.display()),
                got: format!("it could not be started: {error}"),
                hint: Some("was it built? `cargo test` builds it first".to_string()),
            }),
        };
        let open_pipes = Arc::new(AtomicUsize::new(2));
        let stdout_pipe = child.stdout.take().expect("piped");
        let stdout = read_lines(scene, tag, stdout_pipe, &open_pipes);
        let stderr_tag = format!("{tag} stderr");
        let stderr_pipe = child.stderr.take().expect("piped");
        let stderr = read_lines(scene, &stderr_tag, stderr_pipe, &open_pipes);
        let stdin = child.stdin.take().map(write_from_thread);
        Proc {
            tag: tag.to_string(),
            who: show::who(tag),
            scene: scene.clone(),
            child: Arc::new(Mutex::new(child)),
            open_pipes,
            stdin,
            stdout,
            stderr,
            status: None,
            starting: true,
        }
    }

    /// The process id.
    pub fn id(&self) -> u32 {
        locked(&self.child).id()
    }

    /// A handle for a [`crate::Peer`] to notice when this process ends.
    pub fn watch(&self) -> Watch {
        Watch {
            tag: self.tag.clone(),
            child: Arc::clone(&self.child),
            open_pipes: Arc::clone(&self.open_pipes),
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
                "bind, then println!(\"{prefix}{{}}\", {socket}.local_addr()?): a whole line, \
                 ended by println!'s \\n (text printed with print! waits in the program until a \
                 \\n comes)",
                socket = if scheme == "tcp" {
                    "listener"
                } else {
                    "socket"
                }
            ));
        let line = self.expect_next_line(want);
        let address: SocketAddr = match line[prefix.len()..].trim().parse() {
            Ok(address) => address,
            Err(_) => self.scene.fail(Failure {
                expected: format!(
                    "\"{prefix}IP:PORT\" with a real address, such as {prefix}127.0.0.1:8080"
                ),
                got: format!("\"{}\", whose address does not parse", show::line(&line)),
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

    /// Types a line of raw bytes into the process's stdin (`\n` is added).
    pub fn send_line_bytes(&mut self, line: &[u8]) {
        let mut chunk = line.to_vec();
        chunk.push(b'\n');
        self.send_bytes(&chunk);
    }

    /// Types exactly these bytes into the process's stdin (add the line end
    /// yourself: `b"exit\r\n"` is what Windows' console gives).
    pub fn send_bytes(&mut self, bytes: &[u8]) {
        self.scene
            .note(format!("types {} into {}", show::quoted(bytes), self.who));
        if let Some(stdin) = &self.stdin {
            // If the writer thread has ended, the process closed its stdin;
            // the expectations that follow will say what went wrong.
            let _ = stdin.send(bytes.to_vec());
        }
    }

    /// Closes the process's stdin: end of input, like Ctrl+D.
    pub fn close_stdin(&mut self) {
        self.scene.note(format!(
            "closes {}'s stdin (end of input, like Ctrl+D)",
            self.who
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
        let mut seen = Vec::new();
        loop {
            match self
                .stderr
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) if want.accepts(line.as_bytes()) => return line,
                Ok(line) => seen.push(line),
                Err(_) => self.missing(&want, " on stderr", &seen, " stderr", self.scene.wait()),
            }
        }
    }

    #[track_caller]
    fn expect_on_stdout(&mut self, want: Want, next_only: bool) -> String {
        let wait = if self.starting {
            self.scene.start_wait()
        } else {
            self.scene.wait()
        };
        self.starting = false;
        let deadline = Instant::now() + wait;
        let mut seen = Vec::new();
        loop {
            match self
                .stdout
                .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            {
                Ok(line) if want.accepts(line.as_bytes()) => return line,
                Ok(line) if next_only => {
                    let mut got = format!("{} printed \"{}\" instead", self.who, show::line(&line));
                    let near = want
                        .target()
                        .and_then(|target| near_line(target, &[line], self.scene.framing()));
                    if let Some(near) = &near {
                        got.push_str(&format!(": {near}"));
                    }
                    self.fail_with(&want, got, near);
                }
                Ok(line) => seen.push(line),
                Err(RecvTimeoutError::Timeout) | Err(RecvTimeoutError::Disconnected) => {
                    self.missing(&want, "", &seen, "", wait)
                }
            }
        }
    }

    /// Fails because `want` was not seen: says whether the process is still
    /// running or how it ended, and shows a near miss among the `seen` lines.
    #[track_caller]
    fn missing(
        &mut self,
        want: &Want,
        stream: &str,
        seen: &[String],
        tag_suffix: &str,
        waited: Duration,
    ) -> ! {
        let state = self.describe_state();
        let framing = self.scene.framing();
        let near = want
            .target()
            .and_then(|target| near_line(target, seen, framing));
        let pending = self.scene.partial(&format!("{}{tag_suffix}", self.tag));
        let got = match (&near, &pending, self.status) {
            (Some(near), _, _) => {
                let line = seen
                    .iter()
                    .find(|line| {
                        want.target().is_some_and(|target| {
                            diagnose::near_miss(target, line.as_bytes(), framing).is_some()
                        })
                    })
                    .map(|line| show::line(line))
                    .unwrap_or_default();
                format!("almost: {} printed \"{line}\": {near}", self.who)
            }
            (None, Some(pending), _) if want.accepts(pending.as_bytes()) => format!(
                "{} printed \"{}\" but no line end after it within {}; {state}",
                self.who,
                show::line(pending),
                show::seconds(waited)
            ),
            (None, _, None) => format!(
                "no such line{stream} within {}; {state}",
                show::seconds(waited)
            ),
            (None, _, Some(_)) => format!("no such line{stream}: {state}"),
        };
        let hint = match &pending {
            Some(pending) if near.is_none() && want.accepts(pending.as_bytes()) => {
                Some(diagnose::unterminated(&self.tag))
            }
            Some(pending)
                if near.is_none() && seen.is_empty() && pending.starts_with("Listening") =>
            {
                Some(diagnose::unterminated(&self.tag))
            }
            _ => near,
        };
        self.fail_with(want, got, hint)
    }

    /// Fails with `got`; the hint is `symptom` if there is one, else the
    /// want's own (and the scene may still find a clearer one).
    #[track_caller]
    fn fail_with(&mut self, want: &Want, got: String, symptom: Option<String>) -> ! {
        let hint = symptom.or_else(|| want.hint_text().map(str::to_string));
        self.scene.fail(Failure {
            expected: format!("{} prints {}", self.who, want.what()),
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
                expected: format!("{} ends with {}", self.who, describe_exit(expected)),
                got: format!(
                    "it was still running after {}",
                    show::seconds(self.scene.wait())
                ),
                hint: Some(hint.map(str::to_string).unwrap_or_else(|| {
                    format!(
                        "{} kept waiting: a program that waits for something must give up or finish in time",
                        self.who
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
            let got = self.describe_state();
            self.scene.fail(Failure {
                expected: format!("{} ends with {}", self.who, describe_exit(expected)),
                got,
                hint: hint.map(str::to_string),
            });
        }
        status
    }

    /// Checks that the process is still running after `time`: for a program
    /// that must keep waiting (for a person, say) rather than give up.
    #[track_caller]
    pub fn expect_still_running(&mut self, time: Duration, hint: &str) {
        self.scene.note(format!(
            "waits {} and checks that {} is still running",
            show::seconds(time),
            self.who
        ));
        if self.wait_for_exit(time).is_some() {
            let got = self.describe_state();
            self.scene.fail(Failure {
                expected: format!("{} still runs after {}", self.who, show::seconds(time)),
                got,
                hint: Some(hint.to_string()),
            });
        }
    }

    /// Waits up to `limit` for the process to end; `None` if it did not.
    pub fn wait_for_exit(&mut self, limit: Duration) -> Option<ExitStatus> {
        if self.status.is_none() {
            self.status = self.poll_exit(limit);
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
        self.scene.note(format!("kills {} (SIGKILL)", self.who));
        let _ = locked(&self.child).kill();
        let _ = self.wait_for_exit(self.scene.wait());
    }

    /// Sends SIGINT, as Ctrl+C in a terminal does (Unix only; see
    /// [`crate::system`]).
    pub fn interrupt(&mut self) {
        self.scene
            .note(format!("presses Ctrl+C in {} (SIGINT)", self.who));
        system::signal(self.id(), "INT");
    }

    /// "is still running", or "exited with exit code 1".
    fn describe_state(&mut self) -> String {
        match self.wait_for_exit(Duration::from_millis(200)) {
            None => format!("{} is still running", self.who),
            Some(status) => format!("{} {}", self.who, describe_status(status)),
        }
    }

    /// Gives the reader threads a moment to log a finished process's output,
    /// so that a report shows all of it.
    fn settle(&self) {
        wait_for_pipes(
            &self.open_pipes,
            Instant::now() + Duration::from_millis(500),
        );
    }
}

impl Drop for Proc {
    fn drop(&mut self) {
        // Child has no Drop of its own: without this, a failing test would
        // leave its servers running.
        self.stdin = None;
        if self.status.is_none() {
            let mut child = locked(&self.child);
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

/// How often [`Proc::wait_for_exit`] asks the child whether it has ended.
/// The lock is let go between two looks, so a [`Watch`] on another thread
/// never waits for it.
const EXIT_POLL: Duration = Duration::from_millis(5);

impl Proc {
    /// Asks the child until it has ended or `limit` has passed.
    fn poll_exit(&self, limit: Duration) -> Option<ExitStatus> {
        let deadline = Instant::now() + limit;
        loop {
            if let Ok(Some(status)) = locked(&self.child).try_wait() {
                return Some(status);
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return None;
            }
            thread::sleep(left.min(EXIT_POLL));
        }
    }
}

/// Waits until the reader threads have read both pipes to their end, or
/// until `deadline`.
fn wait_for_pipes(open_pipes: &AtomicUsize, deadline: Instant) {
    while open_pipes.load(Ordering::SeqCst) > 0 && Instant::now() < deadline {
        thread::sleep(EXIT_POLL);
    }
}

/// The child, even if a test thread panicked while holding it.
fn locked(child: &Mutex<Child>) -> MutexGuard<'_, Child> {
    child
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// The first near miss of `target` among printed `lines`, in words.
fn near_line(target: &Target, lines: &[String], framing: Framing) -> Option<String> {
    lines
        .iter()
        .find_map(|line| diagnose::near_miss(target, line.as_bytes(), framing))
}

/// Counts a pipe as read to its end when dropped, however its thread ends.
struct OpenPipe(Arc<AtomicUsize>);

impl Drop for OpenPipe {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// Reads a pipe on a thread and splits it into lines: each goes to the log
/// and to the returned channel. What comes after the last line end is kept
/// in the scene as a partial line until its end arrives, so a report can
/// show text printed without `\n`. Both channels close with the pipe.
fn read_lines(
    scene: &Scene,
    tag: &str,
    mut pipe: impl Read + Send + 'static,
    open_pipes: &Arc<AtomicUsize>,
) -> Receiver<String> {
    let (lines, receiver) = mpsc::channel();
    let scene = scene.clone();
    let tag = tag.to_string();
    let open_pipes = OpenPipe(Arc::clone(open_pipes));
    thread::spawn(move || {
        // Dropped when this thread ends, after its last line is logged.
        let _open = open_pipes;
        let mut pending: Vec<u8> = Vec::new();
        let mut chunk = [0u8; 8192];
        loop {
            let size = match pipe.read(&mut chunk) {
                Ok(0) | Err(_) => break,
                Ok(size) => size,
            };
            pending.extend_from_slice(&chunk[..size]);
            while let Some(end) = pending.iter().position(|&byte| byte == b'\n') {
                let mut line: Vec<u8> = pending.drain(..=end).collect();
                // Only the `\n` goes: a `\r` before it is part of what the
                // program printed (println! never adds one, on any system), and
                // a test must see it, to name a line printed with the `\r` a
                // Windows client sent.
                line.pop();
                let text = String::from_utf8_lossy(&line).into_owned();
                // The line is whole now: it is no longer pending, before
                // anyone can see it arrive.
                scene.set_partial(&tag, String::from_utf8_lossy(&pending).into_owned());
                scene.log(&tag, text.clone());
                // If nobody listens any more, keep logging until the end.
                let _ = lines.send(text);
            }
            scene.set_partial(&tag, String::from_utf8_lossy(&pending).into_owned());
        }
        // At the end of the output, a last line without its end still counts
        // as printed, and is logged as one.
        if !pending.is_empty() {
            let text = String::from_utf8_lossy(&pending).into_owned();
            scene.set_partial(&tag, String::new());
            scene.log(
                &tag,
                format!("{text}   <- no line end (\\n) before the program ended"),
            );
            let _ = lines.send(text);
        }
    });
    receiver
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
