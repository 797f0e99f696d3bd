//! Mistake: an error on one connection, passed on with `?`, ends the server.
//!
//! A client that vanishes (killed, its cable pulled) resets the connection; the
//! read fails, and `?` carries the error out of `serve`: the server stops for
//! everyone.
//!
//! kata:replaces server
//! kata:first-failure s12_server_survives_a_client_that_vanishes
//! kata:hint a client that vanishes resets the connection: the read returns an error (not 0 bytes). End that chat, print what happened and accept the next client; an error passed on with ? from the accept loop ends the whole server
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
        if let End::ServerExit = chat(&stream, peer)? {
            return Ok(());
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
