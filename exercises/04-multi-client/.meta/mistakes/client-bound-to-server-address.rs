//! Mistake: the client's socket bound to the server's address (`args.address()`).
//!
//! On the server's machine that address is taken ("Address already in use"); anywhere else it
//! is not even this machine's. A client binds `0.0.0.0:0` and lets the system pick a port.
//!
//! kata:replaces client
//! kata:first-failure s14_client_joins_with_its_name
//! kata:hint the client could not bind: another socket holds that address, most likely the server, because the client bound the server's address; a client binds "0.0.0.0:0" (any free port) and only sends to args.address()
//! kata:changes 2

use std::io;
use std::net::UdpSocket;
use std::thread;
use std::time::Duration;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_interactive_client(talk);
}

fn talk(args: Args) -> Outcome {
    let name = args.name();
    let socket = UdpSocket::bind(args.address())?;
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
