//! Diagnosis from the symptom: which mistake a failure most likely comes
//! from, judged by what happened rather than by which test failed.
//!
//! A test knows what it expected, and its hint names the mistake that most
//! often breaks it. But the same missing line can have many causes, and a
//! hint that names the wrong one sends a student the wrong way. What the
//! programs printed usually tells more: a `todo!()` message, a panic and
//! where it happened, an error from the system, a line without its end, or a
//! message that *almost* matched. When such a symptom is clear, its advice
//! replaces the test's.

use crate::scene::Log;
use crate::show;
use crate::want::{Target, contains};

/// Advice from what a program wrote on stderr, if it tells a clear story.
/// `tag` is the program's name in the report (`server`, `client`).
pub fn from_stderr(tag: &str, stderr: &[String]) -> Option<String> {
    let who = show::who(tag);
    let text = stderr.join("\n");
    if text.contains("not yet implemented") {
        return Some(format!(
            "{who} stopped at a todo!(): that step is yours to write (its message is in the log below)"
        ));
    }
    if let Some(panic) = Panic::find(stderr) {
        return Some(panic.advice(tag));
    }
    stderr
        .iter()
        .filter(|line| line.starts_with("error:"))
        .find_map(|line| system_error(tag, line))
}

/// A panic message: where it happened and what it said.
struct Panic {
    /// `src/bin/server.rs:40:51`.
    location: String,
    /// The line after `panicked at …:`.
    message: String,
}

impl Panic {
    fn find(stderr: &[String]) -> Option<Panic> {
        let at = stderr
            .iter()
            .position(|line| line.contains(" panicked at "))?;
        let location = stderr[at]
            .split(" panicked at ")
            .nth(1)
            .unwrap_or("")
            .trim_end_matches(':')
            .to_string();
        let message = stderr.get(at + 1).cloned().unwrap_or_default();
        Some(Panic { location, message })
    }

    fn advice(&self, tag: &str) -> String {
        let who = show::who(tag);
        let Panic { location, message } = self;
        if message.contains("Utf8Error") {
            return format!(
                "{who} crashed at {location} on bytes that are not UTF-8 (a peer may send any \
                 bytes: cp1251 text, a binary file): turn bytes into text with \
                 String::from_utf8_lossy, which never fails, instead of unwrap() on from_utf8"
            );
        }
        if let Some(kind) = io_error_kind(message)
            && (kind == "WouldBlock" || kind == "TimedOut")
        {
            return format!(
                "{who} panicked at {location} when its read timeout ran out ({kind}): return \
                 that error with ? (the starter prints it as one `error:` line); in a thread \
                 where silence is normal, clear the timeout instead, set_read_timeout(None): a \
                 timeout set on a socket stays on its try_clone() copies too"
            );
        }
        if let Some(kind) = io_error_kind(message) {
            let cause = system_error(tag, message)
                .map(|advice| format!(" ({advice})"))
                .unwrap_or_default();
            return format!(
                "{who} panicked at {location} on an error from the system, {kind}{cause}: \
                 return such errors with ? instead of unwrap() or expect(), and the starter prints \
                 them as one `error:` line"
            );
        }
        let what = if message.contains("Option::unwrap()") {
            "unwrap() on a None"
        } else if message.contains("out of") && message.contains("index") {
            "an index out of range"
        } else if message.contains("ParseIntError") || message.contains("ParseFloatError") {
            "unwrap() on a failed parse"
        } else {
            "a panic"
        };
        if tag.contains("server") {
            format!(
                "{who} crashed in its own code at {location} ({what}: {}) on input it did not \
                 expect: one odd message from one peer must not stop a server for everyone; use \
                 match or if let instead of unwrap() and carry on (answering with an error where \
                 the protocol has one)",
                show::line(message)
            )
        } else {
            format!(
                "{who} crashed in its own code at {location} ({what}: {}): handle the \
                 unexpected case with match or if let instead of unwrap()",
                show::line(message)
            )
        }
    }
}

