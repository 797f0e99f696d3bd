//! Stage 01, Hello over UDP: the checklist.
//!
//! Run `cargo test` in this folder. The tests are named in the order to
//! solve them: first the server on its own (the test plays the client), then
//! the client on its own (the test plays the server), then both together.
//! A failing test says what it expected, what happened and what to try.

use std::net::{SocketAddr, UdpSocket};
use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use kata::own_socket::OwnSocket;
use kata::want::Target;
use kata::{Exit, Failure, Proc, Scene, Stage, Transport, Want, diagnose, show};

fn stage() -> Stage {
    Stage::new(
        "kata-01-hello",
        "hello",
        cargo_bin!("hello-server"),
        cargo_bin!("hello-client"),
    )
}

/// Waits for a line of `program` that contains `text`, then checks at once
/// that the line *ends* with it: the zeros of a buffer printed whole, or the
/// end of an earlier, longer message left in it, must not follow the text.
#[track_caller]
fn expect_line_ending_with(
    scene: &Scene,
    program: &mut Proc,
    who: &str,
    text: &str,
    want: Want,
) -> String {
    let line = program.expect_line(want);
    if !line.ends_with(text) {
        let tail = line.rfind(text).map_or("", |at| &line[at + text.len()..]);
        let what = if tail.chars().all(|c| c == '\0') {
            "zero bytes"
        } else {
            "more characters"
        };
        let target = Target::Containing(vec![text.as_bytes().to_vec()]);
        scene.fail(Failure {
            expected: format!(
                "the {who} prints a line that ends with {}",
                show::quoted(text.as_bytes())
            ),
            got: format!(
                "{}: {} {what} follow {}",
                show::quoted(line.as_bytes()),
                tail.chars().count(),
                show::quoted(text.as_bytes())
            ),
            hint: diagnose::near_miss(&target, line.as_bytes(), diagnose::Framing::Datagrams),
        });
    }
    line
}

/// s03's advice, for a server that does not answer at all.
const ANSWER_THE_SENDER: &str = "inside the loop, right after printing: \
     socket.send_to(b\"Hello, client\", sender), to the sender that recv_from returned \
     (args.address() is the server's own address)";

#[test]
fn s01_server_prints_its_listening_line() {
    let scene = Scene::new();
    // 8080, the default port, is often taken (a web server in development,
    // say): a server that listens where --port says starts anyway.
    let busy = UdpSocket::bind("127.0.0.1:8080");
    scene.note(match &busy {
        Ok(_) => "keeps 127.0.0.1:8080 busy, as another program may: the server is told --port 0",
        Err(_) => "finds 127.0.0.1:8080 busy already: the server is told --port 0",
    });
    scene.by_hand(
        "# the test kept port 8080 busy; to do the same, start this first, and give the \
         server below --port 9000 instead of 8080:\n    \
         cargo kata silent --port 8080",
    );
    let mut server = stage().server(&scene, &[]);
    let address = server.listening("udp");
    if address.port() == 8080 {
        scene.fail(Failure {
            expected: "the server listens where --port says: a port the system picks for 0"
                .to_string(),
            got: format!("it listens on {address}"),
            hint: Some(
                "bind args.address(), not an address written into the code: --host and --port \
                 say where to listen"
                    .to_string(),
            ),
        });
    }
    drop(busy);
}

#[test]
fn s02_server_prints_the_greeting_and_who_sent_it() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"Hello, server");
    let sender = client.local_addr().to_string();
    let line = expect_line_ending_with(
        &scene,
        &mut server,
        "server",
        "Hello, server",
        Want::containing("Hello, server")
            .described(format!(
                "a line with the sender and the text, like \"[{sender}] Hello, server\""
            ))
            .hint(
                "recv_from returns (size, sender): print the sender and \
                 String::from_utf8_lossy(&buffer[..size])",
            ),
    );
    if !line.contains(&sender) {
        scene.fail(Failure {
            expected: format!(
                "the server prints the sender {sender} on the line, like \"[{sender}] Hello, server\""
            ),
            got: format!("\"{}\", without the sender", show::line(&line)),
            hint: Some(
                "recv_from returns (size, sender): print the sender too, \
                 println!(\"[{sender}] {text}\"); it tells clients apart"
                    .to_string(),
            ),
        });
    }
}

