//! casdesk: the command line. Each subcommand lives in `cli/`.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    // Read before any thread exists: the `time` crate will not read the local offset once
    // other threads could be changing the environment.
    let local_offset = time::UtcOffset::current_local_offset().unwrap_or(time::UtcOffset::UTC);
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(e) => {
            eprintln!("casdesk: cannot start: {e}");
            return ExitCode::from(cli::COULD_NOT_RUN);
        }
    };
    match runtime.block_on(cli::run(args, local_offset)) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("casdesk: {message}");
            ExitCode::from(cli::COULD_NOT_RUN)
        }
    }
}
