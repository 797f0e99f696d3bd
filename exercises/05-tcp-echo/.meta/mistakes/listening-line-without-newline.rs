//! Mistake: `print!` instead of `println!` for the Listening line.
//!
//! The line has no end, so stdout keeps it in its buffer: nobody sees which port
//! the server got, and the next line printed is glued to it.
//!
//! kata:replaces server
//! kata:first-failure s01_server_prints_its_listening_line
//! kata:hint bind, then println!("Listening on tcp://{}", listener.local_addr()?): a whole line, ended by println!'s \n (text printed with print! waits in the program until a \n comes)
//! kata:changes 2

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

fn serve(args: Args) -> Outcome {
    let listener = TcpListener::bind(args.address())?;
    print!("Listening on tcp://{}", listener.local_addr()?);
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
        writer.write_all(&line)?;
    }
}
