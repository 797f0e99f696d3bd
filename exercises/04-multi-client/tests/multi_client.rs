//! Stage 04, a room for many clients: the checklist.
//!
//! Run `cargo test` in this folder. The tests are named in the order to
//! solve them: the server (the test plays several members, speaking the
//! room's messages itself), then the client (the test plays the server),
//! then everything together. Two tests take seconds on purpose: s16 waits
//! for the client to give up on a silent server, s20 keeps the room silent
//! for 6 s.

use std::net::SocketAddr;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use kata::show;
use kata::{Exit, Failure, Peer, Proc, Scene, Stage, Want};

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
    peer.expect_next(Want::exactly(format!("WELCOME {name} 30")).hint(format!(
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

/// A printed line with `name` and `word` (`joined`, `left`) in any case.
fn line_about(name: &str, word: &str) -> Want {
    let (name, word) = (name.to_string(), word.to_string());
    Want::matching(
        format!("a line with \"{name}\" and \"{word}\" (any case), like \"* {name} {word}\""),
        move |line| {
            let line = String::from_utf8_lossy(line);
            line.contains(&name) && line.to_lowercase().contains(&word)
        },
    )
}

/// Waits for the first message from `who` that starts with one of `kinds`
/// (skipping others) and checks that it is exactly `wanted`.
#[track_caller]
fn expect_first(
    scene: &Scene,
    who: &str,
    peer: &mut Peer,
    kinds: &'static [&'static str],
    wanted: &str,
    hint: &str,
) {
    let got = peer.expect(
        Want::matching(
            format!("exactly {}", show::quoted(wanted.as_bytes())),
            move |message| {
                kinds
                    .iter()
                    .any(|kind| message.starts_with(kind.as_bytes()))
            },
        )
        .hint(hint),
    );
    if got != wanted.as_bytes() {
        scene.fail(Failure {
            expected: format!(
                "the {who} sends the test exactly {}",
                show::quoted(wanted.as_bytes())
            ),
            got: format!("{} instead", show::quoted(&got)),
            hint: Some(hint.to_string()),
        });
    }
}

/// Waits for the client's next SAY or LEAVE (skipping a repeated JOIN) and
/// checks that it is exactly `wanted`.
#[track_caller]
fn expect_said(scene: &Scene, server: &mut Peer, wanted: &str, hint: &str) {
    expect_first(scene, "client", server, &["SAY", "LEAVE"], wanted, hint);
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
fn s04_server_survives_a_datagram_without_a_space() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut stranger = stage().test_client(&scene, "stranger", &server, address);
    // As `nc -u` sends it: no space, so split_once(' ') finds nothing.
    scene.by_hand("# or be the stranger yourself, and type HELLO:\n    nc -u 127.0.0.1 8080");
    stranger.send(b"HELLO");
    let mut alice = stage().test_client(&scene, "alice", &server, address);
    alice.send(b"JOIN alice");
    alice.expect_next(Want::exactly("WELCOME alice 30").hint(
        "a server must not stop for one bad datagram: \"HELLO\" (and \"LEAVE\") has no space, \
         so split_once(' ') returns None; use unwrap_or((text.as_str(), \"\")) instead of unwrap()",
    ));
}

#[test]
fn s05_server_relays_a_message_to_every_other_member() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = member(&scene, &server, address, "alice");
    let mut bob = member(&scene, &server, address, "bob");
    let mut carol = member(&scene, &server, address, "carol");
    alice.send(b"SAY hi, everyone");
    let hint = "for SAY, send \"MSG <name> <text>\" to every member but the sender; \
                the name is the one the sender joined with, found by its address \
                (members.get(&from)), not the last name that joined";
    // The first MSG each of them hears.
    expect_first(
        &scene,
        "server",
        &mut carol,
        &["MSG"],
        "MSG alice hi, everyone",
        hint,
    );
    expect_first(
        &scene,
        "server",
        &mut bob,
        &["MSG"],
        "MSG alice hi, everyone",
        hint,
    );
}

#[test]
fn s06_server_relays_a_long_message_whole() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = member(&scene, &server, address, "alice");
    let mut bob = member(&scene, &server, address, "bob");
    let long: String = (0..3000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    alice.send(format!("SAY {long}").as_bytes());
    let whole = format!("MSG alice {long}");
    expect_first(
        &scene,
        "server",
        &mut bob,
        &["MSG"],
        &whole,
        "recv_from cuts a datagram that does not fit the buffer: \
         use a buffer of 65536 bytes, not 1024",
    );
    // A short one after the long one: nothing of the long one may stay.
    alice.send(b"SAY ok");
    expect_first(
        &scene,
        "server",
        &mut bob,
        &["MSG"],
        "MSG alice ok",
        "use only what arrived: &buffer[..size], not the whole buffer",
    );
}

#[test]
fn s07_server_does_not_send_a_message_back_to_its_sender() {
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
            .hint("skip the sender when relaying (address != from): it knows what it said"),
    );
}

