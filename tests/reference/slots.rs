//! Connection slots: a TCP connection that completes no line (in the room:
//! no JOIN) within the idle timeout is closed, in every mode, and a client
//! turned away because the server is full is told so.

use std::io::Write;
use std::net::TcpStream;

use kata::Transport::Tcp;
use kata::{Exit, Scene, Want};
use rstest::rstest;

use crate::support::{start_client, start_named_client, start_server};

#[rstest]
fn a_silent_tcp_connection_is_closed_after_the_idle_timeout(
    #[values("hello", "echo", "reply", "chat")] mode: &str,
) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, mode, Tcp, &["--idle-timeout", "0.5"]);
    let mut silent = scene.client_peer("silent", Tcp, address);
    server.expect_line(Want::exactly(format!(
        "! {}: no complete line within 0.5 s; closing the connection",
        silent.local_addr()
    )));
    assert!(silent.closed_by_other(), "the server should close it");
}

#[rstest]
fn a_trickling_tcp_connection_is_closed_after_the_idle_timeout(
    #[values("hello", "echo", "reply", "chat")] mode: &str,
) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, mode, Tcp, &["--idle-timeout", "0.5"]);
    let mut trickle = TcpStream::connect(address).unwrap();
    trickle.write_all(b"half a li").unwrap();
    server.expect_line(Want::exactly(format!(
        "! {}: no complete line within 0.5 s; closing the connection",
        trickle.local_addr().unwrap()
    )));
}

#[test]
fn a_tcp_connection_that_never_joins_the_room_is_closed() {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "room", Tcp, &["--idle-timeout", "0.5"]);
    let mut stranger = scene.client_peer("stranger", Tcp, address);
    server.expect_line(Want::exactly(format!(
        "! {}: no JOIN within 0.5 s; closing the connection",
        stranger.local_addr()
    )));
    assert!(stranger.closed_by_other(), "the server should close it");
    // A member who joined in time stays, silent as long as its keep-alives run.
    let mut neo = start_named_client(&scene, "neo", "room", Tcp, address, &["--name", "neo"]);
    neo.expect_next_line(Want::exactly("* you joined the room as neo"));
    let late = scene.client_peer("late", Tcp, address);
    server.expect_line(Want::exactly(format!(
        "! {}: no JOIN within 0.5 s; closing the connection",
        late.local_addr()
    )));
    let mut trinity = scene.client_peer("trinity", Tcp, address);
    trinity.send(b"JOIN trinity");
    trinity.expect_next(Want::starting_with("WELCOME trinity "));
    trinity.send(b"SAY still there, neo?");
    neo.expect_line(Want::exactly("[trinity] still there, neo?"));
}

#[test]
fn a_client_waiting_for_a_person_is_not_silent() {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "reply", Tcp, &["--idle-timeout", "0.5"]);
    let mut alice = scene.client_peer("alice", Tcp, address);
    alice.send(b"a hard question");
    server.expect_line(Want::containing("] a hard question"));
    // The person at the server thinks for longer than the idle timeout:
    // a connection opened after alice's question times out meanwhile.
    let mut silent = scene.client_peer("silent", Tcp, address);
    assert!(silent.closed_by_other(), "the silent one should be closed");
    server.send_line("a good answer");
    alice.expect_next(Want::exactly("a good answer"));
}

#[rstest]
fn a_client_turned_away_by_a_full_server_is_told_so(
    #[values("hello", "echo", "reply", "chat")] mode: &str,
) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, mode, Tcp, &["--max-clients", "2"]);
    let mut holders = Vec::new();
    for tag in ["first", "second"] {
        let holder = scene.client_peer(tag, Tcp, address);
        server.expect_line(Want::exactly(format!(
            "* {} connected",
            holder.local_addr()
        )));
        holders.push(holder);
    }
    let mut client = start_client(&scene, mode, Tcp, address, &[]);
    if mode != "hello" {
        client.send_line("let me in");
    }
    client.expect_stderr(Want::exactly(format!(
        "error: the server at tcp://{address} turned us away: the server is full (2 connections at once); try again later"
    )));
    client.expect_exit(Exit::Code(1));
    server.expect_line(Want::containing(
        "already 2 connections, turning this one away",
    ));
}

#[test]
fn a_room_client_turned_away_by_a_full_server_is_told_so() {
    let scene = Scene::new();
    // One member, plus 16 connections still joining: 17 at once.
    let (_server, address) = start_server(&scene, "room", Tcp, &["--max-clients", "1"]);
    let holders: Vec<TcpStream> = (0..17)
        .map(|_| TcpStream::connect(address).unwrap())
        .collect();
    let mut client = start_named_client(&scene, "neo", "room", Tcp, address, &["--name", "neo"]);
    client.expect_stderr(Want::exactly(format!(
        "error: the server at tcp://{address} turned us away: the server is full (17 connections at once); try again later"
    )));
    client.expect_exit(Exit::Code(1));
    drop(holders);
}
