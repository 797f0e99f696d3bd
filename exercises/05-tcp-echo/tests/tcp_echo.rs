//! Stage 05, echo over TCP: the checklist.
//!
//! Run `cargo test` in this folder. The tests are named in the order to
//! solve them: first the server (the test plays the client), then the client
//! (the test plays the server), then both together. A failing test says what
//! it expected, what happened and what to try.

use std::io::Write;
use std::net::{SocketAddr, TcpListener};
use std::thread;
use std::time::Duration;

use assert_cmd::cargo::cargo_bin;
use kata::raw::{self, Raw};
use kata::{Exit, Failure, Peer, Proc, Scene, Stage, Want, show};

fn stage() -> Stage {
    Stage::tcp(
        "kata-05-tcp-echo",
        "echo",
        cargo_bin!("tcp-echo-server"),
        cargo_bin!("tcp-echo-client"),
    )
}

/// The line the server prints when `client` connects, then the next one.
#[track_caller]
fn expect_connected(server: &mut Proc, client: SocketAddr) {
    let client = client.to_string();
    server.expect_line(
        Want::containing_all(&[&client, "connected"])
            .described(format!("a line \"* {client} connected\""))
            .hint("after accept, print \"* ADDRESS connected\" with the address accept returned"),
    );
}

/// `[127.0.0.1:53211] text`, exactly.
#[track_caller]
fn expect_printed(server: &mut Proc, client: SocketAddr, text: &str, hint: &str) {
    server.expect_next_line(
        Want::exactly(format!("[{client}] {text}"))
            .described(format!("the next line, exactly \"[{client}] {text}\""))
            .hint(hint),
    );
}

const NEWLINE_SENT: &str = "write the line with a \\n at its end: the \\n is what tells the server \
                            the line is complete (stdin's lines() gives it without one)";

/// How many long lines the client sends in s19.
const LONG_LINES: usize = 200;

const READ_UNTIL: &str = "a TCP read returns whatever bytes have arrived, not one message: keep one \
                          BufReader for the connection and read_until(b'\\n') to get whole lines";

#[test]
fn s01_server_prints_its_listening_line() {
    let scene = Scene::new();
    let mut server = stage().server(&scene, &[]);
    server.listening("tcp");
}

#[test]
fn s02_server_prints_who_connected_and_each_line() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    expect_connected(&mut server, client.local_addr());
    let who = client.local_addr();
    client.send(b"hello");
    expect_printed(
        &mut server,
        who,
        "hello",
        "print \"[ADDRESS] text\": the address accept returned, then the line without its \\n \
         (trim_end_matches(['\\r', '\\n']))",
    );
    // A line printed trimmed can look cut short; name the trim instead.
    let prefix = format!("[{who}] ");
    scene.symptom(move |log| {
        log.lines("server")
            .iter()
            .filter_map(|line| line.strip_prefix(&prefix))
            .any(|text| text != INDENTED && text.trim() == INDENTED.trim())
            .then(|| TRIMMED.to_string())
    });
    client.send(INDENTED.as_bytes());
    expect_printed(&mut server, who, INDENTED, TRIMMED);
    scene.note("sends a line as telnet or a Windows client does: it ends with \\r\\n");
    client.send(b"windows\r");
    expect_printed(&mut server, who, "windows", CARRIAGE_RETURN);
}

const CARRIAGE_RETURN: &str = "the line came as \"windows\\r\\n\" (telnet and Windows end lines \
                               so): take away both line-end bytes, trim_end_matches(['\\r', \
                               '\\n']), not only the \\n; a \\r printed to a terminal sends the \
                               cursor back to the start of the line";

/// A line whose spaces are part of it, at both ends.
const INDENTED: &str = "  indented  ";

const TRIMMED: &str = "print the line as it came, only its line end removed: trim() also takes \
                       away the spaces it starts or ends with. Use trim_end_matches(['\\r', \
                       '\\n'])";

