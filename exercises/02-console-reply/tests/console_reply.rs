//! Stage 02, the server answers from its console: the checklist.
//!
//! Run `cargo test` in this folder. The tests are named in the order to
//! solve them: the server (the test plays the client and types at the
//! server's console), then the client (the test plays the server), then both.

use assert_cmd::cargo::cargo_bin;
use kata::{Exit, Scene, Stage, Want};

fn stage() -> Stage {
    Stage::new(
        "kata-02-console-reply",
        "reply",
        cargo_bin!("reply-server"),
        cargo_bin!("reply-client"),
    )
}

const STRIP_NEWLINE: &str =
    "read_line keeps the line's \\n: send line.trim_end_matches(['\\r', '\\n'])";

#[test]
fn s01_server_prints_its_listening_line() {
    let scene = Scene::new();
    let mut server = stage().server(&scene, &[]);
    server.listening("udp");
}

#[test]
fn s02_server_prints_each_message_and_its_sender() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"What is UDP?");
    let sender = client.local_addr().to_string();
    server.expect_line(
        Want::containing_all(&["What is UDP?", &sender])
            .described(format!("a line like \"[{sender}] What is UDP?\""))
            .hint("after recv_from, print the sender and the text, before reading the console"),
    );
}

#[test]
fn s03_server_answers_with_the_line_typed_on_its_console() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"What is UDP?");
    server.expect_line("What is UDP?");
    server.send_line("Datagrams, no connection.");
    client.expect_next(Want::exactly("Datagrams, no connection.").hint(format!(
        "after printing, read one line with std::io::stdin().read_line and send_to it to the sender; {STRIP_NEWLINE}"
    )));
}

#[test]
fn s04_server_answers_each_message_in_turn_to_its_own_sender() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut alice = stage().test_client(&scene, "alice", &server, address);
    let mut bob = stage().test_client(&scene, "bob", &server, address);
    let hint = "answer in a loop, each time to the sender that recv_from returned for that message";
    for (client, question, answer) in [
        (&mut alice, "from alice", "hi alice"),
        (&mut bob, "from bob", "hi bob"),
    ] {
        client.send(question.as_bytes());
        server.expect_line(Want::containing(question).hint(hint));
        server.send_line(answer);
        client.expect_next(Want::exactly(answer).hint(hint));
    }
}

#[test]
fn s05_server_stops_when_its_console_input_ends() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"anyone there?");
    server.expect_line("anyone there?");
    server.close_stdin();
    server.expect_exit_hint(
        Exit::Success,
        Some("read_line returns Ok(0) at the end of the input (Ctrl+D): return Ok(()) then"),
    );
}

#[test]
fn s06_client_sends_each_line_it_reads() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    client.send_line("What is TCP?");
    server.expect_next(Want::exactly("What is TCP?").hint(format!(
        "read a line from stdin and send_to it to args.address(); {STRIP_NEWLINE}"
    )));
}

#[test]
fn s07_client_prints_each_answer() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    for (question, answer) in [("one?", "uno"), ("two?", "dos")] {
        client.send_line(question);
        server.expect_next(Want::exactly(question));
        server.send(answer.as_bytes());
        client.expect_line(
            Want::containing(answer)
                .hint("after sending, recv_from the answer and print it; then read the next line"),
        );
    }
}

#[test]
fn s08_client_stops_at_the_end_of_its_input() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    client.send_line("last question");
    server.expect_next(Want::exactly("last question"));
    server.send(b"last answer");
    client.expect_line("last answer");
    client.close_stdin();
    client.expect_exit_hint(
        Exit::Success,
        Some("read_line returns Ok(0) at the end of the input (Ctrl+D): return Ok(()) then"),
    );
}

#[test]
fn s09_client_and_server_talk() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().client(&scene, "client", address, &[]);
    client.send_line("Ready?");
    server.expect_line("Ready?");
    server.send_line("Go!");
    client.expect_line("Go!");
    client.close_stdin();
    client.expect_exit(Exit::Success);
}
