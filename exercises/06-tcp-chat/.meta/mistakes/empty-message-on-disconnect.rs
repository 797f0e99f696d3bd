//! Mistake: a read of 0 bytes not handled: taken as an empty message.
//!
//! A client that closes without exit leaves the server printing an empty message
//! and waiting for its console to answer nobody; the next client is never served.
//!
//! kata:replaces server
//! kata:first-failure s11_server_ends_the_chat_when_the_client_disconnects
//! kata:hint a read of 0 bytes (read_until returns Ok(0)) means the client closed the connection without exit: print "* ADDRESS disconnected", end this chat and accept the next client. Do not print it as an empty message
//! kata:changes 5

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
        // 1. Receive, and print.
        line.clear();
        reader.read_until(b'\n', &mut line)?;
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
