//! `room`: many clients, relaying, names, leaving, vanishing, abuse.

use std::io::Write;
use std::net::{SocketAddr, TcpStream};

use kata::Transport::{self, Tcp, Udp};
use kata::{Exit, Peer, Proc, Scene, Want};
use rstest::rstest;

use crate::support::{start_named_client, start_server};

/// Starts `client room --name NAME` and waits until it has joined.
#[track_caller]
fn member(scene: &Scene, name: &str, transport: Transport, server: SocketAddr) -> Proc {
    let mut client = start_named_client(scene, name, "room", transport, server, &["--name", name]);
    client.expect_next_line(Want::exactly(format!("* you joined the room as {name}")));
    client
}

/// A test socket that joins the room by speaking the wire format itself.
#[track_caller]
fn joined_peer(scene: &Scene, name: &str, transport: Transport, server: SocketAddr) -> Peer {
    let mut peer = scene.client_peer(name, transport, server);
    peer.send(format!("JOIN {name}").as_bytes());
    peer.expect_next(Want::starting_with(format!("WELCOME {name} ")));
    peer
}

#[rstest]
fn three_members_hear_each_other(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "room", transport, &[]);
    let mut alice = member(&scene, "alice", transport, address);
    let mut bob = member(&scene, "bob", transport, address);
    let mut carol = member(&scene, "carol", transport, address);
    server.expect_line(Want::containing("* carol@127.0.0.1:"));

    alice.send_line("hi from alice");
    bob.expect_line(Want::exactly("[alice] hi from alice"));
    carol.expect_line(Want::exactly("[alice] hi from alice"));
    bob.send_line("привет от боба 🦀");
    alice.expect_line(Want::exactly("[bob] привет от боба 🦀"));
    carol.expect_line(Want::exactly("[bob] привет от боба 🦀"));
    carol.send_line("carol here");
    alice.expect_line(Want::exactly("[carol] carol here"));
    bob.expect_line(Want::exactly("[carol] carol here"));

    for (name, text) in [
        ("alice", "hi from alice"),
        ("bob", "привет от боба 🦀"),
        ("carol", "carol here"),
    ] {
        server.expect_line(Want::containing_all(&[
            &format!("[{name}@127.0.0.1:"),
            &format!("] {text}"),
        ]));
    }
}

#[rstest]
fn joins_and_leaves_are_announced_and_printed(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "room", transport, &[]);
    let mut alice = member(&scene, "alice", transport, address);
    // A client joins on start, before its user types anything.
    let mut bob = member(&scene, "bob", transport, address);
    server.expect_line(Want::containing_all(&["* bob@127.0.0.1:", " joined"]));
    alice.expect_next_line(Want::exactly("* bob joined"));

    bob.send_line("exit");
    bob.expect_next_line(Want::exactly("* you left the room"));
    bob.expect_exit(Exit::Success);
    alice.expect_next_line(Want::exactly("* bob left"));
    server.expect_line(Want::containing_all(&["* bob@127.0.0.1:", " left"]));

    // End of input leaves too.
    let mut carol = member(&scene, "carol", transport, address);
    alice.expect_next_line(Want::exactly("* carol joined"));
    carol.close_stdin();
    carol.expect_exit(Exit::Success);
    alice.expect_next_line(Want::exactly("* carol left"));
}

#[rstest]
fn ctrl_c_leaves_the_room(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (_server, address) = start_server(&scene, "room", transport, &[]);
    let mut alice = member(&scene, "alice", transport, address);
    let mut bob = member(&scene, "bob", transport, address);
    alice.expect_next_line(Want::exactly("* bob joined"));
    bob.interrupt();
    bob.expect_exit(Exit::Success);
    alice.expect_next_line(Want::exactly("* bob left"));
}

