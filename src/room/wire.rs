//! The room's wire format: what client and server say to each other.
//!
//! Every message is one line of UTF-8 text: over UDP one datagram (no
//! newline needed), over TCP one line ending in `\n`. It starts with a
//! command word, upper case, then its arguments separated by single spaces.
//! The last argument of a message that carries text takes the rest of the
//! line, spaces and all. That is the whole format, so `nc` is a client:
//!
//! ```text
//! $ nc -u 127.0.0.1 8080
//! JOIN neo
//! WELCOME neo 30
//! SAY hello, room
//! ```
//!
//! Client to server:
//!
//! | message        | meaning |
//! |----------------|---------|
//! | `JOIN <name>`  | join the room under this name (again: harmless) |
//! | `SAY <text>`   | send text to everyone else in the room |
//! | `PING`         | "I am still here" (the server answers `PONG`) |
//! | `LEAVE`        | leave the room |
//!
//! Server to client:
//!
//! | message                         | meaning |
//! |---------------------------------|---------|
//! | `WELCOME <name> <idle-seconds>` | you are in; stay silent longer than this and you are dropped |
//! | `MSG <name> <text>`             | a member said something |
//! | `SERVER <text>`                 | the person at the server said something |
//! | `JOINED <name>`                 | someone joined |
//! | `LEFT <name>`                   | someone left (or closed the connection) |
//! | `TIMEOUT <name>`                | someone was silent too long and was dropped |
//! | `DROPPED <name>`                | someone could not keep up (TCP) and was dropped |
//! | `PONG`                          | the answer to `PING` |
//! | `CLOSING`                       | the server is shutting the room down |
//! | `ERROR <text>`                  | your last message was refused, and why |
//!
//! Names are 1 to 32 characters, with no spaces, control or invisible
//! characters, and compared by what they look like ([`skeleton`]): without
//! regard to case or to look-alike letters from other scripts. `server`, and
//! anything that looks like it, is reserved. A text is at most [`MAX_TEXT`]
//! bytes.

use std::fmt;

/// The longest name, in characters.
pub const MAX_NAME_CHARS: usize = 32;

/// The longest text a member may say, in bytes. With the command word and a
/// name in front it still fits one datagram.
pub const MAX_TEXT: usize = 60_000;

/// The longest idle timeout a `WELCOME` may name: a day, as for the
/// server's `--idle-timeout`. (A larger number, `1e19`, is no timeout a
/// `Duration` can hold.)
pub const MAX_IDLE_SECONDS: f64 = 86_400.0;

/// What a client sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// `JOIN <name>`.
    Join(String),
    /// `SAY <text>`.
    Say(String),
    /// `PING`.
    Ping,
    /// `LEAVE`.
    Leave,
}

/// What a server sends.
#[derive(Debug, Clone, PartialEq)]
pub enum Notice {
    /// `WELCOME <name> <idle-seconds>`.
    Welcome { name: String, idle_seconds: f64 },
    /// `MSG <name> <text>`.
    Message { name: String, text: String },
    /// `SERVER <text>`.
    Server(String),
    /// `JOINED <name>`.
    Joined(String),
    /// `LEFT <name>`.
    Left(String),
    /// `TIMEOUT <name>`.
    TimedOut(String),
    /// `DROPPED <name>`.
    Dropped(String),
    /// `PONG`.
    Pong,
    /// `CLOSING`.
    Closing,
    /// `ERROR <text>`.
    Error(String),
}

/// Why a message could not be understood. The text goes back in an `ERROR`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Malformed(pub String);

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl Request {
    /// Reads a client's message.
    pub fn parse(bytes: &[u8]) -> Result<Request, Malformed> {
        let line = as_text(bytes)?;
        let (word, rest) = split_word(line);
        match word.to_ascii_uppercase().as_str() {
            "JOIN" => {
                let name = rest.unwrap_or("");
                check_name(name)?;
                Ok(Request::Join(name.to_string()))
            }
            "SAY" => Ok(Request::Say(rest.unwrap_or("").to_string())),
            "PING" => Ok(Request::Ping),
            "LEAVE" => Ok(Request::Leave),
            _ => Err(Malformed(format!(
                "unknown command {}: expected JOIN <name>, SAY <text>, PING or LEAVE",
                quoted(word)
            ))),
        }
    }
}

