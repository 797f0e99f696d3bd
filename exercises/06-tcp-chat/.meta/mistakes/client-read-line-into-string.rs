//! Mistake: `read_line` into a `String` for the answers.
//!
//! read_line fails on an answer that is not UTF-8 (Windows-1251 text, say), and
//! the client ends with an error in the middle of the chat.
//!
//! kata:replaces client
//! kata:first-failure s19_client_prints_an_answer_that_is_not_utf8
//! kata:hint an answer need not be UTF-8 (a server on Windows may send Windows-1251): an unwrap() on from_utf8 panics on it, and read_line into a String fails. Read bytes with read_until into a Vec<u8> and print them with String::from_utf8_lossy, which never fails
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
            Some(line) => line?,
            None => "exit".to_string(),
        };
        stream.write_all(format!("{line}\n").as_bytes())?;
        if line == "exit" {
            println!("* you left the chat");
            return Ok(());
        }
        let mut answer = String::new();
        if reader.read_line(&mut answer)? == 0 {
            return Err("the server closed the connection".into());
        }
        let answer = answer.trim_end_matches(['\r', '\n']);
        println!("[server] {answer}");
        if answer == "exit" {
            println!("* the server ended the chat");
            return Ok(());
        }
    }
}
