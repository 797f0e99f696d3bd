//! Mistake: one `read` taken as the whole answer.
//!
//! An answer that arrives in two pieces is printed half; the other half is taken
//! as the answer to the next line.
//!
//! kata:replaces client
//! kata:first-failure s16_client_reads_an_answer_that_arrives_in_two_pieces
//! kata:hint a TCP read returns whatever bytes have arrived, not one message: keep one BufReader for the connection and read_until(b'\n') to get whole lines: the answer came in two pieces
//! kata:changes 10

use std::io::{Read, Write};
use std::net::TcpStream;

use kata::starter::{self, Args, Outcome};

fn main() {
    starter::run_client(talk);
}

fn talk(args: Args) -> Outcome {
    let mut stream = TcpStream::connect(args.address())?;
    stream.set_read_timeout(args.timeout)?;
    let mut buffer = vec![0u8; 65536];
    for line in std::io::stdin().lines() {
        let line = line?;
        stream.write_all(format!("{line}\n").as_bytes())?;
        let size = stream.read(&mut buffer)?;
        if size == 0 {
            return Err("the server closed the connection".into());
        }
        let answer = String::from_utf8_lossy(&buffer[..size]);
        println!("[server] {}", answer.trim_end_matches(['\r', '\n']));
    }
    Ok(())
}
