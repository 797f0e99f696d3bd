//! Stage 04, a room for many clients: the checklist.
//!
//! Run `cargo test` in this folder. The tests are named in the order to
//! solve them: the server (the test plays several members, speaking the
//! room's messages itself), then the client (the test plays the server),
//! then everything together.

use std::net::SocketAddr;

use assert_cmd::cargo::cargo_bin;
use kata::{Exit, Peer, Proc, Scene, Stage, Want};

fn stage() -> Stage {
    Stage::new(
        "kata-04-multi-client",
        "room",
        cargo_bin!("room-server"),
        cargo_bin!("room-client"),
    )
}

/// A test member that has joined the room under `name`.
#[track_caller]
fn member(scene: &Scene, server: &Proc, address: SocketAddr, name: &str) -> Peer {
    let mut peer = stage().test_client(scene, name, server, address);
    peer.send(format!("JOIN {name}").as_bytes());
    peer.expect_next(Want::starting_with(format!("WELCOME {name}")).hint(format!(
        "answer \"JOIN {name}\" with \"WELCOME {name} 30\", sent to the address recv_from returned"
    )));
    peer
}

/// Starts the client under test against a test server, and answers its JOIN.
#[track_caller]
fn joined_client(scene: &Scene, name: &str) -> (Peer, Proc) {
    let mut server = stage().test_server(scene, "test");
    let client = stage().client(scene, "client", server.local_addr(), &["--name", name]);
    server.watch(&client);
    server.expect(Want::exactly(format!("JOIN {name}")));
    server.send(format!("WELCOME {name} 30").as_bytes());
    (server, client)
}

#[test]
fn s01_server_prints_its_listening_line() {
    let scene = Scene::new();
    let mut server = stage().server(&scene, &[]);
    server.listening("udp");
}

#[test]
fn s02_server_welcomes_a_member() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    member(&scene, &server, address, "alice");
}

#[test]
fn s03_server_prints_who_joined_from_where() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let alice = member(&scene, &server, address, "alice");
    let from = alice.local_addr().to_string();
    server.expect_line(
        Want::containing_all(&["alice", &from])
            .described(format!(
                "a line with the name and the address, like \"* alice@{from} joined\""
            ))
            .hint("print a line when a member joins: its name and the address recv_from gave you"),
    );
}

#[test]
fn s04_server_relays_a_message_to_every_other_member() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = member(&scene, &server, address, "alice");
    let mut bob = member(&scene, &server, address, "bob");
    let mut carol = member(&scene, &server, address, "carol");
    alice.send(b"SAY hi, everyone");
    let hint = "for SAY, send \"MSG <name> <text>\" to every member but the sender; \
                the name is the one the sender joined with, found by its address";
    bob.expect(Want::exactly("MSG alice hi, everyone").hint(hint));
    carol.expect(Want::exactly("MSG alice hi, everyone").hint(hint));
}

#[test]
fn s05_server_does_not_send_a_message_back_to_its_sender() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = member(&scene, &server, address, "alice");
    let mut bob = member(&scene, &server, address, "bob");
    alice.expect(Want::exactly("JOINED bob"));
    alice.send(b"SAY first");
    bob.expect(Want::exactly("MSG alice first"));
    bob.send(b"SAY second");
    // Alice's own "first" must not come back to her before bob's "second".
    alice.expect_next(
        Want::exactly("MSG bob second")
            .hint("skip the sender when relaying: it knows what it said"),
    );
}

#[test]
fn s06_server_announces_joins_and_leaves() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = member(&scene, &server, address, "alice");
    let mut bob = member(&scene, &server, address, "bob");
    alice.expect_next(
        Want::exactly("JOINED bob")
            .hint("when someone joins, send \"JOINED <name>\" to every other member"),
    );
    bob.send(b"LEAVE");
    alice.expect_next(
        Want::exactly("LEFT bob")
            .hint("on LEAVE, remove the member and send \"LEFT <name>\" to the others"),
    );
}

