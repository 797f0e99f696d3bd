//! Stage 07, a chat room over TCP: the checklist.
//!
//! Run `cargo test` in this folder. The tests are named in the order to
//! solve them: first the server (the test plays the members), then the
//! client (the test plays the server), then both together. A failing test
//! says what it expected, what happened and what to try.

use std::io::Write;
use std::net::SocketAddr;
use std::thread;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use kata::raw::Raw;
use kata::{Exit, Failure, Peer, Proc, Scene, Stage, Want};

fn stage() -> Stage {
    Stage::tcp(
        "kata-07-tcp-room",
        "room",
        cargo_bin!("tcp-room-server"),
        cargo_bin!("tcp-room-client"),
    )
}

const THREADS: &str = "serve each connection on a thread of its own (thread::spawn right after \
                       accept), and never hold the room's lock while a thread waits in read: \
                       lock only to change the list of members or to copy it";

/// A member that has joined: connected, sent JOIN, got WELCOME.
#[track_caller]
fn join(scene: &Scene, server: &Proc, address: SocketAddr, name: &str) -> Peer {
    let mut member = stage().test_client(scene, name, server, address);
    member.send(format!("JOIN {name}").as_bytes());
    member.expect_next(
        Want::starting_with(format!("WELCOME {name}"))
            .described(format!("\"WELCOME {name} 30\" (the answer to JOIN {name})"))
            .hint(format!(
                "read the connection's first line; for \"JOIN NAME\", answer \"WELCOME NAME 30\" \
                 on that connection, with a \\n. If someone is already connected: {THREADS}"
            )),
    );
    member
}

#[test]
fn s01_server_prints_its_listening_line() {
    let scene = Scene::new();
    let mut server = stage().server(&scene, &[]);
    server.listening("tcp");
}

#[test]
fn s02_server_welcomes_a_member() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut alice = stage().test_client(&scene, "alice", &server, address);
    alice.send(b"JOIN alice");
    // A check without a target text: "WELCOME alice" is not a WELCOME cut
    // short by a read, it lacks its idle seconds.
    alice.expect_next(
        Want::matching(
            "exactly \"WELCOME alice 30\" (the answer to JOIN alice)",
            |message| message == b"WELCOME alice 30",
        )
        .hint(
            "for \"JOIN NAME\", answer exactly \"WELCOME NAME 30\" on that connection, with a \
             \\n: the 30 tells the client how long it may stay silent (the reference's client \
             refuses a WELCOME without it)",
        ),
    );
    let who = alice.local_addr();
    server.expect_line(
        Want::exactly(format!("* alice@{who} joined"))
            .described(format!("a line \"* alice@{who} joined\""))
            .hint("after the WELCOME, print \"* NAME@ADDRESS joined\""),
    );
}

#[test]
fn s03_server_tells_the_members_who_joined() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = join(&scene, &server, address, "alice");
    scene.symptom(|log| {
        log.lines("alice")
            .iter()
            .any(|line| line.starts_with("receives the line \"JOINED alice\\n\""))
            .then(|| {
                "alice was told that alice joined: JOINED goes to the others only. Copy the \
                 others' streams before you add the newcomer to the list (or skip its address)"
                    .to_string()
            })
    });
    scene.note("alice stays connected while bob joins");
    let _bob = join(&scene, &server, address, "bob");
    alice.expect_next(Want::exactly("JOINED bob").hint(format!(
        "when someone joins, send \"JOINED NAME\" to every other member: keep the members \
         (name and a clone of their stream) in an Arc<Mutex<Vec<…>>> shared by all threads. \
         {THREADS}"
    )));
}

#[test]
fn s04_server_relays_a_message_to_the_others_but_not_the_sender() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut alice = join(&scene, &server, address, "alice");
    let mut bob = join(&scene, &server, address, "bob");
    alice.expect_next(Want::exactly("JOINED bob"));
    alice.send(b"SAY Hi bob! Can you see this?");
    bob.expect_next(Want::exactly("MSG alice Hi bob! Can you see this?").hint(
        "for \"SAY TEXT\" from a member, send \"MSG NAME TEXT\" to every other member: the \
             name the sender joined with, then the text, on one line ending in \\n",
    ));
    server.expect_line(Want::exactly(format!(
        "[alice@{}] Hi bob! Can you see this?",
        alice.local_addr()
    )));
    bob.send(b"SAY Loud and clear.");
    alice.expect_next(Want::exactly("MSG bob Loud and clear.").hint(
        "a broadcast skips the sender: alice got her own message back. Compare each member's \
         address with the sender's",
    ));
}

