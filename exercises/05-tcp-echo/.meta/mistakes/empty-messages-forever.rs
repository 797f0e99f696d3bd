//! Mistake: a read of 0 bytes not handled: taken as an empty message.
//!
//! Once the client has closed the connection, every read returns 0 at once: the
//! server prints empty messages forever, at full speed, and never serves another
//! client.
//!
//! kata:replaces server
//! kata:first-failure s07_server_says_when_the_client_leaves
//! kata:hint a read of 0 bytes (read_until returns Ok(0)) means the client closed the connection, and every later read returns 0 again: print "* ADDRESS disconnected" and leave the connection's loop. Treated as a message, it prints empty lines forever; skipped with continue, it spins
//! kata:changes 10

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
        reader.read_until(b'\n', &mut line)?;
        let text = String::from_utf8_lossy(&line);
        println!("[{peer}] {}", text.trim_end_matches(['\r', '\n']));
        writer.write_all(&line)?;
    }
}
