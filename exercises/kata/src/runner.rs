//! Running a stage's tests from a program: what `cargo kata progress` and
//! `cargo kata verify` are built on.
//!
//! A stage is graded by plain `cargo test -p <package>`; this module runs
//! that command, bounds it in time, and reads libtest's `test NAME ... ok`
//! lines to learn which tests passed. For `cargo kata check` and `verify` it
//! can also build a stage's test program once and run it directly, one test
//! at a time or with another server or client swapped in.
//!
//! (A little over 500 lines with its unit tests: running tests and reading
//! what cargo and libtest print about them is one job.)

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use wait_timeout::ChildExt;

use crate::stage::{CLIENT_ENV, REFERENCE_ENV, SERVER_ENV};

/// One exercise stage on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StageDir {
    /// `01-hello`.
    pub folder: String,
    /// `kata-01-hello`.
    pub package: String,
    /// `udp` or `tcp`: the track the stage belongs to, from its manifest's
    /// `[package.metadata.kata] track = "…"`; empty for the stage every
    /// track starts from.
    pub track: String,
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
            let package = manifest_value(&manifest, "[package]", "name")?;
            let track =
                manifest_value(&manifest, "[package.metadata.kata]", "track").unwrap_or_default();
            numbered.then_some(StageDir {
                folder,
                package,
                track,
            })
        })
        .collect();
    stages.sort_by(|a, b| a.folder.cmp(&b.folder));
    stages
}

/// The `key = "…"` of a manifest's `section` (`[package]`).
fn manifest_value(manifest: &str, section: &str, key: &str) -> Option<String> {
    let mut in_section = false;
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_section = line == section;
        } else if in_section
            && let Some((name, value)) = line.split_once('=')
            && name.trim() == key
        {
            return Some(value.trim().trim_matches('"').to_string());
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
        .env_remove(REFERENCE_ENV)
        .env_remove(SERVER_ENV)
        .env_remove(CLIENT_ENV);
    if let Some(folder) = reference {
        command.env(REFERENCE_ENV, folder);
    }
    run_bounded(command, limit)
}

/// Runs `command` with its output piped, and stops it (with every process
/// it started) after `limit`.
fn run_bounded(mut command: Command, limit: Duration) -> std::io::Result<TestRun> {
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
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

/// How many tests of a stage [`TestProgram::run`] runs at once.
const TESTS_AT_ONCE: usize = 16;

/// The built test program of a stage, and its folder (tests run there, as
/// under `cargo test`).
#[derive(Debug, Clone)]
pub struct TestProgram {
    /// The executable libtest built from `tests/*.rs`.
    pub path: PathBuf,
    /// The stage's folder.
    pub folder: PathBuf,
}

/// Builds a stage's tests (`cargo test --no-run`) and returns the test
/// program. `Err` holds the compiler's messages, as cargo shows them.
pub fn build_test_program(stage: &StageDir) -> Result<TestProgram, String> {
    let stdout = cargo_json(&["test", "--no-run", "-p", &stage.package])?;
    let path = artifacts(&stdout, "test")
        .into_iter()
        .map(|(_, path)| path)
        .next()
        .ok_or_else(|| format!("cargo built no test program for {}", stage.package))?;
    Ok(TestProgram {
        path,
        folder: exercises_dir().join(&stage.folder),
    })
}

/// Builds a stage's catalogue (its solution and mistakes, the binaries that
/// need the `catalogue` feature) and returns each binary's name and path.
pub fn build_catalogue(stage: &StageDir) -> Result<Vec<(String, PathBuf)>, String> {
    let stdout = cargo_json(&[
        "build",
        "-p",
        &stage.package,
        "--features",
        "catalogue",
        "--bins",
    ])?;
    Ok(artifacts(&stdout, "bin"))
}

/// Runs cargo with `args` and JSON messages; returns its stdout, or the
/// compiler's messages (rendered as usual) if it failed.
fn cargo_json(args: &[&str]) -> Result<String, String> {
    let output = cargo()
        .args(args)
        .arg("--message-format=json-render-diagnostics")
        .current_dir(workspace_root())
        .stdin(Stdio::null())
        .output()
        .map_err(|error| format!("cannot run cargo: {error}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(String::from_utf8_lossy(&output.stderr).into_owned())
    }
}

/// One `[[bin]]` block of a stage's manifest.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ManifestBin {
    /// Its `name`.
    pub name: String,
    /// Its `path`, relative to the stage's folder.
    pub path: PathBuf,
    /// True if it has `required-features = ["catalogue"]`: a student's
    /// build never compiles it.
    pub catalogue_only: bool,
}

/// The `[[bin]]` blocks of a stage's manifest. (Read line by line: the
/// manifests are written in one plain shape, and a TOML parser would be a
/// dependency for this alone.)
pub fn manifest_bins(stage: &StageDir) -> Vec<ManifestBin> {
    let manifest = std::fs::read_to_string(exercises_dir().join(&stage.folder).join("Cargo.toml"))
        .unwrap_or_default();
    parse_bins(&manifest)
}

fn parse_bins(manifest: &str) -> Vec<ManifestBin> {
    let mut bins = Vec::new();
    let mut current: Option<(Option<String>, Option<String>, bool)> = None;
    let mut finish = |current: &mut Option<(Option<String>, Option<String>, bool)>| {
        if let Some((Some(name), Some(path), catalogue_only)) = current.take() {
            bins.push(ManifestBin {
                name,
                path: PathBuf::from(path),
                catalogue_only,
            });
        }
    };
    for line in manifest.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            finish(&mut current);
            if line == "[[bin]]" {
                current = Some((None, None, false));
            }
        } else if let Some((name, path, catalogue_only)) = current.as_mut()
            && let Some((key, value)) = line.split_once('=')
        {
            let value = value.trim();
            match key.trim() {
                "name" => *name = Some(value.trim_matches('"').to_string()),
                "path" => *path = Some(value.trim_matches('"').to_string()),
                "required-features" => *catalogue_only = value.contains("\"catalogue\""),
                _ => {}
            }
        }
    }
    finish(&mut current);
    bins
}

