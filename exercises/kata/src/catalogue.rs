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
//!
//! kata:changes 2
//! ```
//!
//! The last three lines are recorded: `KATA_RECORD=1 cargo kata verify`
//! rewrites them with what the tests showed, so a change of wording shows up
//! as a diff to read, like a snapshot test's. `kata:changes` is how many
//! lines the mistake's code differs from the solution it breaks (lines taken
//! out plus lines put in, the header aside): a fix to a solution that was
//! not carried into its mistakes, or a mistake that grew a second bug, makes
//! the count grow, and `verify` fails until someone looks.
//!
//! # Every file a binary, every binary a file
//!
//! Each mistake needs one `[[bin]]` block in its stage's Cargo.toml (a file
//! without one would never be built, a block without its file breaks the
//! build). `verify` checks both ways; `cargo kata new-mistake` writes the
//! block along with the file.

use std::path::{Path, PathBuf};

use crate::runner::ManifestBin;

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
    /// How many lines its code differs from its solution, as recorded.
    pub changes: Option<usize>,
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
    let mut changes = None;
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
        } else if let Some(rest) = doc.strip_prefix("kata:changes ") {
            changes = Some(rest.trim().parse().map_err(|_| {
                format!(
                    "{}: kata:changes must be a number of lines, not {rest:?}",
                    path.display()
                )
            })?);
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
        changes,
    })
}

/// The lines of a program below its header of `//!` comments.
fn body(text: &str) -> Vec<&str> {
    text.lines()
        .skip_while(|line| line.starts_with("//!"))
        .collect()
}

/// How many lines the code of `mistake` differs from `solution`: the lines
/// of the solution it leaves out plus the lines it adds, headers aside.
pub fn changes_between(solution: &str, mistake: &str) -> usize {
    let (old, new) = (body(solution), body(mistake));
    // The longest common subsequence of lines, a row at a time: the files
    // are a few hundred lines long, so this is quick.
    let mut previous = vec![0usize; new.len() + 1];
    for old_line in &old {
        let mut row = vec![0usize; new.len() + 1];
        for (at, new_line) in new.iter().enumerate() {
            row[at + 1] = if old_line == new_line {
                previous[at] + 1
            } else {
                row[at].max(previous[at + 1])
            };
        }
        previous = row;
    }
    let common = previous[new.len()];
    old.len() + new.len() - 2 * common
}

/// The solution file that `mistake` breaks, in `catalogue`.
pub fn solution_of<'a>(catalogue: &'a Catalogue, mistake: &Mistake) -> Option<&'a Path> {
    match mistake.replaces {
        Side::Server => catalogue.solution_server.as_deref(),
        Side::Client => catalogue.solution_client.as_deref(),
    }
}

/// What is wrong between a stage's catalogue files and the `[[bin]]`
/// blocks of its manifest (`bins`: name and path, relative to the stage's
/// folder): a file with no block or with several, a block whose file is
/// missing, or a block that a student's build would compile.
pub fn unmatched_bins(
    stage_dir: &Path,
    catalogue: &Catalogue,
    bins: &[ManifestBin],
) -> Vec<String> {
    let mut problems = Vec::new();
    let files = catalogue
        .mistakes
        .iter()
        .map(|mistake| mistake.path.clone())
        .chain(catalogue.solution_server.clone())
        .chain(catalogue.solution_client.clone());
    for file in files {
        let relative = file.strip_prefix(stage_dir).unwrap_or(&file);
        let blocks: Vec<_> = bins
            .iter()
            .filter(|bin| same_path(&bin.path, relative))
            .collect();
        match blocks.as_slice() {
            [] => problems.push(format!(
                "{} has no [[bin]] block in Cargo.toml: it is never built (cargo kata \
                 new-mistake writes one)",
                relative.display()
            )),
            [bin] => {
                if !bin.catalogue_only {
                    problems.push(format!(
                        "the [[bin]] {} lacks required-features = [\"catalogue\"]: every \
                         student's build would compile it",
                        bin.name
                    ));
                }
            }
            _ => problems.push(format!(
                "{} has {} [[bin]] blocks in Cargo.toml; it needs one",
                relative.display(),
                blocks.len()
            )),
        }
    }
    for bin in bins {
        if !stage_dir.join(&bin.path).is_file() {
            problems.push(format!(
                "the [[bin]] {} in Cargo.toml names {}, which does not exist",
                bin.name,
                bin.path.display()
            ));
        }
    }
    problems
}

