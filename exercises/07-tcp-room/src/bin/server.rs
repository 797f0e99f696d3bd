//! Stage 07, the server: a chat room over TCP, a thread per connection.
//!
//! What to build, step by step (`cargo test` checks each step in order):
//!
//! 1. Bind a `TcpListener` to `args.address()` and print
//!    `Listening on tcp://ADDRESS` with `listener.local_addr()?`.
//! 2. Keep the members in one list shared by every thread:
//!    `Arc<Mutex<Vec<Member>>>`, where a member has its name, its address and
//!    a clone of its stream (`stream.try_clone()?`) to write to it.
//! 3. Loop around `accept`; hand each connection to a thread of its own
//!    (`thread::spawn(move || …)` with a clone of the `Arc`). A client that
//!    says nothing then blocks only its own thread.
//! 4. In that thread: ONE `BufReader` for the connection; read whole lines
//!    with `read_until(b'\n', …)` and split off the first word
//!    (`split_once(' ')`, which is `None` for a line without a space):
//!    - `JOIN NAME`: answer `WELCOME NAME 30`, print `* NAME@ADDRESS joined`,
//!      send `JOINED NAME` to the others, add the member to the list;
//!    - `SAY TEXT` (after JOIN): print `[NAME@ADDRESS] TEXT`, send
//!      `MSG NAME TEXT` to everyone but the sender;
//!    - `LEAVE`: end the loop;
//!    - anything else: answer `ERROR REASON`, and go on.
//! 5. However the loop ends (LEAVE, a read of 0 bytes, an error such as a
//!    reset), the member has left: take it out of the list, print
//!    `* NAME@ADDRESS left`, send `LEFT NAME` to the others.
//! 6. To send to the others: lock, copy the streams you need, unlock, then
//!    write. Never hold the lock while a thread waits in `read`, or while it
//!    writes to a member. Give each member's stream a write timeout
//!    (`set_write_timeout`): a member that stops reading would make a write
//!    wait for good. A write that fails is that member's problem, never the
//!    sender's: shut that member's stream down (its own thread then sees the
//!    end and takes it out), and go on with the others.
//!
//! Run it:    cargo run --bin tcp-room-server
//! Check it:  cargo test

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

/// Everything the server does. Return errors with `?`: the starter prints
/// them as `error: …` and exits with code 1.
fn serve(args: Args) -> Outcome {
    // You will need std::net::{TcpListener, TcpStream}, std::sync::{Arc, Mutex},
    // std::thread and std::io::{BufRead, BufReader, Write}.
    todo!(
        "step 1: bind a TcpListener to {} and print the Listening line",
        args.address()
    )
}
