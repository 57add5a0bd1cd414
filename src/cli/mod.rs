//! Command-line arguments and dispatch.

mod config_cmd;
mod console;
mod console_args;
mod credentials;
mod demo;
mod demo_state;
mod headless;
mod options;
mod parse;
mod shell;
mod sim;
mod tenant;

pub use headless::{COULD_NOT_RUN, SOME_FAILED};

use casdesk::actions::UserAction;
use console_args::ConsoleArgs;

use clap::{Parser, Subcommand};
use options::{CONSOLE_OPTIONS, ConfigArg, GLOBAL_OPTIONS, LookArgs, TenantArgs};
use std::process::ExitCode;
use time::UtcOffset;

#[derive(Parser, Debug)]
#[command(
    name = "casdesk",
    version,
    about = "Helpdesk console for the RSA SecurID Cloud Access Service Cloud Administration API",
    after_help = after_help()
)]
pub struct Cli {
    // Before any command, as well as after the ones that use them: the console reads them all,
    // and `casdesk --demo lookup …` or a wrapper that names the tenant once keeps working.
    #[command(flatten)]
    tenant: TenantArgs,
    #[command(flatten)]
    look: LookArgs,
    /// What to write to the log file: off, error, warn, info, debug or trace (casdesk's own
    /// events), or a filter such as `debug,hyper=trace`
    #[arg(
        long,
        env = "CASDESK_LOG_LEVEL",
        global = true,
        default_value = "info",
        value_name = "LEVEL",
        help_heading = GLOBAL_OPTIONS
    )]
    pub log_level: casdesk::logging::LogFilter,
    #[command(subcommand)]
    command: Option<Command>,
}

impl Cli {
    /// Commands whose exit code 1 means some users (or the profile check) failed.
    pub fn reports_failures(&self) -> bool {
        matches!(
            self.command,
            Some(
                Command::Lookup(_)
                    | Command::Search(_)
                    | Command::Codes(_)
                    | Command::DeviceCode(_)
                    | Command::Eac(_)
                    | Command::Unlock(_)
                    | Command::Declared(_)
                    | Command::Token(_)
                    | Command::Device(_)
                    | Command::Fido(_)
                    | Command::Ds100(_)
                    | Command::Phone(_)
                    | Command::Activity(_)
                    | Command::Failures(_)
                    | Command::Resume(_)
                    | Command::Report(_)
                    | Command::Config(config_cmd::ConfigCommand::Check { .. })
            )
        )
    }

    /// Whether this runs the console (which owns the terminal and its panic handling).
    pub fn opens_console(&self) -> bool {
        matches!(self.command, None | Some(Command::Demo(_)))
    }

    /// The options every command reads, merged, before the settings file fills them in.
    fn console_args(&self) -> ConsoleArgs {
        ConsoleArgs::new(self.tenant.clone(), self.look.clone())
    }
}

