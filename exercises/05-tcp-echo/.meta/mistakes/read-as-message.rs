//! Mistake: one `read` taken as one message.
//!
//! A read returns whatever bytes have arrived: a line sent in two pieces is printed
//! as two messages, and two lines sent together as one.
//!
//! kata:replaces server
//! kata:first-failure s04_server_reads_a_line_that_arrives_in_two_pieces
//! kata:hint a TCP read returns whatever bytes have arrived, not one message: keep one BufReader for the connection and read_until(b'\n') to get whole lines: the line came in two pieces, with a pause between them
//! kata:changes 19

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
    loop {
        let size = reader.read(&mut buffer)?;
        if size == 0 {
            println!("* {peer} disconnected");
            return Ok(());
        }
        let message = &buffer[..size];
        let text = String::from_utf8_lossy(message);
        println!("[{peer}] {}", text.trim_end_matches(['\r', '\n']));
        writer.write_all(message)?;
    }
}