#[test]
fn s07_server_refuses_a_name_that_is_taken() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = member(&scene, &server, address, "alice");
    let mut impostor = stage().test_client(&scene, "impostor", &server, address);
    impostor.send(b"JOIN alice");
    impostor.expect_next(Want::starting_with("ERROR").hint(
        "before adding a member, check that no other address holds that name; if one does, \
         answer \"ERROR the name \\\"alice\\\" is already taken\"",
    ));
    // The real alice is untouched.
    let mut bob = member(&scene, &server, address, "bob");
    bob.send(b"SAY still there, alice?");
    alice.expect(Want::exactly("MSG bob still there, alice?"));
}

#[test]
fn s08_server_answers_a_stranger_with_an_error() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = member(&scene, &server, address, "alice");
    let mut stranger = stage().test_client(&scene, "stranger", &server, address);
    stranger.send(b"SAY let me in");
    stranger.expect_next(Want::starting_with("ERROR").hint(
        "a SAY from an address that never joined gets \"ERROR not in the room: send JOIN <name> first\"",
    ));
    let mut bob = member(&scene, &server, address, "bob");
    bob.send(b"SAY hello");
    // The stranger's words never reached alice: the next she hears is bob.
    alice.expect_next(Want::exactly("JOINED bob"));
    alice.expect_next(Want::exactly("MSG bob hello"));
}

#[test]
fn s09_client_joins_with_its_name() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let client = stage().client(&scene, "client", server.local_addr(), &["--name", "neo"]);
    server.watch(&client);
    server.expect(Want::exactly("JOIN neo").hint(
        "send \"JOIN \" followed by args.name() to args.address() as soon as the client starts",
    ));
}

#[test]
fn s10_client_prints_messages_while_its_user_types_nothing() {
    let scene = Scene::new();
    let (mut server, mut client) = joined_client(&scene, "neo");
    server.send(b"MSG trinity knock, knock");
    client.expect_line(
        Want::containing_all(&["trinity", "knock, knock"])
            .described("a line with who spoke and what, like \"[trinity] knock, knock\"")
            .hint(
                "the main thread waits for the keyboard, so receive on a thread of your own: \
                 socket.try_clone(), then std::thread::spawn a loop of recv_from and print",
            ),
    );
}

#[test]
fn s11_client_shows_who_joins_and_leaves() {
    let scene = Scene::new();
    let (mut server, mut client) = joined_client(&scene, "neo");
    server.send(b"JOINED morpheus");
    client.expect_line(
        Want::containing_all(&["morpheus", "joined"])
            .described("a line like \"* morpheus joined\""),
    );
    server.send(b"LEFT morpheus");
    client.expect_line(
        Want::containing_all(&["morpheus", "left"]).described("a line like \"* morpheus left\""),
    );
}

#[test]
fn s12_client_sends_what_its_user_types() {
    let scene = Scene::new();
    let (mut server, mut client) = joined_client(&scene, "neo");
    client.send_line("hello, room");
    server.expect(Want::exactly("SAY hello, room").hint(
        "read lines from stdin in the main thread and send each as \"SAY <line>\" (without its \\n)",
    ));
}

#[test]
fn s13_client_leaves_on_exit() {
    let scene = Scene::new();
    let (mut server, mut client) = joined_client(&scene, "neo");
    client.send_line("exit");
    server.expect(Want::exactly("LEAVE").hint("when the user types exit, send \"LEAVE\""));
    client.expect_exit_hint(
        Exit::Success,
        Some("after sending LEAVE, return Ok(()) from talk: that ends the receiving thread too"),
    );
}

#[test]
fn s14_members_hear_each_other_through_the_server() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut alice = stage().client(&scene, "alice", address, &["--name", "alice"]);
    // One after the other, so that alice is in when bob joins.
    server.expect_line("alice");
    let mut bob = stage().client(&scene, "bob", address, &["--name", "bob"]);
    alice.expect_line(Want::containing_all(&["bob", "joined"]));
    alice.send_line("hi bob");
    bob.expect_line(Want::containing_all(&["alice", "hi bob"]));
    bob.send_line("hi alice");
    alice.expect_line(Want::containing_all(&["bob", "hi alice"]));
    bob.send_line("exit");
    bob.expect_exit(Exit::Success);
    alice.expect_line(Want::containing_all(&["bob", "left"]));
}