/// The kind of an `io::Error` shown with `{:?}` in a panic message
/// (`Os { code: 98, kind: AddrInUse, … }`), if the message holds one.
fn io_error_kind(message: &str) -> Option<String> {
    let rest = &message[message.find("kind: ")? + "kind: ".len()..];
    let kind: String = rest
        .chars()
        .take_while(char::is_ascii_alphanumeric)
        .collect();
    (!kind.is_empty()).then_some(kind)
}

/// "Address in use", in the words and codes of Linux, macOS and Windows.
const ADDRESS_IN_USE: &[&str] = &[
    "Address already in use",
    "AddrInUse",
    "os error 98)",
    "os error 48)",
    "os error 10048)",
];

/// Advice for a client that could not bind, as the log shows it: the words
/// and codes of Linux, macOS and Windows for "address in use".
pub fn could_not_bind(log: &Log, tags: &[&str]) -> Option<String> {
    let taken = |line: &&str| ADDRESS_IN_USE.iter().any(|said| line.contains(said));
    tags.iter()
        .any(|tag| log.lines(&format!("{tag} stderr")).iter().any(taken))
        .then(|| {
            "the client could not bind: another socket holds the address it asked for. Bind \
             \"0.0.0.0:0\" and the system picks a free port: bound to the server's address \
             (args.address()), the client collides with the server; bound to a fixed port, with \
             every other client on this machine"
                .to_string()
        })
}

/// Advice for an error from the system, named in `line` by its words or
/// its code on Linux, macOS or Windows.
fn system_error(tag: &str, line: &str) -> Option<String> {
    let who = show::who(tag);
    let said = |words: &[&str]| words.iter().any(|word| line.contains(word));
    let client = tag.contains("client") || ["alice", "bob", "carol"].contains(&tag);
    if said(ADDRESS_IN_USE) {
        return Some(if client {
            format!(
                "{who} could not bind: another socket holds that address, most likely the \
                 server, because {who} bound the server's address; a client binds \
                 \"0.0.0.0:0\" (any free port) and only sends to args.address()"
            )
        } else {
            format!(
                "{who} could not bind: another socket already holds that address (is another \
                 server still running on that port?); bind args.address(), which is --port 0 in \
                 the tests"
            )
        });
    }
    if said(&[
        "Cannot assign requested address",
        "AddrNotAvailable",
        "os error 99)",
        "os error 49)",
        "os error 10049)",
    ]) {
        return Some(format!(
            "{who} used an address this machine cannot use: bound an address it does not have \
             (a server binds args.address(), a client \"0.0.0.0:0\"), or sent to port 0 (answer \
             the sender that recv_from returned)"
        ));
    }
    // Windows fails a recv_from whose buffer is too short for the datagram
    // (WSAEMSGSIZE), where Linux and macOS cut it silently.
    if said(&["os error 10040)"]) {
        return Some(format!(
            "{who} got a datagram larger than its buffer (on Windows recv_from fails then, where \
             Linux and macOS cut the datagram silently): receive into 65536 bytes, more than any \
             datagram holds"
        ));
    }
    if said(&["Message too long", "os error 90)", "os error 40)"]) {
        return Some(format!(
            "{who} sent a datagram that is too long: UDP carries at most 65,507 bytes, so \
             send only &buffer[..size], never the whole buffer"
        ));
    }
    None
}

/// How messages travel, for naming why one came out cut short.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Framing {
    /// UDP: a datagram is a message; a cut one met a buffer too small.
    Datagrams,
    /// TCP: a stream of bytes; a cut message is a read taken for a whole one.
    Stream,
}

/// How `seen` misses `target`, if it comes close: a message that arrived
/// with a line end, with the zeros of a whole buffer, cut short, and so on.
pub fn near_miss(target: &Target, seen: &[u8], framing: Framing) -> Option<String> {
    match target {
        Target::Exactly(wanted) => exact_near_miss(wanted, seen, framing),
        Target::Containing(texts) => line_near_miss(texts, seen, framing),
    }
}

