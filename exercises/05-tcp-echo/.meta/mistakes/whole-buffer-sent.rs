//! Mistake: reads into a 1024-byte buffer and sends the whole buffer back, not `&buf[..n]`.
//!
//! Each answer carries the message plus the zero bytes (and leftovers) of the rest
//! of the buffer: the client sees garbage before its next answer.
//!
//! kata:replaces server
//! kata:first-failure s03_server_echoes_each_line
//! kata:hint send back exactly the bytes of the line, with its \n, using write_all (through a BufWriter? flush() it after each line; from a buffer? only &buf[..n])
//! kata:changes 18

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
    let mut buffer = [0u8; 1024];
    loop {
        let size = reader.read(&mut buffer)?;
        if size == 0 {
            println!("* {peer} disconnected");
            return Ok(());
        }
        let text = String::from_utf8_lossy(&buffer[..size]);
        println!("[{peer}] {}", text.trim_end_matches(['\r', '\n']));
        writer.write_all(&buffer)?;
    }
}