#[test]
fn s05_server_reads_whole_lines_however_they_arrive() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut bob = join(&scene, &server, address, "bob");
    let mut alice = Raw::connect(&scene, "alice", address);
    alice.write(b"JOIN alice\n");
    alice.expect_line(Want::starting_with("WELCOME alice"));
    bob.expect_next(Want::exactly("JOINED alice"));
    let hint = "a TCP read returns whatever bytes have arrived, not one line: keep one \
                BufReader per connection, made before its loop, and read_until(b'\\n'); \
                decode a line only once it is whole";
    alice.write(b"SAY one\nSAY two\n");
    bob.expect_next(Want::exactly("MSG alice one").hint(hint));
    bob.expect_next(Want::exactly("MSG alice two").hint(hint));
    let bytes = "SAY Привет".as_bytes();
    scene.note("cuts the next line in the middle of the letter р");
    alice.write(&bytes[..7]);
    alice.pause();
    let mut rest = bytes[7..].to_vec();
    rest.push(b'\n');
    alice.write(&rest);
    bob.expect_next(Want::exactly("MSG alice Привет").hint(hint));
}

#[test]
fn s06_a_silent_connection_blocks_nobody() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let _silent = Raw::connect(&scene, "silent", address);
    scene.note("silent connects first, and never sends a byte");
    let hint = format!("a connection that says nothing must not stop the others: {THREADS}");
    let mut alice = stage().test_client(&scene, "alice", &server, address);
    alice.send(b"JOIN alice");
    alice.expect_next(Want::starting_with("WELCOME alice").hint(hint.clone()));
    let mut bob = join(&scene, &server, address, "bob");
    alice.expect_next(Want::exactly("JOINED bob").hint(hint.clone()));
    bob.send(b"SAY anyone?");
    alice.expect_next(Want::exactly("MSG bob anyone?").hint(hint));
}

#[test]
fn s07_server_answers_what_it_cannot_understand_with_an_error() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = join(&scene, &server, address, "alice");
    let hint = "a line you cannot use (no space in it, an unknown word, SAY before JOIN) gets \
                \"ERROR REASON\" back, and the connection goes on. split_once(' ') returns None \
                for a line without a space: handle it, do not unwrap() it";
    alice.send(b"HELLO");
    alice.expect_next(Want::starting_with("ERROR ").hint(hint));
    let mut stranger = stage().test_client(&scene, "stranger", &server, address);
    stranger.send(b"SAY let me in");
    stranger.expect_next(Want::starting_with("ERROR ").hint(hint));
    let mut bob = join(&scene, &server, address, "bob");
    alice.expect_next(Want::exactly("JOINED bob").hint(hint));
    alice.send(b"SAY all good");
    bob.expect_next(Want::exactly("MSG alice all good").hint(hint));
}

#[test]
fn s08_server_tells_the_others_when_a_member_leaves() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut alice = join(&scene, &server, address, "alice");
    let mut bob = Raw::connect(&scene, "bob", address);
    bob.write(b"JOIN bob\n");
    bob.expect_line(Want::starting_with("WELCOME bob"));
    alice.expect_next(Want::exactly("JOINED bob"));
    let who = bob.local_addr();
    bob.write(b"LEAVE\n");
    let hint = "on LEAVE, take the member out of the list and send \"LEFT NAME\" to the others; \
                then close that connection";
    alice.expect_next(Want::exactly("LEFT bob").hint(hint));
    server.expect_line(Want::exactly(format!("* bob@{who} left")).hint(hint));
    expect_closed_without_a_word(
        &scene,
        ("bob", &bob),
        "the server closes bob's connection after his LEAVE, and sends him nothing more",
        "LEFT goes to the others only: bob knows that he left. Take him out of the list \
         before you copy the streams to tell, or skip his address; then close his connection",
        hint,
    );
    let _carol = join(&scene, &server, address, "carol");
    alice.expect_next(Want::exactly("JOINED carol").hint(hint));
}

