//! `cargo kata verify`: the proof, for CI, that green means correct.
//!
//! For every stage it runs the stage's tests against:
//!
//! 1. the starter as shipped: every test must fail;
//! 2. the stage's solution and the reference: every test must pass;
//! 3. every broken program of the stage's catalogue (one mistake each, the
//!    other program being the solution's): the stage must fail, and its
//!    first failing test, in checklist order, must show the hint recorded
//!    with that mistake.
//!
//! And every test must be failed by at least one mistake: a test that no
//! broken program fails has not yet shown what it is for.
//!
//! With `KATA_RECORD=1` it writes what it saw into each mistake's header
//! instead of comparing; `git diff` then shows what changed, to be read.

use std::collections::HashMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;

use kata::catalogue::{self, Catalogue, Mistake, RECORD_ENV, Side};
use kata::runner::{self, StageDir, TestRun, Verdict};
use kata::stage::{CLIENT_ENV, REFERENCE_ENV, SERVER_ENV};

/// A stage run that takes longer than this has hung. The harness bounds
/// every wait, so this only catches what it cannot: a program that ignores
/// its own deadlines while the test still waits on it.
pub const HANG_LIMIT: Duration = Duration::from_secs(90);

/// The fewest mistakes a stage's catalogue may keep.
const FEWEST_MISTAKES: usize = 8;

