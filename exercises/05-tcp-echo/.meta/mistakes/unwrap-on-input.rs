//! Mistake: `String::from_utf8(…).unwrap()` on a received line.
//!
//! A client that sends bytes that are not UTF-8 (a Windows console in code page
//! 1251) makes the server panic: everyone loses it.
//!
//! kata:replaces server
//! kata:first-failure s10_server_survives_a_line_that_is_not_utf8
//! kata:hint the server crashed at exercises/05-tcp-echo/.meta/mistakes/unwrap-on-input.rs:49:52 on bytes that are not UTF-8 (a peer may send any bytes: cp1251 text, a binary file): turn bytes into text with String::from_utf8_lossy, which never fails, instead of unwrap() on from_utf8
//! kata:changes 2

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
        if let Err(error) = echo_lines(&stream, &peer.to_string()) {
            println!("! {peer}: {error}");
        }
    }
}

fn echo_lines(stream: &TcpStream, peer: &str) -> std::io::Result<()> {
    // One BufReader for the whole connection: it keeps what it read ahead.
    let mut reader = BufReader::new(stream);
    let mut writer = stream;
    let mut line = Vec::new();
    loop {
        line.clear();
        let size = reader.read_until(b'\n', &mut line)?;
        if size == 0 {
            println!("* {peer} disconnected");
            return Ok(());
        }
        if line.last() != Some(&b'\n') {
            println!("* {peer} disconnected in the middle of a line");
            return Ok(());
        }
        let text = String::from_utf8(line.clone()).unwrap();
        println!("[{peer}] {}", text.trim_end_matches(['\r', '\n']));
        writer.write_all(&line)?;
    }
}