#[test]
fn s09_a_member_who_disconnects_has_left() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut alice = join(&scene, &server, address, "alice");
    let carol = join(&scene, &server, address, "carol");
    alice.expect_next(Want::exactly("JOINED carol"));
    let who = carol.local_addr();
    scene.note("carol closes her connection without LEAVE");
    drop(carol);
    let hint = "a read of 0 bytes (read_until returns Ok(0)) means the member closed the \
                connection: that is a leave, like LEAVE. Take them out of the list, send \
                \"LEFT NAME\" to the others, and end the thread";
    alice.expect_next(Want::exactly("LEFT carol").hint(hint));
    server.expect_line(Want::exactly(format!("* carol@{who} left")).hint(hint));
    // A thread that goes on reading after the read of 0 bytes gets 0 bytes
    // again at once: whatever it prints or sends for them comes before
    // the next member's line, on a busy machine as on an idle one.
    let dave = join(&scene, &server, address, "dave");
    let newcomer = dave.local_addr();
    let ended = "after a read of 0 bytes, the connection's thread must end: every later read \
                 returns 0 at once, so a loop that goes on reading spins";
    server.expect_next_line(
        Want::exactly(format!("* dave@{newcomer} joined"))
            .described(format!(
                "the next line \"* dave@{newcomer} joined\": nothing more about carol, who left"
            ))
            .hint(ended),
    );
    alice.expect_next(
        Want::exactly("JOINED dave")
            .described("\"JOINED dave\": nothing more about carol, who left")
            .hint(ended),
    );
}

#[test]
fn s10_a_member_who_vanishes_has_left_and_the_room_goes_on() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = join(&scene, &server, address, "alice");
    let mut carol = Raw::connect(&scene, "carol", address);
    carol.write(b"JOIN carol\n");
    carol.expect_line(Want::starting_with("WELCOME carol"));
    alice.expect_next(Want::exactly("JOINED carol"));
    alice.send(b"SAY carol, are you there?");
    scene.note("carol vanishes, as a killed program does, with a message unread");
    carol.vanish();
    let hint = "a member that vanishes resets the connection: the read fails with an error, \
                not 0 bytes. That is a leave too: however the connection's loop ends (Ok(0), \
                LEAVE or an error), take the member out and send \"LEFT NAME\"; never let one \
                connection's error end another thread or the server";
    alice.expect_next(Want::exactly("LEFT carol").hint(hint));
    let mut bob = join(&scene, &server, address, "bob");
    alice.expect_next(Want::exactly("JOINED bob").hint(hint));
    alice.send(b"SAY still here");
    bob.expect_next(Want::exactly("MSG alice still here").hint(hint));
}

