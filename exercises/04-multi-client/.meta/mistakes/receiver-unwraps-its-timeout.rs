//! Mistake: the receiving thread keeps the 5 s read timeout of the JOIN and unwraps `recv_from`.
//!
//! After 5 s of silence recv_from fails with WouldBlock, the thread panics, and the client
//! goes on without it: it still sends, but prints nothing the room says from then on.
//!
//! kata:replaces client
//! kata:first-failure s20_client_still_prints_after_a_long_silence
//! kata:hint the receiving thread died when its recv_from timed out after 5 s of silence: a cloned socket shares the read timeout of the JOIN, so call set_read_timeout(None) before the thread starts
//! kata:changes 5

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

    let receiver = socket.try_clone()?;
    thread::spawn(move || {
        let mut buffer = [0u8; 65536];
        loop {
            let (size, _) = receiver.recv_from(&mut buffer).unwrap();
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