/// True if two relative paths name the same file, whatever the separators.
fn same_path(a: &Path, b: &Path) -> bool {
    let parts = |path: &Path| -> Vec<String> {
        path.components()
            .filter(|part| !matches!(part, std::path::Component::CurDir))
            .map(|part| part.as_os_str().to_string_lossy().into_owned())
            .collect()
    };
    parts(a) == parts(b)
}

/// Writes what a run showed into a mistake's header, in place of what was
/// recorded before.
pub fn record(
    mistake: &Mistake,
    first_failure: &str,
    hint: &str,
    changes: usize,
) -> std::io::Result<()> {
    let text = std::fs::read_to_string(&mistake.path)?;
    std::fs::write(
        &mistake.path,
        rerecorded(&text, first_failure, hint, changes),
    )
}

/// `text` with its `kata:first-failure`, `kata:hint` and `kata:changes`
/// lines replaced (or added after `kata:replaces`).
fn rerecorded(text: &str, first_failure: &str, hint: &str, changes: usize) -> String {
    let recorded = [
        format!("//! kata:first-failure {first_failure}"),
        format!("//! kata:hint {hint}"),
        format!("//! kata:changes {changes}"),
    ];
    let mut out = Vec::new();
    let mut in_header = true;
    for line in text.lines() {
        in_header &= line.starts_with("//!");
        let doc = line.trim_start_matches("//!").trim();
        let is_recorded = ["kata:first-failure", "kata:hint", "kata:changes"]
            .iter()
            .any(|key| doc.starts_with(key));
        if in_header && is_recorded {
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
//! kata:changes 1

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
        assert_eq!(mistake.changes, Some(1));
    }

    #[test]
    fn changes_are_counted_below_the_headers() {
        let solution = "//! Stage 01\n\nfn main() {\n    let a = 1;\n    let b = 2;\n}\n";
        let mistake = "//! Mistake: b\n//! kata:changes 2\n\nfn main() {\n    let a = 1;\n    let b = 3;\n}\n";
        assert_eq!(changes_between(solution, solution), 0);
        assert_eq!(changes_between(solution, mistake), 2);
        let one_more = mistake.replace("}\n", "    drop(a);\n}\n");
        assert_eq!(changes_between(solution, &one_more), 3);
    }

    #[test]
    fn every_file_needs_exactly_one_catalogue_only_block() {
        let stage = Path::new("/stage");
        let catalogue = Catalogue {
            solution_server: Some(stage.join(".meta/solution/server.rs")),
            solution_client: None,
            mistakes: vec![
                parse(&stage.join(".meta/mistakes/a.rs"), MISTAKE).unwrap(),
                parse(&stage.join(".meta/mistakes/b.rs"), MISTAKE).unwrap(),
            ],
        };
        let bin = |name: &str, path: &str, catalogue_only| ManifestBin {
            name: name.to_string(),
            path: PathBuf::from(path),
            catalogue_only,
        };
        let bins = vec![
            bin("x-solution-server", ".meta/solution/server.rs", true),
            bin("x-mistake-a", ".meta/mistakes/a.rs", false),
        ];
        let problems = unmatched_bins(stage, &catalogue, &bins);
        assert!(
            problems.iter().any(|p| p.contains("b.rs has no [[bin]]")),
            "{problems:?}"
        );
        assert!(
            problems
                .iter()
                .any(|p| p.contains("x-mistake-a lacks required-features")),
            "{problems:?}"
        );
        // (The files of this test do not exist, so both blocks name nothing.)
        assert!(
            problems.iter().any(|p| p.contains("does not exist")),
            "{problems:?}"
        );
    }

    #[test]
    fn a_header_without_its_side_is_refused() {
        let error = parse(Path::new("m.rs"), "//! Mistake: x\n").unwrap_err();
        assert!(error.contains("kata:replaces"), "{error}");
    }

    #[test]
    fn recording_replaces_the_old_lines() {
        let text = rerecorded(MISTAKE, "s02_new", "new words", 4);
        assert!(text.contains("//! kata:replaces server\n//! kata:first-failure s02_new\n//! kata:hint new words\n//! kata:changes 4\n\nfn main"));
        assert!(!text.contains("old"), "{text}");
        let unrecorded = "//! Mistake: x\n//! kata:replaces client\n\nfn main() {}\n";
        assert_eq!(
            rerecorded(unrecorded, "s01", "h", 1),
            "//! Mistake: x\n//! kata:replaces client\n//! kata:first-failure s01\n//! kata:hint h\n//! kata:changes 1\n\nfn main() {}\n"
        );
    }
}
