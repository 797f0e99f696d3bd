//! Stage 06, a chat over TCP: the checklist.
//!
//! Run `cargo test` in this folder. The tests are named in the order to
//! solve them: first the server (the test plays the client, and types into
//! the server's console), then the client (the test plays the server), then
//! both together. A failing test says what it expected, what happened and
//! what to try.

use std::net::SocketAddr;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use kata::raw::Raw;
use kata::{Exit, Failure, Peer, Proc, Scene, Stage, Want};

fn stage() -> Stage {
    Stage::tcp(
        "kata-06-tcp-chat",
        "chat",
        cargo_bin!("tcp-chat-server"),
        cargo_bin!("tcp-chat-client"),
    )
}

/// The line the server prints when `client` connects.
#[track_caller]
fn expect_connected(server: &mut Proc, client: SocketAddr) {
    let client = client.to_string();
    server.expect_line(
        Want::containing_all(&[&client, "connected"])
            .described(format!("a line \"* {client} connected\""))
            .hint("after accept, print \"* ADDRESS connected\" with the address accept returned"),
    );
}

/// `[127.0.0.1:53211] text`, exactly, as the next line.
#[track_caller]
fn expect_printed(server: &mut Proc, client: SocketAddr, text: &str, hint: &str) {
    server.expect_next_line(
        Want::exactly(format!("[{client}] {text}"))
            .described(format!("the next line, exactly \"[{client}] {text}\""))
            .hint(hint),
    );
}

/// A line that says `client` left the chat.
#[track_caller]
fn expect_left(server: &mut Proc, client: SocketAddr, hint: &str) {
    server.expect_next_line(
        Want::containing_all(&[&client.to_string(), "left"])
            .described(format!("the next line \"* {client} left the chat\""))
            .hint(hint),
    );
}

/// `[127.0.0.1:53211] text`, exactly, as the next line: spaces and all.
/// (A check without a target text, so that a line cut short or trimmed is
/// not taken for a message cut by a read: the hint says what it is.)
#[track_caller]
fn expect_printed_exactly(server: &mut Proc, client: SocketAddr, text: &str, hint: &str) {
    let line = format!("[{client}] {text}");
    server.expect_next_line(
        Want::matching(format!("the next line, exactly \"{line}\""), {
            let line = line.clone();
            move |seen| seen == line.as_bytes()
        })
        .hint(hint),
    );
}

const PRINT_FIRST: &str = "receive the client's line and print it first; read the console only \
                           after that (the homework's order: receive, print, then answer)";

const ONE_LINE: &str = "an answer is one line: the console's text without its line ending \
                        (trim_end_matches(['\\r', '\\n']); Windows ends lines with \\r\\n), \
                        then exactly one \\n";

#[test]
fn s01_server_prints_its_listening_line() {
    let scene = Scene::new();
    let mut server = stage().server(&scene, &[]);
    server.listening("tcp");
}

#[test]
fn s02_server_prints_the_message_before_it_asks_its_console() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    expect_connected(&mut server, client.local_addr());
    client.send("Привет, сервер!".as_bytes());
    expect_printed(
        &mut server,
        client.local_addr(),
        "Привет, сервер!",
        PRINT_FIRST,
    );
}

#[test]
fn s03_server_reads_whole_lines_however_they_arrive() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = Raw::connect(&scene, "test", address);
    expect_connected(&mut server, client.local_addr());
    let bytes = "Привет, сервер!".as_bytes();
    scene.note("cuts the line in the middle of the letter р (2 bytes in UTF-8)");
    client.write(&bytes[..3]);
    client.pause();
    let mut rest = bytes[3..].to_vec();
    rest.push(b'\n');
    client.write(&rest);
    expect_printed(
        &mut server,
        client.local_addr(),
        "Привет, сервер!",
        "a TCP read returns whatever bytes have arrived, here half a line ending in half a \
         letter: keep one BufReader for the connection, read_until(b'\\n') the whole line, \
         and only then decode it (String::from_utf8_lossy)",
    );
    server.send_line("ok");
    scene.note("sends two lines in one write, as a client that types ahead may");
    client.write(b"one\ntwo\n");
    let hint = "two lines arrived in one read: keep ONE BufReader for the connection, made \
                before the loop; a BufReader made anew for each line throws away what it had \
                already read of the next one";
    expect_printed(&mut server, client.local_addr(), "one", hint);
    server.send_line("ok");
    expect_printed(&mut server, client.local_addr(), "two", hint);
}

