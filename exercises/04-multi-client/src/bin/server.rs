//! Stage 04, the server: a room that many clients join at once. What one
//! member says, the server relays to all the others.
//!
//! The messages are text, one per datagram: a command word, a space, the
//! rest (the README of this stage has the whole table):
//!
//! ```text
//! client → server:  JOIN <name>    SAY <text>    LEAVE
//! server → client:  WELCOME <name> 30    MSG <name> <text>
//!                   JOINED <name>    LEFT <name>    ERROR <why>
//! ```
//!
//! What to build, step by step (`cargo test` checks each step in order):
//!
//! 1. Bind and print `Listening on udp://ADDRESS`, as in stage 01.
//! 2. Keep the members in a `HashMap<SocketAddr, String>`: address → name.
//!    The address that `recv_from` returns says who is talking; never trust
//!    a name written inside a message.
//! 3. Loop on `recv_from` into a 65536-byte buffer, take the text of
//!    `&buffer[..size]` without the line ending that `nc -u` adds
//!    (`trim_end_matches(['\r', '\n'])`), and cut it at its first space
//!    (`split_once`). `LEAVE` has no space, nor has a stray `HELLO`:
//!    `split_once` returns `None` then, so use
//!    `unwrap_or((text.as_str(), ""))`, not `unwrap()`. (On Windows,
//!    `recv_from` may fail with `ErrorKind::ConnectionReset` after a member
//!    vanished without `LEAVE`: `continue` then, the room goes on.)
//!    * `JOIN alice`: add the member; send it `WELCOME alice 30`; print a
//!      line with the name and the address (`* alice@127.0.0.1:53211 joined`);
//!      send `JOINED alice` to every *other* member.
//!    * `SAY hello`: print it (`[alice@127.0.0.1:53211] hello`) and send
//!      `MSG alice hello` to every other member.
//!    * `LEAVE`: remove the member (its name is free again) and send
//!      `LEFT alice` to the others.
//! 4. Refuse politely, never crash: a `JOIN` with a name someone else holds
//!    gets `ERROR the name "alice" is already taken`; a `JOIN` from an
//!    address already in the room gets `ERROR already in the room as alice`;
//!    anything from an address that never joined gets
//!    `ERROR not in the room: send JOIN <name> first`.
//!
//! Run it:    cargo run --bin room-server
//! Check it:  cargo test

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

/// Everything the server does. Return errors with `?`: the starter prints
/// them as `error: …` and exits with code 1.
fn serve(args: Args) -> Outcome {
    // You will need std::net::{SocketAddr, UdpSocket} and
    // std::collections::HashMap.
    todo!(
        "step 1: bind a UdpSocket to {} and print the Listening line",
        args.address()
    )
}
