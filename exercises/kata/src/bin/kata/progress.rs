//! `cargo kata progress`: every stage's tests, and where you are.
//!
//! The stages form tracks: stage 01 comes first, then the UDP track and the
//! TCP track, which can be taken in either order (each stage says its track
//! in its Cargo.toml, `[package.metadata.kata]`). Progress is shown per
//! track, with the next test to work on in each.

use std::process::ExitCode;

use kata::runner::{self, TestRun, Verdict};

use crate::verify::HANG_LIMIT;

pub fn run() -> ExitCode {
    let stages = runner::stages();
    println!("socket-kata: your progress through the exercises");
    // The next test to make pass, per track, in the order tracks appear.
    let mut next: Vec<(String, String, String)> = Vec::new();
    let mut track_shown: Option<&str> = None;
    for stage in &stages {
        if track_shown != Some(stage.track.as_str()) {
            track_shown = Some(stage.track.as_str());
            match stage.track.as_str() {
                "" => println!(),
                track => println!("\n{} track", track.to_uppercase()),
            }
        }
        // A stage waits for an unfinished one before it on its own track,
        // and for the first stage, which every track starts from.
        let waiting = next
            .iter()
            .any(|(track, _, _)| *track == stage.track || track.is_empty());
        let (line, first_failure) = match runner::build(stage) {
            Err(errors) => {
                let first = errors
                    .lines()
                    .find(|line| line.starts_with("error"))
                    .unwrap_or("see `cargo build`");
                (
                    format!("does not compile: {first}"),
                    Some("make it compile first".to_string()),
                )
            }
            Ok(()) => match runner::run_tests(stage, None, HANG_LIMIT) {
                Err(error) => (format!("cannot run its tests: {error}"), None),
                Ok(run) => describe(&run, waiting),
            },
        };
        if let Some(test) = first_failure
            && !waiting
        {
            next.push((stage.track.clone(), stage.folder.clone(), test));
        }
        println!("  {:<18} {line}", stage.folder);
    }
    println!();
    if next.is_empty() {
        println!("All stages pass. Well done!");
    }
    for (track, folder, test) in &next {
        let track = match track.as_str() {
            "" => String::new(),
            track => format!(" on the {} track", track.to_uppercase()),
        };
        println!("Next{track}: {test}");
        println!("      cargo kata check {folder}   (or: cd exercises/{folder} && cargo test)");
    }
    if !next.is_empty() {
        println!("      (each stage's README.md has the steps and hints)");
    }
    ExitCode::SUCCESS
}

/// The stage's line, and its first failing test if it is not done.
fn describe(run: &TestRun, earlier_unfinished: bool) -> (String, Option<String>) {
    let total = run.tests.len();
    let passed = run.count(Verdict::Passed);
    let mut line = format!("{passed:>2} of {total} tests pass");
    if run.timed_out {
        line.push_str(&format!(
            "   (stopped after {} s: does a program hang?)",
            HANG_LIMIT.as_secs()
        ));
    }
    if total > 0 && passed == total {
        line.push_str("   done");
        return (line, None);
    }
    let failure = run.first_failure().map(str::to_string);
    if let Some(test) = &failure
        && !earlier_unfinished
    {
        line.push_str(&format!("   <- you are here: {test}"));
    }
    (line, failure)
}
