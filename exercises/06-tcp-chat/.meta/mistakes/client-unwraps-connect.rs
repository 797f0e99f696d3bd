//! Mistake: `unwrap()` on `connect`.
//!
//! With no server running, connect fails (connection refused), and the client
//! panics with a backtrace hint and exit code 101 instead of one `error:` line
//! and exit code 1.
//!
//! kata:replaces client
//! kata:first-failure s25_client_reports_that_no_server_listens
//! kata:hint the client panicked at exercises/06-tcp-chat/.meta/mistakes/client-unwraps-connect.rs:22:57 on an error from the system, ConnectionRefused: return such errors with ? instead of unwrap() or expect(), and the starter prints them as one `error:` line
//! kata:changes 2

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    let mut stream = TcpStream::connect(args.address()).unwrap();
    // A person answers: no limit unless --timeout is given.
    stream.set_read_timeout(args.timeout)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut lines = std::io::stdin().lines();
    loop {
        // The end of input counts as exit: the server is told either way.
        let line = match lines.next() {
            Some(line) => line?,
            None => "exit".to_string(),
        };
        stream.write_all(format!("{line}\n").as_bytes())?;
        if line == "exit" {
            println!("* you left the chat");
            return Ok(());
        }
        let mut answer = Vec::new();
        if reader.read_until(b'\n', &mut answer)? == 0 {
            return Err("the server closed the connection".into());
        }
        let answer = String::from_utf8_lossy(&answer);
        let answer = answer.trim_end_matches(['\r', '\n']);
        println!("[server] {answer}");
        if answer == "exit" {
            println!("* the server ended the chat");
            return Ok(());
        }
    }
}
