//! Mistake: `write` instead of `write_all` for the line.
//!
//! write may send only a part and returns how much it sent; the rest of the line
//! is lost, and the server gets a line cut short and glued to the next one. It
//! happens with a long line, when the client waits to send and is interrupted,
//! for example by Ctrl+Z and fg.
//!
//! kata:replaces client
//! kata:first-failure s19_client_sends_every_line_whole_even_when_paused
//! kata:hint write may send only part of what you give it (here: when the client was paused with Ctrl+Z while waiting to send) and returns how much it sent. write_all sends everything
//! kata:changes 4

#![allow(clippy::unused_io_amount)]

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
        stream.write(format!("{line}\n").as_bytes())?;
        let mut answer = Vec::new();
        if reader.read_until(b'\n', &mut answer)? == 0 || answer.last() != Some(&b'\n') {
            return Err("the server closed the connection".into());
        }
        let answer = String::from_utf8_lossy(&answer);
        println!("[server] {}", answer.trim_end_matches(['\r', '\n']));
    }
    Ok(())
}
