//! `client bench`, `client room-bench` and `bare-echo`: the measuring tools
//! work and refuse nonsense. Their figures are checked in the README's
//! benchmarks, not here: a test on a busy machine must not depend on speed.

use std::net::UdpSocket;
use std::time::Duration;

use assert_cmd::Command;
use assert_cmd::cargo::cargo_bin;
use kata::Transport::{self, Tcp, Udp};
use kata::{Exit, Program, Scene, Want};
use predicates::prelude::*;
use rstest::rstest;

use crate::support::{start_client, start_server};

/// Reads "<label> <number> …" from a summary line.
fn number_after(line: &str, label: &str) -> u64 {
    line.split_whitespace()
        .skip_while(|word| *word != label)
        .nth(1)
        .and_then(|word| word.parse().ok())
        .unwrap_or_else(|| panic!("no number after {label:?} in {line:?}"))
}

#[rstest]
fn a_short_bench_prints_a_plausible_summary(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (_server, address) = start_server(&scene, "echo", transport, &[]);
    let mut bench = start_client(
        &scene,
        "bench",
        transport,
        address,
        &["--duration", "0.3", "--histogram"],
    );
    bench.expect_next_line(Want::starting_with(format!(
        "bench: {}://",
        transport.scheme()
    )));
    let requests = bench.expect_next_line(Want::starting_with("requests "));
    assert!(number_after(&requests, "requests") > 0, "{requests}");
    let latency = bench.expect_next_line(Want::starting_with("latency "));
    let p50 = number_after(&latency, "p50");
    let p99 = number_after(&latency, "p99");
    let max = number_after(&latency, "max");
    assert!(p50 <= p99 && p99 <= max, "{latency}");
    bench.expect_next_line(Want::exactly("lost       0   out of order 0"));
    bench.expect_next_line(Want::exactly("histogram of round trips:"));
    bench.expect_next_line(Want::matching("a histogram row with a bar", |row| {
        String::from_utf8_lossy(row).contains(" µs ") && row.ends_with(b"#")
    }));
    bench.expect_exit(Exit::Success);
}

#[rstest]
#[case::empty_window(&["--window", "0"], "invalid --window '0'")]
#[case::datagram_too_big(&["--size", "65508"], "invalid --size 65508: one UDP message carries at most 65507 bytes")]
#[case::too_small_for_a_sequence_number(&["--size", "8"], "invalid --size '8'")]
#[case::no_time(&["--duration", "0"], "invalid --duration '0'")]
#[case::too_long(&["--duration", "601"], "a measurement lasts at most 600 s")]
fn nonsense_is_refused_with_exit_code_2(#[case] args: &[&str], #[case] message: &str) {
    Command::new(cargo_bin("client"))
        .arg("bench")
        .args(args)
        .timeout(Duration::from_secs(10))
        .assert()
        .code(2)
        .stderr(predicate::str::starts_with("error: ").and(predicate::str::contains(message)));
}

#[rstest]
fn with_no_server_the_bench_fails_cleanly(#[values(Udp, Tcp)] transport: Transport) {
    let port = UdpSocket::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let port = match transport {
        Udp => port,
        Tcp => std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port(),
    };
    Command::new(cargo_bin("client"))
        .args([
            "bench",
            "--port",
            &port.to_string(),
            "--duration",
            "1",
            "--timeout",
            "1",
        ])
        .args(transport.flags())
        .timeout(Duration::from_secs(10))
        .assert()
        .code(1)
        .stdout("")
        .stderr(
            predicate::str::starts_with("error: no server at")
                .and(predicate::str::contains("cargo run --bin server -- echo")),
        );
}

#[test]
fn a_silent_server_makes_the_bench_give_up_after_its_timeout() {
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let port = silent.local_addr().unwrap().port().to_string();
    Command::new(cargo_bin("client"))
        .args([
            "bench",
            "--port",
            &port,
            "--duration",
            "5",
            "--timeout",
            "0.5",
        ])
        .timeout(Duration::from_secs(10))
        .assert()
        .code(1)
        .stderr(predicate::str::starts_with(
            "error: no answer from udp://127.0.0.1:",
        ));
}

#[rstest]
fn bare_echo_sends_everything_back_and_prints_only_its_address(
    #[values(Udp, Tcp)] transport: Transport,
) {
    let scene = Scene::new();
    let bare = Program::cargo(cargo_bin!("bare-echo"), "socket-kata");
    let mut server = scene.spawn(
        "bare-echo",
        &bare,
        &[&["--port", "0"], transport.flags()].concat(),
    );
    let address = server.listening(transport.scheme());
    let mut peer = scene.client_peer("test", transport, address);
    for message in [&b"one"[..], "два".as_bytes(), b"three"] {
        peer.send(message);
        peer.expect_next(Want::bytes(message.to_vec()));
    }
}

#[rstest]
fn a_short_room_bench_delivers_every_message(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (_server, address) = start_server(&scene, "room", transport, &[]);
    let args = ["--members", "3", "--rate", "200", "--duration", "0.25"];
    let mut bench = start_client(&scene, "room-bench", transport, address, &args);
    bench.expect_next_line(Want::starting_with(format!(
        "room-bench: {}://",
        transport.scheme()
    )));
    let sent = bench.expect_next_line(Want::starting_with("sent "));
    assert_eq!(number_after(&sent, "sent"), 50, "{sent}");
    let delivered = bench.expect_next_line(Want::starting_with("delivered "));
    assert!(
        delivered.starts_with("delivered  150 of 150 (")
            && delivered.ends_with("; lost 0; duplicates 0"),
        "all 150 deliveries (3 receivers × 50 messages), none lost: {delivered}"
    );
    bench.expect_next_line(Want::starting_with("latency    p50 "));
    bench.expect_exit(Exit::Success);
}

#[test]
fn a_udp_room_bench_that_fails_leaves_no_member_behind() {
    let scene = Scene::new();
    let (_server, address) = start_server(&scene, "room", Udp, &["--max-clients", "3"]);
    let mut bench = start_client(&scene, "room-bench", Udp, address, &["--members", "5"]);
    bench.expect_stderr(Want::containing("the room is full (3 members)"));
    bench.expect_exit(Exit::Code(1));
    // The three that got in have left: the next student gets in at once.
    let mut neo =
        crate::support::start_named_client(&scene, "neo", "room", Udp, address, &["--name", "neo"]);
    neo.expect_next_line(Want::exactly("* you joined the room as neo"));
}

#[rstest]
fn a_room_bench_stopped_with_ctrl_c_leaves_the_room(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "room", transport, &["--max-clients", "4"]);
    let args = ["--members", "3", "--rate", "10", "--duration", "60"];
    let mut bench = start_client(&scene, "room-bench", transport, address, &args);
    // The sender joins last.
    server.expect_line(Want::containing_all(&["* s-", " joined"]));
    bench.interrupt();
    assert!(
        bench.wait_for_exit(scene.wait()).is_some(),
        "the bench should end on Ctrl+C"
    );
    server.expect_line(Want::containing_all(&["* s-", " left"]));
    let mut neo = crate::support::start_named_client(
        &scene,
        "neo",
        "room",
        transport,
        address,
        &["--name", "neo"],
    );
    neo.expect_next_line(Want::exactly("* you joined the room as neo"));
}
