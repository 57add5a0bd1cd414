//! casdesk: the command line. Each subcommand lives in `cli/`.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    let log_dir = casdesk::logging::default_dir();
    if let Some(dir) = &log_dir
        && let Err(problem) = casdesk::logging::init(dir, args.log_level.clone())
    {
        eprintln!("casdesk: not logging: {problem}");
    }
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "casdesk started");
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
            tracing::error!("could not run: {message}");
            eprintln!("casdesk: {message}");
            if let Some(dir) = &log_dir {
                eprintln!("casdesk: the log is in {}", dir.display());
            }
            ExitCode::from(cli::COULD_NOT_RUN)
        }
    }
}
