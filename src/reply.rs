//! `reply`: the server prints each message and answers it with a line typed
//! on its own console.
//!
//! This is the first mode where the answer comes from a person, so the server
//! has two sources of input: the network and its keyboard. [`crate::inbox`]
//! receives from the network in the background; here, one message at a time,
//! we print it, read one line from the console and send that line back to the
//! message's sender. When the console's input ends (Ctrl+D), the server ends.
//!
//! The client is the `echo` client: send a line, print the answer. Because a
//! person answers, it waits as long as it takes, unless `--timeout` is given.

use crate::cli::{ClientConfig, Limits};
use crate::console::Printer;
use crate::inbox::Inbox;
use crate::net::Listener;
use crate::{Result, echo};

/// Answers messages from the console until its input ends.
pub fn serve(listener: Listener, limits: &Limits, out: &mut Printer) -> Result<()> {
    let mut inbox = Inbox::open(listener, limits)?;
    loop {
        // `None`: the console's input ended; nobody is left to answer.
        let Some(letter) = inbox.next_letter(out) else {
            return Ok(());
        };
        out.line(&letter);
        let prompt = format!("reply to {}> ", letter.from);
        let Some(answer) = inbox.next_answer(out, &prompt, letter.max_answer()) else {
            return Ok(()); // end of the console's input
        };
        if let Err(error) = letter.answer(&answer) {
            out.line(format_args!("! cannot answer {}: {error}", letter.from));
        }
    }
}

/// The `echo` client, waiting for a person: no time limit unless `--timeout`.
pub fn run_client(config: &ClientConfig, out: &mut Printer) -> Result<()> {
    echo::run_client(config, config.timeout, false, out)
}
