//! Stage 02, the server answers from its console: the checklist.
//!
//! Run `cargo test` in this folder. The tests are named in the order to
//! solve them: the server (the test plays the client and types at the
//! server's console), then the client (the test plays the server), then both,
//! then how long the client waits for a person.

use std::net::SocketAddr;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use kata::own_socket::OwnSocket;
use kata::{Exit, Failure, Peer, Proc, Scene, Stage, Want, diagnose, show};

fn stage() -> Stage {
    Stage::new(
        "kata-02-console-reply",
        "reply",
        cargo_bin!("reply-server"),
        cargo_bin!("reply-client"),
    )
}

const END_OF_INPUT: &str =
    "read_line returns Ok(0) at the end of the input (Ctrl+D): return Ok(()) then";

/// Waits for the next message, which must be exactly `text`. A near miss
/// (a line ending left on, an earlier line still in the String) gets the
/// hint that names it; anything else gets `hint`.
#[track_caller]
fn expect_exactly(scene: &Scene, peer: &mut Peer, from: &str, text: &str, hint: &str) {
    let wanted = format!("exactly {}", show::quoted(text.as_bytes()));
    let got = peer.expect_next(Want::matching(wanted.clone(), |_| true).hint(hint));
    if got == text.as_bytes() {
        return;
    }
    let near_miss = near_miss(&got, text);
    scene.fail(Failure {
        expected: format!("the {from} sends the test {wanted}"),
        got: format!("{} instead", show::quoted(&got)),
        hint: Some(near_miss.unwrap_or(hint).to_string()),
    })
}

/// What a message that is almost `text` says about the program that sent it.
fn near_miss(got: &[u8], text: &str) -> Option<&'static str> {
    let rest = got.strip_prefix(text.as_bytes());
    if rest == Some(b"\r") {
        Some(
            "the message ends with \\r: a line typed on Windows ends with \\r\\n, and only the \\n \
             was trimmed. Trim both: line.trim_end_matches(['\\r', '\\n'])",
        )
    } else if rest == Some(b"\n") || rest == Some(b"\r\n") {
        Some(
            "the message ends with the line's \\n: read_line keeps it. Send the line without it: \
             line.trim_end_matches(['\\r', '\\n'])",
        )
    } else if got.ends_with(text.as_bytes()) && got.contains(&b'\n') {
        Some(
            "the message still holds an earlier line: read_line adds to the end of the String it \
             is given. Make a new String for each line (or call line.clear() before read_line)",
        )
    } else {
        None
    }
}

/// Waits for a line of `program` that contains `key` and the start of
/// `text`; it must end with `text`. `earlier` are the longer messages sent
/// before, whose leftovers a whole buffer would show.
#[track_caller]
fn expect_printed(
    scene: &Scene,
    program: &mut Proc,
    who: &str,
    key: &str,
    text: &str,
    earlier: &[&str],
    hint: &str,
) {
    let start: String = text.chars().take(12).collect();
    let described = if text.len() > 60 {
        format!(
            "a line that ends with all {} bytes of the message",
            text.len()
        )
    } else {
        format!("a line that ends with {}", show::quoted(text.as_bytes()))
    };
    let line = program.expect_line(
        Want::containing_all(&[key, &start])
            .described(described.clone())
            .hint(hint),
    );
    if line.ends_with(text) {
        return;
    }
    let at = line.find(&start).unwrap_or(0);
    let printed = &line[at..];
    let problem = if let Some(tail) = printed.strip_prefix(text) {
        if tail.bytes().all(|byte| byte == 0) {
            format!(
                "after the message come {} zero bytes: the rest of the buffer. Print only what \
                 recv_from received: String::from_utf8_lossy(&buffer[..size])",
                tail.len()
            )
        } else if earlier.iter().any(|before| before.ends_with(tail)) {
            "after the message comes the end of an earlier, longer message, still in the buffer: \
             print only what this recv_from received, String::from_utf8_lossy(&buffer[..size])"
                .to_string()
        } else {
            format!("the line must end with the message; {hint}")
        }
    } else if text.starts_with(printed) {
        format!(
            "only the first {} of the {} bytes were printed: recv_from drops whatever does not \
             fit the buffer, without a word. Use a buffer of 65536 bytes, more than any datagram",
            printed.len(),
            text.len()
        )
    } else {
        hint.to_string()
    };
    scene.fail(Failure {
        expected: format!("the {who} prints {described}"),
        got: format!("{} instead", show::quoted(line.as_bytes())),
        hint: Some(problem),
    })
}

