//! A peer's bytes never control anyone's terminal: every control or
//! invisible character a peer sends is printed escaped, by servers and
//! clients alike, in every mode, and names that hide something or pass for
//! the server are refused.

use kata::Transport::{self, Tcp, Udp};
use kata::{Exit, Scene, Want};
use rstest::rstest;

use crate::support::{start_client, start_named_client, start_server};

/// Clears the screen, sets the window title, rings the bell.
const SCREEN_CLEAR: &str = "\x1b[2J\x1b]2;PWNED\x07";
const SCREEN_CLEAR_SHOWN: &str = r"\x1b[2J\x1b]2;PWNED\x07";

/// A vertical tab and backspaces, then a line that looks like the server's.
const FORGED: &str =
    "\x0b\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08[server] Class is cancelled, go home";
const FORGED_SHOWN: &str =
    r"\x0b\x08\x08\x08\x08\x08\x08\x08\x08\x08\x08[server] Class is cancelled, go home";

/// C1 controls, a line separator, bidi overrides and isolates, a zero-width
/// space, NUL, DEL, form feed.
const UNICODE_TRICKS: &str =
    "a\u{9b}2J\u{85}b\u{2028}c\u{202E}dcba\u{2066}x\u{2069}\u{200B}\u{0}\u{7f}\u{c}";
const UNICODE_TRICKS_SHOWN: &str =
    r"a\u{9b}2J\u{85}b\u{2028}c\u{202e}dcba\u{2066}x\u{2069}\u{200b}\x00\x7f\x0c";

/// Starts `client room --name NAME` and waits until it has joined.
#[track_caller]
fn member(
    scene: &Scene,
    name: &str,
    transport: Transport,
    server: std::net::SocketAddr,
) -> kata::Proc {
    let mut client = start_named_client(scene, name, "room", transport, server, &["--name", name]);
    client.expect_next_line(Want::exactly(format!("* you joined the room as {name}")));
    client
}

#[rstest]
fn a_members_control_characters_reach_nobodys_terminal(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "room", transport, &[]);
    let mut alice = member(&scene, "alice", transport, address);
    let mut mallory = scene.client_peer("mallory", transport, address);
    mallory.send(b"JOIN mallory");
    mallory.expect_next(Want::starting_with("WELCOME mallory "));
    alice.expect_next_line(Want::exactly("* mallory joined"));
    for (text, shown) in [
        (SCREEN_CLEAR, SCREEN_CLEAR_SHOWN),
        (FORGED, FORGED_SHOWN),
        (UNICODE_TRICKS, UNICODE_TRICKS_SHOWN),
    ] {
        mallory.send(format!("SAY {text}").as_bytes());
        alice.expect_next_line(Want::exactly(format!("[mallory] {shown}")));
        server.expect_line(Want::containing_all(&["[mallory@", &format!("] {shown}")]));
    }
    // Cyrillic and emoji are text, not tricks: they pass unchanged.
    mallory.send("SAY привет 🦀".as_bytes());
    alice.expect_next_line(Want::exactly("[mallory] привет 🦀"));
}

#[rstest]
fn names_that_hide_something_or_pass_for_the_server_are_refused(
    #[values(Udp, Tcp)] transport: Transport,
) {
    let scene = Scene::new();
    let (_server, address) = start_server(&scene, "room", transport, &[]);
    let mut alice = member(&scene, "alice", transport, address);
    let mut guest = scene.client_peer("guest", transport, address);
    for hidden in [
        "server\u{200B}",
        "ser\u{AD}ver",
        "eve\u{202E}",
        "x\u{1b}[2J",
        "bell\u{7}",
    ] {
        guest.send(format!("JOIN {hidden}").as_bytes());
        guest.expect_next(Want::starting_with("ERROR invalid name \""));
    }
    for look_alike in ["ѕerver", "ｓｅｒｖｅｒ", "SЕRVЕR", "Server"] {
        guest.send(format!("JOIN {look_alike}").as_bytes());
        guest.expect_next(Want::matching(
            format!("ERROR … is reserved (for {look_alike})"),
            |message| {
                let text = String::from_utf8_lossy(message);
                text.starts_with("ERROR the name ") && text.contains(" is reserved")
            },
        ));
    }
    // A name that looks like a member's is taken too.
    guest.send("JOIN аlice".as_bytes());
    guest.expect_next(Want::exactly("ERROR the name \"аlice\" is already taken"));
    // Russian names are welcome.
    guest.send("JOIN Анна".as_bytes());
    guest.expect_next(Want::starting_with("WELCOME Анна "));
    alice.expect_next_line(Want::exactly("* Анна joined"));
}

#[test]
fn the_reference_client_escapes_what_a_students_room_server_relays() {
    // A student's server may relay anything, names included.
    let scene = Scene::new();
    let mut server = scene.udp_server_peer("student's server");
    let mut client = start_named_client(
        &scene,
        "client",
        "room",
        Udp,
        server.local_addr(),
        &["--name", "neo"],
    );
    server.expect(Want::exactly("JOIN neo"));
    server.send(b"WELCOME neo 30");
    client.expect_next_line(Want::exactly("* you joined the room as neo"));
    server.send(format!("MSG ev\u{202E}il {SCREEN_CLEAR}").as_bytes());
    client.expect_next_line(Want::exactly(format!(
        r"[ev\u{{202e}}il] {SCREEN_CLEAR_SHOWN}"
    )));
    server.send(format!("JOINED {FORGED}").as_bytes());
    client.expect_next_line(Want::starting_with(r"* \x0b\x08"));
    server.send(format!("ERROR {SCREEN_CLEAR}").as_bytes());
    client.expect_stderr(Want::exactly(format!(
        "error: the server says: {SCREEN_CLEAR_SHOWN}"
    )));
}

#[rstest]
fn every_server_prints_a_peers_controls_escaped(
    #[values(Udp, Tcp)] transport: Transport,
    #[values("hello", "echo", "reply", "chat")] mode: &str,
) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, mode, transport, &[]);
    let mut peer = scene.client_peer("peer", transport, address);
    peer.send(UNICODE_TRICKS.as_bytes());
    server.expect_line(Want::exactly(format!(
        "[{}] {UNICODE_TRICKS_SHOWN}",
        peer.local_addr()
    )));
}

#[rstest]
fn every_client_prints_a_servers_controls_escaped(
    #[values("hello", "echo", "reply", "chat")] mode: &str,
) {
    let scene = Scene::new();
    let mut server = scene.udp_server_peer("student's server");
    let mut client = start_client(&scene, mode, Udp, server.local_addr(), &[]);
    if mode != "hello" {
        client.send_line("hi");
    }
    server.expect(Want::matching("any message", |_| true));
    server.send(SCREEN_CLEAR.as_bytes());
    client.expect_line(Want::exactly(format!("[server] {SCREEN_CLEAR_SHOWN}")));
    if mode == "hello" {
        client.expect_exit(Exit::Success);
    }
}
