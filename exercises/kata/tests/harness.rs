//! The harness tested against deliberately broken programs: each failure
//! must say, in the words a student reads, what was expected and what
//! happened. Small shell scripts play the broken programs.
#![cfg(unix)]

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

use kata::{Exit, Program, Scene, Want};

/// Runs `check` and returns the report it failed with. (The panic message
/// also goes to the test's captured output, shown only if this test fails.)
fn report_of(check: impl FnOnce()) -> String {
    match catch_unwind(AssertUnwindSafe(check)) {
        Ok(()) => panic!("the check should have failed"),
        Err(payload) => payload
            .downcast_ref::<String>()
            .cloned()
            .unwrap_or_else(|| "(not a text)".to_string()),
    }
}

fn shell() -> Program {
    Program::new("sh")
}

/// The report's line that starts with `label:`, without the label.
fn field<'a>(report: &'a str, label: &str) -> &'a str {
    report
        .lines()
        .find_map(|line| line.trim_start().strip_prefix(&format!("{label}:")))
        .map(str::trim)
        .unwrap_or_else(|| panic!("no {label:?} in:\n{report}"))
}

#[test]
fn a_listening_line_with_port_zero_is_refused() {
    let report = report_of(|| {
        let scene = Scene::new();
        let mut server = scene.spawn(
            "server",
            &shell(),
            &["-c", "echo 'Listening on udp://127.0.0.1:0'; sleep 5"],
        );
        server.listening("udp");
    });
    assert_eq!(
        field(&report, "expected"),
        "the real port the system picked for --port 0"
    );
    assert_eq!(
        field(&report, "got"),
        "\"Listening on udp://127.0.0.1:0\": port 0 is not a port anyone can reach"
    );
    assert!(
        report.contains("[server]  Listening on udp://127.0.0.1:0"),
        "{report}"
    );
}

#[test]
fn a_silent_program_is_waited_for_no_longer_than_the_scene_allows() {
    let started = Instant::now();
    let report = report_of(|| {
        let scene = Scene::with_wait(Duration::from_millis(300));
        let mut server = scene.spawn("server", &shell(), &["-c", "sleep 5"]);
        server.expect_line(Want::containing("hello").hint("say hello"));
    });
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(
        field(&report, "expected"),
        "the server prints something containing \"hello\""
    );
    assert_eq!(
        field(&report, "got"),
        "no such line within 0.3 s; the server is still running"
    );
    assert_eq!(field(&report, "hint"), "say hello");
}

#[test]
fn a_program_stopped_at_a_todo_is_told_so() {
    let report = report_of(|| {
        let scene = Scene::new();
        let script = "echo \"thread 'main' panicked at src/bin/server.rs:9:5:\" >&2; \
                      echo 'not yet implemented: step 1: bind' >&2; exit 101";
        let mut server = scene.spawn("server", &shell(), &["-c", script]);
        server.listening("udp");
    });
    assert_eq!(
        field(&report, "got"),
        "no such line: the server exited with exit code 101 (Rust's exit code after a panic)"
    );
    assert_eq!(
        field(&report, "hint"),
        "the server stopped at a todo!(): that step is yours to write (its message is in the log below)"
    );
    assert!(
        report.contains("[server stderr]  not yet implemented: step 1: bind"),
        "{report}"
    );
}

#[test]
fn the_wrong_exit_code_is_reported_with_the_hint() {
    let report = report_of(|| {
        let scene = Scene::new();
        let mut client = scene.spawn("client", &shell(), &["-c", "exit 3"]);
        client.expect_exit_hint(Exit::Success, Some("return Ok(())"));
    });
    assert_eq!(
        field(&report, "expected"),
        "the client ends with exit code 0"
    );
    assert_eq!(field(&report, "got"), "the client exited with exit code 3");
    assert_eq!(field(&report, "hint"), "return Ok(())");
}

#[test]
fn a_peer_stops_waiting_when_the_program_it_waits_for_ends() {
    let started = Instant::now();
    let report = report_of(|| {
        let scene = Scene::new();
        let mut server = scene.udp_server_peer("test");
        let client = scene.spawn("client", &shell(), &["-c", "exit 1"]);
        server.watch(&client);
        server.expect(Want::exactly("Hello, server"));
    });
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "waited {:?}",
        started.elapsed()
    );
    assert_eq!(
        field(&report, "got"),
        "nothing: the client ended first (see the log below)"
    );
}

#[test]
fn a_dropped_process_is_killed() {
    let scene = Scene::new();
    let sleeper = scene.spawn("sleeper", &shell(), &["-c", "sleep 30"]);
    let pid = sleeper.id();
    drop(sleeper);
    let alive = std::path::Path::new(&format!("/proc/{pid}")).exists();
    assert!(!alive, "process {pid} outlived its Proc");
}

#[test]
fn the_replay_commands_use_port_8080() {
    let report = report_of(|| {
        let scene = Scene::new();
        let program = Program::cargo(std::path::Path::new("/bin/true"), "kata-01-hello");
        let mut server = scene.spawn("server", &program, &["--port", "0"]);
        server.expect_line("never");
    });
    assert!(
        report.contains("cargo run -q -p kata-01-hello --bin true -- --port 8080"),
        "{report}"
    );
}
