//! Mistake: ends at the end of input without sending LEAVE.
//!
//! Ctrl+D ends the client, but the server only learns it from the closed
//! connection: the goodbye the protocol has is never said.
//!
//! kata:replaces client
//! kata:first-failure s25_client_leaves_when_its_input_ends
//! kata:hint the end of input (Ctrl+D) leaves the room like exit: send LEAVE, then return Ok(())
//! kata:changes 7

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
            stream.write_all(b"LEAVE\n")?;
            println!("* you left the room");
            return Ok(());
        }
        stream.write_all(format!("SAY {line}\n").as_bytes())?;
    }
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