/// 3000 letters: more than a 1024-byte buffer holds.
fn long_text() -> String {
    (0..3000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect()
}

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
    expect_printed(
        &scene,
        &mut server,
        "server",
        &sender,
        "What is UDP?",
        &[],
        "right after recv_from, print the sender and the text on one line, \
         [sender] What is UDP?; only then read the console: the person must see the question \
         to answer it",
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
    expect_exactly(
        &scene,
        &mut client,
        "server",
        "Datagrams, no connection.",
        "after printing, read one line with std::io::stdin().read_line and send_to it back to \
         the sender that recv_from returned (args.address() is the server's own address)",
    );
}

#[test]
fn s04_server_answers_each_message_in_turn_to_its_own_sender() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut alice = stage().test_client(&scene, "alice", &server, address);
    let mut bob = stage().test_client(&scene, "bob", &server, address);
    for (client, name, answer) in [
        (&mut alice, "alice", "hi alice"),
        (&mut bob, "bob", "hi bob"),
    ] {
        let question = format!("from {name}");
        client.send(question.as_bytes());
        server.expect_line(Want::containing(question.as_str()).hint(
            "a server keeps going: receive, print, read the console and answer in a loop, \
             until the console's input ends",
        ));
        server.send_line(answer);
        expect_exactly(
            &scene,
            client,
            "server",
            answer,
            &format!(
                "answer each message to the sender that recv_from returned for it, inside the \
                 loop: this one came from {name}"
            ),
        );
    }
}

#[test]
fn s05_server_answers_from_the_address_it_listens_on() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    scene.by_hand(
        "# the reference client connects its socket to the server, as nc -u does: it takes an \
         answer only from the address and port it sent to, and waits for nothing else:\n    \
         cargo run -q -p socket-kata --bin client -- reply --port 8080",
    );
    let here = if address.is_ipv4() {
        "127.0.0.1:0"
    } else {
        "[::1]:0"
    };
    let Some(client) = OwnSocket::bind(&scene, "test", here, &server, address) else {
        scene.fail(Failure {
            expected: format!("the test binds a UDP socket at {here}"),
            got: "it cannot".to_string(),
            hint: Some("this is a problem of the machine, not of your code".to_string()),
        });
    };
    client.send(address, b"Who answers?");
    server.expect_line("Who answers?");
    server.send_line("The server.");
    let (answer, from) = client.receive().unwrap_or_else(|got| {
        scene.fail(Failure {
            expected: "the server sends the test the answer typed at its console".to_string(),
            got,
            hint: Some("send_to the line back to the sender that recv_from returned".to_string()),
        })
    });
    if from.ip() != address.ip() || from.port() != address.port() {
        scene.fail(Failure {
            expected: format!(
                "the answer comes from {address}, where the message went: the server's own socket"
            ),
            got: format!("{} from {from}, another socket", show::quoted(&answer)),
            hint: Some(
                "answer on the socket that received the message, \
                 socket.send_to(answer.as_bytes(), sender), not on a new one: a new socket sends \
                 from another port, and a client whose socket is connected to the server (the \
                 reference client, nc -u, a Python client that calls connect) accepts datagrams \
                 only from the address it connected to, so it never sees that answer"
                    .to_string(),
            ),
        });
    }
}