#[test]
fn s08_server_announces_joins_and_leaves() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = member(&scene, &server, address, "alice");
    let mut bob = member(&scene, &server, address, "bob");
    alice.expect_next(Want::exactly("JOINED bob").hint(
        "when someone joins, send \"JOINED <name>\" to every other member, \
         not to the one who joined: it got its WELCOME",
    ));
    bob.send(b"LEAVE");
    alice.expect_next(
        Want::exactly("LEFT bob")
            .hint("on LEAVE, remove the member and send \"LEFT <name>\" to the others"),
    );
}

#[test]
fn s09_server_forgets_a_member_who_leaves() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = member(&scene, &server, address, "alice");
    let mut bob = member(&scene, &server, address, "bob");
    bob.send(b"LEAVE");
    alice.expect(Want::exactly("LEFT bob"));
    // Bob comes back with a new client, so from a new address.
    let mut again = stage().test_client(&scene, "bob again", &server, address);
    again.send(b"JOIN bob");
    again.expect_next(Want::exactly("WELCOME bob 30").hint(
        "on LEAVE, remove the member from the table (members.remove(&from)): \
         its name is free again, and it hears nothing more",
    ));
}

#[test]
fn s10_server_refuses_a_name_that_is_taken() {
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
fn s11_server_gives_one_address_one_name() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = member(&scene, &server, address, "alice");
    scene.by_hand(
        "# or be alice yourself, and type JOIN alice, then JOIN bob:\n    nc -u 127.0.0.1 8080",
    );
    // The same address asks for a second name.
    alice.send(b"JOIN bob");
    alice.expect_next(Want::starting_with("ERROR").hint(
        "the address says who is talking: keep the members in a HashMap<SocketAddr, String>, \
         and answer a JOIN from an address already in the room with \
         \"ERROR already in the room as alice\"",
    ));
}

#[test]
fn s12_server_answers_a_stranger_with_an_error() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = member(&scene, &server, address, "alice");
    let mut stranger = stage().test_client(&scene, "stranger", &server, address);
    scene.by_hand(
        "# or be the stranger yourself, and type SAY let me in:\n    nc -u 127.0.0.1 8080",
    );
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
fn s13_server_understands_lines_typed_into_nc() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = member(&scene, &server, address, "alice");
    // `nc -u 127.0.0.1 8080` sends each line typed, with its line ending.
    let mut neo = stage().test_client(&scene, "nc", &server, address);
    scene.by_hand("# or be neo yourself, and type JOIN neo:\n    nc -u 127.0.0.1 8080");
    let hint = "nc -u sends each line with its \\n (\\r\\n on Windows): remove it before \
                cutting the text at its space, text.trim_end_matches(['\\r', '\\n'])";
    neo.send(b"JOIN neo\n");
    neo.expect_next(Want::exactly("WELCOME neo 30").hint(hint));
    neo.send(b"SAY hi there\r\n");
    expect_first(
        &scene,
        "server",
        &mut alice,
        &["MSG"],
        "MSG neo hi there",
        hint,
    );
    neo.send(b"LEAVE\n");
    expect_first(&scene, "server", &mut alice, &["LEFT"], "LEFT neo", hint);
}

