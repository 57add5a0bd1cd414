//! Generated from the clap definition, so they never drift from the real flags: shell
//! completions (`casdesk completions bash|zsh|fish|…`) and the man page (`casdesk man`).

use clap::{Args, CommandFactory};
use clap_complete::Shell;
use std::io::Write;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    shell: Shell,
}

/// Prints the completion script for `args.shell` on stdout.
pub fn completions(args: &CompletionsArgs) -> Result<ExitCode, String> {
    let mut command = super::Cli::command();
    clap_complete::generate(args.shell, &mut command, "casdesk", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}

/// Prints the man page (roff) on stdout.
pub fn man() -> Result<ExitCode, String> {
    let page = clap_mangen::Man::new(super::Cli::command());
    let mut out = Vec::new();
    page.render(&mut out).map_err(|e| format!("cannot render the man page: {e}"))?;
    std::io::stdout().write_all(&out).map_err(|e| format!("cannot write the man page: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
