//! Command-line arguments and dispatch.

mod config_cmd;
mod console;
mod credentials;
mod demo;
mod headless;
mod options;
mod parse;
mod shell;
mod sim;
mod tenant;

pub use headless::{COULD_NOT_RUN, SOME_FAILED};

use clap::{Parser, Subcommand};
use options::{CONSOLE_OPTIONS, ConfigArg, GLOBAL_OPTIONS, LookArgs, TenantArgs};
use std::path::PathBuf;
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
                    | Command::Codes(_)
                    | Command::DeviceCode(_)
                    | Command::Eac(_)
                    | Command::Resume(_)
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

/// What a command runs with: the tenant and console options of the command line (and
/// environment), filled in from the settings file by [`Self::with_config`] or
/// [`Self::for_demo`].
#[derive(Debug, Clone)]
pub struct ConsoleArgs {
    profile: Option<String>,
    key_file: Option<PathBuf>,
    api_url: Option<String>,
    theme: Option<String>,
    keymap: Option<String>,
    config: Option<PathBuf>,
    demo: bool,
    allow_shared_key_file: bool,
    mask_codes: bool,
    clear_clipboard_after: Option<u64>,
    ca_bundle: Option<PathBuf>,
    /// From the settings file only: an OAuth client instead of a key file.
    oauth: Option<casdesk::config::OAuthSettings>,
    /// From the settings file only: defaults for generating codes.
    code_defaults: casdesk::config::CodeDefaults,
}

impl ConsoleArgs {
    fn new(tenant: TenantArgs, look: LookArgs) -> Self {
        let TenantArgs { real, demo } = tenant;
        Self {
            profile: real.profile,
            key_file: real.key_file,
            api_url: real.api_url,
            theme: look.theme,
            keymap: look.keymap,
            config: real.file.config,
            demo,
            allow_shared_key_file: real.allow_shared_key_file,
            mask_codes: look.mask_codes,
            clear_clipboard_after: look.clear_clipboard_after,
            ca_bundle: real.ca_bundle,
            oauth: None,
            code_defaults: Default::default(),
        }
    }

    /// Fills what the command line (and environment) left open from the settings file's
    /// profile.
    fn with_config(mut self) -> Result<Self, String> {
        use casdesk::config::{Config, expand_home};
        let path = self.config.clone().or_else(Config::default_path);
        let config = match &path {
            Some(path) => Config::load(path)?,
            None => Config::default(),
        };
        let resolved = config.resolve(self.profile.as_deref())?;
        let settings = resolved.settings;
        self.code_defaults = settings.code_defaults().map_err(|e| match &resolved.profile {
            Some(name) => format!("profile {name}: {e}"),
            None => e,
        })?;
        self.profile = resolved.profile;
        // Flags and environment variables win; a key file named there also wins over a
        // profile's OAuth client.
        if self.key_file.is_none() {
            self.key_file = settings.key_file;
            self.oauth = settings.oauth;
        }
        self.key_file = self.key_file.map(|p| expand_home(&p));
        self.api_url = self.api_url.or(settings.api_url);
        self.theme = self.theme.or(settings.theme);
        self.keymap = self.keymap.or(settings.keymap);
        self.mask_codes |= settings.mask_codes.unwrap_or(false);
        self.clear_clipboard_after = self.clear_clipboard_after.or(settings.clear_clipboard_after);
        self.ca_bundle = self.ca_bundle.or(settings.ca_bundle).map(|p| expand_home(&p));
        Ok(self)
    }

    /// For the demo tenant: how the console looks and behaves (theme, keymap, masking,
    /// clipboard clearing) from the flags and the top of the settings file, and nothing of any
    /// profile: no profile name, credentials, API URL, CA bundle or code defaults belong to the
    /// demo, and a file with several profiles and no default is no reason to refuse it.
    fn for_demo(mut self) -> Result<Self, String> {
        use casdesk::config::Config;
        let path = self.config.clone().or_else(Config::default_path);
        let shared = match &path {
            Some(path) => Config::load(path)?.top_level(),
            None => Default::default(),
        };
        self.demo = true;
        self.profile = None;
        self.key_file = None;
        self.oauth = None;
        self.api_url = None;
        self.ca_bundle = None;
        self.code_defaults = Default::default();
        self.theme = self.theme.or(shared.theme);
        self.keymap = self.keymap.or(shared.keymap);
        self.mask_codes |= shared.mask_codes.unwrap_or(false);
        self.clear_clipboard_after = self.clear_clipboard_after.or(shared.clear_clipboard_after);
        Ok(self)
    }

    /// The keymap named, or the built-in keys; a file that cannot be read is an error, an
    /// unknown action in it a problem to show.
    fn load_keymap(&self) -> Result<casdesk::app::keymap::Loaded, String> {
        match &self.keymap {
            Some(spec) => casdesk::app::keymap::KeyMap::load(spec),
            None => Ok(Default::default()),
        }
    }

