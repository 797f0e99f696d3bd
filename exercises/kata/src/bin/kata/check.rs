//! `cargo kata check` and `cargo kata watch`: one failure at a time.
//!
//! Plain `cargo test` runs every test at once and prints every failure, in
//! the order they finished: ten reports for one mistake. `check` runs the
//! tests one by one in checklist order and stops at the first failure, so a
//! student reads exactly one report, the one to work on; the tests after it
//! do not run and cannot add noise (or wait out their deadlines).
//!
//! `watch` runs `check` again whenever a file of the stage is saved, as
//! rustlings' `watch` does. It looks for changes by polling the files' times
//! a few times a second: a stage has a handful of files, so this costs
//! nothing, and it needs no file-watching library that works differently on
//! every system.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant, SystemTime};

use kata::runner::{self, StageDir, TestProgram, Verdict};

use crate::verify::{HANG_LIMIT, names};

/// How often `watch` looks at the stage's files.
const POLL: Duration = Duration::from_millis(200);

/// What a check found.
pub enum Outcome {
    /// The stage does not compile: the compiler's messages.
    DoesNotCompile(String),
    /// The tests could not be run at all.
    CannotRun(String),
    /// The first failing test, in checklist order.
    Failed {
        test: String,
        passed: usize,
        total: usize,
        report: String,
    },
    /// Every test passes.
    AllPass(usize),
}

pub fn run_once(wanted: Option<&str>) -> ExitCode {
    let Some(stage) = choose_stage(wanted) else {
        return ExitCode::from(2);
    };
    let outcome = check(&stage, &mut Status::new());
    show(&stage, &outcome);
    match outcome {
        Outcome::AllPass(_) => ExitCode::SUCCESS,
        _ => ExitCode::FAILURE,
    }
}

pub fn watch(wanted: Option<&str>) -> ExitCode {
    let Some(stage) = choose_stage(wanted) else {
        return ExitCode::from(2);
    };
    let folder = runner::exercises_dir().join(&stage.folder);
    let terminal = std::io::stdout().is_terminal();
    loop {
        let before = snapshot(&folder);
        if terminal {
            // Clear the screen: the new report replaces the old one.
            print!("\x1b[2J\x1b[H");
        }
        let outcome = check(&stage, &mut Status::new());
        show(&stage, &outcome);
        println!(
            "\nWatching {} for saved changes (Ctrl+C to stop)…",
            Path::new("exercises")
                .join(&stage.folder)
                .join("src")
                .display()
        );
        let _ = std::io::stdout().flush();
        while snapshot(&folder) == before {
            std::thread::sleep(POLL);
        }
    }
}

/// The stage named on the command line, or the one whose folder we are in.
fn choose_stage(wanted: Option<&str>) -> Option<StageDir> {
    let stages = runner::stages();
    let found = match wanted {
        Some(name) => stages.iter().find(|stage| names(stage, name)).cloned(),
        None => {
            let here = std::env::current_dir().ok()?;
            stages
                .iter()
                .find(|stage| here.starts_with(runner::exercises_dir().join(&stage.folder)))
                .cloned()
        }
    };
    if found.is_none() {
        let list: Vec<&str> = stages.iter().map(|stage| stage.folder.as_str()).collect();
        match wanted {
            Some(name) => eprintln!("error: no stage called '{name}'"),
            None => eprintln!("error: which stage? Run this in a stage's folder, or name it"),
        }
        eprintln!(
            "usage: cargo kata check STAGE   (one of: {})",
            list.join(", ")
        );
    }
    found
}

/// Builds the stage and runs its tests one by one, in checklist order,
/// until one fails.
pub fn check(stage: &StageDir, status: &mut Status) -> Outcome {
    status.say(&format!("Building {}…", stage.folder));
    let program = match runner::build_test_program(stage) {
        Ok(program) => program,
        Err(errors) => return Outcome::DoesNotCompile(compiler_messages(&errors)),
    };
    let tests = match program.list() {
        Ok(tests) if !tests.is_empty() => tests,
        Ok(_) => return Outcome::CannotRun("the stage has no tests".to_string()),
        Err(error) => return Outcome::CannotRun(error.to_string()),
    };
    for (index, test) in tests.iter().enumerate() {
        status.say(&format!("[{}/{}] {test}", index + 1, tests.len()));
        match run_one(&program, test) {
            Ok(None) => {}
            Ok(Some(report)) => {
                status.clear();
                return Outcome::Failed {
                    test: test.clone(),
                    passed: index,
                    total: tests.len(),
                    report,
                };
            }
            Err(error) => {
                status.clear();
                return Outcome::CannotRun(error);
            }
        }
    }
    status.clear();
    Outcome::AllPass(tests.len())
}

