//! Ctrl+C, and the other ways a program is asked to stop.
//!
//! std cannot catch a signal, so the `ctrlc` crate does it for us. With its
//! `termination` feature one handler receives three requests to stop:
//!
//! * **SIGINT**: Ctrl+C in the terminal (on Windows: Ctrl+C and Ctrl+Break);
//! * **SIGTERM**: `kill PID`, the stop button of an IDE, a service manager
//!   (on Windows: the console window being closed);
//! * **SIGHUP**: the terminal itself went away (an SSH session dropped).
//!
//! Why every program installs a handler, even where Ctrl+C should simply
//! end it: a program *inherits* what its parent did with SIGINT. A shell
//! starts background jobs (`server &` in a script), `nohup` starts its
//! command, and some IDEs and CI runners start theirs, with SIGINT
//! *ignored*; the program then never sees Ctrl+C at all. Installing our own
//! handler replaces the inherited "ignore", so Ctrl+C behaves the same
//! however the program was started.
//!
//! The handler runs on a thread of its own, so it may do real work (send
//! `LEAVE`, close a room) before the process ends.

/// The exit code of a program ended by a request to stop: 128 + 2 (SIGINT),
/// what a shell reports for a program that Ctrl+C ended.
pub const STOPPED: i32 = 130;

/// Runs `action` on Ctrl+C, SIGTERM or SIGHUP. `action` should end the
/// process. Only the first call in a process takes effect.
///
/// If no handler can be installed (a platform without signals), the
/// system's default stays: the program ends at once, without goodbyes.
pub fn on_stop(action: impl FnMut() + Send + 'static) {
    let _ = ctrlc::set_handler(action);
}

/// Ctrl+C, SIGTERM and SIGHUP end the process at once, quietly, with exit
/// code [`STOPPED`], even if the parent told it to ignore SIGINT.
pub fn stop_quietly() {
    on_stop(|| std::process::exit(STOPPED));
}
