//! What one client may take of a server: these keep a classroom of
//! strangers from locking everyone else out. See "What the reference
//! withstands" in the README.

use std::time::Duration;

/// How long a client may stay silent where a program or a keep-alive
/// speaks (hello, echo, room), unless told otherwise.
pub const DEFAULT_IDLE_TIMEOUT: Duration = Duration::from_secs(30);
/// How long where a person types and waits for a person (reply, chat): a
/// question takes thinking over, and a busy teacher answers one at a time.
pub const DEFAULT_PERSON_TIMEOUT: Duration = Duration::from_secs(600);
/// How many clients a server takes at once, unless told otherwise: a
/// classroom and then some, and few enough threads for a laptop.
pub const DEFAULT_MAX_CLIENTS: usize = 256;
/// How many messages a second a room member may send, unless told
/// otherwise: far more than anyone types, far less than a flood.
pub const DEFAULT_MAX_RATE: u32 = 100;

/// The limits a server enforces on each client.
#[derive(Debug, Clone, PartialEq)]
pub struct Limits {
    /// `--idle-timeout`: a TCP connection that has not completed a line (in
    /// the room: a JOIN) within this is closed; a room member silent for
    /// longer is dropped.
    pub idle_timeout: Duration,
    /// `--max-clients`: TCP connections at once; in the room, members.
    pub max_clients: usize,
    /// `--max-rate`: messages a second one room member may send.
    pub max_rate: u32,
}

impl Limits {
    /// The defaults where a program answers (hello, echo, room).
    pub fn for_programs() -> Limits {
        Limits {
            idle_timeout: DEFAULT_IDLE_TIMEOUT,
            max_clients: DEFAULT_MAX_CLIENTS,
            max_rate: DEFAULT_MAX_RATE,
        }
    }

    /// The defaults where a person answers (reply, chat): a longer silence.
    pub fn for_people() -> Limits {
        Limits {
            idle_timeout: DEFAULT_PERSON_TIMEOUT,
            ..Limits::for_programs()
        }
    }
}

impl Default for Limits {
    fn default() -> Self {
        Limits::for_programs()
    }
}
