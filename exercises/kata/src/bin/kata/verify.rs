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

/// What `cargo kata verify` was asked for.
#[derive(Debug, Default, PartialEq, Eq)]
struct Options {
    /// The stages to verify; all of them if empty.
    stages: Vec<String>,
    /// How many times to verify them; a check that passes in some runs and
    /// fails in others is named as flaky.
    repeat: usize,
    /// How many threads keep the processor busy meanwhile, as other work
    /// on a student's laptop or a shared CI machine does.
    busy: usize,
}

const VERIFY_USAGE: &str = "\
Usage: cargo kata verify [--repeat N] [--busy N] [STAGE…]

  --repeat N   verify N times; name every check that passes in some runs and
               fails in others (a verdict that depends on the machine)
  --busy N     keep N threads spinning meanwhile, so that the verdicts are
               proven on a loaded machine (CI uses --busy 2)";

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options {
        repeat: 1,
        ..Options::default()
    };
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        let mut count = |flag: &str| -> Result<usize, String> {
            args.next()
                .and_then(|value| value.parse().ok())
                .ok_or_else(|| format!("{flag} needs a number"))
        };
        match arg.as_str() {
            "--repeat" => options.repeat = count("--repeat")?.max(1),
            "--busy" => options.busy = count("--busy")?,
            flag if flag.starts_with('-') => return Err(format!("unknown option '{flag}'")),
            stage => options.stages.push(stage.to_string()),
        }
    }
    Ok(options)
}

pub fn run(args: &[String]) -> ExitCode {
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        println!("{VERIFY_USAGE}");
        return ExitCode::SUCCESS;
    }
    let options = match parse_options(args) {
        Ok(options) => options,
        Err(error) => {
            eprintln!("error: {error}\n{VERIFY_USAGE}");
            return ExitCode::from(2);
        }
    };
    let recording = std::env::var_os(RECORD_ENV).is_some_and(|value| value == "1");
    if recording && options.repeat > 1 {
        eprintln!("error: record once: {RECORD_ENV}=1 and --repeat do not go together");
        return ExitCode::from(2);
    }
    let Some(reference) = build_reference() else {
        return ExitCode::FAILURE;
    };
    let stages: Vec<StageDir> = runner::stages()
        .into_iter()
        .filter(|stage| {
            options.stages.is_empty() || options.stages.iter().any(|name| names(stage, name))
        })
        .collect();
    if stages.is_empty() {
        eprintln!(
            "error: no stages found in {}",
            runner::exercises_dir().display()
        );
        return ExitCode::FAILURE;
    }
    let _busy = Busy::start(options.busy);
    if options.busy > 0 {
        println!(
            "{} threads keep the processor busy meanwhile.",
            options.busy
        );
    }
    println!(
        "Every test must fail on the starter and pass on the solution and the reference;\n\
         every mistake must fail, its first failing test showing the hint recorded for it.\n"
    );
    let mut runs = Vec::new();
    for round in 1..=options.repeat {
        if options.repeat > 1 {
            println!("== run {round} of {}", options.repeat);
        }
        let mut tally = Tally::default();
        for stage in &stages {
            verify_stage(stage, &reference, recording, &mut tally);
        }
        println!();
        for problem in &tally.problems {
            println!("FAILED: {problem}\n");
        }
        if options.repeat > 1 {
            println!(
                "run {round}: {} passed, {} failed\n",
                tally.passed,
                tally.problems.len()
            );
        }
        runs.push(tally);
    }
    if recording {
        println!("Recorded the first failure, hint and changes of every mistake: read `git diff`.");
    }
    let failed = if options.repeat > 1 {
        report_flaky(&runs)
    } else {
        runs[0].problems.len()
    };
    let passed: usize = runs.iter().map(|tally| tally.passed).sum::<usize>() / runs.len();
    println!("verify: {passed} passed, {failed} failed");
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}

/// Names every check that failed in some runs, with how often; returns how
/// many distinct checks failed.
fn report_flaky(runs: &[Tally]) -> usize {
    // A problem's first line names the stage, the program and the check;
    // the rest (a report with times and ports) differs from run to run.
    let mut seen: Vec<(String, usize)> = Vec::new();
    for tally in runs {
        let mut keys: Vec<&str> = tally
            .problems
            .iter()
            .map(|problem| problem.lines().next().unwrap_or_default())
            .collect();
        keys.dedup();
        for key in keys {
            match seen.iter_mut().find(|(known, _)| known == key) {
                Some((_, count)) => *count += 1,
                None => seen.push((key.to_string(), 1)),
            }
        }
    }
    for (key, count) in &seen {
        let kind = if *count < runs.len() {
            "FLAKY"
        } else {
            "every run"
        };
        println!("{kind}: failed in {count} of {} runs: {key}", runs.len());
    }
    seen.len()
}

/// Threads that spin until dropped: a loaded machine, made on purpose.
struct Busy {
    stop: std::sync::Arc<std::sync::atomic::AtomicBool>,
    threads: Vec<std::thread::JoinHandle<()>>,
}

