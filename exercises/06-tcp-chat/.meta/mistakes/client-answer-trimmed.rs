//! Mistake: the answer printed with `trim()`.
//!
//! trim() drops the line end, and with it the spaces at the start of the
//! answer: an indented answer is shown flush left.
//!
//! kata:replaces client
//! kata:first-failure s18_client_sends_and_prints_each_line_exactly
//! kata:hint print the answer as it came, spaces and all: drop only its line end (trim_end_matches(['\r', '\n'])); trim() takes the spaces at its start too
//! kata:changes 2

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    let mut stream = TcpStream::connect(args.address())?;
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
        let answer = answer.trim();
        println!("[server] {answer}");
        if answer == "exit" {
            println!("* the server ended the chat");
            return Ok(());
        }
    }
}
