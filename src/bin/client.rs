//! `client`: parses the command line and hands over to the library.
//! Run `client --help`, or read `socket_kata::run_client`.

use std::process::ExitCode;

use socket_kata::cli::{self, Parsed};
use socket_kata::console::Printer;
use socket_kata::error;

fn main() -> ExitCode {
    error::install_panic_hook();
    let outcome = cli::parse_client(std::env::args_os().skip(1)).and_then(|parsed| match parsed {
        Parsed::Help(text) => {
            Printer::new().say(text.trim_end());
            Ok(())
        }
        Parsed::Run(config) => socket_kata::run_client(&config),
    });
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => error::report(&failure),
    }
}
