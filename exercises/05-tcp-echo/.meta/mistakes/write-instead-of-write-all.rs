//! Mistake: `write` instead of `write_all` for the echo.
//!
//! write may send only a part and returns how much it sent; the rest is lost, and
//! the client gets a line cut short and glued to the next one. It happens when the
//! server waits to send and is interrupted, for example by Ctrl+Z and fg.
//!
//! kata:replaces server
//! kata:first-failure s12_server_sends_every_line_whole_even_when_paused
//! kata:hint write may send only part of what you give it (here: when the server was paused with Ctrl+Z while waiting to send) and returns how much it sent. write_all sends everything
//! kata:changes 4

#![allow(clippy::unused_io_amount)]

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
        println!("[{peer}] {}", text.trim_end_matches(['\r', '\n']));
        writer.write(&line)?;
    }
}
