//! Signals: Ctrl+Z then `fg`, `kill` (SIGTERM), and Ctrl+C in a program whose
//! parent ignored SIGINT. Unix only: Windows has no such signals.
#![cfg(unix)]

use std::net::SocketAddr;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use kata::Transport::{self, Tcp, Udp};
use kata::{Exit, Proc, Program, Scene, Want};
use rstest::rstest;

use crate::support::{client_program, server_program, start_named_client, start_server};

/// Sends signal `name` (`STOP`, `CONT`, `TERM`) with the `kill` command.
fn signal(process: &Proc, name: &str) {
    let status = Command::new("kill")
        .args([format!("-{name}"), process.id().to_string()])
        .stdin(Stdio::null())
        .status()
        .expect("the kill command runs");
    assert!(status.success(), "kill -{name} failed");
}

/// The states (`R`, `S`, `T`…) of every thread of `pid`, from /proc.
fn thread_states(pid: u32) -> Vec<char> {
    let Ok(tasks) = std::fs::read_dir(format!("/proc/{pid}/task")) else {
        return Vec::new();
    };
    tasks
        .filter_map(|task| std::fs::read_to_string(task.ok()?.path().join("stat")).ok())
        .filter_map(|stat| stat.rsplit_once(") ")?.1.chars().next())
        .collect()
}

