//! Running a stage's tests from a program: what `cargo kata progress` and
//! `cargo kata verify` are built on.
//!
//! A stage is graded by plain `cargo test -p <package>`; this module runs
//! that command, bounds it in time, and reads libtest's `test NAME ... ok`
//! lines to learn which tests passed.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

use crate::stage::REFERENCE_ENV;

/// One exercise stage on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageDir {
    /// `01-hello`.
    pub folder: String,
    /// `kata-01-hello`.
    pub package: String,
}

/// The workspace root (the folder above `exercises/`).
pub fn workspace_root() -> PathBuf {
    exercises_dir()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// The `exercises/` folder.
pub fn exercises_dir() -> PathBuf {
    // This crate lives in exercises/kata.
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    here.parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| here.to_path_buf())
}

/// The stages, in order: every `exercises/NN-name` folder with a Cargo.toml.
pub fn stages() -> Vec<StageDir> {
    let Ok(entries) = std::fs::read_dir(exercises_dir()) else {
        return Vec::new();
    };
    let mut stages: Vec<StageDir> = entries
        .flatten()
        .filter_map(|entry| {
            let folder = entry.file_name().to_string_lossy().into_owned();
            let numbered =
                folder.len() > 3 && folder.as_bytes()[..2].iter().all(u8::is_ascii_digit);
            let manifest = std::fs::read_to_string(entry.path().join("Cargo.toml")).ok()?;
            let package = package_name(&manifest)?;
            numbered.then_some(StageDir { folder, package })
        })
        .collect();
    stages.sort_by(|a, b| a.folder.cmp(&b.folder));
    stages
}

/// The `name = "…"` of a manifest's `[package]`.
fn package_name(manifest: &str) -> Option<String> {
    let mut in_package = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_package = line == "[package]";
        } else if in_package && let Some(value) = line.strip_prefix("name") {
            let value = value.trim_start().strip_prefix('=')?.trim();
            return Some(value.trim_matches('"').to_string());
        }
    }
    None
}

/// How one test ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// `ok`.
    Passed,
    /// `FAILED`.
    Failed,
    /// `ignored`.
    Ignored,
}

/// What one `cargo test` run of a stage showed.
#[derive(Debug, Clone)]
pub struct TestRun {
    /// Each test and how it ended, in name order.
    pub tests: Vec<(String, Verdict)>,
    /// How long the tests ran (the build was done before).
    pub elapsed: Duration,
    /// True if the run was stopped at its time limit.
    pub timed_out: bool,
    /// Everything cargo and the tests printed.
    pub output: String,
}

impl TestRun {
    /// How many tests ended this way.
    pub fn count(&self, verdict: Verdict) -> usize {
        self.tests
            .iter()
            .filter(|(_, seen)| *seen == verdict)
            .count()
    }

    /// The first test (in name order) that did not pass.
    pub fn first_failure(&self) -> Option<&str> {
        self.tests
            .iter()
            .find(|(_, verdict)| *verdict == Verdict::Failed)
            .map(|(name, _)| name.as_str())
    }
}

/// Builds a stage's tests without running them. `Err` holds the compiler's
/// messages.
pub fn build(stage: &StageDir) -> Result<(), String> {
    let output = cargo()
        .args(["test", "--no-run", "-p", &stage.package])
        .current_dir(workspace_root())
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if output.status.success() {
        Ok(())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// Runs a stage's tests (built already), against the reference programs in
/// `reference` if given, and stops them after `limit`.
pub fn run_tests(
    stage: &StageDir,
    reference: Option<&Path>,
    limit: Duration,
) -> std::io::Result<TestRun> {
    let mut command = cargo();
    command
        .args(["test", "--no-fail-fast", "-p", &stage.package])
        .current_dir(workspace_root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env_remove(REFERENCE_ENV);
    if let Some(folder) = reference {
        command.env(REFERENCE_ENV, folder);
    }
    #[cfg(unix)]
    {
        // Its own process group, so that a hung run is stopped whole: cargo,
        // the test binary and every program the tests started.
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    let started = Instant::now();
    let mut child = command.spawn()?;
    // Read the pipes on threads so that a chatty run never blocks on them.
    let stdout = read_all(child.stdout.take());
    let stderr = read_all(child.stderr.take());
    let timed_out = match child.wait_timeout(limit)? {
        Some(_) => false,
        None => {
            stop_group(&mut child);
            true
        }
    };
    let elapsed = started.elapsed();
    let output = format!(
        "{}{}",
        stdout.join().unwrap_or_default(),
        stderr.join().unwrap_or_default()
    );
    Ok(TestRun {
        tests: parse_results(&output),
        elapsed,
        timed_out,
        output,
    })
}

fn cargo() -> Command {
    Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
}

fn read_all(pipe: Option<impl std::io::Read + Send + 'static>) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut text = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut text);
        }
        String::from_utf8_lossy(&text).into_owned()
    })
}

fn stop_group(child: &mut std::process::Child) {
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", child.id())])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status();
    }
    let _ = child.kill();
    let _ = child.wait();
}

/// Reads libtest's `test NAME ... ok` lines.
pub fn parse_results(output: &str) -> Vec<(String, Verdict)> {
    let mut tests: Vec<(String, Verdict)> = output
        .lines()
        .filter_map(|line| {
            let rest = line.strip_prefix("test ")?;
            let (name, verdict) = rest.rsplit_once(" ... ")?;
            let verdict = match verdict.trim() {
                "ok" => Verdict::Passed,
                "FAILED" => Verdict::Failed,
                verdict if verdict.starts_with("ignored") => Verdict::Ignored,
                _ => return None,
            };
            Some((name.trim().to_string(), verdict))
        })
        .collect();
    tests.sort_by(|a, b| a.0.cmp(&b.0));
    tests.dedup_by(|a, b| a.0 == b.0);
    tests
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn libtest_lines_are_read_and_sorted() {
        let output = "\
running 3 tests
test s02_second ... FAILED
test s01_first ... ok
test s03_third ... ignored, needs a network
some other line
test result: FAILED. 1 passed; 1 failed; 1 ignored; 0 measured; 0 filtered out
";
        assert_eq!(
            parse_results(output),
            vec![
                ("s01_first".to_string(), Verdict::Passed),
                ("s02_second".to_string(), Verdict::Failed),
                ("s03_third".to_string(), Verdict::Ignored),
            ]
        );
    }

    #[test]
    fn package_names_come_from_the_package_section() {
        let manifest = "[package]\nname = \"kata-01-hello\"\n\n[[bin]]\nname = \"hello-server\"\n";
        assert_eq!(package_name(manifest), Some("kata-01-hello".to_string()));
        assert_eq!(package_name("[[bin]]\nname = \"x\"\n"), None);
    }

    #[test]
    fn the_stages_are_found_in_order() {
        let stages = stages();
        let folders: Vec<&str> = stages.iter().map(|stage| stage.folder.as_str()).collect();
        let mut sorted = folders.clone();
        sorted.sort();
        assert_eq!(folders, sorted);
        assert!(
            folders
                .first()
                .is_some_and(|first| first.starts_with("01-")),
            "{folders:?}"
        );
    }
}
