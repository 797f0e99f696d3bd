//! Mistake: a new `BufReader` for every line.
//!
//! A BufReader reads ahead as much as has arrived; dropping it after one line
//! throws away the lines it already holds.
//!
//! kata:replaces server
//! kata:first-failure s05_server_reads_two_lines_that_arrive_in_one_write
//! kata:hint the second line is lost: a new BufReader for each line throws away what the last one had already read ahead. Make one BufReader per connection, before the loop
//! kata:changes 3

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
    let mut writer = stream;
    let mut line = Vec::new();
    loop {
        line.clear();
        let mut reader = BufReader::new(stream);
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