#[test]
fn s03_server_echoes_each_line() {
    let scene = Scene::new();
    let (server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    let hint = "send back exactly the bytes of the line, with its \\n, using write_all \
                (through a BufWriter? flush() it after each line; from a buffer? only &buf[..n])";
    client.send(b"hello");
    client.expect_next(Want::exactly("hello").hint(hint));
    client.send("привет, сервер".as_bytes());
    client.expect_next(Want::exactly("привет, сервер").hint(hint));
}

#[test]
fn s04_server_reads_a_line_that_arrives_in_two_pieces() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = Raw::connect(&scene, "test", address);
    expect_connected(&mut server, client.local_addr());
    let hint = format!("{READ_UNTIL}: the line came in two pieces, with a pause between them");
    let half = format!("[{}] Hello, ", client.local_addr());
    let advice = hint.clone();
    scene.symptom(move |log| {
        log.lines("server")
            .iter()
            .any(|line| line.trim_end() == half.trim_end())
            .then(|| advice.clone())
    });
    client.write(b"Hello, ");
    client.pause();
    client.write(b"server\n");
    expect_printed(&mut server, client.local_addr(), "Hello, server", &hint);
    client.expect_line(Want::exactly("Hello, server"));
}

#[test]
fn s05_server_reads_two_lines_that_arrive_in_one_write() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = Raw::connect(&scene, "test", address);
    expect_connected(&mut server, client.local_addr());
    client.write(b"one\ntwo\n");
    let lost = "the second line is lost: a new BufReader for each line throws away what the \
                last one had already read ahead. Make one BufReader per connection, before \
                the loop";
    client.expect_line(Want::exactly("one").hint(lost));
    client.expect_line(Want::exactly("two").hint(lost));
    let hint = format!("{READ_UNTIL}: one read brought two lines, print each on its own");
    expect_printed(&mut server, client.local_addr(), "one", &hint);
    expect_printed(&mut server, client.local_addr(), "two", &hint);
}

#[test]
fn s06_server_decodes_a_character_split_between_reads() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = Raw::connect(&scene, "test", address);
    expect_connected(&mut server, client.local_addr());
    let text = "Привет, мир";
    let bytes = text.as_bytes();
    // "П" is 2 bytes, "р" too: cut after 3, in the middle of "р".
    scene.note("cuts the line in the middle of the letter р (2 bytes in UTF-8)");
    client.write(&bytes[..3]);
    client.pause();
    let mut rest = bytes[3..].to_vec();
    rest.push(b'\n');
    client.write(&rest);
    let hint = "a read can end in the middle of a character (Cyrillic letters are 2 bytes \
                each): decoding each read on its own turns both halves into �. Collect the \
                bytes of the whole line first (read_until), then decode it once";
    expect_printed(&mut server, client.local_addr(), text, hint);
    client.expect_line(Want::exactly(text).hint(hint));
}

#[test]
fn s07_server_says_when_the_client_leaves() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    let who = client.local_addr();
    expect_connected(&mut server, who);
    client.send(b"bye");
    expect_printed(&mut server, who, "bye", READ_UNTIL);
    client.expect_next(Want::exactly("bye"));
    close(&scene, client);
    server.expect_next_line(
        Want::containing_all(&[&who.to_string(), "disconnected"])
            .described(format!("the next line \"* {who} disconnected\""))
            .hint(
                "a read of 0 bytes (read_until returns Ok(0)) means the client closed the \
                 connection, and every later read returns 0 again: print \"* ADDRESS \
                 disconnected\" and leave the connection's loop. Treated as a message, it \
                 prints empty lines forever; skipped with continue, it spins",
            ),
    );
}

