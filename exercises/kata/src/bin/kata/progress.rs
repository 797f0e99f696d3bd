//! `cargo kata progress`: every stage's tests, and where you are.

use std::process::ExitCode;

use kata::runner::{self, StageDir, TestRun, Verdict};

use crate::verify::HANG_LIMIT;

pub fn run() -> ExitCode {
    let stages = runner::stages();
    println!("socket-kata: your progress through the exercises\n");
    let mut next: Option<(String, String)> = None;
    for stage in &stages {
        let line = match runner::build(stage) {
            Err(errors) => {
                next.get_or_insert_with(|| {
                    (stage.folder.clone(), "make it compile first".to_string())
                });
                let first = errors
                    .lines()
                    .find(|line| line.starts_with("error"))
                    .unwrap_or("see `cargo build`");
                format!("does not compile: {first}")
            }
            Ok(()) => match runner::run_tests(stage, None, HANG_LIMIT) {
                Err(error) => format!("cannot run its tests: {error}"),
                Ok(run) => describe(stage, &run, &mut next),
            },
        };
        println!("  {:<18} {line}", stage.folder);
    }
    println!();
    match next {
        None => println!("All stages pass. Well done!"),
        Some((folder, test)) => {
            println!("Next: {test}");
            println!("      cargo kata check {folder}   (or: cd exercises/{folder} && cargo test)");
            println!("      (its README.md has the steps and hints)");
        }
    }
    ExitCode::SUCCESS
}

fn describe(stage: &StageDir, run: &TestRun, next: &mut Option<(String, String)>) -> String {
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
    } else if let Some(failure) = run.first_failure()
        && next.is_none()
    {
        *next = Some((stage.folder.clone(), failure.to_string()));
        line.push_str(&format!("   <- you are here: {failure}"));
    }
    line
}
