//! Mistake: a new `BufReader` for each line the server sends.
//!
//! A BufReader reads as much as has arrived: made anew for each line, it throws
//! away the lines that came with the one it returns. When two members speak at
//! once, one of them is never shown.
//!
//! kata:replaces client
//! kata:first-failure s21_client_reads_lines_however_they_arrive
//! kata:hint lines that arrive together come in one read: read them all through ONE BufReader, made before the answer to JOIN and moved into the reader thread; a BufReader made anew (for the thread, or for each line) throws away what the one before it had read ahead
//! kata:changes 12

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
    thread::spawn(move || print_arrivals(reader));
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
    let stream = reader.into_inner();
    loop {
        let mut line = String::new();
        match BufReader::new(&stream).read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        let line = line.trim_end_matches(['\r', '\n']);
        let (word, rest) = line.split_once(' ').unwrap_or((line, ""));
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
