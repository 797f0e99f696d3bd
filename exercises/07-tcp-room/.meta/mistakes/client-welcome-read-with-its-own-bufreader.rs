//! Mistake: the reader thread gets a new `BufReader`.
//!
//! The BufReader that read WELCOME may already hold the next lines (a JOINED
//! that came at the same moment); the thread reads through a new one, and those
//! lines are lost.
//!
//! kata:replaces client
//! kata:first-failure s21_client_reads_lines_however_they_arrive
//! kata:hint lines that arrive together come in one read: read them all through ONE BufReader, made before the answer to JOIN and moved into the reader thread; a BufReader made anew (for the thread, or for each line) throws away what the one before it had read ahead
//! kata:changes 3

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::thread;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    let name = args.name();
    let mut stream = TcpStream::connect(args.address())?;
    let mut reader = BufReader::new(stream.try_clone()?);
    stream.write_all(format!("JOIN {name}\n").as_bytes())?;
    // Wait for the answer to JOIN before anything else.
    let mut answer = String::new();
    reader.read_line(&mut answer)?;
    let answer = answer.trim_end_matches(['\r', '\n']);
    if !answer.starts_with("WELCOME ") {
        return Err(format!("the room refused {name}: {answer}").into());
    }
    println!("* you joined the room as {name}");
    // What others say arrives at any time: a thread prints it while the
    // main thread waits for the keyboard.
    let listener = stream.try_clone()?;
    thread::spawn(move || print_arrivals(BufReader::new(listener)));
    for line in std::io::stdin().lines() {
        let line = line?;
        if line == "exit" {
            break;
        }
        stream.write_all(format!("SAY {line}\n").as_bytes())?;
    }
    // exit, or the end of input: say goodbye.
    stream.write_all(b"LEAVE\n")?;
    println!("* you left the room");
    Ok(())
}

fn print_arrivals(reader: BufReader<TcpStream>) {
    for line in reader.lines() {
        let Ok(line) = line else { break };
        let (word, rest) = line.split_once(' ').unwrap_or((&line, ""));
        match word {
            "MSG" => {
                let (name, text) = rest.split_once(' ').unwrap_or((rest, ""));
                println!("[{name}] {text}");
            }
            "JOINED" => println!("* {rest} joined"),
            "LEFT" => println!("* {rest} left"),
            "ERROR" => println!("! {rest}"),
            _ => println!("{line}"),
        }
    }
    println!("* the server closed the connection");
    std::process::exit(0);
}
