//! Mistake: prints `answer.trim()`: the spaces an answer starts or ends with vanish.
//!
//! trim() removes the line end, but also every space around the text: an
//! indented line comes back from the server and is shown other than it was.
//!
//! kata:replaces client
//! kata:first-failure s15_client_prints_each_answer
//! kata:hint print the answer as it came, only its line end removed: trim() also takes away the spaces it starts or ends with. Use trim_end_matches(['\r', '\n'])
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
        let answer = String::from_utf8_lossy(&answer);
        println!("[server] {}", answer.trim());
    }
    Ok(())
}