#[test]
fn s14_client_joins_with_its_name() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let client = stage().client(&scene, "client", server.local_addr(), &["--name", "neo"]);
    server.watch(&client);
    server.expect_next(Want::exactly("JOIN neo").hint(
        "send \"JOIN \" followed by args.name() to args.address() as soon as the client starts",
    ));
}

#[test]
fn s15_client_stops_when_its_name_is_refused() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    scene.by_hand(
        "# take the name first, so that the server refuses it:\n    \
         cargo run -q -p socket-kata --bin client -- room --port 8080 --name neo",
    );
    let mut client = stage().client(&scene, "client", server.local_addr(), &["--name", "neo"]);
    server.watch(&client);
    server.expect(Want::exactly("JOIN neo"));
    server.send(b"ERROR the name \"neo\" is already taken");
    let hint = "after sending JOIN, wait for the answer (recv_from, at most 5 s): \
                ERROR means you are not in the room, so return it as an error";
    client.expect_exit_hint(Exit::Code(1), Some(hint));
    client.expect_stderr(
        Want::containing("already taken")
            .described("an error line with the server's reason, \"already taken\"")
            .hint("put the text after \"ERROR \" in the error you return"),
    );
}

#[test]
fn s16_client_gives_up_when_nobody_answers_its_join() {
    // Longer than the 5 s the client waits for its WELCOME.
    let scene = Scene::with_wait(Duration::from_secs(8));
    let silent = stage().silent_server(&scene);
    let mut client = stage().client(&scene, "client", silent.address(), &["--name", "neo"]);
    client.expect_exit_hint(
        Exit::Code(1),
        Some(
            "a program answers the JOIN, so wait for it at most 5 s: \
             set_read_timeout(Some(Duration::from_secs(5))) before recv_from \
             (args.timeout is None unless --timeout is given: no limit at all)",
        ),
    );
}

#[test]
fn s17_client_prints_what_the_room_says() {
    let scene = Scene::new();
    let (mut server, mut client) = joined_client(&scene, "neo");
    // Even a client that receives only after its user pressed Enter passes
    // this one; s18 asks for more.
    client.send_line("hi, trinity");
    server.send(b"MSG trinity hi, neo");
    client.expect_line(Want::line_ending_with("trinity", "hi, neo").hint(
        "print each message the receiving loop gets, MSG trinity hi → \"[trinity] hi\"; \
         if you write through a BufWriter (or with print!), flush after each line, \
         or it stays in memory",
    ));
}

#[test]
fn s18_client_prints_messages_while_its_user_types_nothing() {
    let scene = Scene::new();
    let (mut server, mut client) = joined_client(&scene, "neo");
    let hint = "the main thread waits for the keyboard, so receive on a thread of your own: \
                socket.try_clone(), then std::thread::spawn a loop of recv_from and print";
    server.send(b"MSG trinity knock, knock");
    client.expect_line(Want::line_ending_with("trinity", "knock, knock").hint(hint));
    server.send(b"MSG trinity anybody home?");
    client.expect_line(Want::line_ending_with("trinity", "anybody home?").hint(hint));
}

#[test]
fn s19_client_shows_who_joins_and_leaves() {
    let scene = Scene::new();
    let (mut server, mut client) = joined_client(&scene, "neo");
    server.send(b"JOINED morpheus");
    client.expect_line(line_about("morpheus", "joined").hint(
        "read the command word of each message, not only MSG: \
             JOINED morpheus → print \"* morpheus joined\"",
    ));
    server.send(b"LEFT morpheus");
    client.expect_line(line_about("morpheus", "left").hint(
        "read the command word of each message, not only MSG: \
             LEFT morpheus → print \"* morpheus left\"",
    ));
}

