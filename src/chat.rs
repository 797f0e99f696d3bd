//! `chat`: a turn-taking dialogue that ends when one side types `exit`.
//!
//! ```text
//! client types → server prints, server types → client prints → …
//! ```
//!
//! The client speaks first. `exit` is an ordinary message on the wire; what
//! makes it special is what each side does when it sees it:
//!
//! * the client types `exit`: it is sent, the client ends; the server prints
//!   that the client left and waits for the next client;
//! * the server types `exit`: it is sent to the client it is answering, and
//!   the server ends; the client prints that the server ended the chat, and
//!   ends.
//!
//! End of input (Ctrl+D) counts as typing `exit`, on either side, so that the
//! other side is always told.
//!
//! Over UDP nothing needs closing when a chat ends: there was no connection.
//! The client's socket is simply dropped when the program ends.

use crate::Result;
use crate::cli::{ClientConfig, Limits};
use crate::console::{Keyboard, Printer};
use crate::inbox::Inbox;
use crate::link::Link;
use crate::net::Listener;
use crate::terminal;

/// The word that ends a chat.
pub const EXIT: &[u8] = b"exit";

/// True if `message` is [`EXIT`], with or without the line ending that
/// `nc -u` puts at the end of every datagram it sends.
pub fn is_exit(message: &[u8]) -> bool {
    let message = message
        .strip_suffix(b"\r\n")
        .or_else(|| message.strip_suffix(b"\n"))
        .unwrap_or(message);
    message == EXIT
}

/// Chats with whoever writes, until the console types `exit`.
pub fn serve(listener: Listener, limits: &Limits, out: &mut Printer) -> Result<()> {
    let mut inbox = Inbox::open(listener, limits)?;
    loop {
        // `None`: the console's input ended while nobody was waiting for an
        // answer. That counts as typing `exit`, with nobody to tell.
        let Some(letter) = inbox.next_letter(out) else {
            out.say("* you ended the chat");
            return Ok(());
        };
        if is_exit(&letter.body) {
            out.line(format_args!("* {} left the chat", letter.from));
            continue;
        }
        out.line(&letter);
        let prompt = format!("you to {}> ", letter.from);
        let answer = inbox
            .next_answer(out, &prompt, letter.max_answer())
            .unwrap_or_else(|| EXIT.to_vec());
        if let Err(error) = letter.answer(&answer) {
            out.line(format_args!("! cannot answer {}: {error}", letter.from));
        }
        if answer == EXIT {
            out.say("* you ended the chat");
            return Ok(());
        }
    }
}

/// Takes turns with the server until one side types `exit`.
pub fn run_client(config: &ClientConfig, out: &mut Printer) -> Result<()> {
    // A person answers: wait as long as it takes, unless --timeout says otherwise.
    let mut link = Link::open(config, config.timeout)?;
    let mut keyboard = Keyboard::new();
    loop {
        // End of input counts as typing `exit`: the server is told either way.
        let line = keyboard
            .read_message(out, "you> ", link.max_message())?
            .unwrap_or_else(|| EXIT.to_vec());
        link.send(&line)?;
        if line == EXIT {
            out.say("* you left the chat");
            return Ok(());
        }
        let answer = link.receive()?;
        out.line(format_args!("[server] {}", terminal::printable(&answer)));
        if is_exit(&answer) {
            out.say("* the server ended the chat");
            return Ok(());
        }
    }
}