#[test]
fn s08_server_is_done_with_a_client_that_left() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    let who = client.local_addr();
    client.send(b"bye");
    client.expect_next(Want::exactly("bye"));
    close(&scene, client);
    server.expect_line(Want::containing_all(&[&who.to_string(), "disconnected"]));
    // A server that goes on reading after the read of 0 bytes gets 0 bytes
    // again at once, every time: whatever it prints for them comes before
    // the next client's line. What it prints is the symptom, not how fast
    // it spins, so a busy machine cannot change the verdict.
    let next = stage().test_client(&scene, "next", &server, address);
    let newcomer = next.local_addr();
    server.expect_next_line(
        Want::containing_all(&[&newcomer.to_string(), "connected"])
            .described(format!(
                "the next line \"* {newcomer} connected\": nothing more about {who}, who left"
            ))
            .hint(
                "after a read of 0 bytes the server must leave the connection's loop (break or \
                 return) and go back to accept: every later read returns 0 at once, so a loop \
                 that goes on reading spins at full speed",
            ),
    );
}

#[test]
fn s09_server_serves_the_next_client_after_one_leaves() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let hint = "call accept in a loop, and keep the listener for the whole life of the \
                server: after one client leaves, accept the next";
    for name in ["first", "second", "third"] {
        still_serving(&scene, &mut server, hint);
        let mut client = stage().test_client(&scene, name, &server, address);
        let who = client.local_addr();
        client.send(format!("{name} here").as_bytes());
        client.expect_next(Want::exactly(format!("{name} here")).hint(hint));
        close(&scene, client);
        server.expect_line(Want::containing_all(&[&who.to_string(), "disconnected"]).hint(hint));
    }
}

#[test]
fn s10_server_survives_a_line_that_is_not_utf8() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().test_client(&scene, "test", &server, address);
    expect_connected(&mut server, client.local_addr());
    // "Привет" as a Windows console in code page 1251 sends it.
    let cp1251 = [0xCF, 0xF0, 0xE8, 0xE2, 0xE5, 0xF2];
    let hint = "a line need not be UTF-8 (a Windows console may send Windows-1251): \
                read_line into a String fails on it, and an unwrap() on from_utf8 panics. \
                Read bytes with read_until into a Vec<u8>, print them with \
                String::from_utf8_lossy, and echo the bytes as they came";
    scene.note("sends \"Привет\" in the Windows-1251 encoding: bytes that are not UTF-8");
    client.send(&cp1251);
    still_serving(&scene, &mut server, hint);
    client.expect_next(Want::bytes(cp1251).hint(hint));
    expect_printed(&mut server, client.local_addr(), "������", hint);
    client.send(b"still there?");
    client.expect_next(Want::exactly("still there?").hint(hint));
}

#[test]
fn s11_server_survives_a_client_that_vanishes() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut first = Raw::connect(&scene, "first", address);
    let who = first.local_addr();
    expect_connected(&mut server, who);
    first.write(b"hi\n");
    expect_printed(&mut server, who, "hi", READ_UNTIL);
    first.write(b"half a li");
    scene.note("the first client vanishes in the middle of a line, as a killed program does");
    first.vanish();
    let hint = "a client that vanishes (a killed program, a pulled cable) resets the \
                connection: the read returns an error, not 0 bytes. End that connection, print \
                the error and accept the next client; an error passed on with ? from the \
                accept loop ends the whole server";
    // However late the server is seen to end (a refused connection, say),
    // its error line tells why.
    scene.symptom(move |log| log.any("server stderr", "error:").then(|| hint.to_string()));
    still_serving(&scene, &mut server, hint);
    let mut second = stage().test_client(&scene, "second", &server, address);
    second.send(b"my turn");
    second.expect_next(Want::exactly("my turn").hint(hint));
}