#[test]
fn s20_client_still_prints_after_a_long_silence() {
    let scene = Scene::new();
    // A receiving thread that unwraps recv_from dies of the timeout with a
    // panic: name the timeout, not the unwrap, since the thread cannot use ?.
    scene.symptom(|log| {
        let timed_out =
            log.any("client stderr", "WouldBlock") || log.any("client stderr", "TimedOut");
        timed_out.then(|| {
            "the receiving thread died when its recv_from timed out after 5 s of silence: \
             a cloned socket shares the read timeout of the JOIN, so call \
             set_read_timeout(None) before the thread starts"
                .to_string()
        })
    });
    let (mut server, mut client) = joined_client(&scene, "neo");
    // Nobody says anything for 6 s: people in a room often don't.
    let silence = Duration::from_secs(6);
    scene.note("waits 6 s: nobody says anything");
    if client.wait_for_exit(silence).is_some() {
        scene.fail(Failure {
            expected: "the client keeps running while the room is silent".to_string(),
            got: "it ended during 6 s of silence".to_string(),
            hint: Some(
                "silence is normal in a room: after WELCOME, set_read_timeout(None)".to_string(),
            ),
        });
    }
    server.send(b"MSG trinity still there?");
    client.expect_line(Want::line_ending_with("trinity", "still there?").hint(
        "the receiving thread stopped after 5 s of silence: a cloned socket shares the \
         read timeout of the JOIN, so call set_read_timeout(None) before the thread starts",
    ));
}

#[test]
fn s21_client_sends_what_its_user_types() {
    let scene = Scene::new();
    let (mut server, mut client) = joined_client(&scene, "neo");
    client.send_line("hello, room");
    expect_said(
        &scene,
        &mut server,
        "SAY hello, room",
        "read lines from stdin in the main thread and send each as \"SAY <line>\", \
         without its \\n: stdin().lines() removes it, read_line keeps it",
    );
}

#[test]
fn s22_client_leaves_on_exit() {
    let scene = Scene::new();
    let (mut server, mut client) = joined_client(&scene, "neo");
    client.send_line("exit");
    expect_said(
        &scene,
        &mut server,
        "LEAVE",
        "exit is for the client, not for the room: check for it before sending SAY, \
         and send \"LEAVE\" instead",
    );
    client.expect_exit_hint(
        Exit::Success,
        Some(
            "after sending LEAVE, return Ok(()) from talk: that ends the receiving thread too \
             (do not join() it: it waits for the network forever)",
        ),
    );
}

#[test]
fn s23_client_leaves_at_the_end_of_input() {
    let scene = Scene::new();
    let (mut server, mut client) = joined_client(&scene, "neo");
    client.close_stdin();
    expect_said(
        &scene,
        &mut server,
        "LEAVE",
        "at the end of input (Ctrl+D) read_line returns Ok(0) and an empty line forever: \
         leave as on exit (stdin().lines() simply ends)",
    );
    client.expect_exit_hint(
        Exit::Success,
        Some("after sending LEAVE, return Ok(()) from talk"),
    );
}

#[test]
fn s24_client_understands_windows_line_endings() {
    let scene = Scene::new();
    let (mut server, mut client) = joined_client(&scene, "neo");
    let hint = "typed on Windows, a line ends with \\r\\n: remove both, \
                trim_end_matches(['\\r', '\\n']) (stdin().lines() does it for you)";
    client.send_line("hello, room\r");
    expect_said(&scene, &mut server, "SAY hello, room", hint);
    client.send_line("exit\r");
    expect_said(&scene, &mut server, "LEAVE", hint);
}

#[test]
fn s25_members_hear_each_other_through_the_server() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut alice = stage().client(&scene, "alice", address, &["--name", "alice"]);
    // One after the other, so that alice is in when bob joins.
    server.expect_line("alice");
    let mut bob = stage().client(&scene, "bob", address, &["--name", "bob"]);
    alice.expect_line(line_about("bob", "joined"));
    alice.send_line("hi bob");
    bob.expect_line(Want::line_ending_with("alice", "hi bob"));
    bob.send_line("hi alice");
    alice.expect_line(Want::line_ending_with("bob", "hi alice"));
    bob.send_line("exit");
    bob.expect_exit(Exit::Success);
    alice.expect_line(line_about("bob", "left"));
}
