//! Mistake: decodes each read as text on its own, before the line is complete.
//!
//! A read can end in the middle of a Cyrillic letter (2 bytes in UTF-8): both
//! halves become �, in what is printed and in what is sent back.
//!
//! kata:replaces server
//! kata:first-failure s06_server_decodes_a_character_split_between_reads
//! kata:hint a read can end in the middle of a character (Cyrillic letters are 2 bytes each): decoding each read on its own turns both halves into �. Collect the bytes of the whole line first (read_until), then decode it once
//! kata:changes 22

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

fn serve(args: Args) -> Outcome {
    let listener = TcpListener::bind(args.address())?;
    println!("Listening on tcp://{}", listener.local_addr()?);
    loop {
        let (stream, peer) = listener.accept()?;
        println!("* {peer} connected");
        // A problem with one client ends that connection, never the server.
        if let Err(error) = echo_lines(&stream, &peer.to_string()) {
            println!("! {peer}: {error}");
        }
    }
}

fn echo_lines(stream: &TcpStream, peer: &str) -> std::io::Result<()> {
    let mut reader = stream;
    let mut writer = stream;
    let mut buffer = vec![0u8; 65536];
    let mut pending = String::new();
    loop {
        let size = reader.read(&mut buffer)?;
        if size == 0 {
            println!("* {peer} disconnected");
            return Ok(());
        }
        pending.push_str(&String::from_utf8_lossy(&buffer[..size]));
        while let Some(end) = pending.find('\n') {
            let line: String = pending.drain(..=end).collect();
            println!("[{peer}] {}", line.trim_end_matches(['\r', '\n']));
            writer.write_all(line.as_bytes())?;
        }
    }
}
