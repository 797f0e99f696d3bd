//! Stage 01, Hello over UDP: the checklist.
//!
//! Run `cargo test` in this folder. The tests are named in the order to
//! solve them: first the server on its own (the test plays the client), then
//! the client on its own (the test plays the server), then both together.
//! A failing test says what it expected, what happened and what to try.

use std::net::UdpSocket;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use kata::{Exit, Scene, Stage, Want};

fn stage() -> Stage {
    Stage::new(
        "kata-01-hello",
        "hello",
        cargo_bin!("hello-server"),
        cargo_bin!("hello-client"),
    )
}

#[test]
fn s01_server_prints_its_listening_line() {
    let scene = Scene::new();
    let mut server = stage().server(&scene, &[]);
    server.listening("udp");
}

#[test]
fn s02_server_prints_the_greeting_and_who_sent_it() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"Hello, server");
    let sender = client.local_addr().to_string();
    server.expect_line(
        Want::containing_all(&["Hello, server", &sender])
            .described(format!(
                "a line with the sender and the text, like \"[{sender}] Hello, server\""
            ))
            .hint(
                "recv_from returns (size, sender): print the sender and \
                 String::from_utf8_lossy(&buffer[..size])",
            ),
    );
}

#[test]
fn s03_server_answers_hello_client() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"Hello, server");
    client.expect_next(Want::exactly("Hello, client").hint(
        "inside the loop, right after printing: socket.send_to(b\"Hello, client\", sender), \
         where sender is what recv_from returned",
    ));
}

#[test]
fn s04_server_keeps_serving_after_the_first_client() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    for name in ["first", "second", "third"] {
        let mut client = stage().test_client(&scene, name, &server, address);
        client.send(b"Hello, server");
        client.expect_next(Want::exactly("Hello, client").hint(
            "a server does not stop after one client: receive and answer in a loop that never ends",
        ));
    }
}

#[test]
fn s05_server_receives_a_long_message_whole() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    let long: String = (0..3000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    client.send(long.as_bytes());
    server.expect_line(
        Want::containing(long.clone())
            .described("a line with all 3000 letters of the message")
            .hint(
                "recv_from drops whatever does not fit the buffer, silently: a 1024-byte buffer \
                 keeps only the start. Use a buffer of 65536 bytes, more than any datagram",
            ),
    );
    client.expect_next(Want::exactly("Hello, client"));
}

#[test]
fn s06_client_sends_hello_server() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    server.expect_next(
        Want::exactly("Hello, server").hint(
            "send exactly these 13 bytes, b\"Hello, server\", with send_to to args.address()",
        ),
    );
}

#[test]
fn s07_client_prints_the_answer_and_ends() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    server.expect_next(Want::exactly("Hello, server"));
    server.send(b"Hello, client");
    client.expect_line(
        Want::containing("Hello, client")
            .hint("receive with recv_from, then print the text you received"),
    );
    client.expect_exit_hint(
        Exit::Success,
        Some("after printing the answer, return Ok(()): the client's work is done"),
    );
}

#[test]
fn s08_client_gives_up_when_the_server_stays_silent() {
    // A server that receives but never answers.
    let silent = UdpSocket::bind("127.0.0.1:0").expect("a free port");
    let address = silent.local_addr().expect("an address");
    let scene = Scene::with_wait(Duration::from_secs(3));
    scene.note(format!(
        "keeps a silent socket at {address}: it receives and never answers"
    ));
    let mut client = stage().client(&scene, "client", address, &["--timeout", "1"]);
    let hint = "set_read_timeout(Some(args.timeout)) before recv_from; when the wait runs out, \
                recv_from returns an error: return it with ?";
    client.expect_exit_hint(Exit::Code(1), Some(hint));
    client.expect_stderr(Want::starting_with("error:").hint(hint));
}

#[test]
fn s09_client_reports_that_no_server_runs() {
    // A port that nobody uses: bound for a moment, then freed.
    let free = UdpSocket::bind("127.0.0.1:0").expect("a free port");
    let address = free.local_addr().expect("an address");
    drop(free);
    let scene = Scene::with_wait(Duration::from_secs(3));
    scene.note(format!("nobody listens at {address}"));
    let mut client = stage().client(&scene, "client", address, &["--timeout", "1"]);
    client.expect_exit_hint(
        Exit::Code(1),
        Some("with no server, the answer never comes: the read timeout must end the wait with an error"),
    );
}

#[test]
fn s10_client_and_server_greet_each_other() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().client(&scene, "client", address, &[]);
    server.expect_line(Want::containing("Hello, server"));
    client.expect_line(Want::containing("Hello, client"));
    client.expect_exit(Exit::Success);
}
