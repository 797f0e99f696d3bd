//! `echo`: every message comes back unchanged, whatever its size or bytes.

use kata::Transport::{self, Tcp, Udp};
use kata::peer::MAX_DATAGRAM;
use kata::{Exit, Scene, Want};
use rstest::rstest;

use crate::support::{start_client, start_server};

/// The longest TCP line the programs accept (64 KiB, without its newline).
const MAX_LINE: usize = 64 * 1024;

/// `server echo`: a `write` per printed line (src/echo.rs).
const PLAIN: &[&str] = &[];
/// `server echo --batched`: lines printed in batches (src/batched.rs).
const BATCHED: &[&str] = &["--batched"];

#[rstest]
#[case::ascii("plain ASCII".as_bytes().to_vec())]
#[case::cyrillic("Привет, сервер!".as_bytes().to_vec())]
#[case::emoji("🦀 + 📡 = ❤".as_bytes().to_vec())]
#[case::empty(Vec::new())]
#[case::sixty_thousand_bytes(vec![b'x'; 60_000])]
fn the_server_sends_each_message_back_unchanged(
    #[values(Udp, Tcp)] transport: Transport,
    #[values(PLAIN, BATCHED)] printing: &[&str],
    #[case] message: Vec<u8>,
) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "echo", transport, printing);
    let mut peer = scene.client_peer("test", transport, address);
    peer.send(&message);
    peer.expect_next(Want::bytes(message.clone()));
    let printed = format!(
        "[{}] {}",
        peer.local_addr(),
        String::from_utf8_lossy(&message)
    );
    server.expect_line(Want::exactly(printed));
}

#[rstest]
fn invalid_utf8_is_printed_with_replacement_characters_and_echoed_byte_for_byte(
    #[values(Udp, Tcp)] transport: Transport,
    #[values(PLAIN, BATCHED)] printing: &[&str],
) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "echo", transport, printing);
    let mut peer = scene.client_peer("test", transport, address);
    let message = b"caf\xe9 \xff\xfe end".to_vec();
    peer.send(&message);
    peer.expect_next(Want::bytes(message));
    server.expect_line(Want::containing("caf\u{FFFD} \u{FFFD}\u{FFFD} end"));
}

#[test]
fn a_datagram_with_newlines_still_prints_as_one_line() {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "echo", Udp, &[]);
    // `nc -u` ends every datagram with a newline; a message may hold more.
    let mut peer = scene.client_peer("test", Udp, address);
    peer.send(b"from nc\n");
    peer.expect_next(Want::bytes(b"from nc\n".to_vec()));
    server.expect_next_line(Want::exactly(format!("[{}] from nc", peer.local_addr())));
    peer.send(b"two\nlines");
    peer.expect_next(Want::bytes(b"two\nlines".to_vec()));
    server.expect_next_line(Want::exactly(format!(
        "[{}] two\\nlines",
        peer.local_addr()
    )));
}

#[test]
fn the_largest_datagram_arrives_whole() {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "echo", Udp, &[]);
    let mut peer = scene.client_peer("test", Udp, address);
    // Far beyond the 1024-byte buffers of many tutorials, which would cut it.
    let message: Vec<u8> = (0..MAX_DATAGRAM).map(|i| b'a' + (i % 26) as u8).collect();
    peer.send(&message);
    peer.expect_next(Want::bytes(message.clone()));
    server.expect_line(Want::matching(
        format!("a line with all {MAX_DATAGRAM} bytes of the datagram"),
        move |line| line.ends_with(&message),
    ));
}

#[rstest]
fn the_client_sends_each_line_of_stdin_and_prints_each_answer(
    #[values(Udp, Tcp)] transport: Transport,
) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "echo", transport, &[]);
    let mut client = start_client(&scene, "echo", transport, address, &[]);
    for line in ["one", "два", "", "🦀 three"] {
        client.send_line(line);
        client.expect_next_line(Want::exactly(format!("[server] {line}")));
        server.expect_line(Want::containing(format!("] {line}")));
    }
    client.close_stdin();
    client.expect_exit(Exit::Success);
}

