//! casdesk: the command line. Each subcommand lives in `cli/`.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse_merged();
    let mut log_dir = casdesk::logging::default_dir();
    if let Some(dir) = &log_dir
        && let Err(problem) = casdesk::logging::init(dir, args.log_level.clone())
    {
        eprintln!("casdesk: not logging: {problem}");
        log_dir = None;
    }
    tracing::info!(version = env!("CARGO_PKG_VERSION"), "casdesk started");
    let reports_failures = args.reports_failures();
    // The console restores the terminal on a panic and reports it itself (`term.rs`); every
    // other command says here where the log is.
    if !args.opens_console() {
        report_panics(log_dir.clone());
        #[cfg(debug_assertions)]
        if std::env::var_os("CASDESK_TEST_PANIC").is_some_and(|v| !v.is_empty()) {
            panic!("CASDESK_TEST_PANIC is set");
        }
    }
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
        Ok(code) => {
            // Some users (or the profile check) failed: the output says which; the log says
            // what was sent and answered.
            if reports_failures
                && code == ExitCode::from(cli::SOME_FAILED)
                && let Some(dir) = &log_dir
            {
                eprintln!("casdesk: details: {}", casdesk::logging::current_file(dir).display());
            }
            code
        }
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

/// Logs a panic, lets the default hook print it, then says where the log is.
fn report_panics(log_dir: Option<std::path::PathBuf>) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        tracing::error!(thread = std::thread::current().name(), "panic: {info}");
        previous(info);
        eprintln!("casdesk: this is a bug in casdesk; please report it.");
        if let Some(dir) = &log_dir {
            eprintln!("casdesk: details: {}", casdesk::logging::current_file(dir).display());
        }
    }));
}
