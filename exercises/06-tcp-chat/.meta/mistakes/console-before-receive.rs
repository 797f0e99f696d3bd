//! Mistake: reads the console before receiving the client's message.
//!
//! The homework's order is receive, print, then answer. Asking the console first
//! blocks the server on its keyboard: the client's message is never printed, and the
//! person at the server answers a question they have not seen.
//!
//! kata:replaces server
//! kata:first-failure s02_server_prints_the_message_before_it_asks_its_console
//! kata:hint receive the client's line and print it first; read the console only after that (the homework's order: receive, print, then answer)
//! kata:changes 10

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
    let mut reader = BufReader::new(stream);
    let mut writer = stream;
    let mut line = Vec::new();
    loop {
        let mut answer = String::new();
        if std::io::stdin().read_line(&mut answer)? == 0 {
            answer = "exit".to_string();
        }
        line.clear();
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
        let answer = answer.trim_end_matches(['\r', '\n']);
        writer.write_all(format!("{answer}\n").as_bytes())?;
        if answer == "exit" {
            println!("* you ended the chat");
            return Ok(End::ServerExit);
        }
    }
}
