//! What a test waits for: a line or a message, described in words.
//!
//! A [`Want`] is a check plus a sentence. The sentence is what a failing test
//! prints ("expected: a line containing \"Hello, server\""), so a student
//! reads what was expected without opening the test's source. A hint can be
//! attached for the most likely mistake.

use std::fmt;

use crate::show;

/// A check on a line or a message.
type Check = Box<dyn Fn(&[u8]) -> bool + Send + Sync>;

/// Something a test expects to see: a check and its description.
pub struct Want {
    what: String,
    check: Check,
    hint: Option<String>,
    /// The text the check looks for, when it is one: lets a report explain
    /// a near miss ("it arrived with a \n at its end").
    target: Option<Target>,
}

/// What a [`Want`] looks for, for explaining near misses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// Exactly these bytes.
    Exactly(Vec<u8>),
    /// Something containing each of these texts.
    Containing(Vec<Vec<u8>>),
}

impl Want {
    /// Exactly this text (for a line: without its newline).
    pub fn exactly(text: impl Into<String>) -> Want {
        let text = text.into();
        Want::bytes_described(
            format!("exactly {}", show::quoted(text.as_bytes())),
            text.into_bytes(),
        )
    }

    /// A printed line that contains `sender` and ends with exactly `text`
    /// (as in `[127.0.0.1:53211] Hello, server`): whatever is printed after
    /// the message, such as the zeros of a whole buffer, is caught.
    pub fn line_ending_with(sender: &str, text: &str) -> Want {
        let (sender_bytes, text_bytes) = (sender.as_bytes().to_vec(), text.as_bytes().to_vec());
        let what = format!(
            "a line with {} that ends with {}, like \"[{sender}] {}\"",
            show::quoted(sender.as_bytes()),
            show::quoted(text.as_bytes()),
            show::line(text)
        );
        let mut want = Want::matching(what, move |seen| {
            contains(seen, &sender_bytes) && seen.ends_with(&text_bytes)
        });
        want.target = Some(Target::Containing(vec![
            sender.as_bytes().to_vec(),
            text.as_bytes().to_vec(),
        ]));
        want
    }

    /// Exactly these bytes (a message that need not be text).
    pub fn bytes(bytes: impl Into<Vec<u8>>) -> Want {
        let bytes = bytes.into();
        Want::bytes_described(format!("exactly {}", show::quoted(&bytes)), bytes)
    }

    fn bytes_described(what: String, bytes: Vec<u8>) -> Want {
        let target = Target::Exactly(bytes.clone());
        let mut want = Want::matching(what, move |seen| seen == bytes.as_slice());
        want.target = Some(target);
        want
    }

    /// Anything that contains this text.
    pub fn containing(text: impl Into<String>) -> Want {
        let text = text.into();
        let what = format!("something containing {}", show::quoted(text.as_bytes()));
        let target = Target::Containing(vec![text.as_bytes().to_vec()]);
        let mut want = Want::matching(what, move |seen| contains(seen, text.as_bytes()));
        want.target = Some(target);
        want
    }

    /// Anything that contains all of these texts, in any order.
    pub fn containing_all(texts: &[&str]) -> Want {
        let texts: Vec<String> = texts.iter().map(|text| text.to_string()).collect();
        let quoted: Vec<String> = texts
            .iter()
            .map(|text| show::quoted(text.as_bytes()))
            .collect();
        let what = format!("something containing {}", quoted.join(" and "));
        let target =
            Target::Containing(texts.iter().map(|text| text.as_bytes().to_vec()).collect());
        let mut want = Want::matching(what, move |seen| {
            texts.iter().all(|text| contains(seen, text.as_bytes()))
        });
        want.target = Some(target);
        want
    }

    /// Anything that starts with this text.
    pub fn starting_with(prefix: impl Into<String>) -> Want {
        let prefix = prefix.into();
        let what = format!(
            "something starting with {}",
            show::quoted(prefix.as_bytes())
        );
        Want::matching(what, move |seen| seen.starts_with(prefix.as_bytes()))
    }

    /// Any check, with its description.
    pub fn matching(
        what: impl Into<String>,
        check: impl Fn(&[u8]) -> bool + Send + Sync + 'static,
    ) -> Want {
        Want {
            what: what.into(),
            check: Box::new(check),
            hint: None,
            target: None,
        }
    }

    /// Adds advice for the most likely reason this is not seen.
    pub fn hint(mut self, hint: impl Into<String>) -> Want {
        self.hint = Some(hint.into());
        self
    }

    /// Replaces the description, for a check whose words should say *why*.
    pub fn described(mut self, what: impl Into<String>) -> Want {
        self.what = what.into();
        self
    }

    /// True if `seen` is what is wanted.
    pub fn accepts(&self, seen: &[u8]) -> bool {
        (self.check)(seen)
    }

    /// The description.
    pub fn what(&self) -> &str {
        &self.what
    }

    /// The hint, if any.
    pub fn hint_text(&self) -> Option<&str> {
        self.hint.as_deref()
    }

    /// What the check looks for, if it is a text.
    pub fn target(&self) -> Option<&Target> {
        self.target.as_ref()
    }
}

impl fmt::Debug for Want {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Want").field("what", &self.what).finish()
    }
}

impl From<&str> for Want {
    /// A plain string means "a line containing it": the most common check.
    fn from(text: &str) -> Want {
        Want::containing(text)
    }
}

pub(crate) fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    // str::contains is linear even for long, repetitive text (a 60,000-byte
    // message); the byte-window fallback is only for text that is not UTF-8.
    match (std::str::from_utf8(haystack), std::str::from_utf8(needle)) {
        (Ok(haystack), Ok(needle)) => haystack.contains(needle),
        _ => {
            needle.is_empty()
                || haystack
                    .windows(needle.len())
                    .any(|window| window == needle)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_kind_of_want_accepts_what_it_describes() {
        assert!(Want::exactly("Hello, client").accepts(b"Hello, client"));
        assert!(!Want::exactly("Hello, client").accepts(b"Hello, client!"));
        assert!(Want::bytes(vec![0xff, 0]).accepts(&[0xff, 0]));
        assert!(Want::containing("server").accepts(b"[1.2.3.4:5] Hello, server"));
        assert!(!Want::containing("server").accepts(b"Hello"));
        assert!(Want::containing_all(&["a", "b"]).accepts(b"b then a"));
        assert!(!Want::containing_all(&["a", "b"]).accepts(b"only a"));
        assert!(Want::starting_with("Listening on ").accepts(b"Listening on udp://x"));
    }

    #[test]
    fn descriptions_quote_the_text() {
        assert_eq!(Want::containing("hi").what(), "something containing \"hi\"");
        assert_eq!(
            Want::containing_all(&["a", "b"]).what(),
            "something containing \"a\" and \"b\""
        );
    }
}
