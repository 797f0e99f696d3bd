//! Mistake: the receiving thread writes through a `BufWriter` that is never flushed.
//!
//! A BufWriter keeps its lines in memory until 8 KB have gathered: the messages of the
//! room arrive, but the screen stays empty.
//!
//! kata:replaces client
//! kata:first-failure s17_client_prints_what_the_room_says
//! kata:hint print each message the receiving loop gets, MSG trinity hi → "[trinity] hi"; if you write through a BufWriter (or with print!), flush after each line, or it stays in memory
//! kata:changes 13

use std::io::{self, BufWriter, Write};
use std::net::UdpSocket;
use std::thread;
use std::time::Duration;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    let name = args.name();
    let socket = UdpSocket::bind("0.0.0.0:0")?;
    socket.send_to(format!("JOIN {name}").as_bytes(), args.address())?;
    // A program answers the JOIN: 5 seconds is plenty.
    socket.set_read_timeout(Some(Duration::from_secs(5)))?;
    let mut buffer = [0u8; 65536];
    let (size, _) = socket
        .recv_from(&mut buffer)
        .map_err(|error| format!("no answer to JOIN ({error}): is the server running?"))?;
    let answer = String::from_utf8_lossy(&buffer[..size]).to_string();
    if let Some(reason) = answer.strip_prefix("ERROR ") {
        return Err(format!("the room refused {name}: {reason}").into());
    }
    if !answer.starts_with("WELCOME ") {
        return Err(format!("the server answered {answer:?} instead of WELCOME").into());
    }
    println!("* you joined the room as {name}; type exit to leave");

    // From now on, silence is normal. The clone shares this setting.
    socket.set_read_timeout(None)?;
    let receiver = socket.try_clone()?;
    thread::spawn(move || {
        let mut buffer = [0u8; 65536];
        let mut out = BufWriter::new(io::stdout());
        while let Ok((size, _)) = receiver.recv_from(&mut buffer) {
            let text = String::from_utf8_lossy(&buffer[..size]).to_string();
            let (command, rest) = text.split_once(' ').unwrap_or((text.as_str(), ""));
            match command {
                "MSG" => {
                    let (who, said) = rest.split_once(' ').unwrap_or((rest, ""));
                    let _ = writeln!(out, "[{who}] {said}");
                }
                "JOINED" => {
                    let _ = writeln!(out, "* {rest} joined");
                }
                "LEFT" => {
                    let _ = writeln!(out, "* {rest} left");
                }
                "ERROR" => eprintln!("error: the server says: {rest}"),
                _ => {}
            }
        }
    });

    // lines() drops the "\n", and the "\r" of a Windows "\r\n" too.
    for line in io::stdin().lines() {
        let line = line?;
        if line == "exit" {
            break;
        }
        socket.send_to(format!("SAY {line}").as_bytes(), args.address())?;
    }
    socket.send_to(b"LEAVE", args.address())?;
    Ok(())
}
