//! A stage's catalogue: its solution and its broken programs.
//!
//! "Green means correct" is a claim about the tests, and a claim needs proof.
//! Every stage keeps it in one folder a student leaves alone, `.meta/` (as
//! exercism's tracks do), so that the stage's own folder shows only what is
//! the student's: the README, `src/` and `tests/`. In `.meta/`:
//!
//! * `solution/server.rs` and `solution/client.rs`: what a student who
//!   followed the README writes. Every test must pass on them.
//! * `mistakes/NAME.rs`: one classic mistake each, written as a student
//!   would write it, replacing the stage's server or its client. Every one
//!   must fail the stage, and the first test that fails (in checklist order)
//!   must show the hint written for *that* mistake.
//!
//! They are binaries of the stage's package that are built only with its
//! `catalogue` feature (`required-features` in its Cargo.toml), so a
//! student's `cargo test` never compiles them. `cargo kata verify` builds
//! them and runs the stage's tests against each.
//!
//! # The header of a mistake
//!
//! A mistake file starts with doc comments that say what it is and what the
//! tests must say about it:
//!
//! ```text
//! //! Mistake: a 1024-byte receive buffer.
//! //!
//! //! (why it is wrong, and what a user sees in real use)
//! //!
//! //! kata:replaces server
//! //! kata:first-failure s05_server_receives_a_long_message_whole
//! //! kata:hint recv_from drops whatever does not fit the buffer, …
//! ```
//!
//! The last two lines are recorded from a real run: `KATA_RECORD=1 cargo
//! kata verify` rewrites them with what the tests showed, so a change of
//! wording shows up as a diff to read, like a snapshot test's.

use std::path::{Path, PathBuf};

/// The folder of a stage that holds its solution and its mistakes.
pub const META_DIR: &str = ".meta";

/// Set to `1` to re-record every mistake's first failure and hint.
pub const RECORD_ENV: &str = "KATA_RECORD";

/// Which of the stage's two programs a mistake replaces.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// The server.
    Server,
    /// The client.
    Client,
}

/// One broken program of a stage's catalogue.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mistake {
    /// The file's name without `.rs`: `whole-buffer-printed`.
    pub name: String,
    /// The file.
    pub path: PathBuf,
    /// The `Mistake:` line, in words.
    pub summary: String,
    /// The program it replaces; the other one is the solution's.
    pub replaces: Side,
    /// The test that must fail first, as recorded.
    pub first_failure: Option<String>,
    /// The hint that test must show, as recorded.
    pub hint: Option<String>,
}

/// A stage's solution and mistakes.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    /// `.meta/solution/server.rs`, if there is one.
    pub solution_server: Option<PathBuf>,
    /// `.meta/solution/client.rs`, if there is one.
    pub solution_client: Option<PathBuf>,
    /// `.meta/mistakes/*.rs`, sorted by name.
    pub mistakes: Vec<Mistake>,
}

/// Reads the catalogue of the stage in `stage_dir`.
pub fn load(stage_dir: &Path) -> Result<Catalogue, String> {
    let meta = stage_dir.join(META_DIR);
    let solution = meta.join("solution");
    let existing = |path: PathBuf| path.is_file().then_some(path);
    let mut catalogue = Catalogue {
        solution_server: existing(solution.join("server.rs")),
        solution_client: existing(solution.join("client.rs")),
        mistakes: Vec::new(),
    };
    let Ok(entries) = std::fs::read_dir(meta.join("mistakes")) else {
        return Ok(catalogue);
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|extension| extension == "rs") {
            let text = std::fs::read_to_string(&path)
                .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
            catalogue.mistakes.push(parse(&path, &text)?);
        }
    }
    catalogue.mistakes.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(catalogue)
}