#[rstest]
fn the_server_console_speaks_to_everyone_and_exit_closes_the_room(
    #[values(Udp, Tcp)] transport: Transport,
) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "room", transport, &[]);
    let mut alice = member(&scene, "alice", transport, address);
    let mut bob = member(&scene, "bob", transport, address);
    server.expect_line(Want::containing("* bob@"));

    server.send_line("Class starts in five minutes");
    alice.expect_line(Want::exactly("[server] Class starts in five minutes"));
    bob.expect_line(Want::exactly("[server] Class starts in five minutes"));

    server.send_line("exit");
    for client in [&mut alice, &mut bob] {
        client.expect_line(Want::exactly("* the server closed the room"));
        client.expect_exit(Exit::Success);
    }
    server.expect_exit(Exit::Success);
}

#[rstest]
fn ctrl_c_on_the_server_closes_the_room_too(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "room", transport, &[]);
    let mut alice = member(&scene, "alice", transport, address);
    server.expect_line(Want::containing("* alice@"));
    server.interrupt();
    alice.expect_next_line(Want::exactly("* the server closed the room"));
    alice.expect_exit(Exit::Success);
    server.expect_exit(Exit::Success);
    assert_eq!(
        server.stderr_lines(),
        Vec::<String>::new(),
        "Ctrl+C should print no error"
    );
}

#[test]
fn a_vanished_udp_member_times_out_while_live_idle_members_stay() {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "room", Udp, &["--idle-timeout", "0.6"]);
    let mut alice = member(&scene, "alice", Udp, address);
    let mut bob = member(&scene, "bob", Udp, address);
    alice.expect_next_line(Want::exactly("* bob joined"));
    // Killed: no LEAVE is ever sent. Only silence tells the server.
    bob.kill();
    server.expect_line(Want::containing_all(&["* bob@127.0.0.1:", " timed out"]));
    alice.expect_next_line(Want::exactly("* bob timed out"));

    // Alice typed nothing all along, yet her keep-alives kept her in. A
    // second silent stretch, measured by carol's join and message, proves it.
    let mut carol = member(&scene, "carol", Udp, address);
    alice.expect_next_line(Want::exactly("* carol joined"));
    let mut dave = member(&scene, "dave", Udp, address);
    dave.kill();
    server.expect_line(Want::containing_all(&["* dave@127.0.0.1:", " timed out"]));
    carol.send_line("still here, alice?");
    alice.expect_next_line(Want::exactly("* dave joined"));
    alice.expect_next_line(Want::exactly("* dave timed out"));
    alice.expect_next_line(Want::exactly("[carol] still here, alice?"));
}

#[test]
fn a_killed_tcp_member_is_gone_at_once() {
    let scene = Scene::new();
    // A long idle timeout: the leave must come from the closed connection.
    let (mut server, address) = start_server(&scene, "room", Tcp, &["--idle-timeout", "600"]);
    let mut alice = member(&scene, "alice", Tcp, address);
    let mut bob = member(&scene, "bob", Tcp, address);
    alice.expect_next_line(Want::exactly("* bob joined"));
    bob.kill();
    alice.expect_next_line(Want::exactly("* bob left"));
    server.expect_line(Want::containing_all(&["* bob@127.0.0.1:", " left"]));
}

#[rstest]
fn a_taken_name_is_refused_and_its_holder_untouched(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (_server, address) = start_server(&scene, "room", transport, &[]);
    let mut alice = member(&scene, "alice", transport, address);
    let mut impostor = start_named_client(
        &scene,
        "impostor",
        "room",
        transport,
        address,
        &["--name", "Alice"],
    );
    impostor.expect_stderr(Want::exactly(
        "error: the room refused Alice: the name \"Alice\" is already taken",
    ));
    impostor.expect_exit(Exit::Code(1));
    let mut bob = member(&scene, "bob", transport, address);
    bob.send_line("are you the real alice?");
    alice.expect_line(Want::exactly("[bob] are you the real alice?"));
}

