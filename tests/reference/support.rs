//! Starting the reference programs inside a scene.

use std::net::SocketAddr;

use assert_cmd::cargo::cargo_bin;
use kata::{Proc, Program, Scene, Transport};

/// The reference server.
pub fn server_program() -> Program {
    Program::cargo(cargo_bin!("server"), "socket-kata")
}

/// The reference client.
pub fn client_program() -> Program {
    Program::cargo(cargo_bin!("client"), "socket-kata")
}

/// Starts `server MODE --port 0` (plus `--tcp` and `extra`) and waits until it
/// listens.
#[track_caller]
pub fn start_server(
    scene: &Scene,
    mode: &str,
    transport: Transport,
    extra: &[&str],
) -> (Proc, SocketAddr) {
    let mut args = vec![mode, "--port", "0"];
    args.extend(transport.flags());
    args.extend(extra);
    let mut server = scene.spawn("server", &server_program(), &args);
    let address = server.listening(transport.scheme());
    (server, address)
}

/// Starts `client MODE` against `server`.
#[track_caller]
pub fn start_client(
    scene: &Scene,
    mode: &str,
    transport: Transport,
    server: SocketAddr,
    extra: &[&str],
) -> Proc {
    start_named_client(scene, "client", mode, transport, server, extra)
}

/// Starts a client under another tag, for scenes with several clients.
#[track_caller]
pub fn start_named_client(
    scene: &Scene,
    tag: &str,
    mode: &str,
    transport: Transport,
    server: SocketAddr,
    extra: &[&str],
) -> Proc {
    let host = server.ip().to_string();
    let port = server.port().to_string();
    let mut args = vec![mode, "--host", &host, "--port", &port];
    args.extend(transport.flags());
    args.extend(extra);
    scene.spawn(tag, &client_program(), &args)
}

/// The peak memory of a running process, from /proc (Linux only).
#[cfg(target_os = "linux")]
pub fn peak_memory_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).expect("/proc status");
    status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("a VmHWM line")
}
