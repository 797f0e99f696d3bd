//! `cargo kata new-mistake STAGE NAME server|client`: starts a new entry of
//! a stage's mistake catalogue.
//!
//! A mistake is its stage's solution with one change, so it starts as a copy
//! of the solution with the header a mistake needs, and with its `[[bin]]`
//! block in the stage's Cargo.toml (the block and the file must go
//! together: `verify` checks it). What is left to do is printed.

use std::process::ExitCode;

use kata::catalogue::META_DIR;
use kata::runner;

use crate::verify;

const USAGE: &str = "\
Usage: cargo kata new-mistake STAGE NAME server|client

Copies the stage's solution (its server or its client) to
.meta/mistakes/NAME.rs with a mistake's header, and adds its [[bin]] block
to the stage's Cargo.toml. NAME: lowercase words joined by '-', saying what
the student did (whole-buffer-printed).";

pub fn run(args: &[String]) -> ExitCode {
    if args.iter().any(|arg| arg == "-h" || arg == "--help") {
        println!("{USAGE}");
        return ExitCode::SUCCESS;
    }
    let [stage, name, side] = args else {
        eprintln!("error: new-mistake takes three arguments\n{USAGE}");
        return ExitCode::from(2);
    };
    if side != "server" && side != "client" {
        eprintln!("error: the third argument is server or client, not '{side}'\n{USAGE}");
        return ExitCode::from(2);
    }
    let well_named = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if !well_named {
        eprintln!("error: '{name}' is not a mistake's name\n{USAGE}");
        return ExitCode::from(2);
    }
    let Some(stage) = runner::stages()
        .into_iter()
        .find(|found| verify::names(found, stage))
    else {
        eprintln!(
            "error: no stage '{stage}' in {}",
            runner::exercises_dir().display()
        );
        return ExitCode::from(2);
    };
    match create(&stage, name, side) {
        Ok(path) => {
            println!("Wrote {} and its [[bin]] block.", path.display());
            println!(
                "Now: put the mistake into it (one change), say in its header what breaks in \
                 real use, then record what the tests show:\n    \
                 KATA_RECORD=1 cargo kata verify {}\nand read `git diff`: the recorded hint \
                 must name this mistake.",
                stage.folder
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}

fn create(stage: &runner::StageDir, name: &str, side: &str) -> Result<std::path::PathBuf, String> {
    let folder = runner::exercises_dir().join(&stage.folder);
    let solution = folder
        .join(META_DIR)
        .join("solution")
        .join(format!("{side}.rs"));
    let text = std::fs::read_to_string(&solution)
        .map_err(|error| format!("cannot read {}: {error}", solution.display()))?;
    let relative = format!("{META_DIR}/mistakes/{name}.rs");
    let path = folder.join(&relative);
    if path.exists() {
        return Err(format!("{} exists already", path.display()));
    }
    // The stage's binaries share a prefix: `tcp-echo-solution-server`.
    let bins = runner::manifest_bins(stage);
    let suffix = format!("-solution-{side}");
    let prefix = bins
        .iter()
        .find_map(|bin| bin.name.strip_suffix(&suffix))
        .ok_or_else(|| format!("no [[bin]] named …{suffix} in {}/Cargo.toml", stage.folder))?;
    let bin_name = format!("{prefix}-mistake-{name}");
    if bins.iter().any(|bin| bin.name == bin_name) {
        return Err(format!("a [[bin]] named {bin_name} exists already"));
    }
    std::fs::write(&path, mistake_text(&text, side))
        .map_err(|error| format!("cannot write {}: {error}", path.display()))?;
    let manifest = folder.join("Cargo.toml");
    let mut cargo_toml = std::fs::read_to_string(&manifest)
        .map_err(|error| format!("cannot read {}: {error}", manifest.display()))?;
    if !cargo_toml.ends_with('\n') {
        cargo_toml.push('\n');
    }
    cargo_toml.push_str(&format!(
        "\n[[bin]]\nname = \"{bin_name}\"\npath = \"{relative}\"\nrequired-features = [\"catalogue\"]\n"
    ));
    std::fs::write(&manifest, cargo_toml)
        .map_err(|error| format!("cannot write {}: {error}", manifest.display()))?;
    Ok(path)
}

/// The solution's code under a mistake's header, still to be filled in.
fn mistake_text(solution: &str, side: &str) -> String {
    let code: Vec<&str> = solution
        .lines()
        .skip_while(|line| line.starts_with("//!"))
        .collect();
    format!(
        "//! Mistake: WHAT THE STUDENT DID, in one line.\n\
         //!\n\
         //! WHAT BREAKS IN REAL USE, and why.\n\
         //!\n\
         //! kata:replaces {side}\n\
         //! kata:first-failure (recorded by KATA_RECORD=1 cargo kata verify)\n\
         //! kata:hint (recorded by KATA_RECORD=1 cargo kata verify)\n\
         //! kata:changes 0\n\
         {}\n",
        code.join("\n")
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use kata::catalogue;
    use std::path::Path;

    #[test]
    fn a_new_mistake_is_the_solution_under_a_header() {
        let solution = "//! Stage 01, the server.\n//! More words.\n\nfn main() {}\n";
        let text = mistake_text(solution, "server");
        let mistake = catalogue::parse(Path::new("x.rs"), &text).unwrap();
        assert_eq!(mistake.replaces, catalogue::Side::Server);
        assert_eq!(mistake.changes, Some(0));
        assert_eq!(catalogue::changes_between(solution, &text), 0);
        assert!(text.ends_with("\nfn main() {}\n"), "{text}");
    }
}