/// The executables of one kind (`test`, `bin`) in cargo's JSON messages.
fn artifacts(json_lines: &str, kind: &str) -> Vec<(String, PathBuf)> {
    let wanted = format!("\"kind\":[\"{kind}\"]");
    json_lines
        .lines()
        .filter(|line| line.contains("\"reason\":\"compiler-artifact\"") && line.contains(&wanted))
        .filter_map(|line| {
            let target = &line[line.find("\"target\":{")?..];
            let name = json_string(target, "name")?;
            let path = json_string(line, "executable")?;
            Some((name, PathBuf::from(path)))
        })
        .collect()
}

/// The first string value of `key` in a line of JSON (enough for cargo's
/// messages, where the keys we read come before any nested one of the same
/// name).
fn json_string(json: &str, key: &str) -> Option<String> {
    let start = json.find(&format!("\"{key}\":\""))? + key.len() + 4;
    let mut value = String::new();
    let mut chars = json[start..].chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return Some(value),
            '\\' => match chars.next()? {
                'n' => value.push('\n'),
                't' => value.push('\t'),
                other => value.push(other),
            },
            c => value.push(c),
        }
    }
    None
}

impl TestProgram {
    /// The names of its tests, in checklist order (by name).
    pub fn list(&self) -> std::io::Result<Vec<String>> {
        let output = Command::new(&self.path)
            .args(["--list", "--format", "terse"])
            .current_dir(&self.folder)
            .stdin(Stdio::null())
            .output()?;
        let mut names: Vec<String> = String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| line.strip_suffix(": test"))
            .map(str::to_string)
            .collect();
        names.sort();
        Ok(names)
    }

    /// Runs its tests (only `exact`, if given) with `env` set, and stops
    /// them after `limit`.
    pub fn run(
        &self,
        exact: Option<&str>,
        env: &[(&str, &std::ffi::OsStr)],
        limit: Duration,
    ) -> std::io::Result<TestRun> {
        let mut command = Command::new(&self.path);
        match exact {
            Some(name) => {
                command.args(["--exact", name]);
            }
            // libtest runs as many tests at once as the machine has cores.
            // These tests mostly wait for programs and sockets, and a broken
            // program makes many of them wait out a deadline: more at once
            // keeps a whole run as short as its slowest test.
            None => {
                command.arg(format!("--test-threads={TESTS_AT_ONCE}"));
            }
        }
        command
            .current_dir(&self.folder)
            .env_remove(REFERENCE_ENV)
            .env_remove(SERVER_ENV)
            .env_remove(CLIENT_ENV);
        for (key, value) in env {
            command.env(key, value);
        }
        run_bounded(command, limit)
    }
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

/// The report libtest printed for one failed test: what the test printed
/// (the harness prints its whole report there).
pub fn report_of(name: &str, output: &str) -> Option<String> {
    let start = format!("---- {name} stdout ----\n");
    let at = output.find(&start)? + start.len();
    let rest = &output[at..];
    let end = [rest.find("\n---- "), rest.find("\nfailures:\n")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(rest.len());
    Some(rest[..end].trim_end().to_string())
}

/// The `hint:` of a harness report, all on one line.
pub fn hint_of(report: &str) -> Option<String> {
    report
        .lines()
        .find_map(|line| line.trim_start().strip_prefix("hint:"))
        .map(|hint| hint.trim().to_string())
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
        let manifest = "[package]\nname = \"kata-01-hello\"\n\n[package.metadata.kata]\ntrack = \"udp\"\n\n[[bin]]\nname = \"hello-server\"\n";
        let name = |manifest| manifest_value(manifest, "[package]", "name");
        assert_eq!(name(manifest), Some("kata-01-hello".to_string()));
        assert_eq!(name("[[bin]]\nname = \"x\"\n"), None);
        assert_eq!(
            manifest_value(manifest, "[package.metadata.kata]", "track"),
            Some("udp".to_string())
        );
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