/// Why a message came out cut short, by how it travelled.
fn cut_cause(framing: Framing) -> &'static str {
    match framing {
        Framing::Datagrams => {
            "most likely by a receive buffer that is too small (a datagram can hold 65,507 bytes)"
        }
        Framing::Stream => {
            "most likely because one read was taken for a whole message: a stream has no \
             message boundaries, so read up to the \\n (BufReader::read_until)"
        }
    }
}

fn exact_near_miss(wanted: &[u8], seen: &[u8], framing: Framing) -> Option<String> {
    if let Some(rest) = seen.strip_prefix(wanted) {
        return Some(match rest {
            b"\r" => "it ends with \\r, what is left of a Windows line end \\r\\n: trim both, \
                      line.trim_end_matches(['\\r', '\\n'])"
                .to_string(),
            b"\n" => "it ends with \\n: send the text without its line end, \
                      line.trim_end_matches(['\\r', '\\n'])"
                .to_string(),
            b"\r\n" => "it ends with \\r\\n, a Windows line end: trim both, \
                        line.trim_end_matches(['\\r', '\\n'])"
                .to_string(),
            rest if rest.iter().all(|&byte| byte == 0) => format!(
                "{} zero bytes follow the text: the whole buffer was sent; send only \
                 &buffer[..size], the bytes that arrived",
                rest.len()
            ),
            rest => format!(
                "{} more bytes follow the text ({}): leftovers of an earlier, longer message? \
                 Only &buffer[..size] holds the message that arrived",
                rest.len(),
                show::quoted(rest)
            ),
        });
    }
    if !seen.is_empty() && wanted.starts_with(seen) {
        return Some(format!(
            "it is only the first {} of the {} bytes expected: the message was cut, {}",
            seen.len(),
            wanted.len(),
            cut_cause(framing)
        ));
    }
    if seen.trim_ascii() == wanted.trim_ascii() {
        return Some("it differs only in spaces or line ends around the text".to_string());
    }
    if seen.eq_ignore_ascii_case(wanted) {
        return Some("it differs only in upper and lower case".to_string());
    }
    None
}

fn line_near_miss(texts: &[Vec<u8>], seen: &[u8], framing: Framing) -> Option<String> {
    if texts.iter().all(|text| contains(seen, text)) {
        // Everything is there: what comes after the last text spoils it.
        let last = texts.last()?;
        let end = find(seen, last)? + last.len();
        let rest = &seen[end..];
        if rest.is_empty() {
            return None;
        }
        if rest == b"\r" {
            return Some(
                "the line ends with \\r, what is left of a Windows line end \\r\\n: trim both, \
                 line.trim_end_matches(['\\r', '\\n'])"
                    .to_string(),
            );
        }
        return Some(if rest.iter().all(|&byte| byte == 0) {
            format!(
                "{} zero characters (\\0) follow the message on that line: the whole buffer was \
                 printed; print only &buffer[..size], the bytes that arrived",
                rest.len()
            )
        } else {
            format!(
                "the line goes on after the message with {}: leftovers of an earlier, longer \
                 message? Only &buffer[..size] holds the message that arrived",
                show::quoted(rest)
            )
        });
    }
    // A text cut short: its start is there, its end is not.
    for text in texts {
        if contains(seen, text) || text.len() < 32 {
            continue;
        }
        let kept = (16..text.len())
            .rev()
            .find(|&length| contains(seen, &text[..length]))?;
        return Some(format!(
            "the line holds only the first {kept} of its {} bytes: the message was cut, {}",
            text.len(),
            cut_cause(framing)
        ));
    }
    None
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len().max(1))
        .position(|window| window == needle)
}

