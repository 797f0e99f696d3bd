//! Stage 03, a chat that ends with `exit`: the checklist.
//!
//! Run `cargo test` in this folder. The tests are named in the order to
//! solve them: the server (the test plays the client), then the client (the
//! test plays the server), then both.

use std::net::SocketAddr;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use kata::own_socket::OwnSocket;
use kata::{Exit, Failure, Peer, Proc, Scene, Stage, Want, diagnose, show};

fn stage() -> Stage {
    Stage::new(
        "kata-03-exit-chat",
        "chat",
        cargo_bin!("chat-server"),
        cargo_bin!("chat-client"),
    )
}

/// Any datagram at all: the first check of a message, to tell "nothing
/// arrived" from "the wrong bytes arrived".
fn any_datagram(what: &str, hint: &str) -> Want {
    Want::matching(what.to_string(), |_| true).hint(hint)
}

/// Fails the test with `hint` unless `ok`.
#[track_caller]
fn check(scene: &Scene, ok: bool, expected: &str, got: String, hint: &str) {
    if !ok {
        scene.fail(Failure {
            expected: expected.to_string(),
            got,
            hint: Some(hint.to_string()),
        });
    }
}

/// Waits for one datagram from the `sender` program that `peer` watches,
/// and checks that it is exactly `text`: `silent` is the hint when nothing
/// arrives, `garbled` when something else does.
#[track_caller]
fn expect_exactly(
    scene: &Scene,
    peer: &mut Peer,
    sender: &str,
    text: &str,
    silent: &str,
    garbled: &str,
) {
    let wanted = show::quoted(text.as_bytes());
    let got = peer.expect_next(any_datagram(
        &format!("a datagram, exactly {wanted}"),
        silent,
    ));
    check(
        scene,
        got == text.as_bytes(),
        &format!("the {sender} sends the test exactly {wanted}"),
        format!("{} ({} bytes)", show::quoted(&got), got.len()),
        garbled,
    );
}

/// The last characters of `text`, quoted.
fn ending(text: &str) -> String {
    let start = text
        .char_indices()
        .rev()
        .nth(23)
        .map_or(0, |(index, _)| index);
    show::quoted(&text.as_bytes()[start..])
}

/// Checks that the line `who` printed ends with `text`: no zero bytes, no
/// rest of an older, longer message after it, and nothing cut off.
#[track_caller]
fn check_ends_with(scene: &Scene, who: &str, line: &str, text: &str, hint: &str) {
    let expected = if text.chars().count() > 24 + 48 {
        format!(
            "the {who} prints a line that ends with the whole {}-byte message, whose last characters are {}",
            text.len(),
            ending(text)
        )
    } else {
        format!(
            "the {who} prints a line that ends with {}",
            show::quoted(text.as_bytes())
        )
    };
    check(
        scene,
        line.ends_with(text),
        &expected,
        format!(
            "{}, whose last characters are {}",
            show::quoted(line.as_bytes()),
            ending(line)
        ),
        hint,
    );
}

/// Waits for the first line `program` prints that contains any of `words`,
/// and checks it with `good`: a line that shows the mistake (say, the
/// client's `exit` printed as a message) fails at once, not after a wait.
#[track_caller]
fn expect_line_about(
    scene: &Scene,
    program: &mut Proc,
    words: &'static [&'static str],
    good: impl Fn(&str) -> bool,
    expected: &str,
    hint: &str,
) {
    let line = program.expect_line(
        Want::matching(expected.to_string(), move |line| {
            let line = String::from_utf8_lossy(line);
            words.iter().any(|word| line.contains(word))
        })
        .hint(hint),
    );
    check(
        scene,
        good(&line),
        expected,
        format!("it printed {} instead", show::quoted(line.as_bytes())),
        hint,
    );
}

/// Waits for the server's line that says the client at `sender` left.
#[track_caller]
fn expect_left(scene: &Scene, server: &mut Proc, sender: &str, hint: &str) {
    let sender = sender.to_string();
    expect_line_about(
        scene,
        server,
        &["left", "exit"],
        |line| line.contains("left") && line.contains(&sender),
        &format!("the server prints a line that says who left, like \"* {sender} left the chat\""),
        hint,
    );
}

