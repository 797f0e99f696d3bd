//! `cargo kata measure`: how long from saving a file to reading the
//! diagnosis, over a stage's whole mistake catalogue.
//!
//! For each mistake it does what a student does: writes the broken program
//! over the stage's `src/bin/` file, then runs `check` (build, then the tests
//! in order up to the first failure) and times it. The original files are
//! put back afterwards, and kept in `target/kata-measure/` meanwhile, so a
//! measurement stopped half-way is undone by the next one.
//!
//! Failures caused by silence wait out a deadline on purpose; they are shown
//! apart, since no tool can tell silence from slowness any sooner.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use kata::catalogue::{self, Side};
use kata::runner::{self, StageDir};

use crate::check::{Outcome, Status, check};
use crate::verify::names;

pub fn run(wanted: Option<&str>) -> ExitCode {
    let stages: Vec<StageDir> = runner::stages()
        .into_iter()
        .filter(|stage| wanted.is_none_or(|name| names(stage, name)))
        .collect();
    let backup = runner::workspace_root().join("target").join("kata-measure");
    restore_all(&backup);
    println!("From writing a mistake into src/bin/ to its diagnosis, per mistake:\n");
    let (mut loud, mut silent) = (Vec::new(), Vec::new());
    for stage in &stages {
        let folder = runner::exercises_dir().join(&stage.folder);
        let Ok(catalogue) = catalogue::load(&folder) else {
            continue;
        };
        for mistake in &catalogue.mistakes {
            // The mistake on its side, the solution on the other: what a
            // student has who got everything right but this one thing.
            let (broken_file, other_file, other_solution) = match mistake.replaces {
                Side::Server => ("server.rs", "client.rs", &catalogue.solution_client),
                Side::Client => ("client.rs", "server.rs", &catalogue.solution_server),
            };
            let bin = folder.join("src").join("bin");
            let Some(other_solution) = other_solution else {
                continue;
            };
            let writes = [
                (bin.join(broken_file), mistake.path.clone()),
                (bin.join(other_file), other_solution.clone()),
            ];
            for (target, _) in &writes {
                if keep(&backup, target).is_err() {
                    eprintln!("error: cannot keep a copy of {}", target.display());
                    return ExitCode::FAILURE;
                }
            }
            // Every other file is in place before the clock starts: only the
            // mistake's own file is "saved" while it runs.
            let (target, source) = &writes[1];
            if std::fs::copy(source, target).is_err() {
                restore_all(&backup);
                continue;
            }
            let (target, source) = &writes[0];
            let Ok(broken) = std::fs::read(source) else {
                restore_all(&backup);
                continue;
            };
            // Build with the other side in place first, so that the clock
            // counts only what a save of the broken file costs.
            let _ = runner::build_test_program(stage);
            let started = Instant::now();
            let written = std::fs::write(target, broken);
            let outcome = written.map(|()| check(stage, &mut Status::quiet()));
            let elapsed = started.elapsed();
            restore_all(&backup);
            let (what, by_silence) = match outcome {
                Ok(Outcome::Failed { test, report, .. }) => {
                    let silence = report.lines().any(|line| {
                        line.trim_start().starts_with("got:")
                            && (line.contains(" within ") || line.contains("still running"))
                    });
                    (test, silence)
                }
                Ok(Outcome::AllPass(_)) => ("NOT CAUGHT".to_string(), false),
                Ok(Outcome::DoesNotCompile(_)) => ("does not compile".to_string(), false),
                Ok(Outcome::CannotRun(why)) => (why, false),
                Err(error) => (error.to_string(), false),
            };
            println!(
                "  {:<18} {:<30} {:>6.2} s  {}{}",
                stage.folder,
                mistake.name,
                elapsed.as_secs_f64(),
                what,
                if by_silence { "  (silence)" } else { "" }
            );
            if by_silence {
                silent.push(elapsed);
            } else {
                loud.push(elapsed);
            }
        }
    }
    println!();
    println!(
        "median, symptom not silence: {}  ({} mistakes)",
        median(&mut loud),
        loud.len()
    );
    println!(
        "median, symptom is silence:  {}  ({} mistakes)",
        median(&mut silent),
        silent.len()
    );
    ExitCode::SUCCESS
}

fn median(times: &mut [Duration]) -> String {
    if times.is_empty() {
        return "-".to_string();
    }
    times.sort();
    format!("{:.2} s", times[times.len() / 2].as_secs_f64())
}

/// Keeps a copy of `file` in `backup`, named after its path.
fn keep(backup: &Path, file: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(backup)?;
    let name = encode(file);
    std::fs::copy(file, backup.join(name)).map(drop)
}

/// Puts every kept file back where it came from, and forgets it.
fn restore_all(backup: &Path) {
    let Ok(entries) = std::fs::read_dir(backup) else {
        return;
    };
    for entry in entries.flatten() {
        let original = decode(&entry.file_name().to_string_lossy());
        if std::fs::copy(entry.path(), &original).is_ok() {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// A file's path as one file name (`/` and `\` become `%`).
fn encode(path: &Path) -> String {
    path.to_string_lossy()
        .replace('%', "%25")
        .replace(['/', '\\'], "%2F")
        .replace(':', "%3A")
}

fn decode(name: &str) -> PathBuf {
    PathBuf::from(
        name.replace("%2F", std::path::MAIN_SEPARATOR_STR)
            .replace("%3A", ":")
            .replace("%25", "%"),
    )
}
