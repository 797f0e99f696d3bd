//! Mistake: an error on one connection passed on with `?` from the accept loop.
//!
//! A client that vanishes (a killed program, a pulled cable) resets its
//! connection, and the read fails; `?` carries that error out of `serve`, and
//! the server ends for everyone because of one client.
//!
//! kata:replaces server
//! kata:first-failure s11_server_survives_a_client_that_vanishes
//! kata:hint a client that vanishes (a killed program, a pulled cable) resets the connection: the read returns an error, not 0 bytes. End that connection, print the error and accept the next client; an error passed on with ? from the accept loop ends the whole server
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
        echo_lines(&stream, &peer.to_string())?;
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
