//! The options several commands share, in groups: which tenant (and which settings file), and
//! how the console looks. A command flattens the groups it reads, after its own options, so its
//! `--help` lists its own first and offers nothing it would ignore. The top level has them all
//! (the console reads them all), which keeps `casdesk --demo lookup …` working: what is given
//! before a command is merged with what is given after it (see [`Cli::try_parse_merged`]).
//!
//! [`Cli::try_parse_merged`]: super::Cli::try_parse_merged

use clap::ArgMatches;
use clap::parser::ValueSource;
use std::path::PathBuf;

pub const TENANT_OPTIONS: &str = "Tenant options";
pub const CONSOLE_OPTIONS: &str = "Console options";
pub const GLOBAL_OPTIONS: &str = "Global options";

/// The settings file: its profiles name tenants, its top the console's look. Its own group, as
/// `casdesk demo` and `casdesk config init` read the file but no tenant.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ConfigArg {
    /// Settings file [default: config.toml in the platform's config directory]
    #[arg(long, env = "CASDESK_CONFIG")]
    pub config: Option<PathBuf>,
}

/// A real tenant: a profile of the settings file, or a key file, and how to reach it.
#[derive(clap::Args, Debug, Clone, Default)]
#[command(next_help_heading = TENANT_OPTIONS)]
pub struct ProfileArgs {
    /// Which tenant profile of the settings file to use
    #[arg(long, env = "CASDESK_PROFILE")]
    pub profile: Option<String>,
    /// Legacy Administration API key file, as downloaded from the Cloud Administration Console
    #[arg(long, env = "CASDESK_KEY_FILE")]
    pub key_file: Option<PathBuf>,
    /// The Administration API URL, instead of the key file's (or for an OAuth profile)
    #[arg(long, env = "CASDESK_API_URL", value_name = "URL")]
    pub api_url: Option<String>,
    #[command(flatten)]
    pub file: ConfigArg,
    /// Use a key file that other users can read (refused by default, as OpenSSH does)
    #[arg(long)]
    pub allow_shared_key_file: bool,
    /// PEM file of your company's certificate authorities, trusted besides the system's (for
    /// networks where a proxy re-signs TLS)
    #[arg(long, env = "CASDESK_CA_BUNDLE", value_name = "PEM")]
    pub ca_bundle: Option<PathBuf>,
}

/// A real tenant, or the embedded demo one: what the commands that act on users take.
#[derive(clap::Args, Debug, Clone, Default)]
#[command(next_help_heading = TENANT_OPTIONS)]
pub struct TenantArgs {
    #[command(flatten)]
    pub real: ProfileArgs,
    /// Use the embedded demo tenant instead (for trying commands out)
    #[arg(long)]
    pub demo: bool,
    /// The ticket this call is for: named in every action recorded (at most 64 characters)
    #[arg(long, env = "CASDESK_TICKET", value_name = "ID", value_parser = casdesk::ticket::checked_arg)]
    pub ticket: Option<String>,
}

/// How the console looks and behaves; read by the console only (and shown by `config show`).
#[derive(clap::Args, Debug, Clone, Default)]
#[command(next_help_heading = CONSOLE_OPTIONS)]
pub struct LookArgs {
    /// Theme: default, light, high-contrast, colorblind, or a path to a theme file
    #[arg(long, env = "CASDESK_THEME")]
    pub theme: Option<String>,
    /// Keys: `vim`, or a keymap file naming the actions to rebind (see the README)
    #[arg(long, env = "CASDESK_KEYMAP")]
    pub keymap: Option<String>,
    /// Show codes as dots until `v` reveals them (when sharing your screen)
    #[arg(long)]
    pub mask_codes: bool,
    /// Empty the clipboard this many seconds after a code is copied
    #[arg(long, value_name = "SECONDS")]
    pub clear_clipboard_after: Option<u64>,
}

/// `after`'s value if it was given on the command line after the command, else `before`'s
/// (given before the command, or from the environment, which both levels read alike). An `id`
/// the command does not define panics in debug builds, so the unit tests catch a misspelt one.
fn pick<T>(before: &mut Option<T>, after: Option<T>, id: &str, matches: &ArgMatches) {
    if matches.value_source(id) == Some(ValueSource::CommandLine) {
        *before = after;
    }
}

impl ConfigArg {
    /// Takes in what the command was given after its name (`matches` are the command's own).
    pub fn merge(&mut self, after: Self, matches: &ArgMatches) {
        pick(&mut self.config, after.config, "config", matches);
    }
}

impl ProfileArgs {
    pub fn merge(&mut self, after: Self, matches: &ArgMatches) {
        self.file.merge(after.file, matches);
        pick(&mut self.profile, after.profile, "profile", matches);
        pick(&mut self.key_file, after.key_file, "key_file", matches);
        pick(&mut self.api_url, after.api_url, "api_url", matches);
        pick(&mut self.ca_bundle, after.ca_bundle, "ca_bundle", matches);
        self.allow_shared_key_file |= after.allow_shared_key_file;
    }
}

impl TenantArgs {
    pub fn merge(&mut self, after: Self, matches: &ArgMatches) {
        self.real.merge(after.real, matches);
        self.demo |= after.demo;
        pick(&mut self.ticket, after.ticket, "ticket", matches);
    }
}

impl LookArgs {
    pub fn merge(&mut self, after: Self, matches: &ArgMatches) {
        pick(&mut self.theme, after.theme, "theme", matches);
        pick(&mut self.keymap, after.keymap, "keymap", matches);
        pick(
            &mut self.clear_clipboard_after,
            after.clear_clipboard_after,
            "clear_clipboard_after",
            matches,
        );
        self.mask_codes |= after.mask_codes;
    }
}

/// The groups a command takes after its name, borrowed from its arguments to be merged.
pub enum Takes<'a> {
    Nothing,
    /// `casdesk demo` and `casdesk config init`: the settings file, no tenant.
    ConfigFile(&'a mut ConfigArg),
    /// `casdesk config show|check`: they work on a real profile, never the demo.
    Profile(&'a mut ProfileArgs),
    Tenant(&'a mut TenantArgs),
}
