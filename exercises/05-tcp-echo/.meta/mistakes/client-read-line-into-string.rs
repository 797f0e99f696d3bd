//! Mistake: reads the answer with `read_line` into a `String`.
//!
//! read_line fails on bytes that are not UTF-8 (a server on Windows may answer
//! in code page 1251), and `?` ends the client with "stream did not contain
//! valid UTF-8" instead of printing the answer with �.
//!
//! kata:replaces client
//! kata:first-failure s18_client_prints_an_answer_that_is_not_utf8
//! kata:hint an answer need not be UTF-8 (a server on Windows may send Windows-1251): an unwrap() on from_utf8 panics on it, and read_line into a String fails. Read bytes with read_until into a Vec<u8> and print them with String::from_utf8_lossy, which never fails
//! kata:changes 5

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
        let mut answer = String::new();
        if reader.read_line(&mut answer)? == 0 || !answer.ends_with('\n') {
            return Err("the server closed the connection".into());
        }
        println!("[server] {}", answer.trim_end_matches(['\r', '\n']));
    }
    Ok(())
}
