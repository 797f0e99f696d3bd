//! The command line, and the errors a user meets first: each is one line on
//! stderr that starts with `error:`, with exit code 2 for a wrong command line
//! and 1 for a failure at run time. Never a panic.

use std::net::{TcpListener, UdpSocket};
use std::time::Duration;

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin;
use kata::Transport::{self, Tcp, Udp};
use kata::{Exit, Scene, Want};
use predicates::prelude::*;
use rstest::rstest;

/// An assert_cmd command for a reference binary, with a deadline: a one-shot
/// run that hangs fails instead of stalling the suite.
fn run(binary: &str) -> Command {
    let mut command = Command::new(cargo_bin(binary));
    command.timeout(Duration::from_secs(10));
    command
}

/// stderr holds exactly one line, and it starts with `error:`.
fn one_error_line() -> impl Predicate<str> {
    predicate::str::starts_with("error: ")
        .and(predicate::function(|text: &str| text.lines().count() == 1))
        .and(predicate::str::contains("panicked").not())
}

#[rstest]
fn help_is_printed_on_stdout_with_exit_code_0(#[values("server", "client")] binary: &str) {
    run(binary)
        .arg("--help")
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("Usage: {binary} [MODE]")))
        .stderr("");
}

#[rstest]
#[case::port_out_of_range("server", &["--port", "70000"], "invalid port '70000'")]
#[case::port_not_a_number("client", &["--port", "http"], "invalid port 'http'")]
#[case::missing_value("server", &["--host"], "--host needs a value")]
#[case::unknown_option("client", &["--verbose"], "unknown option '--verbose'")]
#[case::unknown_mode("server", &["shout"], "unknown mode 'shout'")]
#[case::two_modes("client", &["echo", "chat"], "unexpected argument 'chat'")]
#[case::zero_timeout("client", &["--timeout", "0"], "invalid --timeout '0'")]
#[case::timeout_rounding_to_nothing("client", &["--timeout", "1e-10"], "invalid --timeout '1e-10': expected a number of seconds from 0.001")]
#[case::switch_with_value("server", &["--tcp=yes"], "--tcp takes no value")]
fn a_wrong_command_line_is_one_error_line_and_exit_code_2(
    #[case] binary: &str,
    #[case] args: &[&str],
    #[case] message: &str,
) {
    run(binary)
        .args(args)
        .assert()
        .code(2)
        .stdout("")
        .stderr(one_error_line().and(predicate::str::contains(message)));
}

#[rstest]
fn a_port_in_use_is_reported_with_exit_code_1(#[values(Udp, Tcp)] transport: Transport) {
    // Hold a port of each kind, then ask the server for the same one.
    let udp = UdpSocket::bind("127.0.0.1:0").unwrap();
    let tcp = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = match transport {
        Udp => udp.local_addr().unwrap().port(),
        Tcp => tcp.local_addr().unwrap().port(),
    };
    run("server")
        .args(["--port", &port.to_string()])
        .args(transport.flags())
        .assert()
        .code(1)
        .stdout("")
        .stderr(one_error_line().and(predicate::str::starts_with(format!(
            "error: cannot listen on {}://127.0.0.1:{port}: ",
            transport.scheme()
        ))));
}

/// A port nobody listens on: bound for a moment by the test, then freed.
fn free_port(transport: Transport) -> u16 {
    match transport {
        Udp => UdpSocket::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port(),
        Tcp => TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port(),
    }
}

#[rstest]
fn with_no_server_the_client_says_so_and_how_to_start_one(
    #[values(Udp, Tcp)] transport: Transport,
    #[values("hello", "echo", "chat", "room")] mode: &str,
) {
    let port = free_port(transport);
    // The client must give up within its timeout plus a second.
    let scene = Scene::with_wait(Duration::from_secs(3));
    let mut client = scene.spawn(
        "client",
        &crate::support::client_program(),
        &[
            &[mode, "--port", &port.to_string(), "--timeout", "2"],
            transport.flags(),
        ]
        .concat(),
    );
    client.send_line("Hello?");
    client.expect_stderr(Want::containing_all(&[
        "error: no server at",
        &format!("{}://127.0.0.1:{port}", transport.scheme()),
        "cargo run --bin server",
    ]));
    client.expect_exit(Exit::Code(1));
}

#[rstest]
fn a_server_that_never_answers_makes_the_client_give_up_after_its_timeout(
    #[values(Udp, Tcp)] transport: Transport,
) {
    // A socket that takes datagrams (or, through the backlog, connections)
    // and never answers.
    let silent_udp = UdpSocket::bind("127.0.0.1:0").unwrap();
    let silent_tcp = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = match transport {
        Udp => silent_udp.local_addr().unwrap().port(),
        Tcp => silent_tcp.local_addr().unwrap().port(),
    };
    let scene = Scene::with_wait(Duration::from_millis(1500));
    let mut client = scene.spawn(
        "client",
        &crate::support::client_program(),
        &[
            &["hello", "--port", &port.to_string(), "--timeout", "0.5"],
            transport.flags(),
        ]
        .concat(),
    );
    client.expect_stderr(Want::containing_all(&[
        "error: no answer from",
        &format!(":{port} within 0.5 s"),
    ]));
    client.expect_exit(Exit::Code(1));
}