pub fn run(only: &[String]) -> ExitCode {
    let Some(reference) = build_reference() else {
        return ExitCode::FAILURE;
    };
    let recording = std::env::var_os(RECORD_ENV).is_some_and(|value| value == "1");
    let stages: Vec<StageDir> = runner::stages()
        .into_iter()
        .filter(|stage| only.is_empty() || only.iter().any(|name| names(stage, name)))
        .collect();
    if stages.is_empty() {
        eprintln!(
            "error: no stages found in {}",
            runner::exercises_dir().display()
        );
        return ExitCode::FAILURE;
    }
    println!(
        "Every test must fail on the starter and pass on the solution and the reference;\n\
         every mistake must fail, its first failing test showing the hint recorded for it.\n"
    );
    let mut tally = Tally::default();
    for stage in &stages {
        verify_stage(stage, &reference, recording, &mut tally);
    }
    println!();
    for problem in &tally.problems {
        println!("FAILED: {problem}\n");
    }
    if recording {
        println!("Recorded the first failure and hint of every mistake: read `git diff`.");
    }
    println!(
        "verify: {} passed, {} failed",
        tally.passed,
        tally.problems.len()
    );
    if tally.problems.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// True if `name` (`01`, `01-hello`, `kata-01-hello`) names `stage`.
pub fn names(stage: &StageDir, name: &str) -> bool {
    let name = name.trim_end_matches(['/', '\\']);
    let name = name.rsplit(['/', '\\']).next().unwrap_or(name);
    stage.folder == name || stage.package == name || stage.folder.split('-').next() == Some(name)
}

#[derive(Default)]
struct Tally {
    passed: usize,
    problems: Vec<String>,
}

impl Tally {
    fn check(&mut self, ok: bool, problem: impl FnOnce() -> String) {
        if ok {
            self.passed += 1;
        } else {
            self.problems.push(problem());
        }
    }
}

fn verify_stage(stage: &StageDir, reference: &Path, recording: bool, tally: &mut Tally) {
    let folder = runner::exercises_dir().join(&stage.folder);
    println!("{}", stage.folder);
    let catalogue = match catalogue::load(&folder) {
        Ok(catalogue) => catalogue,
        Err(error) => return tally.check(false, || error),
    };
    let binaries = match runner::build_catalogue(stage) {
        Ok(binaries) => binaries,
        Err(errors) => {
            return tally.check(false, || {
                format!(
                    "{}: the catalogue does not compile:\n{errors}",
                    stage.folder
                )
            });
        }
    };
    let program = match runner::build_test_program(stage) {
        Ok(program) => program,
        Err(errors) => {
            return tally.check(false, || {
                format!("{}: the tests do not compile:\n{errors}", stage.folder)
            });
        }
    };
    let tests = match program.list() {
        Ok(tests) if !tests.is_empty() => tests,
        other => {
            return tally.check(false, || {
                format!("{}: no tests could be listed ({other:?})", stage.folder)
            });
        }
    };
    let executables = Executables::new(stage, &binaries);
    let run = |env: &[(&str, &OsStr)]| program.run(None, env, HANG_LIMIT);

    // 1. The starter.
    let starter = run(&[]);
    judge_all(
        stage,
        "the starter",
        &tests,
        &starter,
        Verdict::Failed,
        tally,
    );

    // 2. The solution and the reference.
    let (Some(server), Some(client)) = (
        executables.of(catalogue.solution_server.as_deref()),
        executables.of(catalogue.solution_client.as_deref()),
    ) else {
        return tally.check(false, || {
            format!(
                "{}: no .meta/solution/server.rs and .meta/solution/client.rs built with --features catalogue",
                stage.folder
            )
        });
    };
    let solution = run(&[
        (SERVER_ENV, server.as_os_str()),
        (CLIENT_ENV, client.as_os_str()),
    ]);
    judge_all(
        stage,
        "the solution",
        &tests,
        &solution,
        Verdict::Passed,
        tally,
    );
    let by_reference = run(&[(REFERENCE_ENV, reference.as_os_str())]);
    judge_all(
        stage,
        "the reference",
        &tests,
        &by_reference,
        Verdict::Passed,
        tally,
    );

    // 3. The mistakes.
    tally.check(catalogue.mistakes.len() >= FEWEST_MISTAKES, || {
        format!(
            "{}: the catalogue keeps {} mistakes; a stage needs at least {FEWEST_MISTAKES}",
            stage.folder,
            catalogue.mistakes.len()
        )
    });
    let mut failed_by_some: HashMap<&str, usize> = HashMap::new();
    // The mistakes run several at a time: a broken program mostly makes the
    // tests wait out their deadlines, which costs time, not processor.
    let programs: Vec<Option<(PathBuf, PathBuf)>> = catalogue
        .mistakes
        .iter()
        .map(|mistake| {
            let broken = executables.of(Some(&mistake.path))?;
            Some(match mistake.replaces {
                Side::Server => (broken, client.clone()),
                Side::Client => (server.clone(), broken),
            })
        })
        .collect();
    let outcomes = run_all(&programs, |(server, client)| {
        run(&[
            (SERVER_ENV, server.as_os_str()),
            (CLIENT_ENV, client.as_os_str()),
        ])
    });
    for ((mistake, program), outcome) in catalogue.mistakes.iter().zip(&programs).zip(outcomes) {
        let (Some(_), Some(outcome)) = (program, outcome) else {
            tally.check(false, || {
                format!(
                    "{} {}: no [[bin]] with required-features = [\"catalogue\"] builds {}",
                    stage.folder,
                    mistake.name,
                    mistake.path.display()
                )
            });
            continue;
        };
        for test in &tests {
            if let Ok(outcome) = &outcome
                && verdict(outcome, test) == Some(Verdict::Failed)
            {
                *failed_by_some.entry(test.as_str()).or_default() += 1;
            }
        }
        judge_mistake(stage, mistake, &tests, outcome, recording, tally);
    }
    for test in &tests {
        tally.check(failed_by_some.contains_key(test.as_str()), || {
            format!(
                "{} {test}: no mistake of the catalogue fails it; keep a broken program it catches",
                stage.folder
            )
        });
    }
    summarise(&catalogue, &tests, &failed_by_some);
}

/// How many runs of the tests go on at once.
const RUNS_AT_ONCE: usize = 4;

/// Runs `work` on every item that is there, a few at a time; the results
/// come back in the items' order.
fn run_all<T: Sync, R: Send>(items: &[Option<T>], work: impl Fn(&T) -> R + Sync) -> Vec<Option<R>> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<R>>> =
        items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    std::thread::scope(|scope| {
        for _ in 0..RUNS_AT_ONCE {
            scope.spawn(|| {
                loop {
                    let at = next.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                    let Some(item) = items.get(at) else { break };
                    if let Some(item) = item {
                        let result = work(item);
                        *results[at].lock().unwrap_or_else(|e| e.into_inner()) = Some(result);
                    }
                }
            });
        }
    });
    results
        .into_iter()
        .map(|result| result.into_inner().unwrap_or_else(|e| e.into_inner()))
        .collect()
}

