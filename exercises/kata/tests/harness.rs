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
fn a_tcp_accept_stops_waiting_when_the_client_ends_first() {
    // The client under test panics before it connects: the test playing
    // the server must say so at once, on every system (it asks the child
    // itself, not /proc: CI runs this file with /proc hidden too).
    for raw in [false, true] {
        let started = Instant::now();
        let report = report_of(|| {
            let scene = Scene::new();
            let listener = scene.tcp_server_socket("test");
            let client = scene.spawn("client", &shell(), &["-c", "exit 101"]);
            if raw {
                kata::raw::Raw::accept_from(&scene, "test", &listener, &client);
            } else {
                kata::peer::accept_from(&scene, "test", &listener, &client);
            }
        });
        assert!(
            started.elapsed() < Duration::from_secs(2),
            "waited {:?}",
            started.elapsed()
        );
        assert_eq!(
            field(&report, "got"),
            "no connection: the client ended first (see the log below)"
        );
    }
}

#[test]
fn a_refused_connection_after_an_accepted_one_means_the_listener_is_gone() {
    let report = report_of(|| {
        let scene = Scene::new();
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        drop(scene.connect_tcp(address));
        drop(listener);
        scene.connect_tcp(address);
    });
    assert!(
        field(&report, "hint").contains("it no longer listens"),
        "{report}"
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

#[test]
fn a_line_printed_without_its_end_is_shown_and_named() {
    let report = report_of(|| {
        let scene = Scene::with_wait(Duration::from_millis(500));
        let script = "printf 'Listening on udp://127.0.0.1:5555'; sleep 5";
        let mut server = scene.spawn("server", &shell(), &["-c", script]);
        server.listening("udp");
    });
    assert!(
        field(&report, "got").contains("but no line end after it"),
        "{report}"
    );
    assert!(
        field(&report, "hint").contains("without a line end"),
        "{report}"
    );
    assert!(
        report.contains("Listening on udp://127.0.0.1:5555   <- no line end (\\n) yet"),
        "{report}"
    );
}

#[test]
fn a_message_with_a_line_end_is_a_near_miss_not_nothing() {
    let report = report_of(|| {
        let scene = Scene::with_wait(Duration::from_millis(500));
        let mut server = scene.udp_server_peer("test");
        // A client that sends the line with its \n, as read_line gives it.
        let client = std::net::UdpSocket::bind("127.0.0.1:0").unwrap();
        client
            .send_to(b"SAY hello, room\n", server.local_addr())
            .unwrap();
        server.expect(Want::exactly("SAY hello, room").hint("send SAY and the line"));
    });
    assert!(field(&report, "got").starts_with("almost:"), "{report}");
    assert!(field(&report, "hint").contains("ends with \\n"), "{report}");
}

#[test]
fn a_whole_buffer_printed_is_named() {
    let report = report_of(|| {
        let scene = Scene::with_wait(Duration::from_millis(500));
        let script = "printf '[127.0.0.1:9] Hello\\0\\0\\0\\n'; sleep 5";
        let mut server = scene.spawn("server", &shell(), &["-c", script]);
        server.expect_line(Want::line_ending_with("127.0.0.1:9", "Hello"));
    });
    assert!(
        field(&report, "hint").contains("3 zero characters"),
        "{report}"
    );
    assert!(report.contains("Hello\\0\\0\\0"), "{report}");
}

#[test]
fn errors_from_the_system_become_advice() {
    let report = report_of(|| {
        let scene = Scene::new();
        let script = "echo 'error: Address already in use (os error 98)' >&2; exit 1";
        let mut client = scene.spawn("client", &shell(), &["-c", script]);
        client.expect_line("Hello, client");
    });
    assert!(field(&report, "hint").contains("\"0.0.0.0:0\""), "{report}");
}

#[test]
fn a_panic_in_a_servers_own_parsing_is_told_apart_from_a_network_error() {
    let crash = |message: &str| {
        let script = format!(
            "echo \"thread 'main' (7) panicked at src/bin/server.rs:40:51:\" >&2; \
             echo '{message}' >&2; exit 101"
        );
        report_of(move || {
            let scene = Scene::new();
            let mut server = scene.spawn("server", &shell(), &["-c", &script]);
            server.expect_line("MSG");
        })
    };
    let parse = crash("called `Option::unwrap()` on a `None` value");
    assert!(
        field(&parse, "hint").contains("must not stop a server"),
        "{parse}"
    );
    assert!(
        field(&parse, "hint").contains("src/bin/server.rs:40:51"),
        "{parse}"
    );
    let network =
        crash("called `Result::unwrap()` on an `Err` value: Os { code: 98, kind: AddrInUse }");
    assert!(field(&network, "hint").contains("with ?"), "{network}");
}

/// Fails on purpose; run only by the test below, in a process of its own.
#[test]
#[ignore = "fails on purpose: see a_failure_report_has_no_panic_line_or_backtrace"]
fn deliberately_failing() {
    let scene = Scene::with_wait(Duration::from_millis(100));
    let mut server = scene.spawn("server", &shell(), &["-c", "exit 0"]);
    server.expect_line(Want::containing("never").hint("the hint of the deliberate failure"));
}

#[test]
fn a_failure_report_has_no_panic_line_or_backtrace() {
    // IDEs set RUST_BACKTRACE=1; a student must still see only the report.
    // (Without /proc, Linux cannot tell current_exe: argv[0] names it too.)
    let this = std::env::current_exe()
        .unwrap_or_else(|_| std::env::args().next().expect("argv[0]").into());
    let output = std::process::Command::new(this)
        .args(["--ignored", "--exact", "deliberately_failing"])
        .env("RUST_BACKTRACE", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&output.stdout).into_owned()
        + &String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "{text}");
    assert!(
        text.contains("hint:     the hint of the deliberate failure"),
        "{text}"
    );
    assert!(!text.contains("panicked at"), "{text}");
    assert!(!text.contains("stack backtrace"), "{text}");
}
