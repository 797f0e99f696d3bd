//! Mistake: `unwrap()` on `recv_from`.
//!
//! When no answer comes within `--timeout`, the client panics ("called
//! `Result::unwrap()` on an `Err` value") instead of saying `error: …` and
//! exiting with code 1.
//!
//! kata:replaces client
//! kata:first-failure s20_client_gives_up_after_its_timeout
//! kata:hint the client panicked at exercises/02-console-reply/.meta/mistakes/client-recv-unwrap.rs:40:55 when its read timeout ran out (WouldBlock): return that error with ? (the starter prints it as one `error:` line); in a thread where silence is normal, clear the timeout instead, set_read_timeout(None): a timeout set on a socket stays on its try_clone() copies too
//! kata:changes 2

use std::io;
use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    // Step 1: any free port will do; the server learns it from recv_from.
    let socket = UdpSocket::bind("0.0.0.0:0")?;
    // A person answers: no limit, unless --timeout was given.
    socket.set_read_timeout(args.timeout)?;

    let mut buffer = [0u8; 65536];
    loop {
        // Step 2: read a line and send it without its line ending.
        let mut line = String::new();
        let read = io::stdin().read_line(&mut line)?;
        if read == 0 {
            // Step 4: the end of input (Ctrl+D).
            return Ok(());
        }
        let question = line.trim_end_matches(['\r', '\n']);
        socket.send_to(question.as_bytes(), args.address())?;

        // Step 3: wait for the answer and print it.
        let (size, _) = socket.recv_from(&mut buffer).unwrap();
        println!("[server] {}", String::from_utf8_lossy(&buffer[..size]));
    }
}
