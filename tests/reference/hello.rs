//! `hello`: one greeting each way.

use kata::Transport::{self, Tcp, Udp};
use kata::{Exit, Scene, Want};
use rstest::rstest;

use crate::support::{start_client, start_server};

#[rstest]
fn client_and_server_exchange_greetings(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "hello", transport, &[]);
    let mut client = start_client(&scene, "hello", transport, address, &[]);
    server.expect_line("Hello, server");
    client.expect_next_line(Want::exactly("[server] Hello, client"));
    client.expect_exit(Exit::Success);
}

#[rstest]
fn the_server_prints_each_sender_and_keeps_serving(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "hello", transport, &[]);
    for name in ["first", "second"] {
        let mut peer = scene.client_peer(name, transport, address);
        peer.send(b"Hello, server");
        peer.expect_next(Want::exactly("Hello, client"));
        let sender = peer.local_addr().to_string();
        server.expect_line(Want::exactly(format!("[{sender}] Hello, server")));
    }
}

#[test]
fn over_udp_any_datagram_is_answered_with_the_greeting() {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "hello", Udp, &[]);
    let mut peer = scene.client_peer("test", Udp, address);
    peer.send(b"good morning");
    peer.expect_next(Want::exactly("Hello, client"));
    server.expect_line(Want::containing("good morning"));
}

#[test]
fn over_tcp_the_first_line_is_answered_then_the_connection_closes() {
    let scene = Scene::new();
    let (_server, address) = start_server(&scene, "hello", Tcp, &[]);
    let mut peer = scene.client_peer("test", Tcp, address);
    peer.send(b"Hello, server");
    peer.send(b"anyone there?");
    peer.expect_next(Want::exactly("Hello, client"));
    assert!(
        peer.closed_by_other(),
        "the server should close after its greeting"
    );
}

#[test]
fn the_server_listens_on_ipv6_and_on_all_addresses() {
    let scene = Scene::new();
    let (_v6, address) = start_server(&scene, "hello", Udp, &["--host", "::1"]);
    assert!(address.is_ipv6(), "{address}");
    let mut peer = scene.client_peer("test v6", Udp, address);
    peer.send(b"Hello, server");
    peer.expect_next(Want::exactly("Hello, client"));

    // 0.0.0.0 is how a classroom server accepts clients from the LAN; the
    // Listening line shows it as is, and loopback reaches it too.
    let (_lan, address) = start_server(&scene, "hello", Tcp, &["--host", "0.0.0.0"]);
    let mut client = crate::support::start_client(&scene, "hello", Tcp, address, &[]);
    client.expect_next_line(Want::exactly("[server] Hello, client"));
    client.expect_exit(Exit::Success);
}
