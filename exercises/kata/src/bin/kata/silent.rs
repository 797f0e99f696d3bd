//! `cargo kata silent`: a server that receives and never answers.
//!
//! A client must give up when its server stays silent; to see that by hand
//! you need a server that stays silent, and no command for one exists on
//! every system (`nc -u -l` is not on Windows). This one binds, prints its
//! `Listening on` line like every server of the course, shows what arrives,
//! and never sends a byte back.

use std::io::Read;
use std::net::{TcpListener, UdpSocket};
use std::process::ExitCode;

pub fn run(args: &[String]) -> ExitCode {
    let mut port = "8080".to_string();
    let mut host = "127.0.0.1".to_string();
    let mut tcp = false;
    let mut words = args.iter();
    while let Some(word) = words.next() {
        match word.as_str() {
            "--port" => port = words.next().cloned().unwrap_or_default(),
            "--host" => host = words.next().cloned().unwrap_or_default(),
            "--tcp" => tcp = true,
            other => {
                eprintln!(
                    "error: unknown argument '{other}'\nusage: cargo kata silent [--host HOST] [--port PORT] [--tcp]"
                );
                return ExitCode::from(2);
            }
        }
    }
    let address = if host.contains(':') {
        format!("[{host}]:{port}")
    } else {
        format!("{host}:{port}")
    };
    let outcome = if tcp {
        silent_tcp(&address)
    } else {
        silent_udp(&address)
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn silent_udp(address: &str) -> std::io::Result<()> {
    let socket = UdpSocket::bind(address)?;
    println!("Listening on udp://{}", socket.local_addr()?);
    println!("(a silent server: it shows what arrives and never answers; Ctrl+C stops it)");
    let mut buffer = vec![0u8; 65_536];
    loop {
        match socket.recv_from(&mut buffer) {
            Ok((size, from)) => println!(
                "[{from}] {} (not answering)",
                kata::show::quoted(&buffer[..size])
            ),
            // Windows reports an ICMP "port unreachable" for an earlier send
            // as an error of the next receive: carry on.
            Err(error) => println!("({error}; carrying on)"),
        }
    }
}

fn silent_tcp(address: &str) -> std::io::Result<()> {
    let listener = TcpListener::bind(address)?;
    println!("Listening on tcp://{}", listener.local_addr()?);
    println!("(a silent server: it shows what arrives and never answers; Ctrl+C stops it)");
    for stream in listener.incoming() {
        let mut stream = stream?;
        let from = stream.peer_addr()?;
        println!("* {from} connected");
        std::thread::spawn(move || {
            let mut buffer = vec![0u8; 65_536];
            while let Ok(size) = stream.read(&mut buffer) {
                if size == 0 {
                    break;
                }
                println!(
                    "[{from}] {} (not answering)",
                    kata::show::quoted(&buffer[..size])
                );
            }
            println!("* {from} disconnected");
        });
    }
    Ok(())
}
