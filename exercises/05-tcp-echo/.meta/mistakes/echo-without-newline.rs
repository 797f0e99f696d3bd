//! Mistake: echoes the text without its `\n`.
//!
//! The client reads up to a `\n` that never comes: it waits, and the answer is
//! never shown.
//!
//! kata:replaces server
//! kata:first-failure s03_server_echoes_each_line
//! kata:hint send back exactly the bytes of the line, with its \n, using write_all (through a BufWriter? flush() it after each line; from a buffer? only &buf[..n])
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
        println!("[{peer}] {}", text.trim_end_matches(['\r', '\n']));
        writer.write_all(text.trim_end().as_bytes())?;
    }
}
