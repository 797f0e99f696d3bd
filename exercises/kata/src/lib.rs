//! # kata: the test harness and tools of socket-kata's exercises
//!
//! The integration tests of the reference and of every exercise stage use this
//! crate to run real programs and talk to them:
//!
//! * [`Scene`]: the processes and sockets of one test, and a log of everything
//!   they printed and did, in order. A failing check prints that log, what was
//!   expected, what happened, a hint, and the commands to replay it by hand.
//! * [`Proc`]: a running program: read its lines with a deadline, type into
//!   its stdin, check how it ended. Killed when dropped.
//! * [`Peer`]: the test's own socket, to play the client for a server or the
//!   server for a client.
//! * [`Want`]: what a check waits for, in words.
//! * [`Stage`]: an exercise stage's server and client, or the reference's.
//!
//! The exercises' programs use one more module, [`starter`]: the ready-made
//! command line of every stage.
//!
//! Nothing here sleeps to synchronise: every wait is for a specific line or
//! message, and every wait has a deadline.

pub mod catalogue;
pub mod diagnose;
pub mod own_socket;
pub mod peer;
pub mod process;
pub mod program;
pub mod raw;
pub mod runner;
pub mod scene;
pub mod show;
pub mod stage;
pub mod starter;
pub mod system;
pub mod want;

pub use peer::{Peer, Transport};
pub use process::{Exit, Proc};
pub use program::Program;
pub use scene::{DEFAULT_WAIT, Failure, Scene};
pub use stage::Stage;
pub use want::Want;