#[test]
fn s12_server_sends_every_line_whole_even_when_paused() {
    let scene = Scene::with_wait(Duration::from_secs(10));
    let (server, address) = stage().start_server(&scene, &[]);
    if !cfg!(unix) {
        scene.note("Ctrl+Z needs Linux or macOS: this check passes here without running");
        return;
    }
    let mut client = Raw::connect(&scene, "test", address);
    let lines: Vec<Vec<u8>> = (0..200u8)
        .map(|i| {
            let mut line = format!("{i:02} ").into_bytes();
            line.resize(40_000, b'a' + i % 26);
            line
        })
        .collect();
    scene.note(
        "writes 200 lines of 40000 bytes and reads no echo yet: the server's writes must \
         wait for room",
    );
    let mut writer = client.writer();
    let all: Vec<u8> = lines
        .iter()
        .flat_map(|line| line.iter().copied().chain([b'\n']))
        .collect();
    let sending = thread::spawn(move || writer.write_all(&all));
    scene.note("meanwhile pauses the server 20 times (Ctrl+Z, then fg: SIGSTOP, SIGCONT)");
    for _ in 0..20 {
        thread::sleep(Duration::from_millis(25));
        if !raw::pause_and_resume(server.id()) {
            scene.note("could not pause the server: this check passes without running");
            return;
        }
    }
    scene.note("now reads the echoes");
    for line in &lines {
        client.expect_line(
            Want::bytes(line.clone())
                .described(format!(
                    "the line {} whole ({} bytes)",
                    show::quoted(&line[..12]),
                    line.len()
                ))
                .hint(
                    "write may send only part of what you give it (here: when the server \
                     was paused with Ctrl+Z while waiting to send) and returns how much it \
                     sent. write_all sends everything",
                ),
        );
    }
    let _ = sending.join();
}

#[test]
fn s13_server_restarts_at_once_on_the_same_port() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut first = stage().test_client(&scene, "first", &server, address);
    first.send(b"one");
    first.expect_next(Want::exactly("one"));
    close(&scene, first);
    let mut second = stage().test_client(&scene, "second", &server, address);
    second.send(b"two");
    second.expect_next(
        Want::exactly("two")
            .hint("call accept in a loop, and keep the listener for the whole life of the server"),
    );
    scene.note(
        "stops the server while the second client is still connected: the server's side \
         of that connection lingers for a while (TIME_WAIT)",
    );
    server.kill();
    let port = address.port().to_string();
    let mut again = stage().server(&scene, &["--port", &port]);
    let restarted = again.listening("tcp");
    let mut third = stage().test_client(&scene, "third", &again, restarted);
    third.send(b"three");
    third.expect_next(Want::exactly("three"));
    drop(second);
}

#[test]
fn s14_client_sends_each_line_of_its_input() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    // Long enough that a client never gives up, and flushes a forgotten
    // BufWriter as it ends, before the test has made up its mind.
    let mut client = stage().client(&scene, "client", address, &["--timeout", "60"]);
    client.send_line("hello");
    let mut server = Raw::accept_from(&scene, "test", &listener, &client);
    if !bytes_arrive(&scene, &server) {
        scene.fail(Failure {
            expected: "the client sends the test the line \"hello\"".to_string(),
            got: format!("not one byte within {}", show::seconds(scene.wait())),
            hint: Some(
                "the line never left the client: write it on the stream with write_all \
                 (through a BufWriter? flush() it after each line, or the line waits in its \
                 buffer)"
                    .to_string(),
            ),
        });
    }
    server.expect_line(Want::exactly("hello").hint(NEWLINE_SENT));
}

#[test]
fn s15_client_prints_each_answer() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &[]);
    let print = "read the answer up to its \\n (read_until on a BufReader made once), then print \
                 \"[server] \" and the text without its \\n";
    let steps = [
        ("hello", NEWLINE_SENT, print),
        (
            "привет",
            "send every line on the one connection made before the loop: a connection made \
             anew for each line closes the last one, and the server sees a new client for \
             every line",
            print,
        ),
        (
            INDENTED,
            "send the line as it was typed, spaces included: lines() has already taken its \
             line end away, and trim() takes the spaces too",
            "print the answer as it came, only its line end removed: trim() also takes away \
             the spaces it starts or ends with. Use trim_end_matches(['\\r', '\\n'])",
        ),
    ];
    client.send_line(steps[0].0);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    for (at, (text, sent, printed)) in steps.into_iter().enumerate() {
        if at > 0 {
            client.send_line(text);
        }
        // Spaces trimmed away would look like a line cut short: no guess
        // at a near miss for the indented line.
        let want = |line: &str| {
            if text == INDENTED {
                exactly(line)
            } else {
                Want::exactly(line)
            }
        };
        server.expect_next(want(text).hint(sent));
        server.send(text.as_bytes());
        client.expect_next_line(want(&format!("[server] {text}")).hint(printed));
    }
}

