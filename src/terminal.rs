//! What a peer sends never controls anyone's terminal.
//!
//! A terminal does not just show the bytes it is given: some of them are
//! *commands*. `ESC [ 2 J` clears the screen, `ESC ] 2 ; … BEL` sets the
//! window title (and on some terminals `ESC ] 52` fills the clipboard), a
//! backspace or a vertical tab moves the cursor so that the next text covers
//! what was there. Unicode adds characters that are never drawn but change
//! how the rest is drawn: bidi overrides (U+202E) show the text backwards,
//! zero-width characters hide inside a word, U+2028 starts a new line.
//!
//! A server prints what strangers send, and a chat client prints what other
//! members say. If those bytes went to the screen as they are, any member
//! could clear a classmate's screen or print a line that looks like it came
//! from the teacher. So every peer's text goes through [`printable`] before it
//! is printed: each such character is shown *escaped*, as `\x1b` or
//! `\u{202e}`, visible and harmless. Everything else passes: Cyrillic, Greek,
//! CJK, emoji, accents.
//!
//! Only the printed copy changes; what a server sends on is always the bytes
//! as they came.

use std::borrow::Cow;
use std::fmt::Write as _;

/// A peer's message as one printable line: invalid UTF-8 shows as `�`
/// (U+FFFD), a trailing line ending is dropped (`nc` sends one with every
/// datagram), and every character that a terminal would obey instead of
/// show, or that is invisible, is shown escaped (see [`is_unsafe`]). One
/// message is therefore always one line of output, and only text.
pub fn printable(bytes: &[u8]) -> Cow<'_, str> {
    let bytes = bytes
        .strip_suffix(b"\r\n")
        .or_else(|| bytes.strip_suffix(b"\n"))
        .unwrap_or(bytes);
    match String::from_utf8_lossy(bytes) {
        Cow::Borrowed(text) => escape(text),
        Cow::Owned(text) => Cow::Owned(escape(&text).into_owned()),
    }
}

/// `text` with every unsafe character escaped; borrowed when there is none
/// (the common case costs one scan and no copy).
pub fn escape(text: &str) -> Cow<'_, str> {
    // Printable ASCII is by far the most common text: a quick byte scan
    // settles it, and only other text is looked at character by character.
    let plain_ascii = text.bytes().all(|byte| (0x20..0x7f).contains(&byte));
    if plain_ascii || !text.chars().any(is_unsafe) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if !is_unsafe(c) {
            shown.push(c);
            continue;
        }
        // Writing into a String cannot fail.
        let _ = match c {
            '\n' => write!(shown, "\\n"),
            '\r' => write!(shown, "\\r"),
            '\t' => write!(shown, "\\t"),
            '\0'..='\u{7f}' => write!(shown, "\\x{:02x}", c as u32),
            _ => write!(shown, "\\u{{{:x}}}", c as u32),
        };
    }
    Cow::Owned(shown)
}

/// True for a character a terminal may treat as a command, or that is not
/// drawn at all:
///
/// * the C0 controls (U+0000–U+001F: NUL, BEL, BS, TAB, LF, VT, FF, CR,
///   ESC…), DEL (U+007F) and the C1 controls (U+0080–U+009F, among them
///   U+009B, a one-character `ESC [`, and U+0085, "next line");
/// * the line and paragraph separators U+2028 and U+2029;
/// * the invisible *format* characters ([`is_format`]): bidi overrides and
///   isolates, zero-width spaces and joiners, the soft hyphen, the BOM…
///
/// One exception: the zero-width joiner U+200D is what glues emoji such as
/// 👩‍💻 together, so inside a text it passes. Names refuse it ([`is_format`]).
pub fn is_unsafe(c: char) -> bool {
    c.is_control() || c == '\u{2028}' || c == '\u{2029}' || (is_format(c) && c != '\u{200D}')
}

/// True for the Unicode *format* characters (general category Cf), and for
/// the few other characters that draw as nothing (Hangul fillers, the
/// combining grapheme joiner). std has no Unicode category table, so the
/// ranges are written out; they change rarely (this is Unicode 15).
pub fn is_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'                      // soft hyphen
        | '\u{034F}'                    // combining grapheme joiner
        | '\u{0600}'..='\u{0605}'       // Arabic number signs
        | '\u{061C}'                    // Arabic letter mark (bidi)
        | '\u{06DD}'
        | '\u{070F}'
        | '\u{0890}'..='\u{0891}'
        | '\u{08E2}'
        | '\u{115F}'..='\u{1160}'       // Hangul fillers
        | '\u{17B4}'..='\u{17B5}'       // Khmer inherent vowels (invisible)
        | '\u{180B}'..='\u{180F}'       // Mongolian variation selectors, vowel separator
        | '\u{200B}'..='\u{200F}'       // zero-width space, non-joiner, joiner, LRM, RLM
        | '\u{202A}'..='\u{202E}'       // bidi embeddings and overrides
        | '\u{2060}'..='\u{2064}'       // word joiner, invisible operators
        | '\u{2066}'..='\u{206F}'       // bidi isolates, deprecated format characters
        | '\u{3164}'                    // Hangul filler
        | '\u{FEFF}'                    // zero-width no-break space (BOM)
        | '\u{FFA0}'                    // halfwidth Hangul filler
        | '\u{FFF9}'..='\u{FFFB}'       // interlinear annotation
        | '\u{110BD}'
        | '\u{110CD}'
        | '\u{13430}'..='\u{1343F}'
        | '\u{1BCA0}'..='\u{1BCA3}'
        | '\u{1D173}'..='\u{1D17A}'
        | '\u{E0001}'
        | '\u{E0020}'..='\u{E007F}'     // tags
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_always_prints_as_one_line() {
        assert_eq!(printable(b"hello from nc\n"), "hello from nc");
        assert_eq!(printable(b"dos\r\n"), "dos");
        assert_eq!(printable(b"two\nlines"), "two\\nlines");
        assert_eq!(printable(b"caf\xe9"), "caf\u{FFFD}");
        assert_eq!(printable(b""), "");
    }

    #[test]
    fn terminal_commands_are_shown_not_obeyed() {
        assert_eq!(
            printable(b"\x1b[2J\x1b]2;PWNED\x07"),
            "\\x1b[2J\\x1b]2;PWNED\\x07"
        );
        assert_eq!(
            printable(b"a\x08\x0b\x0c\x00\x7f\tb"),
            "a\\x08\\x0b\\x0c\\x00\\x7f\\tb"
        );
        assert_eq!(escape("\u{9b}2J\u{85}"), "\\u{9b}2J\\u{85}");
        assert_eq!(
            escape("abc\u{202E}fed\u{2066}\u{2069}\u{2028}"),
            "abc\\u{202e}fed\\u{2066}\\u{2069}\\u{2028}"
        );
        assert_eq!(escape("ser\u{200B}ver\u{AD}"), "ser\\u{200b}ver\\u{ad}");
    }

    #[test]
    fn every_script_and_emoji_passes_unchanged() {
        for text in [
            "Привет, сервер!",
            "Ελληνικά",
            "日本語",
            "🦀 + 📡 = ❤️",
            "👩\u{200D}💻",
            "e\u{301}",
        ] {
            assert!(matches!(escape(text), Cow::Borrowed(_)), "{text}");
        }
    }
}
