//! Mistake: sends the typed line without a `\n`.
//!
//! stdin's lines() gives each line without its `\n`; sent like that, the server
//! never sees the line end and waits for the rest.
//!
//! kata:replaces client
//! kata:first-failure s14_client_sends_each_line_of_its_input
//! kata:hint write the line with a \n at its end: the \n is what tells the server the line is complete (stdin's lines() gives it without one)
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
        stream.write_all(line.as_bytes())?;
        let mut answer = Vec::new();
        if reader.read_until(b'\n', &mut answer)? == 0 || answer.last() != Some(&b'\n') {
            return Err("the server closed the connection".into());
        }
        let answer = String::from_utf8_lossy(&answer);
        println!("[server] {}", answer.trim_end_matches(['\r', '\n']));
    }
    Ok(())
}