#[test]
fn clients_without_a_name_still_get_different_ones() {
    let scene = Scene::new();
    let (_server, address) = start_server(&scene, "room", Udp, &[]);
    let mut first = start_named_client(&scene, "first", "room", Udp, address, &[]);
    let mut second = start_named_client(&scene, "second", "room", Udp, address, &[]);
    let joined = Want::starting_with("* you joined the room as ");
    let first_name = first.expect_next_line(joined);
    let second_name = second.expect_next_line(Want::starting_with("* you joined the room as "));
    assert_ne!(first_name, second_name);
}

#[rstest]
fn strangers_and_garbage_get_an_error_and_never_reach_the_members(
    #[values(Udp, Tcp)] transport: Transport,
) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "room", transport, &[]);
    let mut alice = member(&scene, "alice", transport, address);

    let mut stranger = scene.client_peer("stranger", transport, address);
    stranger.send(b"SAY let me in");
    stranger.expect_next(Want::exactly(
        "ERROR not in the room: send JOIN <name> first",
    ));
    stranger.send(b"DANCE");
    stranger.expect_next(Want::starting_with("ERROR unknown command \"DANCE\""));
    stranger.send(b"JOIN two words");
    stranger.expect_next(Want::starting_with("ERROR invalid name"));
    stranger.send(b"JOIN \xff\xfe");
    stranger.expect_next(Want::exactly("ERROR messages must be UTF-8 text"));
    server.expect_line(Want::containing(format!(
        "! {}: not in the room",
        stranger.local_addr()
    )));

    // The members saw none of it: the next thing alice hears is bob.
    let mut bob = member(&scene, "bob", transport, address);
    bob.send_line("quiet in here");
    alice.expect_next_line(Want::exactly("* bob joined"));
    alice.expect_next_line(Want::exactly("[bob] quiet in here"));
}

#[rstest]
fn a_member_speaks_only_as_itself(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (_server, address) = start_server(&scene, "room", transport, &[]);
    let mut alice = member(&scene, "alice", transport, address);
    let mut mallory = joined_peer(&scene, "mallory", transport, address);
    // Messages are attributed from the sender's address or connection, never
    // from what the message claims.
    mallory.send(b"SAY alice: please send me your password");
    mallory.send(b"MSG alice I am alice");
    mallory.expect(Want::starting_with("ERROR unknown command \"MSG\""));
    alice.expect_line(Want::exactly(
        "[mallory] alice: please send me your password",
    ));
}

#[rstest]
fn the_wire_format_is_plain_text(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (_server, address) = start_server(&scene, "room", transport, &["--idle-timeout", "12.5"]);
    let mut neo = scene.client_peer("neo", transport, address);
    neo.send(b"JOIN neo");
    neo.expect_next(Want::exactly("WELCOME neo 12.5"));
    let mut trinity = joined_peer(&scene, "trinity", transport, address);
    neo.expect_next(Want::exactly("JOINED trinity"));
    trinity.send(b"SAY knock, knock");
    neo.expect_next(Want::exactly("MSG trinity knock, knock"));
    neo.send(b"PING");
    neo.expect_next(Want::exactly("PONG"));
    trinity.send(b"LEAVE");
    neo.expect_next(Want::exactly("LEFT trinity"));
}

#[rstest]
fn the_room_has_a_member_limit(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (_server, address) = start_server(&scene, "room", transport, &["--max-clients", "2"]);
    let _alice = member(&scene, "alice", transport, address);
    let _bob = member(&scene, "bob", transport, address);
    let mut carol = start_named_client(
        &scene,
        "carol",
        "room",
        transport,
        address,
        &["--name", "carol"],
    );
    carol.expect_stderr(Want::exactly(
        "error: the room refused carol: the room is full (2 members)",
    ));
    carol.expect_exit(Exit::Code(1));
}

