//! Mistake: writes the lines through a `BufWriter` that is never flushed.
//!
//! BufWriter keeps small writes in memory until 8 KiB pile up: the line never
//! leaves the client, and both sides wait for each other.
//!
//! kata:replaces client
//! kata:first-failure s14_client_sends_each_line_of_its_input
//! kata:hint the line never left the client: write it on the stream with write_all (through a BufWriter? flush() it after each line, or the line waits in its buffer)
//! kata:changes 5

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_client(talk);
}

fn talk(args: Args) -> Outcome {
    let stream = TcpStream::connect(args.address())?;
    stream.set_read_timeout(args.timeout)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = std::io::BufWriter::new(&stream);
    for line in std::io::stdin().lines() {
        let line = line?;
        writer.write_all(format!("{line}\n").as_bytes())?;
        let mut answer = Vec::new();
        if reader.read_until(b'\n', &mut answer)? == 0 || answer.last() != Some(&b'\n') {
            return Err("the server closed the connection".into());
        }
        let answer = String::from_utf8_lossy(&answer);
        println!("[server] {}", answer.trim_end_matches(['\r', '\n']));
    }
    Ok(())
}
