//! Mistake: a new `BufReader` for every answer.
//!
//! A BufReader reads ahead as much as has arrived; dropping it after one answer
//! throws away the answers it already holds, and the client then waits for an
//! answer that came long ago.
//!
//! kata:replaces client
//! kata:first-failure s17_client_reads_two_answers_that_arrive_in_one_write
//! kata:hint the second answer is lost: a new BufReader for each answer throws away what the last one had already read ahead. Make one BufReader for the connection, before the loop
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
    for line in std::io::stdin().lines() {
        let line = line?;
        stream.write_all(format!("{line}\n").as_bytes())?;
        let mut reader = BufReader::new(stream.try_clone()?);
        let mut answer = Vec::new();
        if reader.read_until(b'\n', &mut answer)? == 0 || answer.last() != Some(&b'\n') {
            return Err("the server closed the connection".into());
        }
        let answer = String::from_utf8_lossy(&answer);
        println!("[server] {}", answer.trim_end_matches(['\r', '\n']));
    }
    Ok(())
}
