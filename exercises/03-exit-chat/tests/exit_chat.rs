//! Stage 03, a chat that ends with `exit`: the checklist.
//!
//! Run `cargo test` in this folder. The tests are named in the order to
//! solve them: the server (the test plays the client), then the client (the
//! test plays the server), then both.

use assert_cmd::cargo::cargo_bin;
use kata::{Exit, Scene, Stage, Want};

fn stage() -> Stage {
    Stage::new(
        "kata-03-exit-chat",
        "chat",
        cargo_bin!("chat-server"),
        cargo_bin!("chat-client"),
    )
}

#[test]
fn s01_server_prints_its_listening_line() {
    let scene = Scene::new();
    let mut server = stage().server(&scene, &[]);
    server.listening("udp");
}

#[test]
fn s02_server_prints_the_clients_message() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"Hi! Is this UDP?");
    let sender = client.local_addr().to_string();
    server.expect_line(
        Want::containing_all(&["Hi! Is this UDP?", &sender])
            .described(format!("a line like \"[{sender}] Hi! Is this UDP?\""))
            .hint("print the sender and the text after each recv_from"),
    );
}

#[test]
fn s03_server_answers_with_its_console_line() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"Hi!");
    server.expect_line("Hi!");
    server.send_line("Yes, no connection at all.");
    client.expect_next(
        Want::exactly("Yes, no connection at all.")
            .hint("read a console line and send_to it, without its \\n, to the sender"),
    );
}

#[test]
fn s04_server_says_when_a_client_leaves() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"exit");
    server.expect_line(
        Want::containing("left")
            .described("a line that says the client left, like \"* 127.0.0.1:53211 left the chat\"")
            .hint("compare the received text with \"exit\" before asking the console; if equal, print who left"),
    );
}

#[test]
fn s05_server_keeps_serving_after_a_client_left() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut first = stage().test_client(&scene, "first", &server, address);
    first.send(b"exit");
    server.expect_line("left");
    let mut second = stage().test_client(&scene, "second", &server, address);
    second.send(b"my turn");
    server.expect_line(Want::containing("my turn").hint(
        "after a client leaves, do not stop: wait for the next message (and read no console line)",
    ));
    server.send_line("welcome");
    second.expect_next(Want::exactly("welcome"));
}

#[test]
fn s06_server_sends_exit_and_stops_when_its_console_types_exit() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"shall we stop?");
    server.expect_line("shall we stop?");
    server.send_line("exit");
    client.expect_next(
        Want::exactly("exit").hint("send the console's exit to the client like any answer"),
    );
    server.expect_exit_hint(
        Exit::Success,
        Some("after sending exit, return Ok(()): the server ends"),
    );
}

#[test]
fn s07_client_sends_a_line_and_prints_the_answer() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    client.send_line("Hi! Is this UDP?");
    server.expect_next(Want::exactly("Hi! Is this UDP?").hint("send each line without its \\n"));
    server.send(b"Yes.");
    client.expect_line(Want::containing("Yes.").hint("receive the answer and print it"));
}

#[test]
fn s08_client_sends_exit_and_stops_when_its_user_types_exit() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    client.send_line("exit");
    server.expect_next(Want::exactly("exit").hint("send exit to the server like any other line"));
    client.expect_exit_hint(
        Exit::Success,
        Some("right after sending exit, return Ok(()): do not wait for an answer"),
    );
}

#[test]
fn s09_client_stops_when_the_server_sends_exit() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    client.send_line("shall we stop?");
    server.expect_next(Want::exactly("shall we stop?"));
    server.send(b"exit");
    client.expect_line(
        Want::containing("ended")
            .described(
                "a line that says the server ended the chat, like \"* the server ended the chat\"",
            )
            .hint(
                "compare the answer with \"exit\"; if equal, print that the server ended the chat",
            ),
    );
    client.expect_exit_hint(
        Exit::Success,
        Some("after the server's exit, return Ok(())"),
    );
}

#[test]
fn s10_client_and_server_chat_until_exit() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().client(&scene, "client", address, &[]);
    client.send_line("Hi!");
    server.expect_line("Hi!");
    server.send_line("Hello!");
    client.expect_line("Hello!");
    client.send_line("exit");
    client.expect_exit(Exit::Success);
    server.expect_line("left");
}