/// Shown under `--help`: where to start, and where the log is on this machine.
fn after_help() -> String {
    let log = casdesk::logging::default_dir()
        .map_or_else(|| "no log directory on this machine".into(), |d| d.display().to_string());
    format!(
        "Examples:
  casdesk demo                              the console against the built-in demo tenant
  casdesk --key-file ~/keys/tenant.key      the console against your tenant
  casdesk lookup alice@example.com          one user's details, as CSV
  casdesk search garcia                     everyone whose address contains garcia
  casdesk codes generate --mode enrollment --delivery display -i starters.txt -o codes.csv
  casdesk codes void --mode password-reset --input leavers.csv
  casdesk activity viktor.petrov@example.com --since 24h   why sign-ins failed
  casdesk challenge alice@example.com        verify a caller: they sign in now, from their phone
  casdesk phone alice@example.com --sms \"+44 20 7946 0958\" --clear-voice
  casdesk --demo eac enable alice@example.com --expiry 4h
  casdesk note alice@example.com            what you did for alice today, to paste in the ticket
  casdesk stats --since 7d                  calls, verified how, time to a confirmed fix

`casdesk <COMMAND> --help` lists what a command takes. Tenant options may come before the
command, as in the --demo example; console options are for the console and `casdesk demo`.

Log files: {log} (CASDESK_LOG_DIR to move them)"
    )
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Run the console against the embedded demo tenant (no account or network needed)
    Demo(DemoArgs),
    /// Serve the simulated Cloud Administration API on loopback, for casdesk or any other client
    Sim(sim::SimArgs),
    /// Look users up (details, status, locks, emergency access, devices)
    Lookup(headless::lookup::LookupArgs),
    /// Find users by part of their address (when the whole address is not known)
    Search(headless::search::SearchArgs),
    /// Generate or void secure-enrollment and password-reset codes, for one user or thousands
    #[command(subcommand)]
    Codes(headless::bulk::CodesCommand),
    /// A device registration code for the RSA Authenticator app
    DeviceCode(headless::single::DeviceCodeArgs),
    /// Enable or disable a user's emergency tokencode
    #[command(subcommand)]
    Eac(headless::single::EacCommand),
    /// Unlock users' locked tokencode, SMS and voice methods (one user or a list, after an incident)
    Unlock(headless::user_action::UnlockArgs),
    /// Every declared action that runs over a list (`disable`, `enable`, `sync`, …), named and
    /// described by it.
    #[command(flatten)]
    Declared(headless::user_action::DeclaredCommand),
    /// SecurID 700 hardware tokens: whose a serial is (lookup); list, assign, rename, unassign, enable or disable a user's; clear a PIN
    #[command(subcommand)]
    Token(headless::tokens::TokenCommand),
    /// List a user's devices, delete one, or replace a lost phone (delete, then a new code)
    #[command(subcommand)]
    Device(headless::devices::DeviceCommand),
    /// Suspend a user's lost FIDO security key or passkey (not deleted), or restore it
    #[command(subcommand)]
    Fido(headless::hardware::FidoCommand),
    /// Look a SecurID DS100 up by serial; enable, disable, clear the PIN of or delete its OTP credential
    #[command(subcommand)]
    Ds100(headless::hardware::Ds100Command),
    /// Show, change or clear a user's SMS and voice numbers (international, with the country code)
    Phone(headless::phone::PhoneArgs),
    /// A user's sign-in activity: the 100 most recent events, each failure in plain words
    Activity(headless::activity::ActivityArgs),
    /// The tenant's failed sign-ins now (last hour, or --since), grouped by cause, application or source
    Failures(headless::failures::FailuresArgs),
    /// Follow a user's sign-ins as they happen, one line each (until a sign-in, with --until-signed-in)
    Follow(headless::follow::FollowArgs),
    /// Verify a caller by a sign-in: exit 0 only if they sign in from a registered device in time
    Challenge(headless::follow::ChallengeArgs),
    /// List bulk runs that were interrupted (killed, connection lost) and can be finished
    Runs,
    /// Finish an interrupted bulk run: only the users not yet done are sent
    Resume(headless::runs::ResumeArgs),
    /// Show or export the audit record of every action taken (never the codes)
    Audit(headless::audit::AuditArgs),
    /// The ticket note: what you did for users today (or --since), as plain text to paste
    Note(headless::note::NoteArgs),
    /// Figures from the audit record: calls, how callers were verified, time to a confirmed fix
    Stats(headless::stats::StatsArgs),
    /// The users, hardware tokens and MFA clients reports: generate (once every 8 hours),
    /// download as CSV (once every 15 minutes), or both, waiting until it is ready
    #[command(subcommand)]
    Report(headless::report::ReportCommand),
    /// Print shell completions: `casdesk completions bash > ~/.local/share/bash-completion/completions/casdesk`
    Completions(shell::CompletionsArgs),
    /// Print the man page: `casdesk man > ~/.local/share/man/man1/casdesk.1`
    Man,
    /// Start, show or check the settings file and its tenant profiles
    #[command(subcommand)]
    Config(config_cmd::ConfigCommand),
}

/// `casdesk demo`: no tenant to choose, but the settings file's look and the console options.
#[derive(clap::Args, Debug)]
struct DemoArgs {
    /// Forget what was done in the demo tenant (it is kept between runs, shared by `casdesk
    /// demo` and every `--demo` command) and start over; the console does not open
    #[arg(long)]
    reset: bool,
    #[command(flatten, next_help_heading = CONSOLE_OPTIONS)]
    file: ConfigArg,
    #[command(flatten)]
    look: LookArgs,
}

