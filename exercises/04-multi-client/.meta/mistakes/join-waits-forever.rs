//! Mistake: the client waits for its WELCOME with `set_read_timeout(args.timeout)`, that is with no limit.
//!
//! `args.timeout` is `None` unless `--timeout` is given. Started when no server runs (or when
//! the JOIN is lost), the client waits for ever and says nothing; a program answers in
//! milliseconds, so after 5 s the answer is not coming.
//!
//! kata:replaces client
//! kata:first-failure s16_client_gives_up_when_nobody_answers_its_join
//! kata:hint a program answers the JOIN, so wait for it at most 5 s: set_read_timeout(Some(Duration::from_secs(5))) before recv_from (args.timeout is None unless --timeout is given: no limit at all)
//! kata:changes 4

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
    socket.set_read_timeout(args.timeout)?;
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
