//! Bytes shown to a person: quoted, escaped, and cut short when long.
//!
//! A failing test may involve a 60,000-byte message or bytes that are not
//! UTF-8. Printing them raw would flood the terminal or garble it, so every
//! message that reaches a report goes through here.

/// How many characters of a message a report shows before cutting it short.
const SHOWN_CHARS: usize = 72;

/// `"text"` with escapes; a long message is cut and its size given.
pub fn quoted(bytes: &[u8]) -> String {
    let mut shown = String::from("\"");
    let mut chars = 0;
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            if chars == SHOWN_CHARS {
                return format!("{shown}\"… ({} bytes in all)", bytes.len());
            }
            shown.extend(c.escape_debug());
            chars += 1;
        }
        for byte in chunk.invalid() {
            if chars == SHOWN_CHARS {
                return format!("{shown}\"… ({} bytes in all)", bytes.len());
            }
            shown.push_str(&format!("\\x{byte:02X}"));
            chars += 1;
        }
    }
    shown.push('"');
    shown
}

/// `"hello\n" (6 bytes)`: a message quoted, with its size (once: a long
/// message cut short already says its size).
pub fn sized(bytes: &[u8]) -> String {
    let shown = quoted(bytes);
    if shown.ends_with("bytes in all)") {
        shown
    } else {
        format!("{shown} ({} bytes)", bytes.len())
    }
}

/// A printed line as it appeared, cut short if long. Control characters
/// are shown escaped (`\0`, `\u{1b}`): a zero byte or an escape sequence
/// that a program printed must be visible in a report, and must not act on
/// the terminal that shows it.
pub fn line(text: &str) -> String {
    let mut shown = String::new();
    for (count, c) in text.chars().enumerate() {
        if count == SHOWN_CHARS * 2 {
            shown.push_str(&format!("… ({} bytes in all)", text.len()));
            return shown;
        }
        if c.is_control() || is_invisible_format(c) {
            let escaped = c.escape_debug().to_string();
            if escaped.starts_with('\\') {
                shown.push_str(&escaped);
            } else {
                shown.push_str(&format!("\\u{{{:x}}}", c as u32));
            }
        } else {
            shown.push(c);
        }
    }
    shown
}

/// Characters that change how text is laid out without being seen: bidi
/// overrides and isolates, zero-width characters, line separators.
fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2069}' | '\u{feff}')
}

/// How a report names a program or a socket by its tag: `the server`, `the
/// client`, but `alice`: a name needs no article.
pub fn who(tag: &str) -> String {
    let role = [
        "server", "client", "test", "sender", "stranger", "impostor", "flooder",
    ];
    if role.iter().any(|word| tag.contains(word)) || tag.is_empty() {
        format!("the {tag}")
    } else {
        tag.to_string()
    }
}

/// `5 s`, `0.5 s`: a duration as people write it.
pub fn seconds(duration: std::time::Duration) -> String {
    format!("{} s", duration.as_secs_f64())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_escapes_and_cuts() {
        assert_eq!(quoted(b"Hello"), "\"Hello\"");
        assert_eq!(quoted(b""), "\"\"");
        assert_eq!(quoted(b"a\nb"), "\"a\\nb\"");
        assert_eq!(quoted(&[b'o', b'k', 0xff]), "\"ok\\xFF\"");
        assert_eq!(quoted("привет".as_bytes()), "\"привет\"");
        let long = vec![b'x'; 60_000];
        assert!(quoted(&long).ends_with("… (60000 bytes in all)"));
    }

    #[test]
    fn control_characters_in_lines_are_escaped() {
        assert_eq!(line("a\0b"), "a\\0b");
        assert_eq!(line("\u{1b}[2J"), "\\u{1b}[2J");
        assert_eq!(line("привет"), "привет");
    }

    #[test]
    fn roles_take_an_article_and_names_do_not() {
        assert_eq!(who("server"), "the server");
        assert_eq!(who("second client"), "the second client");
        assert_eq!(who("alice"), "alice");
    }

    #[test]
    fn long_lines_are_cut() {
        assert_eq!(line("short"), "short");
        assert!(line(&"y".repeat(1000)).ends_with("… (1000 bytes in all)"));
    }
}
