//! Mistake: says it joined without waiting for the answer to JOIN.
//!
//! When the room refuses the name, the user is told they are in, and types into a
//! room that does not have them.
//!
//! kata:replaces client
//! kata:first-failure s16_client_reports_a_refused_join
//! kata:hint wait for the answer to JOIN before anything else: anything but WELCOME means the room refused you. Return an error with that answer
//! kata:changes 9

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
    let reader = BufReader::new(stream.try_clone()?);
    stream.write_all(format!("JOIN {name}\n").as_bytes())?;
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
            "ERROR" => println!("! {rest}"),
            _ => println!("{line}"),
        }
    }
    println!("* the server closed the connection");
    std::process::exit(0);
}
