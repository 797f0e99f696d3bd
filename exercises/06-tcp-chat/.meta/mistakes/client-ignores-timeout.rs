//! Mistake: `--timeout` ignored: no `set_read_timeout`.
//!
//! The client waits for an answer for ever, even when its user asked it to give
//! up after a few seconds with --timeout.
//!
//! kata:replaces client
//! kata:first-failure s27_client_gives_up_after_its_timeout
//! kata:hint --timeout SECS is args.timeout: set_read_timeout(args.timeout) on the stream before reading; when the wait runs out, the read fails: return that error with ?
//! kata:changes 2

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    let mut stream = TcpStream::connect(args.address())?;
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
