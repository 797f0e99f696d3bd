//! Mistake: `TcpStream::connect(…).unwrap()`.
//!
//! With no server listening, connect fails at once ("connection refused"), and
//! the unwrap turns that into a panic: a screenful about a thread and a
//! Result, exit code 101, instead of one `error:` line and exit code 1.
//!
//! kata:replaces client
//! kata:first-failure s23_client_reports_that_no_server_listens
//! kata:hint the client panicked at exercises/05-tcp-echo/.meta/mistakes/client-unwraps-connect.rs:22:57 on an error from the system, ConnectionRefused: return such errors with ? instead of unwrap() or expect(), and the starter prints them as one `error:` line
//! kata:changes 2

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_client(talk);
}

fn talk(args: Args) -> Outcome {
    let mut stream = TcpStream::connect(args.address()).unwrap();
    stream.set_read_timeout(args.timeout)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    for line in std::io::stdin().lines() {
        let line = line?;
        stream.write_all(format!("{line}\n").as_bytes())?;
        let mut answer = Vec::new();
        if reader.read_until(b'\n', &mut answer)? == 0 || answer.last() != Some(&b'\n') {
            return Err("the server closed the connection".into());
        }
        let answer = String::from_utf8_lossy(&answer);
        println!("[server] {}", answer.trim_end_matches(['\r', '\n']));
    }
    Ok(())
}