#[test]
fn s11_a_member_who_stops_reading_holds_up_nobody() {
    let scene = Scene::with_wait(Duration::from_secs(10));
    let (server, address) = stage().start_server(&scene, &[]);
    let mut stuck = Raw::connect(&scene, "stuck", address);
    stuck.write(b"JOIN stuck\n");
    stuck.expect_line(Want::starting_with("WELCOME stuck"));
    scene.note("stuck never reads again, like a program frozen in a debugger");
    let mut bob = join(&scene, &server, address, "bob");
    // Many senders, each at a pace a room lets a person have (the reference
    // slows down a single sender that floods), together far more than the
    // buffers between the server and stuck hold. (When a member's buffers
    // are full, a write to it goes out in pieces, and lines that two threads
    // write at once come mixed: bob sees that in some runs, not all.)
    let (senders, each, size) = (12, 500, 1000);
    let mut writers = Vec::new();
    for sender in 0..senders {
        let name = format!("s{sender:02}");
        let mut member = Raw::connect(&scene, &name, address);
        member.write(format!("JOIN {name}\n").as_bytes());
        member.expect_line(Want::starting_with(format!("WELCOME {name}")));
        writers.push((name, member));
    }
    scene.note(format!(
        "{senders} members say {each} things of {size} bytes each ({} MB in all) and read what \
         comes to them, while stuck reads nothing",
        senders * each * size / 1_000_000
    ));
    let text = "x".repeat(size - 14);
    let sending: Vec<_> = writers
        .iter()
        .map(|(name, member)| {
            // Each member reads all that comes to it (and throws it away):
            // only stuck stops reading.
            let mut reader = member.writer();
            thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
            let mut writer = member.writer();
            let all: Vec<u8> = (0..each)
                .flat_map(|i| format!("SAY {i:03} {text}\n").into_bytes())
                .collect();
            let name = name.clone();
            thread::spawn(move || (name, writer.write_all(&all)))
        })
        .collect();
    let hint = "a member that stops reading fills its buffers, and then a write to it waits \
                for good: give each member's stream a write timeout (set_write_timeout), and \
                when a write to a member fails, drop that member (shut its stream down), never \
                the sender. Never write while holding the room's lock";
    let mut heard = vec![0usize; senders];
    scene.note("bob checks that every message of every member reaches him whole, in order");
    while heard.iter().sum::<usize>() < senders * each {
        let message = bob.expect(
            Want::matching(
                format!("all {} messages, {each} from each member", senders * each),
                |message| message.starts_with(b"MSG s") || message == b"LEFT stuck",
            )
            .hint(hint),
        );
        if message == b"LEFT stuck" {
            continue;
        }
        let sender: usize = std::str::from_utf8(&message[5..7])
            .ok()
            .and_then(|digits| digits.parse().ok())
            .unwrap_or(senders);
        let wanted = format!(
            "MSG s{sender:02} {:03} {text}",
            heard.get(sender).unwrap_or(&0)
        );
        if sender >= senders || message != wanted.as_bytes() {
            scene.fail(mixed_line(&wanted, &message));
        }
        heard[sender] += 1;
    }
    for handle in sending {
        let _ = handle.join();
    }
    drop(stuck);
}

/// The report for a message that is not the next one `wanted` from its
/// member: which one came out of order, or where the line stops being the
/// one that member sent.
fn mixed_line(wanted: &str, message: &[u8]) -> Failure {
    let start = String::from_utf8_lossy(&message[..12.min(message.len())]).into_owned();
    if !wanted
        .as_bytes()
        .starts_with(&message[..12.min(message.len())])
    {
        return Failure {
            expected: format!("the next message from that member, \"{}…\"", &wanted[..12]),
            got: format!("\"{start}…\""),
            hint: Some("messages from one member arrive whole and in order".to_string()),
        };
    }
    let at = message
        .iter()
        .zip(wanted.as_bytes())
        .take_while(|(got, want)| got == want)
        .count();
    let rest = &message[at..];
    Failure {
        expected: format!(
            "\"{start}…\", {} bytes of that member's line and nothing else",
            wanted.len()
        ),
        got: format!(
            "\"{start}…\" ({} bytes), whose byte {at} on is \"{}…\"",
            message.len(),
            String::from_utf8_lossy(&rest[..24.min(rest.len())])
        ),
        hint: Some(
            "two members' lines came mixed in one: several threads write to one member's \
             stream at once, and when its buffers are full each write goes out in pieces. \
             Write a whole line at a time: give each member's stream a lock of its own \
             (Arc<Mutex<TcpStream>>) and hold it for the write_all of one line"
                .to_string(),
        ),
    }
}

#[test]
fn s12_server_relays_each_text_exactly_whatever_its_line_end() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = join(&scene, &server, address, "alice");
    let mut bob = join(&scene, &server, address, "bob");
    alice.expect_next(Want::exactly("JOINED bob"));
    alice.send(b"SAY   indented by two spaces");
    bob.expect_next(Want::exactly("MSG alice   indented by two spaces").hint(
        "relay the text as it came, spaces and all: drop only the line end \
         (trim_end_matches(['\\r', '\\n'])), then take what follows \"SAY \"; trim() takes \
         the spaces at its start too",
    ));
    let mut carol = Raw::connect(&scene, "carol", address);
    scene.note("carol is telnet, or nc on Windows: her lines end with \\r\\n");
    carol.write(b"JOIN carol\r\n");
    carol.expect_line(Want::starting_with("WELCOME carol"));
    let hint = "a line from telnet or Windows ends with \\r\\n: drop both \
                (trim_end_matches(['\\r', '\\n'])) before you split it, or the \\r stays on \
                the name or the text";
    bob.expect_next(Want::exactly("JOINED carol").hint(hint));
    carol.write(b"SAY hi from telnet\r\n");
    bob.expect_next(Want::exactly("MSG carol hi from telnet").hint(hint));
}

