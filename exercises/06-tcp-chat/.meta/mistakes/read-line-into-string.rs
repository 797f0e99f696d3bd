//! Mistake: `read_line` into a `String`.
//!
//! read_line fails on a line that is not UTF-8 (Windows-1251 text, say): the
//! error ends the chat with that client, who only wrote in its own encoding.
//!
//! kata:replaces server
//! kata:first-failure s05_server_survives_a_message_that_is_not_utf8
//! kata:hint a line need not be UTF-8 (a Windows console may send Windows-1251): read_line into a String fails on it, and an unwrap() on from_utf8 panics. Read bytes with read_until into a Vec<u8> and print them with String::from_utf8_lossy, which never fails
//! kata:changes 7

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
    let mut line = String::new();
    loop {
        // 1. Receive, and print.
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            println!("* {peer} disconnected");
            return Ok(End::ClientLeft);
        }
        let text = line.trim_end_matches(['\r', '\n']);
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
