//! Mistake: `String::from_utf8(…).unwrap()` on an answer.
//!
//! A server that answers with bytes that are not UTF-8 (Windows-1251 text, say)
//! makes the client panic, where it should print them with � and go on.
//!
//! kata:replaces client
//! kata:first-failure s18_client_prints_an_answer_that_is_not_utf8
//! kata:hint the client crashed at exercises/05-tcp-echo/.meta/mistakes/client-unwraps-utf8.rs:31:48 on bytes that are not UTF-8 (a peer may send any bytes: cp1251 text, a binary file): turn bytes into text with String::from_utf8_lossy, which never fails, instead of unwrap() on from_utf8
//! kata:changes 2

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_client(talk);
}

fn talk(args: Args) -> Outcome {
    let mut stream = TcpStream::connect(args.address())?;
    stream.set_read_timeout(args.timeout)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    for line in std::io::stdin().lines() {
        let line = line?;
        stream.write_all(format!("{line}\n").as_bytes())?;
        let mut answer = Vec::new();
        if reader.read_until(b'\n', &mut answer)? == 0 || answer.last() != Some(&b'\n') {
            return Err("the server closed the connection".into());
        }
        let answer = String::from_utf8(answer).unwrap();
        println!("[server] {}", answer.trim_end_matches(['\r', '\n']));
    }
    Ok(())
}