/// Advice for a line that a program printed without its `\n` (the log
/// shows the line itself; the advice stays the same whatever it says).
pub fn unterminated(tag: &str) -> String {
    let who = show::who(tag);
    format!(
        "{who} printed the line without a line end (see \"no line end\" in the log): the \
         test reads whole lines; use println!, which ends the line with \\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const UDP: Framing = Framing::Datagrams;

    fn exactly(text: &str) -> Target {
        Target::Exactly(text.as_bytes().to_vec())
    }

    #[test]
    fn near_misses_of_an_exact_message_are_named() {
        let say = exactly("SAY hello, room");
        assert!(
            near_miss(&say, b"SAY hello, room\n", UDP)
                .unwrap()
                .contains("ends with \\n")
        );
        assert!(
            near_miss(&say, b"SAY hello, room\r\n", UDP)
                .unwrap()
                .contains("Windows")
        );
        let mut padded = b"SAY hello, room".to_vec();
        padded.extend([0; 100]);
        assert!(
            near_miss(&say, &padded, UDP)
                .unwrap()
                .contains("100 zero bytes")
        );
        assert!(
            near_miss(&say, b"SAY hello, roomy day", UDP)
                .unwrap()
                .contains("leftovers")
        );
        assert!(
            near_miss(&say, b"SAY hello", UDP)
                .unwrap()
                .contains("buffer")
        );
        let over_tcp = near_miss(&say, b"SAY hello", Framing::Stream).unwrap();
        assert!(over_tcp.contains("read_until"), "{over_tcp}");
        assert!(
            near_miss(&say, b"SAY hello, room\r", UDP)
                .unwrap()
                .contains("Windows")
        );
        assert!(
            near_miss(&say, b"say hello, room", UDP)
                .unwrap()
                .contains("case")
        );
        assert_eq!(near_miss(&say, b"LEAVE", UDP), None);
    }

    #[test]
    fn near_misses_of_a_printed_line_are_named() {
        let line = Target::Containing(vec![b"127.0.0.1:5".to_vec(), b"hi".to_vec()]);
        assert!(
            near_miss(&line, b"[127.0.0.1:5] hi\0\0\0", UDP)
                .unwrap()
                .contains("3 zero")
        );
        assert!(
            near_miss(&line, b"[127.0.0.1:5] hillo", UDP)
                .unwrap()
                .contains("leftovers")
        );
        assert_eq!(near_miss(&line, b"[127.0.0.1:5] hi", UDP), None);
        let long = Target::Containing(vec![vec![b'a'; 3000]]);
        assert!(
            near_miss(&long, &[b'a'; 1024], UDP)
                .unwrap()
                .contains("first 1024 of its 3000")
        );
    }

    #[test]
    fn stderr_tells_todo_panics_and_system_errors_apart() {
        let lines = |text: &str| text.lines().map(str::to_string).collect::<Vec<_>>();
        let todo = "thread 'main' panicked at src/bin/server.rs:9:5:\nnot yet implemented: step 1";
        assert!(
            from_stderr("server", &lines(todo))
                .unwrap()
                .contains("todo!()")
        );
        let parse = "thread 'main' panicked at src/bin/server.rs:40:51:\ncalled `Option::unwrap()` on a `None` value";
        let advice = from_stderr("server", &lines(parse)).unwrap();
        assert!(advice.contains("src/bin/server.rs:40:51"), "{advice}");
        assert!(advice.contains("must not stop a server"), "{advice}");
        let network = "thread 'main' panicked at src/bin/client.rs:12:40:\ncalled `Result::unwrap()` on an `Err` value: Os { code: 98, kind: AddrInUse, message: \"Address already in use\" }";
        let advice = from_stderr("client", &lines(network)).unwrap();
        assert!(advice.contains("AddrInUse"), "{advice}");
        assert!(advice.contains("with ?"), "{advice}");
        let bind = "error: Address already in use (os error 98)";
        assert!(
            from_stderr("client", &lines(bind))
                .unwrap()
                .contains("0.0.0.0:0")
        );
        assert_eq!(from_stderr("client", &lines("error: timed out")), None);
    }
}
