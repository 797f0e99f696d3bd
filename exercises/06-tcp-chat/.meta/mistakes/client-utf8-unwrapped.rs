//! Mistake: `String::from_utf8(…).unwrap()` on an answer.
//!
//! A server on Windows may answer in Windows-1251: the bytes are not UTF-8, and
//! the client panics.
//!
//! kata:replaces client
//! kata:first-failure s19_client_prints_an_answer_that_is_not_utf8
//! kata:hint the client crashed at exercises/06-tcp-chat/.meta/mistakes/client-utf8-unwrapped.rs:41:48 on bytes that are not UTF-8 (a peer may send any bytes: cp1251 text, a binary file): turn bytes into text with String::from_utf8_lossy, which never fails, instead of unwrap() on from_utf8
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
        let answer = String::from_utf8(answer).unwrap();
        let answer = answer.trim_end_matches(['\r', '\n']);
        println!("[server] {answer}");
        if answer == "exit" {
            println!("* the server ended the chat");
            return Ok(());
        }
    }
}
