//! Mistake: no read timeout.
//!
//! A server that accepts but never answers keeps the client waiting forever.
//!
//! kata:replaces client
//! kata:first-failure s22_client_gives_up_when_the_server_stays_silent
//! kata:hint set_read_timeout(args.timeout) on the stream before reading; when the wait runs out, the read fails: return that error with ?
//! kata:changes 1

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_client(talk);
}

fn talk(args: Args) -> Outcome {
    let mut stream = TcpStream::connect(args.address())?;
    let mut reader = BufReader::new(stream.try_clone()?);
    for line in std::io::stdin().lines() {
        let line = line?;
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
