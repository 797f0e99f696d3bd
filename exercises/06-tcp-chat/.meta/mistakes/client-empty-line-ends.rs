//! Mistake: an empty typed line taken as the end of input.
//!
//! The user presses Enter on an empty line and leaves the chat: the client
//! sends exit and ends, though only exit or the end of input should.
//!
//! kata:replaces client
//! kata:first-failure s18_client_sends_and_prints_each_line_exactly
//! kata:hint an empty line is a line like any other: send it (a \n alone) and wait for the answer; only exit, or the end of input (lines() returns None), ends the chat
//! kata:changes 5

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
            Some(line) => match line? {
                line if line.is_empty() => "exit".to_string(),
                line => line,
            },
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
