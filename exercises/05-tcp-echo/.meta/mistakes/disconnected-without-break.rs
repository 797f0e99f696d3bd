//! Mistake: prints that the client left on a read of 0 bytes, but keeps reading.
//!
//! The `break` is missing: every later read returns 0 at once, so the server
//! spins at full CPU printing the same line, and never accepts the next client.
//!
//! kata:replaces server
//! kata:first-failure s08_server_is_done_with_a_client_that_left
//! kata:hint after a read of 0 bytes the server must leave the connection's loop (break or return) and go back to accept: every later read returns 0 at once, so a loop that goes on reading spins at full speed
//! kata:changes 5

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
        }
        let text = String::from_utf8_lossy(&line);
        println!("[{peer}] {}", text.trim_end_matches(['\r', '\n']));
        writer.write_all(&line)?;
    }
}