impl Busy {
    fn start(count: usize) -> Busy {
        let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let threads = (0..count)
            .map(|_| {
                let stop = std::sync::Arc::clone(&stop);
                std::thread::spawn(move || {
                    let mut x: u64 = 1;
                    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                        for _ in 0..10_000 {
                            x = std::hint::black_box(
                                x.wrapping_mul(6364136223846793005).wrapping_add(1),
                            );
                        }
                    }
                })
            })
            .collect();
        Busy { stop, threads }
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
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
    check_catalogue_files(stage, &folder, &catalogue, tally);
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
    let drift: Vec<Option<usize>> = catalogue
        .mistakes
        .iter()
        .map(|mistake| drift_of(&catalogue, mistake))
        .collect();
    for (((mistake, program), outcome), changes) in catalogue
        .mistakes
        .iter()
        .zip(&programs)
        .zip(outcomes)
        .zip(&drift)
    {
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
        if !recording {
            judge_drift(stage, mistake, *changes, tally);
        }
        judge_mistake(stage, mistake, &tests, outcome, recording, *changes, tally);
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

/// Every catalogue file has its one `[[bin]]` block, and every block its
/// file.
fn check_catalogue_files(
    stage: &StageDir,
    folder: &Path,
    catalogue: &Catalogue,
    tally: &mut Tally,
) {
    let bins: Vec<_> = runner::manifest_bins(stage)
        .into_iter()
        .filter(|bin| bin.path.starts_with(catalogue::META_DIR))
        .collect();
    let problems = catalogue::unmatched_bins(folder, catalogue, &bins);
    tally.check(problems.is_empty(), || {
        format!(
            "{}: the catalogue and the [[bin]] blocks of its Cargo.toml disagree:\n  {}",
            stage.folder,
            problems.join("\n  ")
        )
    });
}

/// How many lines `mistake` differs from its solution, if both can be read.
fn drift_of(catalogue: &Catalogue, mistake: &Mistake) -> Option<usize> {
    let solution = std::fs::read_to_string(catalogue::solution_of(catalogue, mistake)?).ok()?;
    let broken = std::fs::read_to_string(&mistake.path).ok()?;
    Some(catalogue::changes_between(&solution, &broken))
}

/// A mistake may differ from its solution by at most the lines recorded:
/// one that drifts further has missed a fix of the solution, or grown a
/// second bug.
fn judge_drift(stage: &StageDir, mistake: &Mistake, changes: Option<usize>, tally: &mut Tally) {
    let problem = match (changes, mistake.changes) {
        (None, _) => {
            Some("cannot be compared with its solution (is the solution there?)".to_string())
        }
        (Some(_), None) => Some(format!(
            "has no kata:changes line; record it: KATA_RECORD=1 cargo kata verify {}",
            stage.folder
        )),
        (Some(now), Some(recorded)) if now > recorded => Some(format!(
            "now differs from its solution in {now} lines, {recorded} when recorded: carry the \
             solution's changes into it (it should be the solution with one mistake), or, if \
             the new difference is meant, record it: KATA_RECORD=1 cargo kata verify {}",
            stage.folder
        )),
        _ => None,
    };
    tally.check(problem.is_none(), || {
        format!(
            "{} {}: {}",
            stage.folder,
            mistake.name,
            problem.unwrap_or_default()
        )
    });
}

#[allow(clippy::too_many_arguments)]
fn judge_mistake(
    stage: &StageDir,
    mistake: &Mistake,
    tests: &[String],
    outcome: std::io::Result<TestRun>,
    recording: bool,
    changes: Option<usize>,
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
        let written = catalogue::record(mistake, first, &hint, changes.unwrap_or_default());
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
            .filter_map(|bin| {
                let executable = built.get(bin.name.as_str())?;
                Some((normalise(&folder.join(bin.path)), executable.to_path_buf()))
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
    fn options_are_read_and_unknown_ones_refused() {
        let args = |list: &[&str]| list.iter().map(|arg| arg.to_string()).collect::<Vec<_>>();
        let options = parse_options(&args(&["--repeat", "3", "05", "--busy", "2"])).unwrap();
        assert_eq!(
            options,
            Options {
                stages: vec!["05".to_string()],
                repeat: 3,
                busy: 2
            }
        );
        assert!(parse_options(&args(&["--repeat"])).is_err());
        assert!(
            parse_options(&args(&["--fast"]))
                .unwrap_err()
                .contains("--fast")
        );
        assert_eq!(parse_options(&args(&[])).unwrap().repeat, 1);
    }

    #[test]
    fn a_mistake_that_drifts_from_its_solution_fails() {
        let stage = StageDir {
            folder: "01-hello".to_string(),
            package: "kata-01-hello".to_string(),
            track: String::new(),
        };
        let text = "//! Mistake: x\n//! kata:replaces server\n//! kata:changes 2\n\nfn main() {}\n";
        let mistake = catalogue::parse(Path::new("x.rs"), text).unwrap();
        let mut tally = Tally::default();
        judge_drift(&stage, &mistake, Some(2), &mut tally);
        judge_drift(&stage, &mistake, Some(1), &mut tally);
        assert_eq!((tally.passed, tally.problems.len()), (2, 0));
        judge_drift(&stage, &mistake, Some(3), &mut tally);
        assert!(
            tally.problems[0].contains("in 3 lines, 2 when recorded"),
            "{:?}",
            tally.problems
        );
        let unrecorded = catalogue::parse(
            Path::new("x.rs"),
            "//! Mistake: x\n//! kata:replaces server\n",
        )
        .unwrap();
        judge_drift(&stage, &unrecorded, Some(0), &mut tally);
        assert!(
            tally.problems[1].contains("no kata:changes line"),
            "{:?}",
            tally.problems
        );
    }

    #[test]
    fn hints_match_whatever_the_line_numbers() {
        assert!(same_hint("at src/x.rs:27:66 (a)", "at src/x.rs:31:2 (a)"));
        assert!(!same_hint("at src/x.rs:27:66 (a)", "at src/y.rs:27:66 (a)"));
        assert_eq!(masked("a.rs: b"), "a.rs: b");
    }
}
