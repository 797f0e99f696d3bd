//! Mistake: compares the received line with `exit` without dropping its `\n`.
//!
//! The line is `exit\n`, never `exit`: the client's goodbye is printed as a message
//! and the server waits for its console instead of accepting the next client.
//!
//! kata:replaces server
//! kata:first-failure s08_server_ends_the_chat_when_the_client_sends_exit
//! kata:hint compare the line, without its \n, with "exit" before asking the console; if equal, print "* ADDRESS left the chat" and end this chat
//! kata:changes 3

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
        if reader.read_until(b'\n', &mut line)? == 0 {
            println!("* {peer} disconnected");
            return Ok(End::ClientLeft);
        }
        let text = String::from_utf8_lossy(&line);
        if text == "exit" {
            println!("* {peer} left the chat");
            return Ok(End::ClientLeft);
        }
        println!("[{peer}] {}", text.trim_end());
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