impl fmt::Display for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Request::Join(name) => write!(f, "JOIN {name}"),
            Request::Say(text) => write!(f, "SAY {text}"),
            Request::Ping => f.write_str("PING"),
            Request::Leave => f.write_str("LEAVE"),
        }
    }
}

impl Notice {
    /// Reads a server's message.
    pub fn parse(bytes: &[u8]) -> Result<Notice, Malformed> {
        let line = as_text(bytes)?;
        let (word, rest) = split_word(line);
        let rest = rest.unwrap_or("");
        let name_and_text = || {
            let (name, text) = split_word(rest);
            (name.to_string(), text.unwrap_or("").to_string())
        };
        let notice = match word {
            "WELCOME" => {
                let (name, seconds) = name_and_text();
                let idle_seconds = seconds
                    .parse::<f64>()
                    .ok()
                    .filter(|seconds| *seconds > 0.0 && *seconds <= MAX_IDLE_SECONDS)
                    .ok_or_else(|| {
                        Malformed(format!("WELCOME with a bad idle timeout {seconds:?}"))
                    })?;
                Notice::Welcome { name, idle_seconds }
            }
            "MSG" => {
                let (name, text) = name_and_text();
                Notice::Message { name, text }
            }
            "SERVER" => Notice::Server(rest.to_string()),
            "JOINED" => Notice::Joined(rest.to_string()),
            "LEFT" => Notice::Left(rest.to_string()),
            "TIMEOUT" => Notice::TimedOut(rest.to_string()),
            "DROPPED" => Notice::Dropped(rest.to_string()),
            "PONG" => Notice::Pong,
            "CLOSING" => Notice::Closing,
            "ERROR" => Notice::Error(rest.to_string()),
            _ => return Err(Malformed(format!("unknown notice {}", quoted(word)))),
        };
        Ok(notice)
    }
}

impl fmt::Display for Notice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Notice::Welcome { name, idle_seconds } => write!(f, "WELCOME {name} {idle_seconds}"),
            Notice::Message { name, text } => write!(f, "MSG {name} {text}"),
            Notice::Server(text) => write!(f, "SERVER {text}"),
            Notice::Joined(name) => write!(f, "JOINED {name}"),
            Notice::Left(name) => write!(f, "LEFT {name}"),
            Notice::TimedOut(name) => write!(f, "TIMEOUT {name}"),
            Notice::Dropped(name) => write!(f, "DROPPED {name}"),
            Notice::Pong => f.write_str("PONG"),
            Notice::Closing => f.write_str("CLOSING"),
            Notice::Error(text) => write!(f, "ERROR {text}"),
        }
    }
}

/// Checks a name against the rules in the module docs.
///
/// A name is printed at the start of every line its member says, so it must
/// be plain to see: no spaces, no control characters, nothing invisible
/// ([`crate::terminal::is_format`]: zero-width spaces, bidi overrides, soft
/// hyphens…). And it must not pass for the server: `ѕerver` with a Cyrillic
/// `ѕ`, or `ｓｅｒｖｅｒ` in fullwidth letters, looks exactly like `server` on
/// screen, so it is compared by its [`skeleton`]. Every script is welcome
/// otherwise: `Анна`, `Σοφία` and `李雷` are all fine.
pub fn check_name(name: &str) -> Result<(), Malformed> {
    let chars = name.chars().count();
    let unseen = |c: char| {
        c.is_whitespace() || crate::terminal::is_unsafe(c) || crate::terminal::is_format(c)
    };
    if chars == 0 || chars > MAX_NAME_CHARS || name.chars().any(unseen) {
        return Err(Malformed(format!(
            "invalid name {}: a name is 1 to {MAX_NAME_CHARS} characters, without spaces, control or invisible characters",
            quoted(name)
        )));
    }
    if skeleton(name) == "server" {
        return Err(Malformed(format!(
            "the name {} is reserved: it looks like \"server\"",
            quoted(name)
        )));
    }
    Ok(())
}