#[test]
fn s13_server_survives_a_line_that_is_not_utf8() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut alice = join(&scene, &server, address, "alice");
    let mut bob = join(&scene, &server, address, "bob");
    alice.expect_next(Want::exactly("JOINED bob"));
    // "Привет" as a Windows console in code page 1251 sends it.
    let mut cp1251 = b"SAY ".to_vec();
    cp1251.extend([0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2]);
    scene.note("alice says \"Привет\" in the Windows-1251 encoding: bytes that are not UTF-8");
    alice.send(&cp1251);
    alice.send(b"SAY still here");
    bob.expect(Want::exactly("MSG alice still here").hint(
        "a line need not be UTF-8 (a Windows console may send Windows-1251): read_line \
         into a String fails on it, and an unwrap() on from_utf8 panics; either way alice is \
         out. Read bytes with read_until and decode them with String::from_utf8_lossy (or \
         answer ERROR), and go on",
    ));
}

#[test]
fn s14_client_joins_with_its_name() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let client = stage().client(&scene, "client", address, &["--name", "alice"]);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    server.expect_next(Want::exactly("JOIN alice").hint(
        "right after connecting, send \"JOIN NAME\" with args.name(), on a line ending in \\n",
    ));
}

#[test]
fn s15_client_says_that_it_joined_once_welcomed() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &["--name", "alice"]);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    server.expect_next(Want::exactly("JOIN alice"));
    server.send(b"WELCOME alice 30");
    client.expect_line(
        Want::containing("joined")
            .described("a line like \"* you joined the room as alice\"")
            .hint("read the answer to JOIN; on WELCOME, print that you joined"),
    );
}

#[test]
fn s16_client_reports_a_refused_join() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &["--name", "alice"]);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    server.expect_next(Want::exactly("JOIN alice"));
    server.send(b"ERROR the name \"alice\" is already taken");
    let hint = "wait for the answer to JOIN before anything else: anything but WELCOME means \
                the room refused you. Return an error with that answer";
    client.expect_exit_hint(Exit::Code(1), Some(hint));
    client.expect_stderr(Want::starting_with("error:").hint(hint));
}

#[test]
fn s17_client_reports_that_no_server_listens() {
    let scene = Scene::new();
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free TCP port");
        listener.local_addr().expect("an address")
    };
    scene.note(format!(
        "took the free port {} and let it go: nothing listens at {address}",
        address.port()
    ));
    let mut client = stage().client(&scene, "client", address, &["--name", "alice"]);
    let hint = "with no server there, connect fails (connection refused): return that error \
                with ?, and the starter prints it as one error: line and exits with code 1; \
                unwrap() would make a panic of it";
    client.expect_exit_hint(Exit::Code(1), Some(hint));
    client.expect_stderr(Want::starting_with("error:").hint(hint));
}

#[test]
fn s18_client_sends_each_typed_line_as_say() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &["--name", "alice"]);
    let mut server = welcomed(&scene, &listener, &client, "alice");
    client.send_line("Hi bob! Can you see this?");
    server.expect_next(
        Want::exactly("SAY Hi bob! Can you see this?")
            .hint("send each typed line as \"SAY \" and the line, ending in one \\n"),
    );
}

#[test]
fn s19_client_prints_what_arrives_while_its_user_types_nothing() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &["--name", "alice"]);
    let mut server = welcomed(&scene, &listener, &client, "alice");
    client.expect_line(Want::containing("joined"));
    scene.note("alice's user types nothing: messages must show anyway");
    let hint = "the main thread waits for the keyboard; a second thread (thread::spawn, with a \
                BufReader on a clone of the stream) reads the server's lines and prints them as \
                they come";
    server.send(b"JOINED bob");
    client.expect_next_line(Want::exactly("* bob joined").hint(hint));
    server.send(b"MSG bob Loud and clear.");
    client.expect_next_line(Want::exactly("[bob] Loud and clear.").hint(hint));
    server.send(b"LEFT bob");
    client.expect_next_line(Want::exactly("* bob left").hint(hint));
}

