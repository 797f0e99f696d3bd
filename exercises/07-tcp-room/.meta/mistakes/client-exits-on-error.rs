//! Mistake: the client ends at the first ERROR.
//!
//! An ERROR after WELCOME refuses one line (a command the server did not
//! understand), not the room; the client leaves the room over it, in the middle
//! of a conversation.
//!
//! kata:replaces client
//! kata:first-failure s22_client_stays_in_the_room_after_an_error
//! kata:hint an ERROR after WELCOME refuses one line, not the room: show it and go on reading; only the answer to JOIN decides whether you are in
//! kata:changes 5

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
            "ERROR" => {
                eprintln!("error: {rest}");
                std::process::exit(1);
            }
            _ => println!("{line}"),
        }
    }
    println!("* the server closed the connection");
    std::process::exit(0);
}
