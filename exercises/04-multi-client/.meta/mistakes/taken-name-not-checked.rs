//! Mistake: a JOIN accepted without checking that the name is free.
//!
//! Two members called alice: nobody can tell who said what.
//!
//! kata:replaces server
//! kata:first-failure s10_server_refuses_a_name_that_is_taken
//! kata:hint before adding a member, check that no other address holds that name; if one does, answer "ERROR the name \"alice\" is already taken"
//! kata:changes 4

use std::collections::HashMap;
use std::io::ErrorKind;
use std::net::{SocketAddr, UdpSocket};

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

fn serve(args: Args) -> Outcome {
    let socket = UdpSocket::bind(args.address())?;
    println!("Listening on udp://{}", socket.local_addr()?);
    // Who is who: the address recv_from returns, never a name in a message.
    let mut members: HashMap<SocketAddr, String> = HashMap::new();
    let mut buffer = [0u8; 65536];
    loop {
        let (size, from) = match socket.recv_from(&mut buffer) {
            Ok(received) => received,
            // Windows reports here that an earlier datagram found nobody (a
            // member who closed its client without LEAVE): no reason to stop.
            Err(error) if error.kind() == ErrorKind::ConnectionReset => continue,
            Err(error) => return Err(error.into()),
        };
        // nc -u sends each line typed with its "\n" (or "\r\n"): not part of it.
        let text = String::from_utf8_lossy(&buffer[..size])
            .trim_end_matches(['\r', '\n'])
            .to_string();
        // LEAVE, or anything a stranger types, has no space: no reason to crash.
        let (command, rest) = text.split_once(' ').unwrap_or((text.as_str(), ""));
        let mut to_others = None;
        match (command, members.get(&from).cloned()) {
            ("JOIN", Some(name)) if name == rest => {
                // Our WELCOME may have been lost: say it again.
                socket.send_to(format!("WELCOME {name} 30").as_bytes(), from)?;
            }
            ("JOIN", Some(name)) => {
                let error = format!("ERROR already in the room as {name}");
                socket.send_to(error.as_bytes(), from)?;
            }
            ("JOIN", None) if rest.is_empty() || rest.contains(' ') => {
                socket.send_to(b"ERROR a name is one word: JOIN <name>", from)?;
            }
            ("JOIN", None) => {
                members.insert(from, rest.to_string());
                socket.send_to(format!("WELCOME {rest} 30").as_bytes(), from)?;
                println!("* {rest}@{from} joined");
                to_others = Some(format!("JOINED {rest}"));
            }
            ("SAY", Some(name)) => {
                println!("[{name}@{from}] {rest}");
                to_others = Some(format!("MSG {name} {rest}"));
            }
            ("LEAVE", Some(name)) => {
                members.remove(&from);
                println!("* {name}@{from} left");
                to_others = Some(format!("LEFT {name}"));
            }
            (_, None) => {
                socket.send_to(b"ERROR not in the room: send JOIN <name> first", from)?;
            }
            _ => {
                let error = format!("ERROR unknown command {command:?}: JOIN, SAY or LEAVE");
                socket.send_to(error.as_bytes(), from)?;
            }
        }
        if let Some(message) = to_others {
            for address in members.keys().filter(|&&address| address != from) {
                socket.send_to(message.as_bytes(), address)?;
            }
        }
    }
}
