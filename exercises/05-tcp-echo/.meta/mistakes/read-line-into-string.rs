//! Mistake: `read_line` into a `String`, with `?`: a line that is not UTF-8 ends the server.
//!
//! read_line fails on bytes that are not UTF-8 (a Windows console in code page
//! 1251 sends them), and `?` carries the error out of main: one client's line stops
//! the server for everyone.
//!
//! kata:replaces server
//! kata:first-failure s10_server_survives_a_line_that_is_not_utf8
//! kata:hint a line need not be UTF-8 (a Windows console may send Windows-1251): read_line into a String fails on it, and an unwrap() on from_utf8 panics. Read bytes with read_until into a Vec<u8>, print them with String::from_utf8_lossy, and echo the bytes as they came
//! kata:changes 15

use std::io::{BufRead, BufReader, Write};
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
        echo_lines(&stream, &peer.to_string())?;
    }
}

fn echo_lines(stream: &TcpStream, peer: &str) -> std::io::Result<()> {
    // One BufReader for the whole connection: it keeps what it read ahead.
    let mut reader = BufReader::new(stream);
    let mut writer = stream;
    let mut line = String::new();
    loop {
        line.clear();
        let size = reader.read_line(&mut line)?;
        if size == 0 {
            println!("* {peer} disconnected");
            return Ok(());
        }
        if !line.ends_with('\n') {
            println!("* {peer} disconnected in the middle of a line");
            return Ok(());
        }
        println!("[{peer}] {}", line.trim_end_matches(['\r', '\n']));
        writer.write_all(line.as_bytes())?;
    }
}
