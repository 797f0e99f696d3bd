//! `cargo kata`: your progress through the exercises, one failure at a time,
//! and the proof that the tests are fair.
//!
//! ```text
//! cargo kata progress        how far you are: each stage's tests, and what is next
//! cargo kata check [STAGE]   a stage's tests in checklist order; shows the first failure only
//! cargo kata watch [STAGE]   check again each time a file of the stage is saved
//! cargo kata verify [STAGE]  for CI: the tests are fair and every catalogued mistake is caught
//! cargo kata measure [STAGE] how long from saving a mistake to seeing its diagnosis
//! cargo kata new-mistake STAGE NAME server|client   a new entry of the catalogue
//! cargo kata silent          a server that receives and never answers (for replays)
//! ```
//!
//! Each command lives in a module of its own beside this file.

mod check;
mod measure;
mod new_mistake;
mod progress;
mod silent;
mod verify;

use std::process::ExitCode;

const USAGE: &str = "\
Usage: cargo kata [COMMAND] [STAGE]

Commands:
  progress   run every stage's tests and show how far you are (the default)
  check      run a stage's tests in checklist order and show only the first
             failure, whole (STAGE: 01, 01-hello, or the folder you are in)
  watch      like check, again each time you save a file of the stage
             (stop it with Ctrl+C)
  verify     prove the tests fair: each fails on the starter, passes on the
             solution and the reference, and every mistake of the stage's
             catalogue is caught with its own hint (this is what CI runs;
             KATA_RECORD=1 records the hints anew)
             [--repeat N] verifies N times and names any verdict that
             changes; [--busy N] keeps N threads spinning meanwhile
  measure    time from saving each catalogued mistake to its diagnosis
  new-mistake STAGE NAME server|client
             start a new mistake of the catalogue: the solution copied under
             a mistake's header, with its [[bin]] block
  silent     a server that receives and never answers: to watch by hand
             how a client gives up ([--port PORT] [--tcp])";

fn main() -> ExitCode {
    let mut args = std::env::args().skip(1);
    let command = args.next();
    let rest: Vec<String> = args.collect();
    match command.as_deref() {
        None | Some("progress") => progress::run(),
        Some("check") => check::run_once(rest.first().map(String::as_str)),
        Some("watch") => check::watch(rest.first().map(String::as_str)),
        Some("verify") => verify::run(&rest),
        Some("measure") => measure::run(rest.first().map(String::as_str)),
        Some("new-mistake") => new_mistake::run(&rest),
        Some("silent") => silent::run(&rest),
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("error: unknown command '{other}'\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