/// Runs one test: `None` if it passed, its report if it failed.
fn run_one(program: &TestProgram, test: &str) -> Result<Option<String>, String> {
    let run = program
        .run(Some(test), &[], HANG_LIMIT)
        .map_err(|error| format!("cannot run the tests: {error}"))?;
    if run.timed_out {
        return Ok(Some(format!(
            "the test was stopped after {} s: a program ignored its deadlines",
            HANG_LIMIT.as_secs()
        )));
    }
    match run.tests.first().map(|(_, verdict)| *verdict) {
        Some(Verdict::Passed) => Ok(None),
        Some(_) => Ok(Some(
            runner::report_of(test, &run.output).unwrap_or(run.output),
        )),
        None => Err(format!("the test did not run:\n{}", run.output)),
    }
}

fn show(stage: &StageDir, outcome: &Outcome) {
    match outcome {
        Outcome::DoesNotCompile(messages) => {
            println!("{messages}");
            println!(
                "{} does not compile yet: fix the first error above.",
                stage.folder
            );
        }
        Outcome::CannotRun(why) => println!("{}: {why}", stage.folder),
        Outcome::Failed {
            test,
            passed,
            total,
            report,
        } => {
            println!(
                "{}: {passed} of {total} tests pass. The next one to make pass:",
                stage.folder
            );
            println!("\n{test}\n{report}\n");
            println!(
                "Fix this one; the tests after it did not run. Check again with `cargo kata check {}`.",
                stage.folder
            );
        }
        Outcome::AllPass(total) => {
            println!("{}: all {total} tests pass. Well done!", stage.folder);
            let stages = runner::stages();
            if let Some(at) = stages.iter().position(|other| other == stage)
                && let Some(next) = stages.get(at + 1)
            {
                println!("Next: cargo kata check {}", next.folder);
            }
        }
    }
}

/// The compiler's messages without cargo's progress lines.
fn compiler_messages(errors: &str) -> String {
    errors
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            ![
                "Compiling ",
                "Finished ",
                "Blocking ",
                "Building ",
                "Checking ",
            ]
            .iter()
            .any(|word| line.starts_with(word))
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every file of the stage's `src/` and its `Cargo.toml`, with its time and size.
fn snapshot(folder: &Path) -> Vec<(PathBuf, Option<SystemTime>, u64)> {
    let mut files = Vec::new();
    let mut pending = vec![folder.join("src"), folder.join("Cargo.toml")];
    while let Some(path) = pending.pop() {
        let Ok(meta) = std::fs::metadata(&path) else {
            continue;
        };
        if meta.is_dir() {
            if let Ok(entries) = std::fs::read_dir(&path) {
                pending.extend(entries.flatten().map(|entry| entry.path()));
            }
        } else {
            files.push((path, meta.modified().ok(), meta.len()));
        }
    }
    files.sort();
    files
}

/// A one-line progress display: rewritten in place on a terminal, silent
/// elsewhere (a log has no use for it).
pub struct Status {
    terminal: bool,
    shown: bool,
    started: Instant,
}

impl Status {
    pub fn new() -> Status {
        Status {
            terminal: std::io::stdout().is_terminal(),
            shown: false,
            started: Instant::now(),
        }
    }

    /// No progress line at all (for measuring).
    pub fn quiet() -> Status {
        Status {
            terminal: false,
            ..Status::new()
        }
    }

    fn say(&mut self, text: &str) {
        if self.terminal {
            let elapsed = self.started.elapsed().as_secs_f64();
            print!("\r\x1b[K{text}  ({elapsed:.1} s)");
            let _ = std::io::stdout().flush();
            self.shown = true;
        }
    }

    fn clear(&mut self) {
        if self.shown {
            print!("\r\x1b[K");
            let _ = std::io::stdout().flush();
            self.shown = false;
        }
    }
}
