//! Mistake: the client never waits for WELCOME or ERROR after its JOIN.
//!
//! Refused (the name is taken, or no server runs), it goes on as if it were in the room:
//! the user types into the void and never learns why nobody answers.
//!
//! kata:replaces client
//! kata:first-failure s15_client_stops_when_its_name_is_refused
//! kata:hint after sending JOIN, wait for the answer (recv_from, at most 5 s): ERROR means you are not in the room, so return it as an error
//! kata:changes 16

use std::io;
use std::net::UdpSocket;
use std::thread;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    let name = args.name();
    let socket = UdpSocket::bind("0.0.0.0:0")?;
    socket.send_to(format!("JOIN {name}").as_bytes(), args.address())?;
    println!("* you joined the room as {name}; type exit to leave");

    let receiver = socket.try_clone()?;
    thread::spawn(move || {
        let mut buffer = [0u8; 65536];
        while let Ok((size, _)) = receiver.recv_from(&mut buffer) {
            let text = String::from_utf8_lossy(&buffer[..size]).to_string();
            let (command, rest) = text.split_once(' ').unwrap_or((text.as_str(), ""));
            match command {
                "MSG" => {
                    let (who, said) = rest.split_once(' ').unwrap_or((rest, ""));
                    println!("[{who}] {said}");
                }
                "JOINED" => println!("* {rest} joined"),
                "LEFT" => println!("* {rest} left"),
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
