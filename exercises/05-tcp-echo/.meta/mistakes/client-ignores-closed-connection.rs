//! Mistake: a read of 0 bytes taken as an empty answer.
//!
//! When the server closes the connection, the client prints an empty answer and
//! goes on as if nothing happened: its user types into a dead connection.
//!
//! kata:replaces client
//! kata:first-failure s21_client_reports_that_the_server_closed_the_connection
//! kata:hint a read of 0 bytes means the server closed the connection: no answer will ever come. Return an error ("the server closed the connection"), do not print an empty answer
//! kata:changes 4

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
        reader.read_until(b'\n', &mut answer)?;
        let answer = String::from_utf8_lossy(&answer);
        println!("[server] {}", answer.trim_end_matches(['\r', '\n']));
    }
    Ok(())
}
