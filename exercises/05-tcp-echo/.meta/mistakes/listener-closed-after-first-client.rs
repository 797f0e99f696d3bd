//! Mistake: accepts one client, and the listener is gone after it.
//!
//! No loop around accept: when the first client leaves, the server ends, and
//! nobody else can connect.
//!
//! kata:replaces server
//! kata:first-failure s08_server_is_done_with_a_client_that_left
//! kata:hint the server took a connection here before and refuses this one: it no longer listens. Call accept in a loop, and keep the listener for the whole life of the server
//! kata:changes 13

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

fn serve(args: Args) -> Outcome {
    let listener = TcpListener::bind(args.address())?;
    println!("Listening on tcp://{}", listener.local_addr()?);
    let (stream, peer) = listener.accept()?;
    drop(listener);
    println!("* {peer} connected");
    if let Err(error) = echo_lines(&stream, &peer.to_string()) {
        println!("! {peer}: {error}");
    }
    Ok(())
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
