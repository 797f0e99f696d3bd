//! Mistake: members kept by name (`HashMap<String, SocketAddr>`) instead of by address.
//!
//! One address can then JOIN under a second name and hold both: it hears everything twice,
//! and what it says goes out under whichever name the table finds first.
//!
//! kata:replaces server
//! kata:first-failure s11_server_gives_one_address_one_name
//! kata:hint the address says who is talking: keep the members in a HashMap<SocketAddr, String>, and answer a JOIN from an address already in the room with "ERROR already in the room as alice"
//! kata:changes 29

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
    let mut members: HashMap<String, SocketAddr> = HashMap::new();
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
        let sender = members
            .iter()
            .find(|(_, address)| **address == from)
            .map(|(name, _)| name.clone());
        match (command, sender) {
            ("JOIN", _) if rest.is_empty() || rest.contains(' ') => {
                socket.send_to(b"ERROR a name is one word: JOIN <name>", from)?;
            }
            ("JOIN", _) if members.contains_key(rest) => {
                let error = format!("ERROR the name \"{rest}\" is already taken");
                socket.send_to(error.as_bytes(), from)?;
            }
            ("JOIN", _) => {
                members.insert(rest.to_string(), from);
                socket.send_to(format!("WELCOME {rest} 30").as_bytes(), from)?;
                println!("* {rest}@{from} joined");
                to_others = Some(format!("JOINED {rest}"));
            }
            ("SAY", Some(name)) => {
                println!("[{name}@{from}] {rest}");
                to_others = Some(format!("MSG {name} {rest}"));
            }
            ("LEAVE", Some(name)) => {
                members.remove(&name);
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
            for address in members.values().filter(|&&address| address != from) {
                socket.send_to(message.as_bytes(), address)?;
            }
        }
    }
}
