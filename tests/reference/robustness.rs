//! Bad peers and rough endings: a server keeps serving the others, and no
//! program ever shows a panic.

use std::net::TcpStream;

use kata::Transport::{self, Tcp, Udp};
use kata::{Exit, Program, Scene, Want};
use rstest::rstest;

use crate::support::{server_program, start_client, start_server};

#[rstest]
fn over_tcp_a_silent_client_does_not_hold_up_the_others(#[values("hello", "echo")] mode: &str) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, mode, Tcp, &[]);
    let silent = TcpStream::connect(address).unwrap();
    server.expect_line(Want::containing(format!(
        "{} connected",
        silent.local_addr().unwrap()
    )));
    let mut client = start_client(&scene, "hello", Tcp, address, &[]);
    client.expect_next_line(Want::containing("[server] "));
    client.expect_exit(Exit::Success);
}

#[test]
fn over_tcp_a_line_past_the_limit_closes_only_that_connection() {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "echo", Tcp, &[]);
    let mut flooder = scene.client_peer("flooder", Tcp, address);
    let mut neighbour = scene.client_peer("neighbour", Tcp, address);
    flooder.send(&vec![b'z'; 64 * 1024 + 1]);
    server.expect_line(Want::containing_all(&[
        &flooder.local_addr().to_string(),
        "longer than 65536 bytes",
    ]));
    assert!(
        flooder.closed_by_other(),
        "the server should close the flooder's connection"
    );
    neighbour.send(b"are you still there?");
    neighbour.expect_next(Want::exactly("are you still there?"));
}

#[rstest]
fn a_client_that_vanishes_mid_line_does_not_matter(#[values("echo", "reply", "chat")] mode: &str) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, mode, Tcp, &[]);
    {
        use std::io::Write;
        let mut rude = TcpStream::connect(address).unwrap();
        rude.write_all(b"half a li").unwrap();
        // Dropped here: the connection closes in the middle of a line.
    }
    server.expect_line(Want::containing(
        "in the middle of a line (9 bytes without a newline)",
    ));
    server.expect_line(Want::containing("disconnected"));
    let mut polite = scene.client_peer("polite", Tcp, address);
    polite.send(b"hello");
    server.expect_line(Want::containing("] hello"));
}

#[rstest]
fn junk_and_empty_datagrams_never_stop_a_udp_server(
    #[values("hello", "echo", "reply", "chat")] mode: &str,
) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, mode, Udp, &[]);
    let mut junk = scene.client_peer("junk", Udp, address);
    let sender = junk.local_addr().to_string();
    for datagram in [&b""[..], b"\x00\x01\x02", b"\xff\xff", b"\n\n\n"] {
        junk.send(datagram);
        server.expect_line(Want::containing(format!("[{sender}] ")));
        if mode == "reply" || mode == "chat" {
            // A person answers each message at the console.
            server.send_line("ok");
        }
    }
    let mut fine = scene.client_peer("fine", Udp, address);
    fine.send(b"last one");
    server.expect_line(Want::containing("] last one"));
}

#[rstest]
#[case::hello_server_waiting_for_datagrams("hello", Udp)]
#[case::echo_server_waiting_for_connections("echo", Tcp)]
#[case::reply_server_waiting_at_its_console("reply", Udp)]
fn ctrl_c_ends_a_server_promptly_and_quietly(#[case] mode: &str, #[case] transport: Transport) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, mode, transport, &[]);
    if mode == "reply" {
        let mut peer = scene.client_peer("test", transport, address);
        peer.send(b"are you typing?");
        server.expect_line("are you typing?");
    }
    server.interrupt();
    assert!(
        server
            .wait_for_exit(scene.wait())
            .is_some_and(|status| !status.success()),
        "the server should end on Ctrl+C"
    );
    assert_eq!(
        server.stderr_lines(),
        Vec::<String>::new(),
        "Ctrl+C should print nothing"
    );
}

#[rstest]
fn ctrl_c_ends_a_client_promptly_and_quietly(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "chat", transport, &[]);
    let mut client = start_client(&scene, "chat", transport, address, &[]);
    client.send_line("hi");
    server.expect_line(Want::containing("] hi"));
    // The client now waits for the server's answer.
    client.interrupt();
    assert!(
        client.wait_for_exit(scene.wait()).is_some(),
        "the client should end on Ctrl+C"
    );
    assert_eq!(
        client.stderr_lines(),
        Vec::<String>::new(),
        "Ctrl+C should print nothing"
    );
}

#[test]
fn a_server_whose_reader_went_away_ends_quietly() {
    // `server | head -n 1`: head reads the Listening line and exits. The next
    // line the server prints meets a closed pipe. println! would panic there;
    // our server ends quietly with exit code 0 instead.
    let scene = Scene::new();
    let server = server_program();
    // The reader closes its end explicitly and then says so on stderr, so the
    // test knows the pipe has no reader before it makes the server print.
    let script = format!(
        "set -o pipefail; '{}' echo --port 0 | {{ head -n 1; exec 0<&-; echo 'reader gone' >&2; }}",
        server.path().display()
    );
    let mut pipeline = scene.spawn("pipeline", &Program::new("bash"), &["-c", &script]);
    let address = pipeline.listening("udp");
    pipeline.expect_stderr(Want::exactly("reader gone"));
    let mut peer = scene.client_peer("test", Udp, address);
    peer.send(b"this line has no reader");
    peer.expect_next(Want::exactly("this line has no reader"));
    pipeline.expect_exit(Exit::Success);
    assert_eq!(
        pipeline.stderr_lines(),
        Vec::<String>::new(),
        "nothing more on stderr"
    );
}

#[test]
fn a_room_server_whose_reader_went_away_still_closes_the_room() {
    // `server room | head -n 1`: at its next line the server finds nobody
    // reading. It must not vanish without telling its members.
    let scene = Scene::new();
    let server = server_program();
    let script = format!(
        "set -o pipefail; '{}' room --port 0 | {{ head -n 1; exec 0<&-; echo 'reader gone' >&2; }}",
        server.path().display()
    );
    let mut pipeline = scene.spawn("pipeline", &Program::new("bash"), &["-c", &script]);
    let address = pipeline.listening("udp");
    pipeline.expect_stderr(Want::exactly("reader gone"));
    let mut neo = scene.client_peer("neo", Udp, address);
    neo.send(b"JOIN neo");
    neo.expect_next(Want::starting_with("WELCOME neo "));
    // Printing "* neo@… joined" met the closed pipe: the room closes.
    neo.expect_next(Want::exactly("CLOSING"));
    pipeline.expect_exit(Exit::Success);
}
