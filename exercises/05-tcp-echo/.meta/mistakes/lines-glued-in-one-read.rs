//! Mistake: reads until the bytes end with `\n` and takes all of them as one line.
//!
//! This fixes a line that comes in pieces, but two lines that arrive in one read
//! are printed as one message with a line break inside.
//!
//! kata:replaces server
//! kata:first-failure s05_server_reads_two_lines_that_arrive_in_one_write
//! kata:hint a TCP read returns whatever bytes have arrived, not one message: keep one BufReader for the connection and read_until(b'\n') to get whole lines: one read brought two lines, print each on its own
//! kata:changes 22

use std::io::{Read, Write};
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
    let mut reader = stream;
    let mut writer = stream;
    let mut buffer = vec![0u8; 65536];
    let mut message = Vec::new();
    loop {
        let size = reader.read(&mut buffer)?;
        if size == 0 {
            println!("* {peer} disconnected");
            return Ok(());
        }
        message.extend_from_slice(&buffer[..size]);
        if message.last() != Some(&b'\n') {
            continue; // the rest of the line is still on its way
        }
        let text = String::from_utf8_lossy(&message);
        println!("[{peer}] {}", text.trim_end_matches(['\r', '\n']));
        writer.write_all(&message)?;
        message.clear();
    }
}
