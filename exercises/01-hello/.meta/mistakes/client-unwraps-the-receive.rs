//! Mistake: the client calls `unwrap()` on `recv_from`.
//!
//! When nobody answers, the client panics with `called Result::unwrap() on
//! an Err value` and exit code 101, instead of one `error: …` line and exit
//! code 1; a script that checks the exit code cannot tell a crash from a
//! silent server.
//!
//! kata:replaces client
//! kata:first-failure s13_client_gives_up_when_the_server_stays_silent
//! kata:hint the client panicked at exercises/01-hello/.meta/mistakes/client-unwraps-the-receive.rs:28:57 when its read timeout ran out (WouldBlock): return that error with ? (the starter prints it as one `error:` line); in a thread where silence is normal, clear the timeout instead, set_read_timeout(None): a timeout set on a socket stays on its try_clone() copies too
//! kata:changes 6

use std::net::UdpSocket;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_client(talk);
}

fn talk(args: Args) -> Outcome {
    let socket = UdpSocket::bind("0.0.0.0:0")?;
    socket.set_read_timeout(args.timeout)?;

    socket.send_to(b"Hello, server", args.address())?;

    let mut buffer = [0u8; 65536];
    let (size, _sender) = socket.recv_from(&mut buffer).unwrap();
    println!("{}", String::from_utf8_lossy(&buffer[..size]));
    Ok(())
}