#[test]
fn s03_server_answers_hello_client() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"Hello, server");
    client.expect_next(Want::exactly("Hello, client").hint(ANSWER_THE_SENDER));
}

#[test]
fn s04_server_answers_from_the_address_it_listens_on() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    scene.by_hand(
        "# the reference client connects its socket to the server, as nc -u does: it takes an \
         answer only from the address and port it sent to, and waits for nothing else:\n    \
         cargo run -q -p socket-kata --bin client -- hello --port 8080",
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
    client.send(address, b"Hello, server");
    let (answer, from) = client.receive().unwrap_or_else(|got| {
        scene.fail(Failure {
            expected: "the server sends the test an answer".to_string(),
            got,
            hint: Some(ANSWER_THE_SENDER.to_string()),
        })
    });
    if from.ip() != address.ip() || from.port() != address.port() {
        scene.fail(Failure {
            expected: format!(
                "the answer comes from {address}, where the greeting went: the server's own socket"
            ),
            got: format!("{} from {from}, another socket", show::quoted(&answer)),
            hint: Some(
                "answer on the socket that received the greeting, \
                 socket.send_to(b\"Hello, client\", sender), not on a new one: a new socket \
                 sends from another port, and a client whose socket is connected to the server \
                 (the reference client, nc -u, a Python client that calls connect) accepts \
                 datagrams only from the address it connected to, so it never sees that answer"
                    .to_string(),
            ),
        });
    }
}

#[test]
fn s05_server_answers_a_client_at_another_address() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
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
         printf 'Hello, server' | nc -u -w1 -s 127.0.0.2 127.0.0.1 8080",
    );
    client.send(address, b"Hello, server");
    if let Err(got) = client.receive() {
        scene.fail(Failure {
            expected: "the server answers the client at 127.0.0.2".to_string(),
            got,
            hint: Some(
                "answer the whole address that recv_from returned, its IP and its port: \
                 socket.send_to(b\"Hello, client\", sender). A client may be on another \
                 machine; this one was at 127.0.0.2, not 127.0.0.1"
                    .to_string(),
            ),
        });
    }
}

#[test]
fn s06_server_keeps_serving_after_the_first_client() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    // A server that is still running, yet silent for the next client, has
    // most likely tied its socket to the first one.
    let running = server.watch();
    scene.symptom(move |log| {
        let lines = log.lines("server");
        let greetings = lines.iter().filter(|line| line.contains("Hello, server"));
        (greetings.count() == 1 && !running.has_ended()).then(|| {
            "the server still runs, yet never saw the second client: did it connect its socket \
             to the first one? After connect, a UDP socket receives only from that one address. \
             A server never connects: it answers each sender with send_to"
                .to_string()
        })
    });
    for name in ["first", "second", "third"] {
        let mut client = if name == "first" {
            let client = stage().test_client(&scene, name, &server, address);
            scene.by_hand("# then run that client again, and again: each one gets its answer");
            client
        } else {
            // The replay's one client command serves for the next ones too.
            let mut client = scene.client_peer(name, Transport::Udp, address);
            client.watch(&server);
            client
        };
        client.send(b"Hello, server");
        client.expect_next(Want::exactly("Hello, client").hint(
            "a server does not stop after one client: receive and answer in a loop that never ends",
        ));
    }
}

/// The by-hand way to send long messages: the reference's echo client sends
/// every line typed (or pasted) into it.
fn by_hand_long_messages(scene: &Scene, what: &str) {
    scene.by_hand(format!(
        "# to send {what} yourself, type or paste lines into the reference's echo client:\n    \
         cargo run -q -p socket-kata --bin client -- echo --port 8080"
    ));
}

