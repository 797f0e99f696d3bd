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
//! * [`net`]: endpoints, binding, the size limits of UDP, framing TCP into
//!   lines, the accept loop, and the limits a server sets on each client.
//! * [`link`]: a client's connection to its server, UDP or TCP.
//! * [`batched`]: `server echo --batched`, the echo server printing a line per
//!   message without slowing down: a lesson of its own.
//! * [`console_thread`]: the console of `reply` and `chat`, read on a thread
//!   of its own so that an idle server ends when its input ends.
//! * [`console`]: stdout and stdin done right (flushing, closed pipes, prompts).
//! * [`terminal`]: a peer's text never controls anyone's terminal.
//! * [`signals`]: Ctrl+C and `kill`, however the program was started.
//! * [`cli`] and [`error`]: the command line, and failing with one clear line.

pub mod batched;
pub mod bench;
pub mod chat;
pub mod cli;
pub mod console;
pub mod console_thread;
pub mod echo;
pub mod error;
pub mod hello;
pub mod link;
pub mod net;
pub mod reply;
pub mod room;
pub mod signals;
pub mod stats;
pub mod terminal;

pub use error::{Error, Result};

use cli::{ClientConfig, ClientMode, ServerConfig, ServerMode};
use console::Printer;

/// Runs the server in the mode the configuration names.
///
/// Each mode binds its own socket, in its own module (`serve_udp` and
/// `serve_tcp`), and prints `Listening on …` once bound: the lesson reads
/// from `bind` to the answer sent in one place.
pub fn run_server(config: &ServerConfig) -> Result<()> {
    let (endpoint, limits) = (&config.endpoint, &config.limits);
    let mut out = Printer::new();
    // The room says goodbye to its members on Ctrl+C: it sets its own.
    if !matches!(config.mode, ServerMode::Room { .. }) {
        signals::stop_quietly();
    }
    match config.mode {
        ServerMode::Hello => hello::serve(endpoint, limits),
        ServerMode::Echo { batched: false } => echo::serve(endpoint, limits),
        ServerMode::Echo { batched: true } => batched::serve(endpoint, limits),
        ServerMode::Reply => reply::serve(endpoint, limits, &mut out),
        ServerMode::Chat => chat::serve(endpoint, limits, &mut out),
        ServerMode::Room { .. } => room::serve(endpoint, limits, &mut out),
    }
}

/// Runs the client in the mode the configuration names.
///
/// When nobody answers, the error gets the command that starts a matching
/// server: only here is it known how this client was started.
pub fn run_client(config: &ClientConfig) -> Result<()> {
    let mut out = Printer::new();
    if !matches!(
        config.mode,
        ClientMode::Room { .. } | ClientMode::RoomBench(_)
    ) {
        // The room's clients say goodbye on Ctrl+C: they set their own.
        signals::stop_quietly();
    }
    let ran = match &config.mode {
        ClientMode::Hello => hello::run_client(config, &mut out),
        ClientMode::Echo => {
            echo::run_client(config, Some(config.machine_timeout()), true, &mut out)
        }
        ClientMode::Reply => reply::run_client(config, &mut out),
        ClientMode::Chat => chat::run_client(config, &mut out),
        ClientMode::Room { name } => room::run_client(config, name.as_deref(), &mut out),
        ClientMode::RoomBench(options) => room::bench::run(config, options, &mut out),
        ClientMode::Bench(options) => bench::run(config, options, &mut out),
    };
    ran.map_err(|error| error.with_advice(config.advice()))
}
