//! Mistake: sends `line.trim()`: the spaces a typed line starts or ends with never leave.
//!
//! A habit from read_line, whose line keeps its `\n`: lines() has already
//! taken the line end away, and trim() takes the user's spaces too.
//!
//! kata:replaces client
//! kata:first-failure s15_client_prints_each_answer
//! kata:hint send the line as it was typed, spaces included: lines() has already taken its line end away, and trim() takes the spaces too
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
        stream.write_all(format!("{}\n", line.trim()).as_bytes())?;
        let mut answer = Vec::new();
        if reader.read_until(b'\n', &mut answer)? == 0 || answer.last() != Some(&b'\n') {
            return Err("the server closed the connection".into());
        }
        let answer = String::from_utf8_lossy(&answer);
        println!("[server] {}", answer.trim_end_matches(['\r', '\n']));
    }
    Ok(())
}
