//! Mistake: reads the console with `read_line` and drops only the `\n`.
//!
//! A Windows console ends lines with `\r\n`: `exit\r` is not `exit`, so the
//! client sends it as a message and waits for an answer.
//!
//! kata:replaces client
//! kata:first-failure s21_client_understands_exit_typed_with_a_windows_line_ending
//! kata:hint a Windows console ends lines with \r\n: take lines from stdin's lines() (it drops both), or trim_end_matches(['\r', '\n']), before comparing with "exit" and before sending
//! kata:changes 10

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
    loop {
        // The end of input counts as exit: the server is told either way.
        let mut line = String::new();
        if std::io::stdin().read_line(&mut line)? == 0 {
            line = "exit".to_string();
        }
        let line = line.trim_end_matches('\n');
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
        if answer == "exit" {
            println!("* the server ended the chat");
            return Ok(());
        }
    }
}
