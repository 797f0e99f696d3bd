//! Mistake: the client receives in its main thread, after each line the user types.
//!
//! Messages only show up when the user presses Enter, one per line typed: a user who only
//! listens sees nothing at all.
//!
//! kata:replaces client
//! kata:first-failure s18_client_prints_messages_while_its_user_types_nothing
//! kata:hint the main thread waits for the keyboard, so receive on a thread of your own: socket.try_clone(), then std::thread::spawn a loop of recv_from and print
//! kata:changes 21

use std::io;
use std::net::UdpSocket;
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
    for line in io::stdin().lines() {
        let line = line?;
        if line == "exit" {
            break;
        }
        socket.send_to(format!("SAY {line}").as_bytes(), args.address())?;
        if let Ok((size, _)) = socket.recv_from(&mut buffer) {
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
    }
    socket.send_to(b"LEAVE", args.address())?;
    Ok(())
}
