//! `hello`: the smallest exchange there is. One message each way.
//!
//! ```text
//! client ── "Hello, server" ──▶ server      server prints it
//! client ◀── "Hello, client" ── server      client prints it, exits
//! ```
//!
//! Over UDP the server answers *every* datagram it receives, from anyone, and
//! keeps serving. The answer goes to the address `recv_from` returned, inside
//! the receive loop: send it after the loop, as a classic buggy tutorial does,
//! and it is never sent at all, because the loop never ends.
//!
//! Over TCP the server answers the first line of each connection, then closes
//! that connection.

use crate::Result;
use crate::cli::{ClientConfig, Limits};
use crate::console::Printer;
use crate::link::{Late, Link};
use crate::net::Listener;
use crate::responder::{self, PerConnection};
use crate::terminal;

/// What the client says.
pub const GREETING: &[u8] = b"Hello, server";
/// What the server answers, whatever it was told.
pub const ANSWER: &[u8] = b"Hello, client";

/// Answers every message with [`ANSWER`], forever.
pub fn serve(listener: Listener, limits: &Limits) -> Result<()> {
    responder::serve(listener, |_message| ANSWER, PerConnection::OneLine, limits)
}

/// Sends [`GREETING`], prints the answer, returns.
pub fn run_client(config: &ClientConfig, out: &mut Printer) -> Result<()> {
    let mut link = Link::open(config, Some(config.machine_timeout()))?;
    // A lost greeting (or answer) is sent again: see `Link::ask`.
    let answer = link.ask(GREETING, true, &mut Late::default())?;
    out.say(format_args!("[server] {}", terminal::printable(&answer)));
    Ok(())
}