pub async fn run(cli: Cli, local_offset: UtcOffset) -> Result<ExitCode, String> {
    let console = cli.console_args();
    let ticket = console.ticket.clone();
    let command = match cli.command {
        Some(Command::Demo(DemoArgs { reset: true, .. })) => {
            println!("{}", demo_state::reset()?);
            return Ok(ExitCode::SUCCESS);
        }
        Some(Command::Demo(_)) => return demo::run(&console.for_demo()?, local_offset).await,
        None if console.demo => {
            return demo::run(&console.for_demo()?, local_offset).await;
        }
        Some(Command::Sim(args)) => return sim::run(args).await,
        Some(Command::Runs) => return headless::runs::list(),
        Some(Command::Audit(args)) => return headless::audit::show(&args),
        Some(Command::Note(args)) => {
            // With a key file given, what was done is recorded under no profile (it replaced
            // the profile's key), so the note is not narrowed to one.
            let real = &cli.tenant.real;
            let profile = real.profile.as_deref().filter(|_| real.key_file.is_none());
            let (settings, ticket) = (real.file.config.as_deref(), cli.tenant.ticket.as_deref());
            return headless::note::print(&args, (profile, settings, ticket), local_offset).await;
        }
        Some(Command::Stats(args)) => return headless::stats::show(&args, local_offset),
        Some(Command::Completions(args)) => return shell::completions(&args),
        Some(Command::Man) => return shell::man(),
        Some(Command::Config(command)) => return config_cmd::run(command, console).await,
        None => return console::run(&console.with_config()?, local_offset).await,
        Some(command) => command,
    };
    let mut tenant = if console.demo {
        let tenant = tenant::Tenant::demo(demo_state::Holder::Command).await?;
        if let Some(state) = &tenant.demo_state {
            for notice in state.notices.iter().cloned().chain(state.fresh_notice()) {
                eprintln!("casdesk: {notice}");
            }
        }
        tenant
    } else {
        tenant::Tenant::connect(&console.with_config()?).await?
    };
    tenant.local_offset = local_offset;
    // Every action a command records names the call's ticket, when it was given one.
    tenant.audit = tenant.audit.map(|log| log.with_ticket(ticket));
    let result = match command {
        Command::Lookup(args) => headless::lookup::lookup(&tenant, &args).await,
        Command::Search(args) => headless::search::search(&tenant, &args).await,
        Command::Codes(codes) => codes.run(&tenant).await,
        Command::DeviceCode(args) => headless::single::device_code(&tenant, &args).await,
        Command::Eac(eac) => eac.run(&tenant).await,
        Command::Unlock(args) => args.run(&tenant).await,
        Command::Declared(declared) => {
            let action = UserAction::over_list(declared.action)
                .ok_or_else(|| format!("{} does not run over a list", declared.action.name))?;
            declared.args.run(&tenant, action).await
        }
        Command::Token(token) => token.run(&tenant).await,
        Command::Device(device) => device.run(&tenant).await,
        Command::Fido(fido) => fido.run(&tenant).await,
        Command::Ds100(ds100) => ds100.run(&tenant).await,
        Command::Phone(args) => args.run(&tenant).await,
        Command::Activity(args) => headless::activity::activity(&tenant, &args, local_offset).await,
        Command::Failures(args) => headless::failures::failures(&tenant, &args, local_offset).await,
        Command::Follow(args) => headless::follow::follow(&tenant, &args, local_offset).await,
        Command::Challenge(args) => headless::follow::challenge(&tenant, &args, local_offset).await,
        Command::Resume(args) => headless::runs::resume(&tenant, &args).await,
        Command::Report(report) => report.run(&tenant).await,
        Command::Demo(_)
        | Command::Sim(_)
        | Command::Runs
        | Command::Audit(_)
        | Command::Note(_)
        | Command::Stats(_)
        | Command::Completions(_)
        | Command::Man
        | Command::Config(_) => {
            unreachable!("handled above")
        }
    };
    tenant.close().await;
    result
}