/// Waits (with a deadline) until every thread of `process` is in `state`.
/// Polling /proc is the only way to see a process's state; each look is
/// bounded and the whole wait is too.
fn wait_for_state(process: &Proc, state: char) {
    let deadline = Instant::now() + Duration::from_secs(5);
    loop {
        let states = thread_states(process.id());
        if !states.is_empty() && states.iter().all(|&s| s == state) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the process never reached state {state}: {states:?}"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Ctrl+Z, then `fg`: the process is stopped while it waits, then resumed.
fn stop_and_resume(process: &Proc) {
    wait_for_state(process, 'S');
    signal(process, "STOP");
    wait_for_state(process, 'T');
    signal(process, "CONT");
}

#[rstest]
#[case::hello("hello")]
#[case::echo("echo")]
#[case::chat_with_a_timeout("chat")]
fn ctrl_z_and_fg_do_not_kill_a_udp_client_waiting_for_an_answer(#[case] mode: &str) {
    let scene = Scene::new();
    let mut server = scene.udp_server_peer("server");
    let mut client = start_named_client(
        &scene,
        "client",
        mode,
        Udp,
        server.local_addr(),
        &["--timeout", "10"],
    );
    if mode != "hello" {
        client.send_line("hi");
    }
    server.expect(Want::matching("a message", |_| true));
    // The client now waits in a receive with a timeout.
    stop_and_resume(&client);
    server.send(b"still here");
    client.expect_line(Want::exactly("[server] still here"));
}

#[test]
fn ctrl_z_and_fg_do_not_kill_a_udp_room_member() {
    let scene = Scene::new();
    let mut server = scene.udp_server_peer("server");
    let mut client = start_named_client(
        &scene,
        "neo",
        "room",
        Udp,
        server.local_addr(),
        &["--name", "neo"],
    );
    server.expect(Want::exactly("JOIN neo"));
    server.send(b"WELCOME neo 30");
    client.expect_next_line(Want::exactly("* you joined the room as neo"));
    server.send(b"MSG trinity before");
    client.expect_next_line(Want::exactly("[trinity] before"));
    stop_and_resume(&client);
    server.send(b"MSG trinity after");
    client.expect_next_line(Want::exactly("[trinity] after"));
}

/// Starts `client room --name NAME` and waits until it has joined.
#[track_caller]
fn member(scene: &Scene, name: &str, transport: Transport, server: SocketAddr) -> Proc {
    let mut client = start_named_client(scene, name, "room", transport, server, &["--name", name]);
    client.expect_next_line(Want::exactly(format!("* you joined the room as {name}")));
    client
}

#[rstest]
fn kill_leaves_the_room_like_ctrl_c(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "room", transport, &[]);
    let mut alice = member(&scene, "alice", transport, address);
    let mut bob = member(&scene, "bob", transport, address);
    alice.expect_next_line(Want::exactly("* bob joined"));
    signal(&bob, "TERM");
    bob.expect_exit(Exit::Success);
    alice.expect_next_line(Want::exactly("* bob left"));
    // And the server closes the room on SIGTERM as on Ctrl+C.
    signal(&server, "TERM");
    alice.expect_next_line(Want::exactly("* the server closed the room"));
    alice.expect_exit(Exit::Success);
    server.expect_exit(Exit::Success);
}

/// `program args…` started the way `nohup`, a script's background job or
/// some IDEs start it: with SIGINT ignored, which a program inherits.
fn with_sigint_ignored(program: &Program, args: &[&str]) -> (Program, Vec<String>) {
    let mut script = format!("trap '' INT; exec '{}'", program.path().display());
    for arg in args {
        script.push_str(&format!(" '{arg}'"));
    }
    (Program::new("bash"), vec!["-c".to_string(), script])
}

fn spawn_ignoring_sigint(scene: &Scene, tag: &str, program: &Program, args: &[&str]) -> Proc {
    let (bash, bash_args) = with_sigint_ignored(program, args);
    let bash_args: Vec<&str> = bash_args.iter().map(String::as_str).collect();
    scene.spawn(tag, &bash, &bash_args)
}

#[rstest]
#[case::hello_server("hello", Udp)]
#[case::echo_server("echo", Tcp)]
#[case::reply_server("reply", Udp)]
fn ctrl_c_ends_a_server_whose_parent_ignored_sigint(
    #[case] mode: &str,
    #[case] transport: Transport,
) {
    let scene = Scene::new();
    let mut args = vec![mode, "--port", "0"];
    args.extend(transport.flags());
    let mut server = spawn_ignoring_sigint(&scene, "server", &server_program(), &args);
    server.listening(transport.scheme());
    server.interrupt();
    assert!(
        server
            .wait_for_exit(scene.wait())
            .is_some_and(|status| !status.success()),
        "the server should end on Ctrl+C"
    );
    assert_eq!(server.stderr_lines(), Vec::<String>::new());
}

#[rstest]
fn ctrl_c_in_the_room_works_whose_parent_ignored_sigint(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let mut args = vec!["room", "--port", "0"];
    args.extend(transport.flags());
    let mut server = spawn_ignoring_sigint(&scene, "server", &server_program(), &args);
    let address = server.listening(transport.scheme());
    let mut alice = member(&scene, "alice", transport, address);
    let port = address.port().to_string();
    let mut client_args = vec!["room", "--port", &port, "--name", "bob"];
    client_args.extend(transport.flags());
    let mut bob = spawn_ignoring_sigint(&scene, "bob", &client_program(), &client_args);
    bob.expect_next_line(Want::exactly("* you joined the room as bob"));
    alice.expect_next_line(Want::exactly("* bob joined"));
    bob.interrupt();
    bob.expect_exit(Exit::Success);
    alice.expect_next_line(Want::exactly("* bob left"));
    server.interrupt();
    alice.expect_next_line(Want::exactly("* the server closed the room"));
    server.expect_exit(Exit::Success);
}

#[test]
fn ctrl_c_ends_a_chat_client_whose_parent_ignored_sigint() {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "chat", Udp, &[]);
    let port = address.port().to_string();
    let mut client = spawn_ignoring_sigint(
        &scene,
        "client",
        &client_program(),
        &["chat", "--port", &port],
    );
    client.send_line("hi");
    server.expect_line(Want::containing("] hi"));
    client.interrupt();
    assert!(
        client.wait_for_exit(scene.wait()).is_some(),
        "the client should end on Ctrl+C"
    );
    assert_eq!(client.stderr_lines(), Vec::<String>::new());
}
