//! Stage 04, the client: join the room, then print what others say *while*
//! you type.
//!
//! What to build, step by step (`cargo test` checks each step in order):
//!
//! 1. Bind a UDP socket to `"0.0.0.0:0"` and send `JOIN <name>` to
//!    `args.address()`, where the name is `args.name()` (`--name`, or a
//!    made-up `guest-…`). Wait for the answer, at most 5 seconds (a program
//!    answers this one): `set_read_timeout(Some(Duration::from_secs(5)))`.
//!    `WELCOME …` means you are in; `ERROR …` means you are not: return that
//!    as an error, with the server's reason.
//! 2. Now two things must happen at once: reading your keyboard, and
//!    receiving the room's messages. Give the socket a thread of its own:
//!    `let receiver = socket.try_clone()?;` and move `receiver` into
//!    `std::thread::spawn`. Remove the read timeout first
//!    (`set_read_timeout(None)`): now silence is normal, and the clone
//!    shares the setting. In that thread, loop on `recv_from` and print
//!    each message with `println!` (it shows at once):
//!    `MSG trinity hi` → `[trinity] hi`, `JOINED neo` → `* neo joined`,
//!    `LEFT neo` → `* neo left`.
//! 3. In the main thread, read lines from stdin and send each as `SAY <line>`,
//!    without its line ending: `std::io::stdin().lines()` removes the `\n`,
//!    and the `\r\n` of Windows too.
//! 4. `exit` (check it before sending anything), or the end of input, sends
//!    `LEAVE` and returns `Ok(())` (returning from main ends the receiving
//!    thread too: do not wait for it).
//!
//! Run it:    cargo run --bin room-client -- --name neo   (with the server running)
//! Check it:  cargo test

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

/// Everything the client does. Return errors with `?`: the starter prints
/// them as `error: …` and exits with code 1.
fn talk(args: Args) -> Outcome {
    // You will need std::net::UdpSocket, std::thread and std::io::stdin.
    todo!(
        "step 1: bind a UdpSocket and send \"JOIN {}\" to {}",
        args.name(),
        args.address()
    )
}
