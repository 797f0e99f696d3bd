//! Integration tests of the reference `server` and `client`.
//!
//! One test binary with a module per concern, so the suite links once (as
//! ripgrep does). Every test starts the real programs with `--port 0`, learns
//! the port from the `Listening on` line, and so runs in parallel with the
//! others. Waits are bounded by the harness (`exercises/kata`), which also
//! kills every process when a test ends, passes or fails.

mod bench;
mod chat;
mod cli;
mod echo;
mod flood;
mod hello;
mod reply;
mod robustness;
mod room;
mod signals;
mod slots;
mod support;
mod terminal;