#[rstest]
fn a_line_too_long_to_send_is_refused_and_the_client_goes_on(
    #[values(Udp, Tcp)] transport: Transport,
) {
    let limit = match transport {
        Udp => MAX_DATAGRAM,
        Tcp => MAX_LINE,
    };
    let scene = Scene::new();
    let (_server, address) = start_server(&scene, "echo", transport, &[]);
    let mut client = start_client(&scene, "echo", transport, address, &[]);
    client.send_line(&"a".repeat(limit));
    client.expect_next_line(Want::matching(
        format!("the {limit}-byte line echoed"),
        move |line| line.len() == "[server] ".len() + limit,
    ));
    client.send_line(&"b".repeat(limit + 1));
    client.expect_stderr(Want::containing(format!(
        "error: a line of {} bytes is too long for one message (at most {limit}); not sent",
        limit + 1
    )));
    client.send_line("still here");
    client.expect_next_line(Want::exactly("[server] still here"));
    client.close_stdin();
    client.expect_exit(Exit::Success);
}

#[rstest]
fn the_client_reads_a_whole_file_as_its_input(#[values(Udp, Tcp)] transport: Transport) {
    use std::io::Write;
    // `client echo < lines.txt`: stdin is a real file, not a terminal and
    // not a pipe, so no prompt may appear and the end of the file ends it.
    let mut input = tempfile::NamedTempFile::new().expect("a temporary file");
    let lines: Vec<String> = (1..=500)
        .map(|number| format!("line {number}: ×{}", "ю".repeat(number % 7)))
        .collect();
    for line in &lines {
        writeln!(input, "{line}").expect("writing the input");
    }
    let scene = Scene::new();
    let (_server, address) = start_server(&scene, "echo", transport, &[]);
    let output = assert_cmd::Command::new(assert_cmd::cargo::cargo_bin("client"))
        .args(["echo", "--port", &address.port().to_string()])
        .args(transport.flags())
        .pipe_stdin(input.path())
        .expect("the input file")
        .timeout(std::time::Duration::from_secs(20))
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let expected: String = lines
        .iter()
        .map(|line| format!("[server] {line}\n"))
        .collect();
    assert_eq!(String::from_utf8_lossy(&output), expected);
}

#[cfg(target_os = "linux")]
#[test]
fn a_huge_stdin_line_is_refused_without_being_kept() {
    let scene = Scene::new();
    let (_server, address) = start_server(&scene, "echo", Udp, &[]);
    let mut client = start_client(&scene, "echo", Udp, address, &[]);
    // 64 MiB without a newline until the end: a file piped in by mistake.
    let size = 64 * 1024 * 1024;
    client.send_line_bytes(&vec![b'x'; size]);
    client.expect_stderr(Want::exactly(format!(
        "error: a line of {size} bytes is too long for one message (at most {MAX_DATAGRAM}); not sent"
    )));
    client.send_line("still here");
    client.expect_next_line(Want::exactly("[server] still here"));
    let peak = crate::support::peak_memory_kib(client.id());
    assert!(
        peak < 16 * 1024,
        "the client's peak memory was {peak} KiB: the line was kept"
    );
}

#[rstest]
#[case::hello("hello", "Hello, server")]
#[case::echo("echo", "one")]
fn a_lost_udp_datagram_is_sent_again(#[case] mode: &str, #[case] message: &str) {
    let scene = Scene::new();
    let mut server = scene.udp_server_peer("lossy server");
    let mut client = start_client(&scene, mode, Udp, server.local_addr(), &["--timeout", "3"]);
    if mode == "echo" {
        client.send_line(message);
    }
    // The first datagram is "lost": the server never answers it.
    server.expect_next(Want::exactly(message));
    server.expect_next(Want::exactly(message));
    server.send(if mode == "hello" {
        b"Hello, client"
    } else {
        message.as_bytes()
    });
    let answer = if mode == "hello" {
        "Hello, client"
    } else {
        message
    };
    client.expect_next_line(Want::exactly(format!("[server] {answer}")));
    if mode == "hello" {
        client.expect_exit(Exit::Success);
    }
}

#[test]
fn a_late_answer_to_a_resent_message_is_not_taken_for_the_next_one() {
    let scene = Scene::new();
    let mut server = scene.udp_server_peer("slow server");
    let mut client = start_client(
        &scene,
        "echo",
        Udp,
        server.local_addr(),
        &["--timeout", "3"],
    );
    client.send_line("one");
    server.expect_next(Want::exactly("one"));
    server.expect_next(Want::exactly("one"));
    // Both copies get answered: the first answer was only late.
    server.send(b"one");
    server.send(b"one");
    client.expect_next_line(Want::exactly("[server] one"));
    client.send_line("two");
    server.expect_next(Want::exactly("two"));
    server.send(b"two");
    client.expect_next_line(Want::exactly("[server] two"));
}