const ONLY_WHAT_ARRIVED: &str = "print only the bytes that arrived, &buf[..n] with the n that recv_from returned: the rest of the buffer holds zero bytes, or an older message";

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
    let line = server.expect_line(
        Want::containing_all(&["Hi! Is this UDP?", &sender])
            .described(format!("a line like \"[{sender}] Hi! Is this UDP?\""))
            .hint("after each recv_from, print the sender it returned and the text"),
    );
    check_ends_with(
        &scene,
        "server",
        &line,
        "Hi! Is this UDP?",
        ONLY_WHAT_ARRIVED,
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
    expect_exactly(
        &scene,
        &mut client,
        "server",
        "Yes, no connection at all.",
        "read a console line and send_to it to the sender, the address recv_from returned (args.address() is the server's own)",
        "send the console line without its \\n: line.trim_end_matches(['\\r', '\\n'])",
    );
    client.send(b"And a second question?");
    server.expect_line(
        Want::containing("And a second question?")
            .hint("after answering, go round the loop: receive the next message and print it"),
    );
    server.send_line("Ask away.");
    expect_exactly(
        &scene,
        &mut client,
        "server",
        "Ask away.",
        "after printing the message, read the next console line and send it",
        "read_line appends to the String you give it: use a new String for each line (or call line.clear())",
    );
    // A client whose socket is connected to the server takes an answer only
    // from the address it sent to: the test looks at where the answer
    // comes from, which a connected client cannot see.
    scene.note("asks once more from a socket of its own, to see where the answer comes from");
    scene.by_hand(
        "# the reference client connects its socket to the server, as nc -u does: it takes an \
         answer only from the address and port it sent to, and waits for nothing else:\n    \
         cargo run -q -p socket-kata --bin client -- chat --port 8080",
    );
    let here = if address.is_ipv4() {
        "127.0.0.1:0"
    } else {
        "[::1]:0"
    };
    let Some(own) = OwnSocket::bind(&scene, "own", here, &server, address) else {
        scene.fail(Failure {
            expected: format!("the test binds a UDP socket at {here}"),
            got: "it cannot".to_string(),
            hint: Some("this is a problem of the machine, not of your code".to_string()),
        });
    };
    own.send(address, b"Who answers?");
    server.expect_line("Who answers?");
    server.send_line("The server.");
    let (answer, from) = own.receive().unwrap_or_else(|got| {
        scene.fail(Failure {
            expected: "the server sends the test the answer typed at its console".to_string(),
            got,
            hint: Some(
                "send_to the console line to the sender that recv_from returned".to_string(),
            ),
        })
    });
    check(
        &scene,
        from.ip() == address.ip() && from.port() == address.port(),
        &format!(
            "the answer comes from {address}, where the message went: the server's own socket"
        ),
        format!("{} from {from}, another socket", show::quoted(&answer)),
        "answer on the socket that received the message, socket.send_to(answer.as_bytes(), \
         sender), not on a new one: a new socket sends from another port, and a client whose \
         socket is connected to the server (the reference client, nc -u, a Python client that \
         calls connect) accepts datagrams only from the address it connected to, so it never \
         sees that answer",
    );
}

#[test]
fn s04_server_says_when_a_client_leaves() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"exit");
    let sender = client.local_addr().to_string();
    expect_left(
        &scene,
        &mut server,
        &sender,
        "right after recv_from, compare the text with \"exit\", before you read the console; if equal, print who left",
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
        "after printing that a client left, neither stop nor read the console: go straight back to recv_from (continue)",
    ));
    server.send_line("welcome");
    second.expect_next(Want::exactly("welcome"));
    // Every 127.x.y.z is this machine on Linux and Windows; macOS has only
    // 127.0.0.1 unless told otherwise.
    scene.note("plays a third client at 127.0.0.2, as a client on another machine has its own IP");
    let third = match address {
        SocketAddr::V4(_) => OwnSocket::bind(&scene, "third", "127.0.0.2:0", &server, address),
        SocketAddr::V6(_) => None,
    };
    let Some(third) = third else {
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
    third.send(address, b"From afar?");
    server.expect_line("From afar?");
    server.send_line("Yes.");
    if let Err(got) = third.receive() {
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
        Some(
            "after sending exit, return Ok(()); compare the line without its \\n (\"exit\\n\" is not \"exit\")",
        ),
    );
}

