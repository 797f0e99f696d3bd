//! Mistake: the line ending that `nc -u` sends with each line kept as part of the message.
//!
//! Typed into nc, `JOIN neo` arrives as "JOIN neo\n": the member is called "neo\n", and
//! every message and name it sends carries a line break into the others' screens.
//!
//! kata:replaces server
//! kata:first-failure s13_server_understands_lines_typed_into_nc
//! kata:hint nc -u sends each line with its \n (\r\n on Windows): remove it before cutting the text at its space, text.trim_end_matches(['\r', '\n'])
//! kata:changes 5

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
        let text = String::from_utf8_lossy(&buffer[..size]).to_string();
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
            ("JOIN", None) if members.values().any(|taken| taken == rest) => {
                let error = format!("ERROR the name \"{rest}\" is already taken");
                socket.send_to(error.as_bytes(), from)?;
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