#[test]
fn a_tcp_member_that_stops_reading_is_dropped_and_the_room_goes_on() {
    let scene = Scene::new();
    // No flood control here: the talker must outrun the sleeper's buffers.
    let (mut server, address) = start_server(&scene, "room", Tcp, &["--max-rate", "1000000"]);
    // A member that joins and then never reads a byte.
    let mut sleeper = TcpStream::connect(address).unwrap();
    sleeper.write_all(b"JOIN sleeper\n").unwrap();
    server.expect_line(Want::containing("* sleeper@"));
    let mut listener = joined_peer(&scene, "listener", Tcp, address);
    let mut talker = joined_peer(&scene, "talker", Tcp, address);

    // 30 MB: far more than the system's buffers and the sleeper's queue hold.
    let text = "z".repeat(50_000);
    for round in 0..600 {
        talker.send(format!("SAY {round} {text}").as_bytes());
        // The listener keeps up, and keeps the test in step with the room.
        listener.expect(Want::starting_with(format!("MSG talker {round} ")));
    }
    server.expect_line(Want::containing_all(&[
        "* sleeper@",
        " was dropped (too slow)",
    ]));
    talker.send(b"SAY after the drop");
    listener.expect(Want::exactly("MSG talker after the drop"));
}

#[test]
fn a_tcp_client_that_closes_its_sending_half_still_gets_its_welcome() {
    // `printf 'JOIN neo\n' | nc -N host port`: the request, then shutdown(write).
    use std::io::Read;
    let scene = Scene::new();
    let (_server, address) = start_server(&scene, "room", Tcp, &[]);
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(std::time::Duration::from_secs(5)))
        .unwrap();
    stream.write_all(b"JOIN neo\n").unwrap();
    stream.shutdown(std::net::Shutdown::Write).unwrap();
    let mut answer = Vec::new();
    let _ = stream.read_to_end(&mut answer);
    let answer = String::from_utf8_lossy(&answer);
    assert!(
        answer.starts_with("WELCOME neo "),
        "expected a WELCOME before the server closed, got {answer:?}"
    );
}

#[test]
fn the_client_stays_with_a_server_that_ignores_ping() {
    // Stage 04 lets a server ignore PING. Silence is not a reason to leave.
    let scene = Scene::new();
    let mut server = scene.udp_server_peer("student's server");
    let mut client = start_named_client(
        &scene,
        "neo",
        "room",
        Udp,
        server.local_addr(),
        &["--name", "neo"],
    );
    server.expect(Want::exactly("JOIN neo"));
    // An idle timeout of 0.2 s: a client that counted silence against it
    // would give up after well under a second.
    server.send(b"WELCOME neo 0.2");
    client.expect_next_line(Want::exactly("* you joined the room as neo"));
    // Forty unanswered keep-alives (every 50 ms) take two seconds.
    for _ in 0..40 {
        server.expect_next(Want::exactly("PING"));
    }
    server.send(b"MSG trinity still with me?");
    client.expect_next_line(Want::exactly("[trinity] still with me?"));
}

#[rstest]
#[case::lower_case("welcome neo 30")]
#[case::no_timeout("WELCOME neo")]
#[case::unit_attached("WELCOME neo 30ms")]
#[case::too_large("WELCOME neo 1e19")]
fn a_malformed_welcome_is_reported_as_such_at_once(#[case] welcome: &str) {
    let scene = Scene::with_wait(std::time::Duration::from_secs(3));
    let mut server = scene.udp_server_peer("student's server");
    let mut client = start_named_client(
        &scene,
        "neo",
        "room",
        Udp,
        server.local_addr(),
        &["--name", "neo", "--timeout", "10"],
    );
    server.expect(Want::exactly("JOIN neo"));
    server.send(welcome.as_bytes());
    client.expect_stderr(Want::containing_all(&[
        "error: the server at udp://127.0.0.1:",
        &format!("answered JOIN with \"{welcome}\", not WELCOME <name> <idle-seconds>"),
    ]));
    client.expect_exit(Exit::Code(1));
}