#[test]
fn s07_server_takes_the_end_of_its_input_as_exit() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    const EMPTY: &str = "an empty line typed at the console (Enter alone) is an answer too, an empty one, not the end of input: read_line returns Ok(1) for its \"\\n\", and only Ok(0) is the end. Send it as an empty datagram, and go on serving";
    client.send(b"anything to add?");
    server.expect_line("anything to add?");
    scene.note("presses Enter on an empty line at the server: an answer, not the end of input");
    server.send_line("");
    expect_exactly(&scene, &mut client, "server", "", EMPTY, EMPTY);
    client.send(b"anyone there?");
    server.expect_line(Want::containing("anyone there?").hint(EMPTY));
    server.close_stdin();
    expect_exactly(
        &scene,
        &mut client,
        "server",
        "exit",
        "read_line returns Ok(0) at the end of input (Ctrl+D): take it as typing exit, send exit and end",
        "read_line returns Ok(0) at the end of input (Ctrl+D): take it as typing exit, not as an empty line",
    );
    server.expect_exit_hint(
        Exit::Success,
        Some("at the end of input, send exit and return Ok(())"),
    );
}

#[test]
fn s08_server_takes_exit_typed_with_a_windows_line_ending() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"shall we stop?");
    server.expect_line("shall we stop?");
    // Windows ends a typed line with "\r\n"; send_line adds the "\n".
    server.send_line("exit\r");
    const WINDOWS: &str = "on Windows a typed line ends with \\r\\n: remove both, line.trim_end_matches(['\\r', '\\n']), before you send or compare it";
    expect_exactly(&scene, &mut client, "server", "exit", WINDOWS, WINDOWS);
    server.expect_exit_hint(Exit::Success, Some(WINDOWS));
}

#[test]
fn s09_server_takes_exit_with_a_newline_as_nc_sends_it() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "nc", &server, address);
    // `nc -u 127.0.0.1 8080` sends each typed line with its "\n".
    client.send(b"exit\n");
    let sender = client.local_addr().to_string();
    expect_left(
        &scene,
        &mut server,
        &sender,
        "nc -u sends each line with its \\n (\\r\\n on Windows): remove it from the received text, trim_end_matches(['\\r', '\\n']), before comparing with \"exit\"",
    );
}

#[test]
fn s10_server_answers_a_message_that_only_mentions_exit() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"how do I exit vim?");
    expect_line_about(
        &scene,
        &mut server,
        &["vim?", "left"],
        |line| line.ends_with("how do I exit vim?"),
        "the server prints the message like any other: \"[127.0.0.1:53211] how do I exit vim?\"",
        "only the message exit itself means leaving: compare the text with == \"exit\", not contains or starts_with",
    );
    server.send_line(":q");
    client.expect_next(Want::exactly(":q"));
}

#[test]
fn s11_server_takes_exit_after_a_longer_message() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    let long = format!(
        "{}that is all.",
        "A long message, longer than 1024 bytes; ".repeat(40)
    );
    client.send(long.as_bytes());
    let line = server.expect_line(
        Want::containing("A long message").hint("print each message the server receives"),
    );
    check_ends_with(
        &scene,
        "server",
        &line,
        &long,
        "recv_from cuts a datagram to the size of your buffer: receive into a buffer of 65536 bytes, and print only &buf[..n]",
    );
    server.send_line("ok");
    client.expect_next(Want::exactly("ok"));
    client.send(b"exit");
    let sender = client.local_addr().to_string();
    expect_left(
        &scene,
        &mut server,
        &sender,
        "compare only the bytes that arrived, &buf[..n]: after a longer message, the rest of the buffer still holds it, so the whole buffer is not \"exit\"",
    );
}

#[test]
fn s12_server_survives_a_message_that_is_not_utf8() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    // "привет" in Windows-1251, as an old Windows program sends it.
    client.send(b"\xef\xf0\xe8\xe2\xe5\xf2");
    let sender = client.local_addr().to_string();
    server.expect_line(
        Want::containing(sender.as_str())
            .described(format!("a line with the sender, {sender}, and whatever text"))
            .hint("a datagram need not be UTF-8: print it with String::from_utf8_lossy, and never let one bad message end the server"),
    );
    server.send_line("please use UTF-8");
    client.expect_next(Want::exactly("please use UTF-8"));
}