/// Reads a mistake's header.
pub fn parse(path: &Path, text: &str) -> Result<Mistake, String> {
    let name = path
        .file_stem()
        .map(|stem| stem.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut summary = None;
    let mut replaces = None;
    let mut first_failure = None;
    let mut hint = None;
    for line in text.lines() {
        let Some(doc) = line.strip_prefix("//!") else {
            break;
        };
        let doc = doc.trim();
        if let Some(rest) = doc.strip_prefix("Mistake:") {
            summary = Some(rest.trim().to_string());
        } else if let Some(rest) = doc.strip_prefix("kata:replaces ") {
            replaces = match rest.trim() {
                "server" => Some(Side::Server),
                "client" => Some(Side::Client),
                other => {
                    return Err(format!(
                        "{}: kata:replaces must be server or client, not {other:?}",
                        path.display()
                    ));
                }
            };
        } else if let Some(rest) = doc.strip_prefix("kata:first-failure ") {
            first_failure = Some(rest.trim().to_string());
        } else if let Some(rest) = doc.strip_prefix("kata:hint ") {
            hint = Some(rest.trim().to_string());
        }
    }
    let missing = |what: &str| format!("{}: its header has no {what} line", path.display());
    Ok(Mistake {
        name,
        path: path.to_path_buf(),
        summary: summary.ok_or_else(|| missing("//! Mistake:"))?,
        replaces: replaces.ok_or_else(|| missing("//! kata:replaces"))?,
        first_failure,
        hint,
    })
}

/// Writes what a run showed into a mistake's header, in place of what was
/// recorded before.
pub fn record(mistake: &Mistake, first_failure: &str, hint: &str) -> std::io::Result<()> {
    let text = std::fs::read_to_string(&mistake.path)?;
    std::fs::write(&mistake.path, rerecorded(&text, first_failure, hint))
}

/// `text` with its `kata:first-failure` and `kata:hint` lines replaced (or
/// added after `kata:replaces`).
fn rerecorded(text: &str, first_failure: &str, hint: &str) -> String {
    let recorded = [
        format!("//! kata:first-failure {first_failure}"),
        format!("//! kata:hint {hint}"),
    ];
    let mut out = Vec::new();
    let mut in_header = true;
    for line in text.lines() {
        in_header &= line.starts_with("//!");
        let doc = line.trim_start_matches("//!").trim();
        if in_header && (doc.starts_with("kata:first-failure") || doc.starts_with("kata:hint")) {
            continue;
        }
        out.push(line.to_string());
        if in_header && doc.starts_with("kata:replaces") {
            out.extend(recorded.iter().cloned());
        }
    }
    let mut joined = out.join("\n");
    joined.push('\n');
    joined
}

#[cfg(test)]
mod tests {
    use super::*;

    const MISTAKE: &str = "\
//! Mistake: a 1024-byte receive buffer.
//!
//! Longer datagrams are cut.
//!
//! kata:replaces server
//! kata:first-failure s05_old
//! kata:hint old words

fn main() {}
";

    #[test]
    fn a_header_is_read() {
        let mistake = parse(Path::new("mistakes/short-buffer.rs"), MISTAKE).unwrap();
        assert_eq!(mistake.name, "short-buffer");
        assert_eq!(mistake.summary, "a 1024-byte receive buffer.");
        assert_eq!(mistake.replaces, Side::Server);
        assert_eq!(mistake.first_failure.as_deref(), Some("s05_old"));
        assert_eq!(mistake.hint.as_deref(), Some("old words"));
    }

    #[test]
    fn a_header_without_its_side_is_refused() {
        let error = parse(Path::new("m.rs"), "//! Mistake: x\n").unwrap_err();
        assert!(error.contains("kata:replaces"), "{error}");
    }

    #[test]
    fn recording_replaces_the_old_lines() {
        let text = rerecorded(MISTAKE, "s02_new", "new words");
        assert!(text.contains("//! kata:replaces server\n//! kata:first-failure s02_new\n//! kata:hint new words\n\nfn main"));
        assert!(!text.contains("old"), "{text}");
        let unrecorded = "//! Mistake: x\n//! kata:replaces client\n\nfn main() {}\n";
        assert_eq!(
            rerecorded(unrecorded, "s01", "h"),
            "//! Mistake: x\n//! kata:replaces client\n//! kata:first-failure s01\n//! kata:hint h\n\nfn main() {}\n"
        );
    }
}