fn summarise(catalogue: &Catalogue, tests: &[String], failed_by_some: &HashMap<&str, usize>) {
    let caught = tests
        .iter()
        .filter(|test| failed_by_some.contains_key(test.as_str()))
        .count();
    println!(
        "  {} mistakes; {caught} of {} tests fail on at least one of them",
        catalogue.mistakes.len(),
        tests.len()
    );
}

/// How `test` ended in `run`.
fn verdict(run: &TestRun, test: &str) -> Option<Verdict> {
    run.tests
        .iter()
        .find(|(name, _)| name == test)
        .map(|(_, verdict)| *verdict)
}

/// Every test must end as `wanted` on `what`.
fn judge_all(
    stage: &StageDir,
    what: &str,
    tests: &[String],
    run: &std::io::Result<TestRun>,
    wanted: Verdict,
    tally: &mut Tally,
) {
    let run = match run {
        Ok(run) => run,
        Err(error) => {
            return tally.check(false, || {
                format!("{}: cannot run the tests on {what}: {error}", stage.folder)
            });
        }
    };
    let right = tests
        .iter()
        .filter(|test| verdict(run, test) == Some(wanted))
        .count();
    let word = match wanted {
        Verdict::Passed => "pass",
        _ => "fail",
    };
    println!(
        "  {what:<14} {right:>2} of {} tests {word}  ({})",
        tests.len(),
        duration(run)
    );
    if run.timed_out {
        tally.check(false, || {
            format!(
                "{}: the tests hung on {what} (stopped after {} s)\n{}",
                stage.folder,
                HANG_LIMIT.as_secs(),
                tail(&run.output)
            )
        });
    }
    for test in tests {
        let seen = verdict(run, test);
        tally.check(seen == Some(wanted), || {
            let detail = match wanted {
                Verdict::Passed => runner::report_of(test, &run.output).unwrap_or_default(),
                _ => String::new(),
            };
            format!(
                "{} {test}: should {word} on {what}, but {}\n{detail}",
                stage.folder,
                match seen {
                    Some(Verdict::Passed) => "passed",
                    Some(Verdict::Failed) => "failed",
                    Some(Verdict::Ignored) => "was ignored",
                    None => "did not run",
                }
            )
        });
    }
}

fn judge_mistake(
    stage: &StageDir,
    mistake: &Mistake,
    tests: &[String],
    outcome: std::io::Result<TestRun>,
    recording: bool,
    tally: &mut Tally,
) {
    let run = match outcome {
        Ok(run) => run,
        Err(error) => {
            return tally.check(false, || {
                format!(
                    "{} {}: cannot run the tests: {error}",
                    stage.folder, mistake.name
                )
            });
        }
    };
    let first = tests
        .iter()
        .find(|test| verdict(&run, test) == Some(Verdict::Failed));
    let Some(first) = first else {
        println!("    {:<36} NOT CAUGHT: every test passes", mistake.name);
        return tally.check(false, || {
            format!(
                "{} {}: every test passes on this mistake ({})",
                stage.folder, mistake.name, mistake.summary
            )
        });
    };
    let report = runner::report_of(first, &run.output).unwrap_or_default();
    let hint = runner::hint_of(&report).unwrap_or_else(|| "(no hint)".to_string());
    let took = duration(&run);
    if recording {
        let written = catalogue::record(mistake, first, &hint);
        println!("    {:<36} {first}  (recorded; {took})", mistake.name);
        return tally.check(written.is_ok(), || {
            format!("{}: cannot record: {written:?}", mistake.path.display())
        });
    }
    let right_test = mistake.first_failure.as_deref() == Some(first.as_str());
    let right_hint = mistake
        .hint
        .as_deref()
        .is_some_and(|recorded| same_hint(recorded, &hint));
    let verdict = match (right_test, right_hint) {
        (true, true) => "caught, its hint shown",
        (true, false) => "caught, but ANOTHER HINT",
        (false, _) => "caught by ANOTHER TEST",
    };
    println!("    {:<36} {first}  {verdict} ({took})", mistake.name);
    tally.check(right_test && right_hint, || {
        format!(
            "{} {}: {}\n  recorded: {} / hint: {}\n  seen:     {first} / hint: {hint}\n  \
             (if the new hint names this mistake, record it: KATA_RECORD=1 cargo kata verify {})\n{report}",
            stage.folder,
            mistake.name,
            mistake.summary,
            mistake.first_failure.as_deref().unwrap_or("(nothing)"),
            mistake.hint.as_deref().unwrap_or("(nothing)"),
            stage.folder
        )
    });
}