#[test]
fn s13_client_sends_a_line_and_prints_the_answer() {
    let scene = Scene::new();
    scene.symptom(|log| diagnose::could_not_bind(log, &["client", "second client"]));
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    client.send_line("Hi! Is this UDP?");
    expect_exactly(
        &scene,
        &mut server,
        "client",
        "Hi! Is this UDP?",
        "the client speaks first: read a line from stdin and send it, then wait for the answer",
        "send the line without its \\n: line.trim_end_matches(['\\r', '\\n'])",
    );
    server.send(b"Yes, no connection at all.");
    let line = client.expect_line(
        Want::containing("Yes, no connection at all.")
            .hint("receive the answer with recv_from and print it"),
    );
    check_ends_with(
        &scene,
        "client",
        &line,
        "Yes, no connection at all.",
        ONLY_WHAT_ARRIVED,
    );
    client.send_line("Great");
    expect_exactly(
        &scene,
        &mut server,
        "client",
        "Great",
        "after printing the answer, go round the loop: read the next line and send it",
        "read_line appends to the String you give it: use a new String for each line (or call line.clear())",
    );
    server.send(b"Right.");
    let line =
        client.expect_line(Want::containing("Right.").hint("receive each answer and print it"));
    check_ends_with(&scene, "client", &line, "Right.", ONLY_WHAT_ARRIVED);
    // Two people on one machine: the first client still waits for its next
    // line while the second one starts, talking to a server of its own.
    scene.note("keeps the client running, and starts a second one beside it");
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
        "send the line without its \\n: line.trim_end_matches(['\\r', '\\n'])",
    );
}

#[test]
fn s14_client_sends_exit_and_stops_when_its_user_types_exit() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    client.send_line("exit");
    server.expect_next(Want::exactly("exit").hint("send exit to the server like any other line"));
    client.expect_exit_hint(
        Exit::Success,
        Some("right after sending exit, return Ok(()): the server does not answer a client that left, so do not wait for an answer"),
    );
}

#[test]
fn s15_client_stops_when_the_server_sends_exit() {
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
        Some("after the server's exit, return Ok(()): there is nobody left to talk to"),
    );
}

#[test]
fn s16_client_takes_the_end_of_its_input_as_exit() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    const EMPTY: &str = "an empty line (Enter alone) is a line, not the end of input: read_line returns Ok(1) for its \"\\n\", and only Ok(0) means the input has ended. Send it like any line, as an empty datagram (a datagram may hold 0 bytes), and keep going";
    scene.note("presses Enter on an empty line: a line too, not the end of input");
    client.send_line("");
    expect_exactly(&scene, &mut server, "client", "", EMPTY, EMPTY);
    server.send(b"You said nothing.");
    client.expect_line(Want::containing("You said nothing.").hint(EMPTY));
    client.close_stdin();
    const END: &str = "read_line returns Ok(0) at the end of input (Ctrl+D): take it as typing exit, so that the server is told";
    expect_exactly(&scene, &mut server, "client", "exit", END, END);
    client.expect_exit_hint(Exit::Success, Some(END));
}

#[test]
fn s17_client_takes_exit_typed_with_a_windows_line_ending() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    // Windows ends a typed line with "\r\n"; send_line adds the "\n".
    client.send_line("exit\r");
    const WINDOWS: &str = "on Windows a typed line ends with \\r\\n: remove both, line.trim_end_matches(['\\r', '\\n']), before you send or compare it";
    expect_exactly(&scene, &mut server, "client", "exit", WINDOWS, WINDOWS);
    client.expect_exit_hint(Exit::Success, Some(WINDOWS));
}

#[test]
fn s18_client_waits_as_long_as_the_server_takes_to_answer() {
    let scene = Scene::new();
    let mut server = stage().test_server(&scene, "test");
    let mut client = stage().client(&scene, "client", server.local_addr(), &[]);
    server.watch(&client);
    client.send_line("anyone there?");
    server.expect_next(Want::exactly("anyone there?"));
    // A person answers at the server, and may take a while: longer than the
    // 5 s a client that a program answers would wait.
    client.expect_still_running(
        Duration::from_secs(6),
        "a person answers at the server and may take a minute: set no read timeout of your own; set_read_timeout(args.timeout) waits without a limit unless --timeout is given",
    );
    server.send(b"sorry, I was away");
    client.expect_line(Want::containing("sorry, I was away"));
}

#[test]
fn s19_client_and_server_chat_until_exit() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut first = stage().client(&scene, "first", address, &[]);
    first.send_line("Hi!");
    server.expect_line("Hi!");
    server.send_line("Hello!");
    first.expect_line("Hello!");
    first.send_line("exit");
    first.expect_exit(Exit::Success);
    server.expect_line("left");
    let mut second = stage().client(&scene, "second", address, &[]);
    second.send_line("Me again");
    server.expect_line("Me again");
    server.send_line("exit");
    second.expect_line("ended");
    second.expect_exit(Exit::Success);
    server.expect_exit(Exit::Success);
}
