//! `echo`: the server sends every message back unchanged.
//!
//! The client sends each line of its stdin as one message and prints each
//! answer, until its input ends. Echo is the "hello world" of servers because
//! it shows the shape of all of them: receive, do something, answer, repeat.
//!
//! Everything goes through as bytes: a message that is not valid UTF-8 is
//! printed with replacement characters, but sent back exactly as it came.

use std::time::Duration;

use crate::Result;
use crate::cli::{ClientConfig, Limits};
use crate::console::{Keyboard, Printer};
use crate::link::{Late, Link};
use crate::net::Listener;
use crate::responder::{self, PerConnection};
use crate::terminal;

/// Sends every message back, forever.
pub fn serve(listener: Listener, limits: &Limits) -> Result<()> {
    responder::serve(
        listener,
        |message| message,
        PerConnection::EveryLine,
        limits,
    )
}

/// Sends each line of stdin and prints each answer, until end of input.
///
/// `wait` bounds the wait for each answer (`None`: wait as long as it takes).
/// The `reply` client is this same loop, with a person answering.
/// With `resend`, a UDP message that gets no answer is sent again (see
/// [`Link::ask`]); not in `reply`, where a person would see it twice.
pub fn run_client(
    config: &ClientConfig,
    wait: Option<Duration>,
    resend: bool,
    out: &mut Printer,
) -> Result<()> {
    let mut link = Link::open(config, wait)?;
    let mut keyboard = Keyboard::new();
    let mut late = Late::default();
    while let Some(line) = keyboard.read_message(out, "> ", link.max_message())? {
        let answer = link.ask(&line, resend, &mut late)?;
        out.line(format_args!("[server] {}", terminal::printable(&answer)));
    }
    Ok(())
}
