//! # socket-kata
//!
//! Client–server programming with the sockets of `std::net`: UDP first, TCP
//! beside it. This crate is the *reference*: the `server` and `client`
//! programs a teacher runs in class, and the behaviour the exercises in
//! `exercises/` ask students to rebuild.
//!
//! It is teaching code. It uses the plain socket calls (`bind`, `recv_from`,
//! `send_to`, `accept`, `read`, `write`) with no async runtime and no
//! networking crate, so that every call a student reads about is right there.
//!
//! # Layout
//!
//! The modes, one module each, in the order a course meets them:
//!
//! * [`hello`]: one message each way, `Hello, server` / `Hello, client`.
//! * [`echo`]: the server sends every message back.
//! * [`reply`]: the server answers with lines typed on its console.
//! * [`chat`]: a turn-taking dialogue until one side types `exit`.
//! * [`room`]: a chat room for many clients at once.
//!
//! And a way to measure them: [`bench`] (and [`room::bench`]), with [`stats`].
//!
//! What the modes share:
//!
//! * [`net`]: binding, the size limits of UDP, and framing TCP into lines.
//! * [`link`]: a client's connection to its server, UDP or TCP.
//! * [`responder`]: the serving loops of `hello` and `echo`, and how they print
//!   a line per message without slowing down.
//! * [`inbox`]: the queue between the network and a person at the console.
//! * [`console`]: stdout and stdin done right (flushing, closed pipes, prompts).
//! * [`terminal`]: a peer's text never controls anyone's terminal.
//! * [`signals`]: Ctrl+C and `kill`, however the program was started.
//! * [`cli`] and [`error`]: the command line, and failing with one clear line.

pub mod bench;
pub mod chat;
pub mod cli;
pub mod console;
pub mod echo;
pub mod error;
pub mod hello;
pub mod inbox;
pub mod link;
pub mod net;
pub mod reply;
pub mod responder;
pub mod room;
pub mod signals;
pub mod stats;
pub mod terminal;

pub use error::{Error, Result};

use cli::{ClientConfig, Mode, ServerConfig};
use console::Printer;
use net::Listener;

/// Runs the server: binds, prints `Listening on …`, serves.
pub fn run_server(config: &ServerConfig) -> Result<()> {
    let listener = Listener::bind(&config.endpoint)?;
    let mut out = Printer::new();
    if config.mode == Mode::Room {
        // The room announces itself once it can also handle Ctrl+C.
        return room::serve(listener, &config.limits, &mut out);
    }
    signals::stop_quietly();
    listener.announce(&mut out)?;
    match config.mode {
        Mode::Hello => hello::serve(listener, &config.limits),
        Mode::Echo => echo::serve(listener, &config.limits),
        Mode::Reply => reply::serve(listener, &config.limits, &mut out),
        Mode::Chat => chat::serve(listener, &config.limits, &mut out),
        Mode::Room | Mode::Bench | Mode::RoomBench => Err(Error::usage(format!(
            "{} is not a server mode",
            config.mode
        ))),
    }
}

/// Runs the client in the mode the configuration names.
pub fn run_client(config: &ClientConfig) -> Result<()> {
    let mut out = Printer::new();
    if !matches!(config.mode, Mode::Room | Mode::RoomBench) {
        // The room's clients say goodbye on Ctrl+C: they set their own.
        signals::stop_quietly();
    }
    match config.mode {
        Mode::Hello => hello::run_client(config, &mut out),
        Mode::Echo => echo::run_client(config, Some(config.machine_timeout()), true, &mut out),
        Mode::Reply => reply::run_client(config, &mut out),
        Mode::Chat => chat::run_client(config, &mut out),
        Mode::Room => room::run_client(config, &mut out),
        Mode::RoomBench => room::bench::run(config, &mut out),
        Mode::Bench => bench::run(config, &mut out),
    }
}
