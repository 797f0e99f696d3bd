//! How to start a program, and how a person would start it by hand.
//!
//! A failure report ends with the commands that replay its scene in a
//! student's own terminals. A test starts `target/debug/hello-server --port 0`;
//! a person types `cargo run -q -p kata-01-hello --bin hello-server -- --port
//! 8080`. A [`Program`] knows both.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::show;

/// How to start a program, and how a person would start it by hand.
#[derive(Debug, Clone)]
pub struct Program {
    pub(crate) path: PathBuf,
    /// `cargo run -q -p socket-kata --bin server --`, or just the path.
    by_hand: String,
    /// Arguments that always come first (a mode, say).
    pub(crate) leading_args: Vec<String>,
}

impl Program {
    /// A program at `path`, started by hand by that same path.
    pub fn new(path: impl Into<PathBuf>) -> Program {
        let path = path.into();
        Program {
            by_hand: path.display().to_string(),
            path,
            leading_args: Vec::new(),
        }
    }

    /// A binary that Cargo built from `package`: by hand, it is `cargo run`.
    pub fn cargo(path: &Path, package: &str) -> Program {
        let name = path
            .file_stem()
            .map(|stem| stem.to_string_lossy().into_owned())
            .unwrap_or_default();
        Program {
            path: path.to_path_buf(),
            by_hand: format!("cargo run -q -p {package} --bin {name} --"),
            leading_args: Vec::new(),
        }
    }

    /// The same program with `args` always passed first.
    pub fn with_args(mut self, args: &[&str]) -> Program {
        self.leading_args = args.iter().map(|arg| arg.to_string()).collect();
        self
    }

    /// The path of the executable.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// `hello-server --port 0`: the program's name and arguments.
    pub(crate) fn shown_with(&self, args: &[String]) -> String {
        let name = self.path.file_name().unwrap_or(self.path.as_os_str());
        let mut shown = OsString::from(name).to_string_lossy().into_owned();
        for arg in args {
            shown.push(' ');
            shown.push_str(&show::line(arg));
        }
        shown
    }

    /// The by-hand command: the scene's ports become 8080, as in class.
    pub(crate) fn by_hand_with(&self, args: &[String], scene_ports: &[u16]) -> String {
        let mut command = self.by_hand.clone();
        let mut after_port = false;
        for arg in args {
            let shown = match arg.parse::<u16>() {
                Ok(port) if after_port && (port == 0 || scene_ports.contains(&port)) => {
                    "8080".to_string()
                }
                _ => show::line(arg),
            };
            after_port = arg == "--port";
            command.push(' ');
            command.push_str(&shown);
        }
        command
    }
}
