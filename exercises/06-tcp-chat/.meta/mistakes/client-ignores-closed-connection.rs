//! Mistake: a read of 0 bytes taken as an empty answer.
//!
//! When the server closes the connection, the client prints an empty answer and
//! asks its user for more: they type into a dead connection.
//!
//! kata:replaces client
//! kata:first-failure s24_client_reports_that_the_server_closed_the_connection
//! kata:hint a read of 0 bytes means the server closed the connection: no answer will ever come. Return an error ("the server closed the connection"), do not print an empty answer
//! kata:changes 4

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    let mut stream = TcpStream::connect(args.address())?;
    // A person answers: no limit unless --timeout is given.
    stream.set_read_timeout(args.timeout)?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut lines = std::io::stdin().lines();
    loop {
        // The end of input counts as exit: the server is told either way.
        let line = match lines.next() {
            Some(line) => line?,
            None => "exit".to_string(),
        };
        stream.write_all(format!("{line}\n").as_bytes())?;
        if line == "exit" {
            println!("* you left the chat");
            return Ok(());
        }
        let mut answer = Vec::new();
        reader.read_until(b'\n', &mut answer)?;
        let answer = String::from_utf8_lossy(&answer);
        let answer = answer.trim_end_matches(['\r', '\n']);
        println!("[server] {answer}");
        if answer == "exit" {
            println!("* the server ended the chat");
            return Ok(());
        }
    }
}