    /// How to reach a real tenant: the company CA bundle, read and checked now so a wrong one
    /// is reported before anything starts.
    fn client_options(&self) -> Result<casdesk::api::ClientOptions, String> {
        let ca_bundle = self.ca_bundle.as_deref().map(casdesk::api::CaBundle::load).transpose()?;
        Ok(casdesk::api::ClientOptions { ca_bundle, ..Default::default() })
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
  casdesk codes generate --mode enrollment --delivery display -i starters.txt -o codes.csv
  casdesk codes void --mode password-reset --input leavers.csv
  casdesk --demo eac enable alice@example.com --expiry 4h

`casdesk <COMMAND> --help` lists what a command takes. Tenant options may come before the
command, as in the last example; console options are for the console and `casdesk demo`.

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
    Lookup(headless::single::LookupArgs),
    /// Generate or void secure-enrollment and password-reset codes, for one user or thousands
    #[command(subcommand)]
    Codes(headless::bulk::CodesCommand),
    /// A device registration code for the RSA Authenticator app
    DeviceCode(headless::single::DeviceCodeArgs),
    /// Enable or disable a user's emergency tokencode
    #[command(subcommand)]
    Eac(headless::single::EacCommand),
    /// List bulk runs that were interrupted (killed, connection lost) and can be finished
    Runs,
    /// Finish an interrupted bulk run: only the users not yet done are sent
    Resume(headless::runs::ResumeArgs),
    /// Show or export the audit record of every action taken (never the codes)
    Audit(headless::audit::AuditArgs),
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
    #[command(flatten, next_help_heading = CONSOLE_OPTIONS)]
    file: ConfigArg,
    #[command(flatten)]
    look: LookArgs,
}

pub async fn run(cli: Cli, local_offset: UtcOffset) -> Result<ExitCode, String> {
    let console = cli.console_args();
    let command = match cli.command {
        Some(Command::Demo(_)) => return demo::run(&console.for_demo()?, local_offset).await,
        None if console.demo => {
            return demo::run(&console.for_demo()?, local_offset).await;
        }
        Some(Command::Sim(args)) => return sim::run(args).await,
        Some(Command::Runs) => return headless::runs::list(),
        Some(Command::Audit(args)) => return headless::audit::show(&args),
        Some(Command::Completions(args)) => return shell::completions(&args),
        Some(Command::Man) => return shell::man(),
        Some(Command::Config(command)) => return config_cmd::run(command, console).await,
        None => return console::run(&console.with_config()?, local_offset).await,
        Some(command) => command,
    };
    let tenant = if console.demo {
        tenant::Tenant::demo().await?
    } else {
        tenant::Tenant::connect(&console.with_config()?).await?
    };
    let result = match command {
        Command::Lookup(args) => headless::single::lookup(&tenant, &args).await,
        Command::Codes(codes) => codes.run(&tenant).await,
        Command::DeviceCode(args) => headless::single::device_code(&tenant, &args).await,
        Command::Eac(eac) => eac.run(&tenant).await,
        Command::Resume(args) => headless::runs::resume(&tenant, &args).await,
        Command::Demo(_)
        | Command::Sim(_)
        | Command::Runs
        | Command::Audit(_)
        | Command::Completions(_)
        | Command::Man
        | Command::Config(_) => {
            unreachable!("handled above")
        }
    };
    tenant.close().await;
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A settings file for one test, removed when it ends.
    struct SettingsFile(PathBuf);

    impl SettingsFile {
        fn new(text: &str) -> Self {
            let path =
                std::env::temp_dir().join(format!("casdesk-cli-{}.toml", uuid::Uuid::new_v4()));
            std::fs::write(&path, text).unwrap();
            Self(path)
        }

        /// The console arguments `args` give with this settings file.
        fn args(&self, args: &[&str]) -> ConsoleArgs {
            let mut argv = vec!["casdesk", "--config", self.0.to_str().unwrap()];
            argv.extend(args);
            Cli::try_parse_merged(argv).unwrap().console_args()
        }
    }

    impl Drop for SettingsFile {
        fn drop(&mut self) {
            let _ = std::fs::remove_file(&self.0);
        }
    }

    const PROFILES: &str = r#"
        theme = "light"
        mask_codes = true
        [profiles.production]
        key_file = "/keys/prod.key"
        theme = "high-contrast"
        validity = "2h"
        api_url = "https://co.access.securid.com/AdminInterface/restapi/"
        [profiles.staging]
        key_file = "/keys/staging.key"
    "#;

    #[test]
    fn the_demo_takes_the_look_but_nothing_of_a_profile() {
        let file = SettingsFile::new(&format!("default_profile = \"production\"\n{PROFILES}"));
        for args in [&["demo"][..], &["--profile", "staging", "demo"], &["--demo"]] {
            let demo = file.args(args).for_demo().unwrap();
            assert_eq!(demo.profile, None, "{args:?}: no profile badge");
            assert_eq!((demo.key_file, demo.oauth, demo.api_url), (None, None, None));
            assert_eq!(demo.code_defaults, Default::default());
            assert_eq!(demo.theme.as_deref(), Some("light"), "the top of the file's look");
            assert!(demo.mask_codes && demo.demo);
        }
        for args in [&["--theme", "colorblind", "demo"][..], &["demo", "--theme", "colorblind"]] {
            let flagged = file.args(args).for_demo().unwrap();
            assert_eq!(flagged.theme.as_deref(), Some("colorblind"), "{args:?}: flags still win");
        }
        // The same file gives the real console its profile.
        assert_eq!(file.args(&[]).with_config().unwrap().profile.as_deref(), Some("production"));
    }

    #[test]
    fn the_demo_starts_with_several_profiles_and_no_default() {
        let file = SettingsFile::new(PROFILES);
        assert!(file.args(&[]).with_config().is_err(), "the real console asks which");
        assert_eq!(file.args(&["demo"]).for_demo().unwrap().profile, None);
    }
}