/// 3000 letters, `abc…zabc…`: longer than a 1024-byte buffer.
fn long_message() -> String {
    (0..3000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect()
}

#[test]
fn s07_server_receives_a_long_message_whole() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    by_hand_long_messages(&scene, "a line of 3000 letters");
    let long = long_message();
    client.send(long.as_bytes());
    // The line with the start of the message, at once; then all of it.
    let line = server.expect_line(
        Want::containing(&long[..100]).described("a line with the 3000 letters of the message"),
    );
    if !line.contains(&long) {
        let target = Target::Containing(vec![long.clone().into_bytes()]);
        scene.fail(Failure {
            expected: "the server prints all 3000 letters of the message".to_string(),
            got: format!(
                "a line with only part of them: {}",
                show::quoted(line.as_bytes())
            ),
            hint: diagnose::near_miss(&target, line.as_bytes(), diagnose::Framing::Datagrams)
                .or_else(|| {
                    Some(
                        "recv_from drops whatever does not fit the buffer, silently: use a buffer \
                     of 65536 bytes, more than any datagram"
                            .to_string(),
                    )
                }),
        });
    }
    client.expect_next(Want::exactly("Hello, client"));
}

#[test]
fn s08_server_prints_a_short_message_after_a_long_one() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    by_hand_long_messages(&scene, "a long line, then Hello, server");
    let long = long_message();
    client.send(long.as_bytes());
    server.expect_line(Want::containing(long.clone()).described("a line with the long message"));
    client.expect_next(Want::exactly("Hello, client"));
    client.send(b"Hello, server");
    expect_line_ending_with(
        &scene,
        &mut server,
        "server",
        "Hello, server",
        Want::containing("Hello, server").described("a line with the short message"),
    );
}

#[test]
fn s09_server_survives_a_message_that_is_not_utf8() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    scene.by_hand(
        "# to send the same bytes yourself (Linux or macOS), \"Привет\" in Windows-1251:\n    \
         printf '\\317\\360\\350\\342\\345\\362' | nc -u -w1 127.0.0.1 8080",
    );
    scene.note("next: \"Привет\" as a Windows-1251 console sends it, bytes that are not UTF-8");
    client.send(b"\xcf\xf0\xe8\xe2\xe5\xf2");
    let hint = "a datagram may hold any bytes: turn them into text with \
                String::from_utf8_lossy, which never fails; from_utf8 fails on bytes that are \
                not UTF-8, and unwrap() or ? on its result stops the server for everyone";
    client.expect_next(Want::exactly("Hello, client").hint(hint));
    client.send(b"Hello, server");
    client.expect_next(Want::exactly("Hello, client").hint(hint));
    server.expect_line(Want::containing("Hello, server"));
}

#[test]
fn s10_server_waits_for_clients_as_long_as_it_takes() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    scene.note("plays a quiet moment: no client for 6 s");
    let hint = "a server waits for its next client as long as it takes: set no read timeout on \
                its socket. With one, recv_from fails once nobody has sent anything for that \
                long, and ? ends the server";
    server.expect_still_running(Duration::from_secs(6), hint);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"Hello, server");
    client.expect_next(Want::exactly("Hello, client").hint(hint));
}

#[test]
fn s11_client_sends_hello_server() {
    let scene = Scene::new();
    scene.symptom(|log| {
        // The words and codes of Linux, macOS and Windows for "address in use".
        let taken = |line: &&str| {
            let words = ["Address already in use", "AddrInUse", "os error 98)"];
            let codes = ["os error 48)", "os error 10048)"];
            words.iter().chain(&codes).any(|said| line.contains(said))
        };
        ["first client stderr", "second client stderr"]
            .iter()
            .any(|tag| log.lines(tag).iter().any(taken))
            .then(|| {
                "the client could not bind: another socket holds the address it asked for. \
                 Bind \"0.0.0.0:0\" and the system picks a free port: bound to the server's \
                 address (args.address()), the client collides with the server; bound to a \
                 fixed port, with every other client on this machine"
                    .to_string()
            })
    });
    let hint = "bind the client to \"0.0.0.0:0\", then send exactly these 13 bytes, \
                b\"Hello, server\" (no \\n: a datagram is the message), with send_to to \
                args.address()";
    let mut server = stage().test_server(&scene, "test");
    let first = stage().client(&scene, "first client", server.local_addr(), &[]);
    server.watch(&first);
    server.expect_next(Want::exactly("Hello, server").hint(hint));
    // Two people on one machine: the first client still waits for its
    // answer while the second one starts, talking to a server of its own.
    scene.note("keeps the first client waiting, and starts a second one beside it");
    scene.by_hand(
        "# to see two clients side by side, start this server that never answers instead, then \
         the client command above twice, in two terminals (the first one still waits when the \
         second starts):\n    \
         cargo kata silent --port 8080",
    );
    let mut other = stage().test_server(&scene, "other test");
    let second = stage().client(&scene, "second client", other.local_addr(), &[]);
    other.watch(&second);
    other.expect_next(Want::exactly("Hello, server").hint(
        "two clients run side by side on one machine, each with a port of its own: bind \
         \"0.0.0.0:0\", and the system picks a free one each time",
    ));
}

