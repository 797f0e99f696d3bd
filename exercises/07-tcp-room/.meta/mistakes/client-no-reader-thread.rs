//! Mistake: reads the server only after each typed line, in the main thread.
//!
//! What others say shows only when the user types something, one line late, and
//! never while they just read.
//!
//! kata:replaces client
//! kata:first-failure s19_client_prints_what_arrives_while_its_user_types_nothing
//! kata:hint the main thread waits for the keyboard; a second thread (thread::spawn, with a BufReader on a clone of the stream) reads the server's lines and prints them as they come
//! kata:changes 8

use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;

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
    for line in std::io::stdin().lines() {
        let line = line?;
        if line == "exit" {
            break;
        }
        stream.write_all(format!("SAY {line}\n").as_bytes())?;
        let mut arrived = String::new();
        reader.read_line(&mut arrived)?;
        print!("{arrived}");
    }
    // exit, or the end of input: say goodbye.
    stream.write_all(b"LEAVE\n")?;
    println!("* you left the room");
    Ok(())
}

#[allow(dead_code)]
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
