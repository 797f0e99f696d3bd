//! Mistake: a new `BufReader` for each line.
//!
//! A BufReader reads as much as has arrived, ahead of the line it returns. Made
//! anew for each line, it is dropped with whatever it read ahead: when a client
//! types ahead, its next line is lost and the server waits for it forever.
//!
//! kata:replaces server
//! kata:first-failure s03_server_reads_whole_lines_however_they_arrive
//! kata:hint two lines arrived in one read: keep ONE BufReader for the connection, made before the loop; a BufReader made anew for each line throws away what it had already read of the next one
//! kata:changes 2

use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_server(serve);
}

/// How a chat with one client ended.
enum End {
    /// The client left (exit, or it closed the connection): accept the next.
    ClientLeft,
    /// The server's console typed exit (or its input ended): stop.
    ServerExit,
}

fn serve(args: Args) -> Outcome {
    let listener = TcpListener::bind(args.address())?;
    println!("Listening on tcp://{}", listener.local_addr()?);
    loop {
        let (stream, peer) = listener.accept()?;
        println!("* {peer} connected");
        match chat(&stream, peer) {
            Ok(End::ClientLeft) => {}
            Ok(End::ServerExit) => return Ok(()),
            // A reset ends this chat, never the server.
            Err(error) => println!("! {peer}: {error}"),
        }
    }
}

fn chat(stream: &TcpStream, peer: SocketAddr) -> std::io::Result<End> {
    let mut writer = stream;
    let mut line = Vec::new();
    loop {
        // 1. Receive, and print.
        line.clear();
        let mut reader = BufReader::new(stream);
        if reader.read_until(b'\n', &mut line)? == 0 {
            println!("* {peer} disconnected");
            return Ok(End::ClientLeft);
        }
        let text = String::from_utf8_lossy(&line);
        let text = text.trim_end_matches(['\r', '\n']);
        if text == "exit" {
            println!("* {peer} left the chat");
            return Ok(End::ClientLeft);
        }
        println!("[{peer}] {text}");
        // 2. Only then, answer from the console. Its end counts as exit.
        let mut answer = String::new();
        if std::io::stdin().read_line(&mut answer)? == 0 {
            answer = "exit".to_string();
        }
        let answer = answer.trim_end_matches(['\r', '\n']);
        writer.write_all(format!("{answer}\n").as_bytes())?;
        if answer == "exit" {
            println!("* you ended the chat");
            return Ok(End::ServerExit);
        }
    }
}