#[test]
fn s16_client_reads_an_answer_that_arrives_in_two_pieces() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &[]);
    let mut server = Raw::accept_from(&scene, "test", &listener, &client);
    client.send_line("Hello, server");
    server.expect_line(Want::exactly("Hello, server"));
    let hint = format!("{READ_UNTIL}: the answer came in two pieces");
    let advice = hint.clone();
    scene.symptom(move |log| {
        log.lines("client")
            .iter()
            .any(|line| line.trim_end() == "[server] Hello,")
            .then(|| advice.clone())
    });
    server.write(b"Hello, ");
    server.pause();
    server.write(b"client\n");
    client.expect_next_line(Want::exactly("[server] Hello, client").hint(hint));
}

#[test]
fn s17_client_reads_two_answers_that_arrive_in_one_write() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &[]);
    let mut server = Raw::accept_from(&scene, "test", &listener, &client);
    client.send_line("one");
    server.expect_line(Want::exactly("one"));
    scene.note("answers one, and two ahead of time, in one write: one read brings both");
    server.write(b"one\ntwo\n");
    let lost = "the second answer is lost: a new BufReader for each answer throws away what \
                the last one had already read ahead. Make one BufReader for the connection, \
                before the loop";
    client.expect_next_line(Want::exactly("[server] one").hint(lost));
    client.send_line("two");
    server.expect_line(Want::exactly("two"));
    client.expect_next_line(Want::exactly("[server] two").hint(lost));
}

#[test]
fn s18_client_prints_an_answer_that_is_not_utf8() {
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
    server.send(b"still there?");
    client.expect_next_line(Want::exactly("[server] still there?").hint(hint));
}

#[test]
fn s19_client_sends_every_line_whole_even_when_paused() {
    let scene = Scene::with_wait(Duration::from_secs(10));
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &[]);
    let mut server = Raw::accept_from(&scene, "test", &listener, &client);
    if !cfg!(unix) {
        scene.note("Ctrl+Z needs Linux or macOS: this check passes here without running");
        return;
    }
    // No line may be longer than 64 KiB (the reference client refuses
    // more), so none outgrows the sockets' buffers (megabytes on loopback)
    // alone; together they do, many times over. Once the buffers are full,
    // the client sits in a write until the test reads, and the test reads
    // one line per pause: whatever the machine's speed, most pauses find
    // the client in a write that waits, with a part of its line sent.
    let lines: Vec<Vec<u8>> = (0..LONG_LINES)
        .map(|i| {
            let mut line = format!("{i:03} ").into_bytes();
            line.resize(60_000, b'a' + (i % 26) as u8);
            line
        })
        .collect();
    scene.note(format!(
        "answers all {LONG_LINES} lines at once, ahead of time, and reads none of them yet: \
         the client's writes must wait for room"
    ));
    let answers: Vec<u8> = (0..LONG_LINES)
        .flat_map(|i| format!("ok {i:03}\n").into_bytes())
        .collect();
    server.write(&answers);
    let typed: Vec<u8> = lines
        .iter()
        .flat_map(|line| line.iter().copied().chain([b'\n']))
        .collect();
    client.send_bytes(&typed);
    scene.note(
        "pauses the client (Ctrl+Z, then fg: SIGSTOP, SIGCONT) before reading each line: \
         the test reads slowly, so the client spends its time in a write that waits for room, \
         and the pauses interrupt such writes",
    );
    for line in &lines {
        if !raw::pause_and_resume(client.id()) {
            scene.note("could not pause the client: this check passes without running");
            return;
        }
        server.expect_line(
            Want::bytes(line.clone())
                .described(format!(
                    "the line {} whole ({} bytes)",
                    show::quoted(&line[..12]),
                    line.len()
                ))
                .hint(
                    "write may send only part of what you give it (here: when the client \
                     was paused with Ctrl+Z while waiting to send) and returns how much it \
                     sent. write_all sends everything",
                ),
        );
    }
}

