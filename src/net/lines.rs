//! Framing: cutting a TCP byte stream into messages, one per line.
//!
//! A TCP `read` returns *some* bytes: half a message, or two at once. So the
//! sender ends each message with `\n`, and the receiver collects bytes until
//! it sees one. UDP needs none of this: one `send_to` is one `recv_from`.

use std::io::{self, BufRead};
use std::net::SocketAddr;
use std::time::{Duration, Instant};

use super::{MAX_LINE, is_timeout, retry};

/// What [`read_line`] found on a TCP stream.
#[derive(Debug, PartialEq, Eq)]
pub enum LineRead {
    /// A line, without its `\n` (or `\r\n`).
    Line(Vec<u8>),
    /// More than [`MAX_LINE`] bytes and still no `\n`.
    TooLong,
    /// The peer closed its side: no more lines will come.
    End,
    /// The peer closed its side in the middle of a line: this many bytes
    /// arrived without their `\n`, so they are not a message.
    Unfinished(usize),
    /// The line was not complete by the deadline (or the socket's read
    /// timeout ran out first); this many bytes of it had arrived.
    Idle(usize),
}

/// Reads one `\n`-terminated line of at most `max` bytes from a stream.
///
/// This is our TCP *framing*. A stream has no message boundaries, so the
/// sender ends each message with `\n` and the receiver collects bytes until it
/// sees one, never more than `max` (plus `\r\n`): a peer that never sends
/// `\n` cannot make us buffer forever. Bytes that end without a `\n` (the
/// peer closed the connection in the middle of a line) are not a message:
/// they are reported as [`LineRead::Unfinished`].
///
/// A server also needs a *deadline*. A peer that connects and says nothing,
/// or sends one byte every few seconds and never a `\n`, would hold a
/// connection, and a thread, forever. With `deadline`, the caller sets the
/// socket's read timeout (so that a silent peer is noticed), and the whole
/// line must be complete by `deadline` (so that a trickling one is too):
/// either way the answer is [`LineRead::Idle`]. Without a deadline a read
/// timeout is an error, as for any read.
pub fn read_line(
    reader: &mut impl BufRead,
    max: usize,
    deadline: Option<Instant>,
) -> io::Result<LineRead> {
    let mut line = Vec::new();
    // The longest line, plus "\r\n".
    let ceiling = max + 2;
    loop {
        let size = match retry(|| reader.fill_buf().map(|available| available.len())) {
            Ok(size) => size,
            Err(error) if deadline.is_some() && is_timeout(&error) => {
                return Ok(LineRead::Idle(line.len()));
            }
            Err(error) => return Err(error),
        };
        if size == 0 {
            return Ok(match line.len() {
                0 => LineRead::End,
                size => LineRead::Unfinished(size),
            });
        }
        // The bytes are buffered now: this second look costs no system call.
        let available = reader.fill_buf()?;
        let window = &available[..available.len().min(ceiling - line.len())];
        if let Some(end) = window.iter().position(|&byte| byte == b'\n') {
            line.extend_from_slice(&window[..end]);
            reader.consume(end + 1);
            if line.last() == Some(&b'\r') {
                line.pop();
            }
            if line.len() > max {
                return Ok(LineRead::TooLong);
            }
            return Ok(LineRead::Line(line));
        }
        let taken = window.len();
        line.extend_from_slice(window);
        reader.consume(taken);
        if line.len() >= ceiling {
            return Ok(LineRead::TooLong);
        }
        if deadline.is_some_and(|deadline| Instant::now() >= deadline) {
            return Ok(LineRead::Idle(line.len()));
        }
    }
}

/// What a server prints when a connection's lines end: after the peer
/// closed (`End`), fell silent (`Idle`), stopped mid-line, sent a line too
/// long, or the read failed. One or two lines of text.
pub fn why_ended(ended: &io::Result<LineRead>, peer: SocketAddr, idle: Duration) -> String {
    let disconnected = format!("* {peer} disconnected");
    match ended {
        Ok(LineRead::Line(_) | LineRead::End) => disconnected,
        Ok(LineRead::Idle(_)) => format!(
            "! {peer}: no complete line within {} s; closing the connection\n{disconnected}",
            idle.as_secs_f64()
        ),
        Ok(LineRead::Unfinished(size)) => format!(
            "! {peer} closed the connection in the middle of a line ({size} bytes without a newline)\n{disconnected}"
        ),
        Ok(LineRead::TooLong) => {
            format!("! {peer}: sent a line longer than {MAX_LINE} bytes; closing the connection")
        }
        Err(error) => format!("! {peer}: {error}; closing the connection"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(input: &[u8], max: usize) -> Vec<LineRead> {
        let mut reader = io::BufReader::with_capacity(4, input);
        let mut found = Vec::new();
        loop {
            let next = read_line(&mut reader, max, None).unwrap();
            let done = matches!(
                next,
                LineRead::End | LineRead::TooLong | LineRead::Unfinished(_)
            );
            found.push(next);
            if done {
                return found;
            }
        }
    }

    #[test]
    fn a_stream_is_cut_at_each_newline_whatever_the_read_sizes() {
        assert_eq!(
            lines(b"one\r\ntwo\n\nlast", 10),
            vec![
                LineRead::Line(b"one".to_vec()),
                LineRead::Line(b"two".to_vec()),
                LineRead::Line(Vec::new()),
                LineRead::Unfinished(4),
            ]
        );
    }

    #[test]
    fn a_line_at_the_limit_passes_and_one_past_it_does_not() {
        assert_eq!(lines(b"12345\n", 5)[0], LineRead::Line(b"12345".to_vec()));
        assert_eq!(lines(b"12345\r\n", 5)[0], LineRead::Line(b"12345".to_vec()));
        assert_eq!(lines(b"123456\n", 5), vec![LineRead::TooLong]);
        assert_eq!(lines(b"1234567890", 5), vec![LineRead::TooLong]);
        assert_eq!(lines(b"1234567", 5), vec![LineRead::TooLong]);
        assert_eq!(lines(b"12345\n", 5).last(), Some(&LineRead::End));
    }

    /// A stream that has sent `bytes`, then only makes its reader wait.
    struct Trickle(&'static [u8]);

    impl io::Read for Trickle {
        fn read(&mut self, buffer: &mut [u8]) -> io::Result<usize> {
            if self.0.is_empty() {
                return Err(io::ErrorKind::WouldBlock.into());
            }
            let size = self.0.len().min(buffer.len());
            buffer[..size].copy_from_slice(&self.0[..size]);
            self.0 = &self.0[size..];
            Ok(size)
        }
    }

    #[test]
    fn a_line_not_complete_by_its_deadline_is_idle() {
        let soon = Some(Instant::now() + Duration::from_secs(60));
        let mut silent = io::BufReader::new(Trickle(b""));
        assert_eq!(read_line(&mut silent, 10, soon).unwrap(), LineRead::Idle(0));
        let mut half = io::BufReader::new(Trickle(b"half a li"));
        assert_eq!(read_line(&mut half, 10, soon).unwrap(), LineRead::Idle(9));
        let past = Some(Instant::now());
        let mut slow = io::BufReader::with_capacity(2, Trickle(b"slow\n"));
        assert_eq!(read_line(&mut slow, 10, past).unwrap(), LineRead::Idle(2));
        // Without a deadline, a read timeout is an error like any other.
        let mut client = io::BufReader::new(Trickle(b""));
        assert!(read_line(&mut client, 10, None).is_err());
    }
}
