//! Mistake: connects anew for every line, inside the loop.
//!
//! A habit from UDP, where a socket is cheap and has no connection: each line
//! goes on a new connection, the last one closes, and the server sees a new
//! client for every line.
//!
//! kata:replaces client
//! kata:first-failure s15_client_prints_each_answer
//! kata:hint send every line on the one connection made before the loop: a connection made anew for each line closes the last one, and the server sees a new client for every line
//! kata:changes 6

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_client(talk);
}

fn talk(args: Args) -> Outcome {
    for line in std::io::stdin().lines() {
        let line = line?;
        let mut stream = TcpStream::connect(args.address())?;
        stream.set_read_timeout(args.timeout)?;
        let mut reader = BufReader::new(stream.try_clone()?);
        stream.write_all(format!("{line}\n").as_bytes())?;
        let mut answer = Vec::new();
        if reader.read_until(b'\n', &mut answer)? == 0 || answer.last() != Some(&b'\n') {
            return Err("the server closed the connection".into());
        }
        let answer = String::from_utf8_lossy(&answer);
        println!("[server] {}", answer.trim_end_matches(['\r', '\n']));
    }
    Ok(())
}