#[test]
fn s20_client_prints_only_what_arrives() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &["--name", "alice"]);
    let mut server = welcomed(&scene, &listener, &client, "alice");
    client.expect_line(Want::containing("joined"));
    client.send_line("Hi bob!");
    server.expect_next(Want::exactly("SAY Hi bob!"));
    server.send(b"MSG bob Hi alice!");
    client.expect_next_line(Want::exactly("[bob] Hi alice!").hint(
        "what the user typed is on the screen already, and the server sends it to the \
         others only: print what arrives from the server, not the lines you send",
    ));
}

#[test]
fn s21_client_reads_lines_however_they_arrive() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &["--name", "alice"]);
    let mut server = Raw::accept_from(&scene, "test", &listener, &client);
    server.expect_line(Want::exactly("JOIN alice"));
    let hint = "lines that arrive together come in one read: read them all through ONE \
                BufReader, made before the answer to JOIN and moved into the reader thread; a \
                BufReader made anew (for the thread, or for each line) throws away what the \
                one before it had read ahead";
    scene.note("bob joined at the same moment: his JOINED comes in the same write as WELCOME");
    server.write(b"WELCOME alice 30\nJOINED bob\n");
    client.expect_line(Want::containing("joined"));
    client.expect_next_line(Want::exactly("* bob joined").hint(hint));
    server.write(b"MSG bob one\nMSG bob two\n");
    client.expect_next_line(Want::exactly("[bob] one").hint(hint));
    client.expect_next_line(Want::exactly("[bob] two").hint(hint));
    let bytes = "MSG bob Привет\n".as_bytes();
    scene.note("cuts the next line in the middle of the letter р");
    server.write(&bytes[..10]);
    server.pause();
    server.write(&bytes[10..]);
    client.expect_next_line(Want::exactly("[bob] Привет").hint(hint));
}

#[test]
fn s22_client_stays_in_the_room_after_an_error() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &["--name", "alice"]);
    let mut server = welcomed(&scene, &listener, &client, "alice");
    client.expect_line(Want::containing("joined"));
    server.send(b"ERROR cannot do \"HELLO\" here: send SAY <text> or LEAVE");
    server.send(b"MSG bob still here?");
    let hint = "an ERROR after WELCOME refuses one line, not the room: show it and go on \
                reading; only the answer to JOIN decides whether you are in";
    client.expect_line(Want::exactly("[bob] still here?").hint(hint));
    client.send_line("yes");
    server.expect_next(Want::exactly("SAY yes").hint(hint));
}

#[test]
fn s23_client_leaves_when_its_user_types_exit() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &["--name", "alice"]);
    let mut server = welcomed(&scene, &listener, &client, "alice");
    client.send_line("bye all");
    server.expect_next(Want::exactly("SAY bye all"));
    scene.note("the user presses Enter on an empty line, then types one more line");
    client.send_line("");
    client.send_line("really, bye");
    server.expect(Want::exactly("SAY really, bye").hint(
        "an empty line is not exit, nor the end of input: only exit, or lines() returning \
         None, leaves the room",
    ));
    client.send_line("exit");
    let hint = "exit is not a message for the room: send LEAVE instead of SAY exit, then \
                return Ok(())";
    server.expect_next(Want::exactly("LEAVE").hint(hint));
    client.expect_exit_hint(Exit::Success, Some(hint));
}

#[test]
fn s24_client_understands_lines_typed_with_a_windows_line_ending() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &["--name", "alice"]);
    let mut server = welcomed(&scene, &listener, &client, "alice");
    scene.note("types as a Windows console sends: each line ends with \\r\\n");
    let hint = "a Windows console ends lines with \\r\\n: take lines from stdin's lines() (it \
                drops both), or trim_end_matches(['\\r', '\\n']), before you send a line or \
                compare it with \"exit\"";
    scene.symptom(move |log| {
        log.lines("test")
            .iter()
            .any(|line| line.starts_with("receives ") && line.contains("\\r\\n\" ("))
            .then(|| hint.to_string())
    });
    client.send_line_bytes(b"and from Windows\r");
    server.expect_next(Want::exactly("SAY and from Windows").hint(hint));
    client.send_line_bytes(b"exit\r");
    server.expect_next(Want::exactly("LEAVE").hint(hint));
    client.expect_exit_hint(Exit::Success, Some(hint));
}

