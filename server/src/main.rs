//! The `berth` binary: parse arguments, run the command, print errors as one line.

use std::process::ExitCode;

fn main() -> ExitCode {
    match berth_server::cli::run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("berth: {error:#}");
            ExitCode::FAILURE
        }
    }
}
