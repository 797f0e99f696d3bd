//! Mistake: only the `\n` taken off a line before printing it.
//!
//! A line from telnet or a Windows client ends with `\r\n`: the `\r` stays, is printed, and
//! sends the terminal's cursor back to the start of the line, so what is printed after it
//! overwrites the line.
//!
//! kata:replaces server
//! kata:first-failure s02_server_prints_who_connected_and_each_line
//! kata:hint it ends with \r, what is left of a Windows line end \r\n: trim both, line.trim_end_matches(['\r', '\n'])
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
        let text = String::from_utf8_lossy(&line);
        println!("[{peer}] {}", text.trim_end_matches('\n'));
        writer.write_all(&line)?;
    }
}