#[test]
fn s25_client_leaves_when_its_input_ends() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &["--name", "alice"]);
    let mut server = welcomed(&scene, &listener, &client, "alice");
    client.close_stdin();
    let hint = "the end of input (Ctrl+D) leaves the room like exit: send LEAVE, then return \
                Ok(())";
    server.expect_next(Want::exactly("LEAVE").hint(hint));
    client.expect_exit_hint(Exit::Success, Some(hint));
}

#[test]
fn s26_client_ends_when_the_server_closes_the_connection() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &["--name", "alice"]);
    let server = welcomed(&scene, &listener, &client, "alice");
    client.expect_line(Want::containing("joined"));
    scene.note("closes the connection: the server has stopped");
    drop(server);
    let hint = "when the server closes the connection (the reader thread's lines() ends), \
                nothing more can come: say so and end the program (std::process::exit from \
                that thread), rather than leave the user typing into a closed room";
    if client.wait_for_exit(scene.wait()).is_none() {
        scene.fail(Failure {
            expected: "the client ends once the server has closed the connection".to_string(),
            got: format!(
                "it was still running after {} s",
                scene.wait().as_secs_f64()
            ),
            hint: Some(hint.to_string()),
        });
    }
}

#[test]
fn s27_clients_and_server_share_a_room() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut alice = stage().client(&scene, "alice", address, &["--name", "alice"]);
    alice.expect_line(Want::containing("joined"));
    server.expect_line(Want::containing("alice@"));
    let mut bob = stage().client(&scene, "bob", address, &["--name", "bob"]);
    bob.expect_line(Want::containing("joined"));
    alice.expect_line(Want::exactly("* bob joined"));
    alice.send_line("Hi bob!");
    bob.expect_line(Want::exactly("[alice] Hi bob!"));
    bob.send_line("exit");
    bob.expect_exit(Exit::Success);
    alice.expect_line(Want::exactly("* bob left"));
    alice.close_stdin();
    alice.expect_exit(Exit::Success);
}

/// Waits for the server to close the connection of `member` (logged as
/// `tag`), and fails with the hint `early` if anything arrives first, or
/// `open` if it stays open. (The member's reader has only its earlier lines:
/// this reads the connection itself.)
#[track_caller]
fn expect_closed_without_a_word(
    scene: &Scene,
    (tag, member): (&str, &Raw),
    expected: &str,
    early: &str,
    open: &str,
) {
    use std::io::Read;
    let mut stream = member.writer();
    let deadline = std::time::Instant::now() + scene.wait();
    let mut arrived = Vec::new();
    let mut chunk = [0u8; 4096];
    let problem = loop {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if left.is_zero() {
            break Some(("it stayed open".to_string(), open));
        }
        let _ = stream.set_read_timeout(Some(left));
        match stream.read(&mut chunk) {
            Ok(0) => break None,
            Ok(size) => arrived.extend_from_slice(&chunk[..size]),
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => {}
            Err(error)
                if matches!(
                    error.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ) => {}
            // A reset closes it too.
            Err(_) => break None,
        }
    };
    if !arrived.is_empty() {
        scene.log(
            tag,
            format!("receives {} before the end", kata::show::sized(&arrived)),
        );
        scene.fail(Failure {
            expected: expected.to_string(),
            got: format!("{} arrived first", kata::show::quoted(&arrived)),
            hint: Some(early.to_string()),
        });
    }
    if let Some((got, hint)) = problem {
        scene.fail(Failure {
            expected: expected.to_string(),
            got,
            hint: Some(hint.to_string()),
        });
    }
    scene.log(tag, "sees the connection closed");
}

/// The test's own TCP listener, playing the server for the client under test.
fn test_server(scene: &Scene) -> (std::net::TcpListener, SocketAddr) {
    let listener = stage().tcp_test_server(scene, "test");
    let address = listener.local_addr().expect("an address");
    (listener, address)
}

/// Accepts the client's connection, expects its JOIN and welcomes it.
#[track_caller]
fn welcomed(scene: &Scene, listener: &std::net::TcpListener, client: &Proc, name: &str) -> Peer {
    let mut server = kata::peer::accept_from(scene, "test", listener, client);
    server.expect_next(Want::exactly(format!("JOIN {name}")));
    server.send(format!("WELCOME {name} 30").as_bytes());
    server
}