#[test]
fn s04_server_prints_each_message_exactly_as_it_came() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    let who = client.local_addr();
    expect_connected(&mut server, who);
    client.send(b"  indented by two spaces");
    expect_printed_exactly(
        &mut server,
        who,
        "  indented by two spaces",
        "print the message as it came, spaces and all: drop only its line end \
         (trim_end_matches(['\\r', '\\n'])); trim() takes the spaces at its start too",
    );
    server.send_line("ok");
    scene.note("sends \" exit\", with a space before it: a message, not exit");
    client.send(b" exit");
    expect_printed_exactly(
        &mut server,
        who,
        " exit",
        "only exit itself ends the chat: compare the line without its line end \
         (trim_end_matches(['\\r', '\\n'])) with \"exit\", not line.trim(); \" exit\", with a \
         space, is a message, and the client that sent it waits for an answer",
    );
    server.send_line("ok");
    scene.note("sends a line as telnet or a Windows client does: it ends with \\r\\n");
    client.send(b"windows\r");
    expect_printed_exactly(&mut server, who, "windows", &carriage_return("the line"));
}

/// The hint for a line printed with the `\r` of its `\r\n`.
fn carriage_return(what: &str) -> String {
    format!(
        "{what} came as \"windows\\r\\n\" (telnet and Windows end lines so): take away both \
         line-end bytes, trim_end_matches(['\\r', '\\n']), not only the \\n; a \\r printed to \
         a terminal sends the cursor back to the start of the line"
    )
}

#[test]
fn s05_server_survives_a_message_that_is_not_utf8() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    let who = client.local_addr();
    expect_connected(&mut server, who);
    // "Привет" as a Windows console in code page 1251 sends it.
    let cp1251 = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2];
    let hint = "a line need not be UTF-8 (a Windows console may send Windows-1251): \
                read_line into a String fails on it, and an unwrap() on from_utf8 panics. \
                Read bytes with read_until into a Vec<u8> and print them with \
                String::from_utf8_lossy, which never fails";
    scene.note("sends \"Привет\" in the Windows-1251 encoding: bytes that are not UTF-8");
    client.send(&cp1251);
    expect_printed(&mut server, who, "������", hint);
    server.send_line("ok");
    client.send(b"still there?");
    expect_printed(&mut server, who, "still there?", hint);
}

#[test]
fn s06_server_answers_with_the_line_typed_on_its_console() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"Is this TCP?");
    server.expect_line(Want::containing("] Is this TCP?"));
    server.send_line("Yes, a connection.");
    client.expect_next(Want::exactly("Yes, a connection.").hint(format!(
        "read one console line and write_all it to the client's stream with a \\n at its end \
         (through a BufWriter? flush() it). {ONE_LINE}"
    )));
}

#[test]
fn s07_server_sends_each_answer_as_one_line() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"first");
    server.expect_line(Want::containing("] first"));
    scene.symptom(stray_carriage_return("test", ONE_LINE));
    scene.note("types the answer as a Windows console sends it: the line ends with \\r\\n");
    server.send_line_bytes(b"Hi\r");
    client.expect_next(Want::exactly("Hi").hint(ONE_LINE));
    client.send(b"second");
    server.expect_line(Want::containing("] second"));
    server.send_line("How are you?");
    client.expect_next(Want::exactly("How are you?").hint(ONE_LINE));
    client.send(b"third");
    server.expect_line(Want::containing("] third"));
    scene.note("types an empty line: an answer too, not the end of input");
    server.send_line("");
    client.expect_next(
        Want::matching("an empty line, the answer typed", |message| {
            message.is_empty()
        })
        .hint(
            "an empty console line is an answer like any other: read_line gives Ok(1) for it \
             (\"\\n\"), so send it as an empty line; only Ok(0), the end of input, counts as \
             exit",
        ),
    );
    client.send(b"fourth");
    server.expect_line(Want::containing("] fourth"));
    server.send_line("  indented by two spaces");
    client.expect_next(
        Want::matching("exactly \"  indented by two spaces\"", |message| {
            message == b"  indented by two spaces"
        })
        .hint(
            "send the console's text as it was typed, spaces and all: drop only its line end \
             (trim_end_matches(['\\r', '\\n'])); trim() takes the spaces at its start too",
        ),
    );
}

