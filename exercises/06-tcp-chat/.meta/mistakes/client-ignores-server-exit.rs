//! Mistake: prints the server's `exit` like any answer and goes on.
//!
//! The server has ended the chat and closed the connection, but the client asks
//! its user for the next line, to send into a closed connection.
//!
//! kata:replaces client
//! kata:first-failure s23_client_ends_when_the_server_sends_exit
//! kata:hint compare the answer, without its \n, with "exit"; if equal, print that the server ended the chat and return Ok(())
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
        if reader.read_until(b'\n', &mut answer)? == 0 {
            return Err("the server closed the connection".into());
        }
        let answer = String::from_utf8_lossy(&answer);
        let answer = answer.trim_end_matches(['\r', '\n']);
        println!("[server] {answer}");
    }
}