#[test]
fn s12_client_prints_the_answer_and_ends() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    server.expect_next(Want::exactly("Hello, server"));
    server.send(b"Hello, client");
    expect_line_ending_with(
        &scene,
        &mut client,
        "client",
        "Hello, client",
        Want::containing("Hello, client")
            .hint("receive with recv_from, then print the text you received"),
    );
    client.expect_exit_hint(
        Exit::Success,
        Some("after printing the answer, return Ok(()): the client's work is done"),
    );
}

#[test]
fn s13_client_gives_up_when_the_server_stays_silent() {
    let scene = Scene::with_wait(Duration::from_secs(3));
    let mut silent = scene.udp_server_peer("silent");
    scene.note("stays silent: it receives and never answers");
    scene.by_hand(
        "# the test played a silent server; to start one yourself (it shows what arrives \
         and never answers):\n    \
         cargo kata silent --port 8080",
    );
    let mut client = stage().client(&scene, "client", silent.local_addr(), &["--timeout", "1"]);
    silent.watch(&client);
    silent.expect(
        Want::matching("a datagram, the greeting", |_| true)
            .hint("send the greeting with send_to before waiting for the answer"),
    );
    if client.wait_for_exit(scene.wait()).is_none() {
        scene.fail(Failure {
            expected: "the client gives up after --timeout 1 and ends with exit code 1".to_string(),
            got: format!(
                "it was still running {} after sending",
                show::seconds(scene.wait())
            ),
            hint: Some(
                "call socket.set_read_timeout(args.timeout)? before recv_from, with args.timeout \
                 and not a fixed Duration: then recv_from fails when the wait runs out"
                    .to_string(),
            ),
        });
    }
    let hint = "when recv_from fails, return its error with ?: the starter prints \
                \"error: …\" on stderr and exits with code 1 (code 0 would say an answer came)";
    client.expect_exit_hint(Exit::Code(1), Some(hint));
    client.expect_stderr(
        Want::starting_with("error:")
            .described("\"error: …\" on stderr")
            .hint(
                "return the error with ? instead of printing it yourself: the starter prints \
                 \"error: …\" on stderr, where errors go, and exits with code 1",
            ),
    );
}

#[test]
fn s14_client_reports_that_no_server_runs() {
    // A port that nobody uses: bound for a moment, then freed.
    let free = UdpSocket::bind("127.0.0.1:0").expect("a free port");
    let address = free.local_addr().expect("an address");
    drop(free);
    let scene = Scene::with_wait(Duration::from_secs(3));
    scene.note(format!("nobody listens at {address}"));
    scene.symptom(|log| {
        log.any("client", "Hello, server").then(|| {
            "the client received its own \"Hello, server\": it is bound to the server's \
             address, args.address(), so with no server there it sends to itself; bind \
             \"0.0.0.0:0\" (any free port)"
                .to_string()
        })
    });
    let mut client = stage().client(&scene, "client", address, &["--timeout", "1"]);
    client.expect_exit_hint(
        Exit::Code(1),
        Some(
            "with no server, the answer never comes: the read timeout must end the wait, and \
             recv_from's error, returned with ?, ends the client with code 1",
        ),
    );
}

#[test]
fn s15_client_and_server_greet_each_other() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().client(&scene, "client", address, &[]);
    server.expect_line(Want::containing("Hello, server"));
    client.expect_line(Want::containing("Hello, client"));
    client.expect_exit(Exit::Success);
}