#[test]
fn s08_server_ends_the_chat_when_the_client_sends_exit() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    expect_connected(&mut server, client.local_addr());
    client.send(b"exit");
    expect_left(
        &mut server,
        client.local_addr(),
        "compare the line, without its \\n, with \"exit\" before asking the console; if \
         equal, print \"* ADDRESS left the chat\" and end this chat",
    );
}

#[test]
fn s09_server_understands_exit_with_a_windows_line_ending() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    expect_connected(&mut server, client.local_addr());
    scene.note("sends exit as telnet or a Windows client does: the line ends with \\r\\n");
    client.send(b"exit\r");
    expect_left(
        &mut server,
        client.local_addr(),
        "the line arrived as exit\\r\\n: trim both (trim_end_matches(['\\r', '\\n'])) before \
         comparing it with \"exit\"",
    );
}

#[test]
fn s10_server_serves_the_next_client_after_exit() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let hint = "after a client's exit, end that chat (leave its loop, drop its stream) and go \
                back to accept: the next client is waiting. Keep the listener for the whole \
                life of the server";
    let mut first = stage().test_client(&scene, "first", &server, address);
    first.send(b"exit");
    scene.note("the first client keeps its connection open, as nc does after you type exit");
    server.expect_line(Want::containing_all(&[
        &first.local_addr().to_string(),
        "left",
    ]));
    still_serving(&scene, &mut server, hint);
    let mut second = stage().test_client(&scene, "second", &server, address);
    second.send(b"my turn");
    server.expect_line(Want::containing("] my turn").hint(hint));
    server.send_line("welcome");
    second.expect_next(Want::exactly("welcome"));
    drop(first);
}

#[test]
fn s11_server_ends_the_chat_when_the_client_disconnects() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut first = stage().test_client(&scene, "first", &server, address);
    let who = first.local_addr();
    expect_connected(&mut server, who);
    first.send(b"hi");
    expect_printed(&mut server, who, "hi", PRINT_FIRST);
    server.send_line("hello");
    first.expect_next(Want::exactly("hello"));
    close(&scene, first);
    let hint = "a read of 0 bytes (read_until returns Ok(0)) means the client closed the \
                connection without exit: print \"* ADDRESS disconnected\", end this chat and \
                accept the next client. Do not print it as an empty message";
    server.expect_next_line(
        Want::containing_all(&[&who.to_string(), "disconnected"])
            .described(format!("the next line \"* {who} disconnected\""))
            .hint(hint),
    );
    // A loop that goes on reading after the read of 0 bytes gets 0 bytes
    // again at once: whatever it prints for them comes before the next
    // client's line, on a busy machine as on an idle one.
    let mut second = stage().test_client(&scene, "second", &server, address);
    let newcomer = second.local_addr();
    server.expect_next_line(
        Want::containing_all(&[&newcomer.to_string(), "connected"])
            .described(format!(
                "the next line \"* {newcomer} connected\": nothing more about {who}, who left"
            ))
            .hint(
                "after a read of 0 bytes, leave the chat's loop: every later read returns 0 at \
                 once",
            ),
    );
    second.send(b"my turn");
    server.expect_line(Want::containing("] my turn").hint(hint));
    server.send_line("welcome");
    second.expect_next(Want::exactly("welcome"));
}

#[test]
fn s12_server_survives_a_client_that_vanishes() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut first = Raw::connect(&scene, "first", address);
    expect_connected(&mut server, first.local_addr());
    first.write(b"hi\n");
    expect_printed(&mut server, first.local_addr(), "hi", PRINT_FIRST);
    server.send_line("are you still there?");
    scene.note("the first client vanishes, as a killed program does");
    first.vanish();
    let hint = "a client that vanishes resets the connection: the read returns an error (not \
                0 bytes). End that chat, print what happened and accept the next client; an \
                error passed on with ? from the accept loop ends the whole server";
    still_serving(&scene, &mut server, hint);
    let mut second = stage().test_client(&scene, "second", &server, address);
    second.send(b"my turn");
    server.expect_line(Want::containing("] my turn").hint(hint));
    server.send_line("welcome");
    second.expect_next(Want::exactly("welcome"));
}