/// What a name looks like, for comparing names: lower case, and every letter
/// that is drawn like a Latin one replaced by it (Cyrillic `а` `е` `о` `р`
/// `с` `ѕ` `і`…, Greek `ο` `ν` `ε`…, fullwidth and mathematical letters).
/// Two names with one skeleton cannot be told apart on screen, so the room
/// treats them as one name: `аlice` (Cyrillic `а`) is taken while `alice` is
/// in. A rare Russian name may share a skeleton with a Latin one (`Вера` and
/// `bepa`); then the second one to join picks another name.
pub fn skeleton(name: &str) -> String {
    name.chars()
        .flat_map(char::to_lowercase)
        .map(look_alike)
        .flat_map(char::to_lowercase)
        .collect()
}

/// The Latin letter `c` is drawn like, or `c` itself.
fn look_alike(c: char) -> char {
    let code = c as u32;
    match c {
        // Fullwidth ASCII: `ｓ` is `s` drawn wider.
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(code - 0xFEE0).unwrap_or(c),
        // Mathematical bold, italic, script… letters: 𝐬𝐞𝐫𝐯𝐞𝐫. The block
        // repeats A–Z a–z, 52 letters per style.
        '\u{1D400}'..='\u{1D6A3}' => {
            let index = (code - 0x1D400) % 52;
            char::from_u32(u32::from(b'a') + index % 26).unwrap_or(c)
        }
        'а' => 'a',
        'в' | 'ь' => 'b',
        'г' => 'r',
        'д' | 'ԁ' => 'd',
        'е' | 'ё' | 'є' => 'e',
        'і' | 'ї' => 'i',
        'ј' => 'j',
        'к' => 'k',
        'м' => 'm',
        'н' | 'һ' => 'h',
        'о' => 'o',
        'п' => 'n',
        'р' => 'p',
        'с' => 'c',
        'т' => 't',
        'у' => 'y',
        'х' => 'x',
        'ѕ' => 's',
        'ѵ' => 'v',
        'ԛ' => 'q',
        'ԝ' => 'w',
        'α' => 'a',
        'β' => 'b',
        'ε' | 'ϵ' => 'e',
        'η' => 'n',
        'ι' => 'i',
        'κ' => 'k',
        'ν' => 'v',
        'ο' => 'o',
        'ρ' => 'p',
        'τ' => 't',
        'υ' => 'u',
        'χ' => 'x',
        'ʀ' => 'r',
        'ᴇ' | 'ɛ' | 'ℯ' => 'e',
        'ꜱ' => 's',
        'ᴠ' | 'ʋ' | 'ⅴ' => 'v',
        'ı' | 'ⅰ' => 'i',
        _ => c,
    }
}

/// A peer's word, shortened and escaped, in quotes: safe in any message.
fn quoted(text: &str) -> String {
    format!("\"{}\"", crate::terminal::escape(&shorten(text)))
}

/// The text of a message; the room speaks UTF-8 only. A trailing line ending
/// (as `nc` sends) is not part of the message.
fn as_text(bytes: &[u8]) -> Result<&str, Malformed> {
    let bytes = bytes
        .strip_suffix(b"\r\n")
        .or_else(|| bytes.strip_suffix(b"\n"))
        .unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|_| Malformed("messages must be UTF-8 text".to_string()))
}

/// `"SAY hello there"` → `("SAY", Some("hello there"))`.
fn split_word(line: &str) -> (&str, Option<&str>) {
    match line.split_once(' ') {
        Some((word, rest)) => (word, Some(rest)),
        None => (line, None),
    }
}

