//! `chat`: turns until one side types `exit`.

use kata::Transport::{self, Tcp, Udp};
use kata::{Exit, Scene, Want};
use rstest::rstest;

use crate::support::{start_client, start_named_client, start_server};

#[rstest]
fn the_client_leaves_with_exit_and_the_server_waits_for_the_next(
    #[values(Udp, Tcp)] transport: Transport,
) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "chat", transport, &[]);

    let mut first = start_named_client(&scene, "first client", "chat", transport, address, &[]);
    first.send_line("hi");
    server.expect_line(Want::containing("] hi"));
    server.send_line("hello there");
    first.expect_next_line(Want::exactly("[server] hello there"));
    first.send_line("exit");
    first.expect_exit(Exit::Success);
    server.expect_line(Want::containing("left the chat"));

    let mut second = start_named_client(&scene, "second client", "chat", transport, address, &[]);
    second.send_line("my turn");
    server.expect_line(Want::containing("] my turn"));
    server.send_line("welcome");
    second.expect_next_line(Want::exactly("[server] welcome"));
}

#[rstest]
fn the_server_ends_the_chat_with_exit_and_both_sides_stop(
    #[values(Udp, Tcp)] transport: Transport,
) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "chat", transport, &[]);
    let mut client = start_client(&scene, "chat", transport, address, &[]);
    client.send_line("shall we stop?");
    server.expect_line(Want::containing("] shall we stop?"));
    server.send_line("exit");
    client.expect_next_line(Want::exactly("[server] exit"));
    client.expect_next_line(Want::exactly("* the server ended the chat"));
    client.expect_exit(Exit::Success);
    server.expect_exit(Exit::Success);
}

#[rstest]
fn the_end_of_the_clients_input_counts_as_exit(#[values(Udp, Tcp)] transport: Transport) {
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "chat", transport, &[]);
    let mut peer_view = scene.client_peer("observer", transport, address);
    let mut client = start_client(&scene, "chat", transport, address, &[]);
    client.close_stdin();
    client.expect_exit(Exit::Success);
    server.expect_line(Want::containing("left the chat"));
    // The server goes on serving.
    peer_view.send(b"still open?");
    server.expect_line(Want::containing("still open?"));
}

#[test]
fn exit_as_nc_sends_it_ends_a_udp_chat() {
    // `nc -u` ends every datagram with a newline.
    let scene = Scene::new();
    let (mut server, address) = start_server(&scene, "chat", Udp, &[]);
    let mut nc = scene.client_peer("nc", Udp, address);
    nc.send(b"exit\n");
    server.expect_next_line(Want::exactly(format!(
        "* {} left the chat",
        nc.local_addr()
    )));
}
