//! What the harness asks of the operating system beyond std: sending a
//! signal, and telling whether a process it holds no handle for has ended.
//!
//! std can only kill a child (SIGKILL on Unix, TerminateProcess on Windows).
//! Ctrl+C is SIGINT, which std cannot send: the harness runs the `kill`
//! command. Whether a process has ended is read from `/proc` on Linux.
//!
//! Where these are missing, the harness degrades rather than fails:
//!
//! * without `kill` (Windows), `signal` does nothing, so the few tests
//!   that press Ctrl+C fail there with a report that says the program kept
//!   running; every other test works;
//! * without `/proc` (macOS, Windows), `process_ended` answers "still
//!   running", so a peer waiting on a program that has ended waits out its
//!   deadline instead of stopping at once: slower, never wrong.

use std::process::{Command, Stdio};

/// Sends a signal by name (`INT`, `TERM`) with the `kill` command.
pub(crate) fn signal(pid: u32, name: &str) {
    let _ = Command::new("kill")
        .args([format!("-{name}"), pid.to_string()])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
}

/// True if process `pid` no longer runs (gone, or a zombie).
pub(crate) fn process_ended(pid: u32) -> bool {
    match std::fs::read_to_string(format!("/proc/{pid}/stat")) {
        // The state is the field after the command name in parentheses.
        Ok(stat) => stat
            .rsplit_once(") ")
            .is_some_and(|(_, rest)| rest.starts_with('Z') || rest.starts_with('X')),
        // No /proc entry: gone (or a system without /proc: assume running).
        Err(_) => std::path::Path::new("/proc/self").exists(),
    }
}

/// The CPU time a process has used, user and system together, if this
/// system tells (Linux: `/proc/PID/stat`, in clock ticks of 1/100 s).
pub fn cpu_time(pid: u32) -> Option<std::time::Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    let (_, rest) = stat.rsplit_once(") ")?;
    let fields: Vec<&str> = rest.split_whitespace().collect();
    // After the state (field 3), utime and stime are fields 14 and 15.
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    Some(std::time::Duration::from_millis(ticks * 10))
}
