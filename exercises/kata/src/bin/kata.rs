//! `cargo kata`: your progress through the exercises, and the proof that
//! their tests are fair.
//!
//! ```text
//! cargo kata progress   how far you are: each stage's tests, and what is next
//! cargo kata verify     for CI: every test fails on the starter code and
//!                       passes against the reference programs
//! ```

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Duration;

use kata::runner::{self, StageDir, TestRun, Verdict};

/// A stage run that takes longer than this has hung. The harness bounds
/// every wait, so this only catches what it cannot: a program that ignores
/// its own deadlines while the test still waits on it.
const HANG_LIMIT: Duration = Duration::from_secs(90);

const USAGE: &str = "\
Usage: cargo kata [progress | verify]

  progress   run every stage's tests and show how far you are (the default)
  verify     prove the tests fair: each fails on the starter code as shipped
             and passes against the reference programs (this is what CI runs)";

fn main() -> ExitCode {
    let command = std::env::args().nth(1);
    match command.as_deref() {
        None | Some("progress") => progress(),
        Some("verify") => verify(),
        Some("-h" | "--help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("error: unknown command '{other}'\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn progress() -> ExitCode {
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
                Ok(run) => describe_progress(stage, &run, &mut next),
            },
        };
        println!("  {:<18} {line}", stage.folder);
    }
    println!();
    match next {
        None => println!("All stages pass. Well done!"),
        Some((folder, test)) => {
            println!("Next: {test}");
            println!("      cd exercises/{folder} && cargo test");
            println!("      (its README.md has the steps and hints)");
        }
    }
    ExitCode::SUCCESS
}

fn describe_progress(
    stage: &StageDir,
    run: &TestRun,
    next: &mut Option<(String, String)>,
) -> String {
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

fn verify() -> ExitCode {
    let Some(reference) = build_reference() else {
        return ExitCode::FAILURE;
    };
    let stages = runner::stages();
    if stages.is_empty() {
        eprintln!(
            "error: no stages found in {}",
            runner::exercises_dir().display()
        );
        return ExitCode::FAILURE;
    }
    println!("Fairness: every test must fail on the starter and pass against the reference.\n");
    println!(
        "  {:<18} {:>5}  {:<28} {:<28}",
        "stage", "tests", "on the starter", "on the reference"
    );
    let (mut fair, mut unfair) = (0, 0);
    let mut problems = Vec::new();
    for stage in &stages {
        if let Err(errors) = runner::build(stage) {
            println!("  {:<18} does not compile", stage.folder);
            problems.push(format!("{} does not compile:\n{errors}", stage.folder));
            unfair += 1;
            continue;
        }
        let runs = runner::run_tests(stage, None, HANG_LIMIT).and_then(|starter| {
            Ok((
                starter,
                runner::run_tests(stage, Some(&reference), HANG_LIMIT)?,
            ))
        });
        let (starter, solved) = match runs {
            Ok(runs) => runs,
            Err(error) => {
                problems.push(format!("{}: cannot run the tests: {error}", stage.folder));
                unfair += 1;
                continue;
            }
        };
        println!(
            "  {:<18} {:>5}  {:<28} {:<28}",
            stage.folder,
            starter.tests.len(),
            summary(&starter),
            summary(&solved)
        );
        let (stage_fair, stage_problems) = judge(stage, &starter, &solved);
        fair += stage_fair;
        unfair += stage_problems.len();
        problems.extend(stage_problems);
    }
    println!();
    for problem in &problems {
        println!("UNFAIR: {problem}\n");
    }
    println!("fairness: {fair} passed, {unfair} failed");
    if unfair == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// `10 failed in 0.2 s`.
fn summary(run: &TestRun) -> String {
    let mut parts = Vec::new();
    for (verdict, word) in [
        (Verdict::Passed, "passed"),
        (Verdict::Failed, "failed"),
        (Verdict::Ignored, "ignored"),
    ] {
        let count = run.count(verdict);
        if count > 0 {
            parts.push(format!("{count} {word}"));
        }
    }
    if parts.is_empty() {
        parts.push("no tests ran".to_string());
    }
    let time = if run.timed_out {
        format!("HUNG after {} s", run.elapsed.as_secs())
    } else {
        format!("in {:.2} s", run.elapsed.as_secs_f64())
    };
    format!("{} {time}", parts.join(", "))
}

/// Counts the fair tests of a stage and describes the unfair ones.
fn judge(stage: &StageDir, starter: &TestRun, solved: &TestRun) -> (usize, Vec<String>) {
    let mut problems = Vec::new();
    if starter.tests.is_empty() {
        problems.push(format!(
            "{}: no tests ran on the starter\n{}",
            stage.folder,
            tail(&starter.output)
        ));
    }
    for (run, what) in [(starter, "the starter"), (solved, "the reference")] {
        if run.timed_out {
            problems.push(format!(
                "{}: the tests hung on {what} (stopped after {} s)\n{}",
                stage.folder,
                HANG_LIMIT.as_secs(),
                tail(&run.output)
            ));
        }
    }
    let mut fair = 0;
    for (name, on_starter) in &starter.tests {
        let on_reference = solved
            .tests
            .iter()
            .find(|(other, _)| other == name)
            .map(|(_, verdict)| *verdict);
        match (on_starter, on_reference) {
            (Verdict::Failed, Some(Verdict::Passed)) => fair += 1,
            (Verdict::Failed, _) => problems.push(format!(
                "{} {name}: the reference does not pass it\n{}",
                stage.folder,
                failure_of(name, &solved.output)
            )),
            (verdict, _) => problems.push(format!(
                "{} {name}: the starter does not fail it ({verdict:?})",
                stage.folder
            )),
        }
    }
    (fair, problems)
}

/// The report libtest printed for one failed test.
fn failure_of(name: &str, output: &str) -> String {
    let start = format!("---- {name} stdout ----");
    match output.find(&start) {
        Some(at) => {
            let rest = &output[at..];
            let end = rest[start.len()..]
                .find("\n---- ")
                .map(|end| end + start.len())
                .unwrap_or(rest.len());
            rest[..end].to_string()
        }
        None => tail(output),
    }
}

fn tail(output: &str) -> String {
    let lines: Vec<&str> = output.lines().collect();
    lines[lines.len().saturating_sub(30)..].join("\n")
}

/// Builds the reference `server` and `client`; returns their folder.
fn build_reference() -> Option<PathBuf> {
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