#[test]
fn s06_server_answers_a_client_at_another_address() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    // Every 127.x.y.z is this machine on Linux and Windows; macOS has only
    // 127.0.0.1 unless told otherwise.
    scene.note("plays a client at 127.0.0.2, as a client on another machine has its own IP");
    let client = match address {
        SocketAddr::V4(_) => OwnSocket::bind(&scene, "test", "127.0.0.2:0", &server, address),
        SocketAddr::V6(_) => None,
    };
    let Some(client) = client else {
        scene.note(
            "cannot open a socket at 127.0.0.2 on this system: this check needs a second \
             loopback address (Linux and Windows have them), and passes here",
        );
        return;
    };
    scene.by_hand(
        "# to send from 127.0.0.2 yourself (Linux), with the server on port 8080:\n    \
         nc -u -s 127.0.0.2 127.0.0.1 8080",
    );
    client.send(address, b"From afar?");
    server.expect_line("From afar?");
    server.send_line("Yes.");
    if let Err(got) = client.receive() {
        scene.fail(Failure {
            expected: "the server answers the client at 127.0.0.2".to_string(),
            got,
            hint: Some(
                "answer the whole address that recv_from returned, its IP and its port: \
                 socket.send_to(answer.as_bytes(), sender). A client may be on another \
                 machine; this one was at 127.0.0.2, not 127.0.0.1"
                    .to_string(),
            ),
        });
    }
}

#[test]
fn s07_server_prints_a_long_message_whole_then_a_short_one() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    let sender = client.local_addr().to_string();
    let long = long_text();
    for (question, answer) in [(long.as_str(), "All of it."), ("Short?", "Yes.")] {
        client.send(question.as_bytes());
        expect_printed(
            &scene,
            &mut server,
            "server",
            &sender,
            question,
            &[&long],
            "print the sender and String::from_utf8_lossy(&buffer[..size])",
        );
        server.send_line(answer);
        client.expect_next(Want::exactly(answer));
    }
}

#[test]
fn s08_server_trims_a_windows_line_ending() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"Windows?");
    server.expect_line("Windows?");
    scene.note("types the next line as Windows does, ending with \\r\\n");
    server.send_line_bytes(b"Yes\r");
    expect_exactly(
        &scene,
        &mut client,
        "server",
        "Yes",
        "send the line without its line ending: line.trim_end_matches(['\\r', '\\n'])",
    );
}

#[test]
fn s09_server_survives_a_message_that_is_not_utf8() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    let sender = client.local_addr().to_string();
    scene.note("the next message holds \\xE9, an é in Latin-1: not UTF-8");
    client.send(b"caf\xE9?");
    server.expect_line(
        Want::containing(sender.as_str())
            .described(format!("a line like \"[{sender}] caf\u{FFFD}?\""))
            .hint(
                "a datagram may hold any bytes, not only UTF-8: print it with \
                 String::from_utf8_lossy(&buffer[..size]), which never fails; from_utf8(…) \
                 fails on such bytes, and with ? or unwrap() it ends the server",
            ),
    );
    server.send_line("Coffee.");
    client.expect_next(Want::exactly("Coffee."));
}

#[test]
fn s10_server_stops_when_its_console_input_ends() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"anyone there?");
    server.expect_line("anyone there?");
    server.close_stdin();
    server.expect_exit_hint(Exit::Success, Some(END_OF_INPUT));
}

#[test]
fn s11_server_sends_an_empty_line_as_an_empty_answer() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    let hint = "an empty line typed at the console (Enter alone) is an answer too, an empty one: \
                read_line returns Ok(1) for its \"\\n\", and only Ok(0) is the end of input. \
                Send it as an empty datagram, and go on serving";
    client.send(b"Anything to add?");
    server.expect_line("Anything to add?");
    scene.note("presses Enter on an empty line at the server: an answer, not the end of input");
    server.send_line("");
    expect_exactly(&scene, &mut client, "server", "", hint);
    client.send(b"Still there?");
    server.expect_line(Want::containing("Still there?").hint(hint));
    server.send_line("Yes.");
    expect_exactly(&scene, &mut client, "server", "Yes.", hint);
}

#[test]
fn s12_client_sends_each_line_it_reads() {
    let scene = Scene::new();
    scene.symptom(|log| diagnose::could_not_bind(log, &["client", "second client"]));
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    client.send_line("What is TCP?");
    expect_exactly(
        &scene,
        &mut server,
        "client",
        "What is TCP?",
        "read a line from stdin and send_to it to args.address() first, from a socket bound to \
         \"0.0.0.0:0\"; wait for the answer only after sending (recv_from waits until one comes)",
    );
    // Two people on one machine: the first client still waits for its
    // answer while the second one starts, talking to a server of its own.
    scene.note("keeps the client waiting for its answer, and starts a second one beside it");
    scene.by_hand(
        "# to see two clients side by side, run the client command above twice, in two \
         terminals: each one sends from a port of its own",
    );
    let mut other = stage().test_server(&scene, "other test");
    let mut second = stage().client(&scene, "second client", other.local_addr(), &[]);
    other.watch(&second);
    second.send_line("And UDP?");
    expect_exactly(
        &scene,
        &mut other,
        "client",
        "And UDP?",
        "two clients run side by side on one machine, each with a port of its own: bind \
         \"0.0.0.0:0\", and the system picks a free one each time",
    );
}