/// True if two hints say the same, whatever the line and column numbers of a
/// source file they name (`server.rs:27:66`): editing a mistake's file above
/// its bug must not unrecord its hint.
fn same_hint(recorded: &str, seen: &str) -> bool {
    masked(recorded) == masked(seen)
}

/// `….rs:27:66` becomes `….rs:L:C`.
fn masked(hint: &str) -> String {
    let mut out = String::new();
    let mut rest = hint;
    while let Some(at) = rest.find(".rs:") {
        out.push_str(&rest[..at + 4]);
        rest = &rest[at + 4..];
        let digits = |text: &str| text.chars().take_while(char::is_ascii_digit).count();
        let line = digits(rest);
        if line > 0 && rest[line..].starts_with(':') && digits(&rest[line + 1..]) > 0 {
            let column = digits(&rest[line + 1..]);
            out.push_str("L:C");
            rest = &rest[line + 1 + column..];
        }
    }
    out.push_str(rest);
    out
}

/// The catalogue's binaries, found by their source file.
struct Executables {
    by_source: HashMap<PathBuf, PathBuf>,
}

impl Executables {
    fn new(stage: &StageDir, built: &[(String, PathBuf)]) -> Executables {
        let folder = runner::exercises_dir().join(&stage.folder);
        let built: HashMap<&str, &PathBuf> = built
            .iter()
            .map(|(name, path)| (name.as_str(), path))
            .collect();
        let by_source = runner::manifest_bins(stage)
            .into_iter()
            .filter_map(|(name, source)| {
                let executable = built.get(name.as_str())?;
                Some((normalise(&folder.join(source)), executable.to_path_buf()))
            })
            .collect();
        Executables { by_source }
    }

    /// The executable built from `source`.
    fn of(&self, source: Option<&Path>) -> Option<PathBuf> {
        self.by_source.get(&normalise(source?)).cloned()
    }
}

/// A path with `.` parts and the platform's separators made alike.
fn normalise(path: &Path) -> PathBuf {
    path.components().collect()
}

fn duration(run: &TestRun) -> String {
    if run.timed_out {
        format!("HUNG after {} s", run.elapsed.as_secs())
    } else {
        format!("{:.2} s", run.elapsed.as_secs_f64())
    }
}

fn tail(output: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// Builds the reference `server` and `client`; returns their folder.
pub fn build_reference() -> Option<PathBuf> {
    println!("Building the reference programs…");
    let status = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
        .args([
            "build",
            "-q",
            "-p",
            "socket-kata",
            "--bin",
            "server",
            "--bin",
            "client",
        ])
        .current_dir(runner::workspace_root())
        .stdin(Stdio::null())
        .status();
    if !status.is_ok_and(|status| status.success()) {
        eprintln!("error: the reference programs do not build");
        return None;
    }
    // They land next to this program, in the same target folder.
    let folder = std::env::current_exe().ok()?.parent()?.to_path_buf();
    let server = folder.join(format!("server{}", std::env::consts::EXE_SUFFIX));
    if !Path::new(&server).exists() {
        eprintln!("error: no reference server at {}", server.display());
        return None;
    }
    Some(folder)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_match_whatever_the_line_numbers() {
        assert!(same_hint("at src/x.rs:27:66 (a)", "at src/x.rs:31:2 (a)"));
        assert!(!same_hint("at src/x.rs:27:66 (a)", "at src/y.rs:27:66 (a)"));
        assert_eq!(masked("a.rs: b"), "a.rs: b");
    }
}