#[test]
fn s13_server_sends_exit_and_ends_when_its_console_types_exit() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"shall we stop?");
    server.expect_line(Want::containing("] shall we stop?"));
    server.send_line("exit");
    client.expect_next(
        Want::exactly("exit").hint(
            "send the console's exit to the client like any other answer, then end the server",
        ),
    );
    server.expect_exit_hint(
        Exit::Success,
        Some("after sending exit, return Ok(()): the server ends"),
    );
}

#[test]
fn s14_server_ends_when_its_console_input_ends() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    client.send(b"anyone at the console?");
    server.expect_line(Want::containing("] anyone at the console?"));
    // A crash right here is the console's end read with unwrap(), not a
    // peer's odd message: say so rather than the general advice for panics.
    scene.symptom(|log| {
        log.any("server stderr", "panicked").then(|| {
            "the server crashed when its console's input ended: at the end of input (Ctrl+D) \
             lines().next() gives None and read_line gives Ok(0); treat that like typing exit \
             instead of unwrap()"
                .to_string()
        })
    });
    server.close_stdin();
    let hint = "the end of the console's input (Ctrl+D; read_line returns Ok(0), lines() \
                returns None) counts as typing exit: send exit to the client and end. Do not \
                unwrap() it";
    server.expect_exit_hint(Exit::Success, Some(hint));
    client.expect_next(Want::exactly("exit").hint(hint));
}

#[test]
fn s15_a_second_client_waits_in_the_backlog_and_is_served_next() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut first = stage().test_client(&scene, "first", &server, address);
    first.send(b"first");
    server.expect_line(Want::containing("] first"));
    server.send_line("hi, first");
    first.expect_next(Want::exactly("hi, first"));
    scene.note(
        "a second client connects while the server chats with the first: the system \
         completes its connection and keeps it in the listen backlog until accept",
    );
    let mut second = stage().test_client(&scene, "second", &server, address);
    second.send(b"second, waiting");
    first.send(b"exit");
    let hint = "after the first client's exit, accept the next connection: it has been \
                waiting in the backlog, and its line with it";
    server.expect_line(Want::containing("] second, waiting").hint(hint));
    server.send_line("hi, second");
    second.expect_next(Want::exactly("hi, second").hint(hint));
}

#[test]
fn s16_client_sends_the_line_typed() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &[]);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    client.send_line("Hi! Is this TCP?");
    server.expect_next(Want::exactly("Hi! Is this TCP?").hint(
        "write the line with a \\n at its end: the \\n is what tells the server the line is \
         complete (stdin's lines() gives it without one)",
    ));
}

#[test]
fn s17_client_prints_each_answer_and_takes_turns() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &[]);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    for (line, answer) in [("Hi!", "Hello!"), ("How are you?", "Fine, ты как?")] {
        client.send_line(line);
        server.expect_next(Want::exactly(line));
        server.send(answer.as_bytes());
        client.expect_next_line(Want::exactly(format!("[server] {answer}")).hint(
            "read the answer up to its \\n (read_until on a BufReader made once), then print \
             \"[server] \" and the text without its \\n; then read the next typed line",
        ));
    }
}

#[test]
fn s18_client_sends_and_prints_each_line_exactly() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &[]);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    scene.note("the user presses Enter on an empty line");
    client.send_line("");
    let empty = "an empty line is a line like any other: send it (a \\n alone) and wait for \
                 the answer; only exit, or the end of input (lines() returns None), ends the chat";
    server.expect_next(
        Want::matching("an empty line, as typed", |message| message.is_empty()).hint(empty),
    );
    server.send(b"nothing to say?");
    client.expect_next_line(Want::exactly("[server] nothing to say?").hint(empty));
    scene.note("the user types \" exit\", with a space before it: a message, not exit");
    client.send_line(" exit");
    let exit_only = "only exit itself ends the chat: compare the typed line with \"exit\" as it \
                     is, not line.trim(); \" exit\", with a space, is a message, and the server \
                     answers it";
    server.expect_next(Want::exactly(" exit").hint(exit_only));
    server.send(b"that was not exit");
    client.expect_next_line(Want::exactly("[server] that was not exit").hint(exit_only));
    client.send_line("and now?");
    server.expect_next(Want::exactly("and now?"));
    server.send(b"  indented by two spaces");
    client.expect_next_line(
        Want::matching("exactly \"[server]   indented by two spaces\"", |line| {
            line == b"[server]   indented by two spaces"
        })
        .hint(
            "print the answer as it came, spaces and all: drop only its line end \
             (trim_end_matches(['\\r', '\\n'])); trim() takes the spaces at its start too",
        ),
    );
    client.send_line("one more");
    server.expect_next(Want::exactly("one more"));
    scene.note("answers as a Windows server would: the line ends with \\r\\n");
    server.send(b"windows\r");
    client.expect_next_line(Want::exactly("[server] windows").hint(carriage_return("the answer")));
}