#[test]
fn s20_client_ends_when_its_input_ends() {
    let scene = Scene::new();
    let (listener, address) = test_server(&scene);
    let mut client = stage().client(&scene, "client", address, &[]);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    client.send_line("one");
    server.expect_next(Want::exactly("one"));
    server.send(b"one");
    client.expect_line(Want::exactly("[server] one"));
    client.close_stdin();
    client.expect_exit_hint(
        Exit::Success,
        Some("when stdin has no more lines (the for loop over lines() ends), return Ok(())"),
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
fn s21_client_reports_that_the_server_closed_the_connection() {
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
fn s22_client_gives_up_when_the_server_stays_silent() {
    let scene = Scene::with_wait(Duration::from_secs(3));
    let listener = stage().tcp_silent_test_server(&scene, "test");
    let address = listener.local_addr().expect("an address");
    let mut client = stage().client(&scene, "client", address, &["--timeout", "1"]);
    let mut server = kata::peer::accept_from(&scene, "test", &listener, &client);
    client.send_line("anyone there?");
    server.expect_next(Want::exactly("anyone there?"));
    scene.note("never answers");
    let hint = "set_read_timeout(args.timeout) on the stream before reading; when the wait \
                runs out, the read fails: return that error with ?";
    client.expect_exit_hint(Exit::Code(1), Some(hint));
    client.expect_stderr(Want::starting_with("error:").hint(hint));
    drop(server);
}

#[test]
fn s23_client_reports_that_no_server_listens() {
    // Windows takes a moment to give up on a port where nothing listens.
    let scene = Scene::with_wait(Duration::from_secs(10));
    let address = match TcpListener::bind("127.0.0.1:0").and_then(|free| free.local_addr()) {
        Ok(address) => address,
        Err(error) => scene.fail(Failure {
            expected: "the test to find a free TCP port".to_string(),
            got: error.to_string(),
            hint: Some("this is a problem of the machine, not of your code".to_string()),
        }),
    };
    scene.note(format!(
        "took the free port {} and let it go: nothing listens at {address}",
        address.port()
    ));
    let mut client = stage().client(&scene, "client", address, &[]);
    client.send_line("anyone there?");
    let hint = "with nobody listening, connect fails at once (connection refused): return \
                that error with ?, do not unwrap() it. The starter prints it as one error: \
                line and exits with code 1";
    client.expect_exit_hint(Exit::Code(1), Some(hint));
    client.expect_stderr(Want::starting_with("error:").hint(hint));
}

#[test]
fn s24_client_and_server_echo_together() {
    let scene = Scene::new();
    let (mut server, address) = stage().start_server(&scene, &[]);
    let mut client = stage().client(&scene, "client", address, &[]);
    for text in ["hello", "Привет, мир", "bye"] {
        client.send_line(text);
        server.expect_line(Want::containing(format!("] {text}")));
        client.expect_line(Want::exactly(format!("[server] {text}")));
    }
    client.close_stdin();
    client.expect_exit(Exit::Success);
    server.expect_line(Want::containing("disconnected"));
}

/// The test's own TCP listener, playing the server for the client under test.
fn test_server(scene: &Scene) -> (TcpListener, SocketAddr) {
    let listener = stage().tcp_test_server(scene, "test");
    let address = listener.local_addr().expect("an address");
    (listener, address)
}

/// Exactly `text`, with no guess at a near miss.
fn exactly(text: &str) -> Want {
    let wanted = text.as_bytes().to_vec();
    Want::matching(format!("exactly {}", show::quoted(&wanted)), move |seen| {
        seen == wanted.as_slice()
    })
}

/// True if bytes arrive from the client within the scene's wait; they stay
/// where they are, for `server` to read.
fn bytes_arrive(scene: &Scene, server: &Raw) -> bool {
    let stream = server.writer();
    let _ = stream.set_read_timeout(Some(scene.wait()));
    loop {
        match stream.peek(&mut [0u8; 1]) {
            Ok(size) => return size > 0,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(_) => return false,
        }
    }
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
