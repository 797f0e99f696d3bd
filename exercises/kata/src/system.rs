//! What the harness asks of the operating system beyond std: sending a
//! signal.
//!
//! std can only kill a child (SIGKILL on Unix, TerminateProcess on Windows).
//! Ctrl+C is SIGINT, which std cannot send: the harness runs the `kill`
//! command. Without `kill` (Windows), `signal` does nothing, so the few
//! tests that press Ctrl+C fail there with a report that says the program
//! kept running; every other test works.
//!
//! Everything else the harness knows of its programs it asks of them
//! through std, the same way on every system: whether one has ended is
//! `Child::try_wait`, never a look at `/proc`.

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