#[test]
fn s19_client_prints_an_answer_that_is_not_utf8() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &[]);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    client.send_line("привет");
    server.expect_next(Want::exactly("привет"));
    // "Привет" as a server on Windows may send it, in code page 1251.
    let cp1251 = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2];
    let hint = "an answer need not be UTF-8 (a server on Windows may send Windows-1251): \
                an unwrap() on from_utf8 panics on it, and read_line into a String fails. \
                Read bytes with read_until into a Vec<u8> and print them with \
                String::from_utf8_lossy, which never fails";
    scene.note("answers \"Привет\" in the Windows-1251 encoding: bytes that are not UTF-8");
    server.send(&cp1251);
    client.expect_next_line(Want::exactly("[server] ������").hint(hint));
    client.send_line("still there?");
    server.expect_next(Want::exactly("still there?").hint(hint));
}

#[test]
fn s20_client_sends_exit_and_ends() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &[]);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    client.send_line("exit");
    server.expect_next(Want::exactly("exit"));
    client.expect_exit_hint(
        Exit::Success,
        Some("right after sending exit, return Ok(()): no answer will come"),
    );
    if !server.closed_by_other() {
        scene.fail(Failure {
            expected: "the client's connection closes when it ends".to_string(),
            got: "it stayed open".to_string(),
            hint: None,
        });
    }
}

#[test]
fn s21_client_understands_exit_typed_with_a_windows_line_ending() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &[]);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    scene.note("types exit as a Windows console sends it: the line ends with \\r\\n");
    client.send_line_bytes(b"exit\r");
    let hint = "a Windows console ends lines with \\r\\n: take lines from stdin's lines() \
                (it drops both), or trim_end_matches(['\\r', '\\n']), before comparing with \
                \"exit\" and before sending";
    scene.symptom(stray_carriage_return("test", hint));
    server.expect_next(Want::exactly("exit").hint(hint));
    client.expect_exit_hint(Exit::Success, Some(hint));
}

#[test]
fn s22_client_sends_exit_when_its_input_ends() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &[]);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    client.close_stdin();
    let hint = "the end of input (Ctrl+D: lines() returns None) counts as typing exit: send \
                exit to the server, so that it knows you left, then return Ok(())";
    server.expect_next(Want::exactly("exit").hint(hint));
    client.expect_exit_hint(Exit::Success, Some(hint));
}

#[test]
fn s23_client_ends_when_the_server_sends_exit() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &[]);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    client.send_line("shall we stop?");
    server.expect_next(Want::exactly("shall we stop?"));
    server.send(b"exit");
    client.expect_next_line(Want::exactly("[server] exit").hint(
        "the server's exit is an answer too: print it like any other (\"[server] exit\"), \
         then say that the server ended the chat",
    ));
    let hint = "compare the answer, without its \\n, with \"exit\"; if equal, print that the \
                server ended the chat and return Ok(())";
    client.expect_line(
        Want::containing("ended")
            .described(
                "a line that says the server ended the chat, like \"* the server ended the chat\"",
            )
            .hint(hint),
    );
    client.expect_exit_hint(Exit::Success, Some(hint));
}

#[test]
fn s24_client_reports_that_the_server_closed_the_connection() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &[]);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    client.send_line("anyone there?");
    server.expect_next(Want::exactly("anyone there?"));
    close(&scene, server);
    let hint = "a read of 0 bytes means the server closed the connection: no answer will \
                ever come. Return an error (\"the server closed the connection\"), do not \
                print an empty answer";
    client.expect_exit_hint(Exit::Code(1), Some(hint));
    client.expect_stderr(Want::starting_with("error:").hint(hint));
}