/// Keeps error messages short when a peer sends something huge.
fn shorten(text: &str) -> String {
    /// Enough to recognise the text on one console line.
    const SHOWN: usize = 40;
    match text.char_indices().nth(SHOWN) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_read_back_what_they_write() {
        for request in [
            Request::Join("neo".to_string()),
            Request::Say("hello, room".to_string()),
            Request::Say(String::new()),
            Request::Ping,
            Request::Leave,
        ] {
            assert_eq!(Request::parse(request.to_string().as_bytes()), Ok(request));
        }
    }

    #[test]
    fn notices_read_back_what_they_write() {
        for notice in [
            Notice::Welcome {
                name: "neo".to_string(),
                idle_seconds: 2.5,
            },
            Notice::Message {
                name: "trinity".to_string(),
                text: "knock, knock".to_string(),
            },
            Notice::Server("class ends at 12".to_string()),
            Notice::Joined("neo".to_string()),
            Notice::Left("neo".to_string()),
            Notice::TimedOut("neo".to_string()),
            Notice::Dropped("neo".to_string()),
            Notice::Pong,
            Notice::Closing,
            Notice::Error("name taken".to_string()),
        ] {
            assert_eq!(Notice::parse(notice.to_string().as_bytes()), Ok(notice));
        }
    }

    #[test]
    fn what_nc_sends_is_understood() {
        assert_eq!(
            Request::parse(b"join neo\n"),
            Ok(Request::Join("neo".to_string()))
        );
        assert_eq!(
            Request::parse(b"SAY hi\r\n"),
            Ok(Request::Say("hi".to_string()))
        );
        assert_eq!(Request::parse(b"SAY"), Ok(Request::Say(String::new())));
    }

    #[test]
    fn bad_requests_say_what_is_wrong() {
        let error = |bytes: &[u8]| Request::parse(bytes).unwrap_err().0;
        assert!(error(b"HELLO").contains("unknown command \"HELLO\""));
        assert!(error(b"").contains("unknown command \"\""));
        assert!(error(b"JOIN").contains("invalid name"));
        assert!(error(b"JOIN two words").contains("invalid name"));
        assert!(error(&[b'J', b'O', b'I', b'N', b' ', 0xff]).contains("UTF-8"));
        assert!(error(format!("JOIN {}", "x".repeat(33)).as_bytes()).contains("invalid name"));
        assert!(error(b"JOIN Server").contains("reserved"));
        assert!(Request::parse(format!("JOIN {}", "я".repeat(32)).as_bytes()).is_ok());
    }

    #[test]
    fn names_that_hide_something_or_pass_for_the_server_are_refused() {
        for hidden in [
            "server\u{200B}",
            "ser\u{AD}ver",
            "abc\u{202E}",
            "a\u{2066}b",
            "x\u{1b}[2J",
            "bell\u{7}",
            "c1\u{9b}",
            "tab\tname",
            "line\u{2028}",
        ] {
            let error = check_name(hidden).unwrap_err().0;
            assert!(error.contains("invalid name"), "{hidden:?}: {error}");
            assert!(!error.chars().any(crate::terminal::is_unsafe), "{error:?}");
        }
        for look_alike in [
            "ѕerver",
            "SЕRVЕR",
            "ｓｅｒｖｅｒ",
            "𝐬𝐞𝐫𝐯𝐞𝐫",
            "ѕеrvеr",
            "ꜱᴇʀᴠᴇʀ",
        ] {
            let error = check_name(look_alike).unwrap_err().0;
            assert!(error.contains("reserved"), "{look_alike}: {error}");
        }
        for fine in [
            "Анна",
            "Сергей",
            "Σοφία",
            "李雷",
            "neo_42",
            "servers",
            "сервер",
        ] {
            assert_eq!(check_name(fine), Ok(()), "{fine}");
        }
        assert_eq!(skeleton("аlice"), skeleton("Alice"));
    }
}
