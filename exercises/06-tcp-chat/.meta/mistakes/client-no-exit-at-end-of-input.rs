//! Mistake: the end of input ends the client without telling the server.
//!
//! At Ctrl+D (or the end of a piped file) the client just closes its
//! connection: the server sees a disconnect, not the exit the README asks for.
//!
//! kata:replaces client
//! kata:first-failure s22_client_sends_exit_when_its_input_ends
//! kata:hint the end of input (Ctrl+D: lines() returns None) counts as typing exit: send exit to the server, so that it knows you left, then return Ok(())
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
            None => return Ok(()),
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