#[test]
fn s13_client_prints_each_answer() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    let first = "Datagrams, no connection.";
    for (question, answer) in [("What is UDP?", first), ("Really?", "Yes")] {
        client.send_line(question);
        server.expect_next(Want::exactly(question));
        server.send(answer.as_bytes());
        expect_printed(
            &scene,
            &mut client,
            "client",
            "",
            answer,
            &[first],
            "after sending, recv_from the answer and println! it, like \"[server] Yes\"; then \
             read the next line",
        );
    }
}

#[test]
fn s14_client_prints_a_long_answer_whole() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    client.send_line("Tell me everything.");
    server.expect_next(Want::exactly("Tell me everything."));
    let long = long_text();
    server.send(long.as_bytes());
    expect_printed(
        &scene,
        &mut client,
        "client",
        "",
        &long,
        &[],
        "print String::from_utf8_lossy(&buffer[..size]), all of it",
    );
}

#[test]
fn s15_client_trims_a_windows_line_ending() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    scene.note("types the next line as Windows does, ending with \\r\\n");
    client.send_line_bytes(b"Windows?\r");
    expect_exactly(
        &scene,
        &mut server,
        "client",
        "Windows?",
        "send the line without its line ending: line.trim_end_matches(['\\r', '\\n'])",
    );
}

#[test]
fn s16_client_stops_at_the_end_of_its_input() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    client.send_line("last question");
    server.expect_next(Want::exactly("last question"));
    server.send(b"last answer");
    client.expect_line("last answer");
    client.close_stdin();
    client.expect_exit_hint(Exit::Success, Some(END_OF_INPUT));
}

#[test]
fn s17_client_sends_an_empty_line_and_goes_on() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    let hint = "an empty line (Enter alone) is a line, not the end of input: read_line returns \
                Ok(1) for its \"\\n\", and only Ok(0) means the input has ended. Send it like \
                any line, as an empty datagram (a datagram may hold 0 bytes), and keep going";
    scene.note("presses Enter on an empty line: a line too, not the end of input");
    client.send_line("");
    expect_exactly(&scene, &mut server, "client", "", hint);
    server.send(b"You said nothing.");
    client.expect_line(Want::containing("You said nothing.").hint(hint));
    client.send_line("Still there?");
    expect_exactly(&scene, &mut server, "client", "Still there?", hint);
}

#[test]
fn s18_client_and_server_talk() {
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

#[test]
fn s19_client_waits_as_long_as_a_person_takes() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    client.send_line("Are you there?");
    server.expect_next(Want::exactly("Are you there?"));
    scene.note("plays a person who takes 6 s to type the answer");
    client.expect_still_running(
        Duration::from_secs(6),
        "a person answers at the server and may take a minute: do not give up after a fixed \
         time. socket.set_read_timeout(args.timeout) waits without a limit, unless the client \
         was started with --timeout SECS",
    );
    server.send(b"Yes, sorry.");
    client.expect_line("Yes, sorry.");
}

#[test]
fn s20_client_gives_up_after_its_timeout() {
    let scene = Scene::new();
    let silent = stage().silent_server(&scene);
    let mut client = stage().client(&scene, "client", silent.address(), &["--timeout", "1"]);
    client.send_line("Anyone?");
    let hint = "socket.set_read_timeout(args.timeout) before recv_from: with --timeout 1, \
                recv_from returns an error after 1 s; return it with ? (the starter prints \
                it and exits with code 1)";
    client.expect_exit_hint(Exit::Code(1), Some(hint));
    client.expect_stderr(Want::starting_with("error:").hint(hint));
}