#[test]
fn s25_client_reports_that_no_server_listens() {
    let scene = Scene::new();
    let address = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("a free TCP port");
        listener.local_addr().expect("an address")
    };
    scene.note(format!(
        "took the free port {} and let it go: nothing listens at {address}",
        address.port()
    ));
    let mut client = stage().client(&scene, "client", address, &[]);
    let hint = "with no server there, connect fails (connection refused): return that error \
                with ?, and the starter prints it as one error: line and exits with code 1; \
                unwrap() would make a panic of it";
    client.expect_exit_hint(Exit::Code(1), Some(hint));
    client.expect_stderr(Want::starting_with("error:").hint(hint));
}

#[test]
fn s26_client_waits_for_a_person_as_long_as_it_takes() {
    let scene = Scene::with_wait(Duration::from_secs(8));
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &[]);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    client.send_line("take your time");
    server.expect_next(Want::exactly("take your time"));
    let thinking = Duration::from_millis(5500);
    scene.note("a person at the server thinks for 5.5 s before answering");
    let hint = "a person answers this client and may take a minute: set_read_timeout(args.timeout), \
                which is None (no limit) unless --timeout is given. Do not hard-code a timeout";
    if let Some(status) = client.wait_for_exit(thinking) {
        scene.fail(Failure {
            expected: "the client waits for the answer".to_string(),
            got: format!("the client ended ({status}) before the answer came"),
            hint: Some(hint.to_string()),
        });
    }
    server.send(b"Here I am.");
    client.expect_next_line(Want::exactly("[server] Here I am.").hint(hint));
}

#[test]
fn s27_client_gives_up_after_its_timeout() {
    let scene = Scene::with_wait(Duration::from_secs(3));
    let listener = stage().tcp_silent_test_server(&scene, "test");
    let address = listener.local_addr().expect("an address");
    let mut client = stage().client(&scene, "client", address, &["--timeout", "1"]);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    client.send_line("anyone there?");
    server.expect_next(Want::exactly("anyone there?"));
    scene.note("never answers; the client was started with --timeout 1");
    let hint = "--timeout SECS is args.timeout: set_read_timeout(args.timeout) on the stream \
                before reading; when the wait runs out, the read fails: return that error \
                with ?";
    client.expect_exit_hint(Exit::Code(1), Some(hint));
    client.expect_stderr(Want::starting_with("error:").hint(hint));
    drop(server);
}

#[test]
fn s28_client_and_server_chat_until_exit() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().client(&scene, "client", address, &[]);
    client.send_line("Привет!");
    server.expect_line(Want::containing("] Привет!"));
    server.send_line("Hello!");
    client.expect_line(Want::exactly("[server] Hello!"));
    client.send_line("exit");
    client.expect_exit(Exit::Success);
    server.expect_line(Want::containing("left"));
    let mut next = stage().client(&scene, "next", address, &[]);
    next.send_line("my turn");
    server.expect_line(Want::containing("] my turn"));
    server.send_line("exit");
    next.expect_line(Want::containing("ended"));
    next.expect_exit(Exit::Success);
    server.expect_exit(Exit::Success);
}

/// A diagnosis for a line that arrived with a `\r` before its `\n`: the
/// console's Windows line end was sent along.
fn stray_carriage_return(
    tag: &'static str,
    hint: &'static str,
) -> impl Fn(&kata::scene::Log) -> Option<String> + Send + Sync + 'static {
    move |log| {
        log.lines(tag)
            .iter()
            // The test's peer logs a TCP line with its end: `receives the
            // line "Hi\r\n" (4 bytes)`.
            .any(|line| line.starts_with("receives ") && line.contains("\\r\\n\" ("))
            .then(|| hint.to_string())
    }
}

/// The test's own TCP listener, playing the server for the client under test.
fn test_server(scene: &Scene) -> (std::net::TcpListener, SocketAddr) {
    let listener = stage().tcp_test_server(scene, "test");
    let address = listener.local_addr().expect("an address");
    (listener, address)
}

/// Closes the test's connection: the other side reads 0 bytes.
fn close(scene: &Scene, peer: Peer) {
    scene.note("closes the connection");
    drop(peer);
}

/// Fails if the server has ended, instead of letting the next connect fail.
#[track_caller]
fn still_serving(scene: &Scene, server: &mut Proc, hint: &str) {
    if let Some(status) = server.wait_for_exit(Duration::from_millis(300)) {
        scene.fail(Failure {
            expected: "the server keeps running, ready for the next client".to_string(),
            got: format!("the server ended ({status})"),
            hint: Some(hint.to_string()),
        });
    }
}
