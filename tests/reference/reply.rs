//! `reply`: the server answers each message with a line typed on its console.

use std::time::Duration;

use kata::Transport::{self, Tcp, Udp};
use kata::{Exit, Scene, Want};
use rstest::rstest;

use crate::support::{start_client, start_server};

#[rstest]
fn each_message_is_answered_with_the_next_console_line_to_its_sender(
    #[values(Udp, Tcp)] transport: Transport,
) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "reply", transport, &[]);
    let mut alice = scene.client_peer("alice", transport, address);
    let mut bob = scene.client_peer("bob", transport, address);

    alice.send(b"hi from alice");
    server.expect_line(Want::exactly(format!(
        "[{}] hi from alice",
        alice.local_addr()
    )));
    server.send_line("hello, alice");
    alice.expect_next(Want::exactly("hello, alice"));

    bob.send("привет от боба".as_bytes());
    server.expect_line(Want::exactly(format!(
        "[{}] привет от боба",
        bob.local_addr()
    )));
    server.send_line("привет, боб");
    bob.expect_next(Want::exactly("привет, боб"));
}

#[rstest]
fn the_end_of_the_console_input_ends_the_server(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (mut server, _address) = start_server(&scene, "reply", transport, &[]);
    let mut peer = scene.client_peer("test", transport, _address);
    peer.send(b"anyone?");
    server.expect_line("anyone?");
    server.close_stdin();
    server.expect_exit(Exit::Success);
}

#[rstest]
fn the_client_prints_what_the_person_at_the_server_typed(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "reply", transport, &[]);
    let mut client = start_client(&scene, "reply", transport, address, &[]);
    client.send_line("What is UDP?");
    server.expect_line("What is UDP?");
    server.send_line("Datagrams, no connection.");
    client.expect_next_line(Want::exactly("[server] Datagrams, no connection."));
    client.close_stdin();
    client.expect_exit(Exit::Success);
}

#[test]
fn a_client_given_a_timeout_stops_waiting_for_a_silent_person() {
    let scene = Scene::with_wait(Duration::from_secs(2));
    let (mut server, address) = start_server(&scene, "reply", Udp, &[]);
    let mut client = start_client(&scene, "reply", Udp, address, &["--timeout", "0.5"]);
    client.send_line("hello?");
    server.expect_line("hello?");
    // Nobody types at the server: the client gives up after half a second.
    client.expect_stderr(Want::containing("no answer from udp://127.0.0.1:"));
    client.expect_exit(Exit::Code(1));
}

#[rstest]
fn the_end_of_the_console_input_ends_an_idle_server(
    #[values(Udp, Tcp)] transport: Transport,
    #[values("reply", "chat")] mode: &str,
) {
    // `server reply < /dev/null`: nobody will ever answer, so there is no
    // point waiting for a message first.
    let scene = Scene::new();
    let (mut server, _address) = start_server(&scene, mode, transport, &[]);
    server.close_stdin();
    server.expect_exit(Exit::Success);
}
