//! Reading the command line: which shared options each command takes after its name, and how
//! those given before the command and after it become one set (after wins).

use super::options::{CONSOLE_OPTIONS, LookArgs, TENANT_OPTIONS, Takes};
use super::{Cli, Command, config_cmd, headless};
use clap::error::ErrorKind;
use clap::parser::ValueSource;
use clap::{CommandFactory, FromArgMatches};

impl Cli {
    /// Parses the command line, exiting as clap does on a usage error (see
    /// [`Self::try_parse_merged`]).
    pub fn parse_merged() -> Self {
        Self::try_parse_merged(std::env::args_os()).unwrap_or_else(|e| e.exit())
    }

    /// Parses `argv`, then merges the shared options the command was given after its name into
    /// those given before it (after wins), so the rest of casdesk sees one set. Console options
    /// before a command that does not take them are refused, as clap refuses them after it;
    /// tenant options before a command are let through (a wrapper or alias can name the tenant
    /// for every command) except before `sim`, `completions` and `man`, which have no tenant
    /// (`sim` has its own `--key-file`, after it).
    pub fn try_parse_merged<I, T>(argv: I) -> Result<Self, clap::Error>
    where
        I: IntoIterator<Item = T>,
        T: Into<std::ffi::OsString> + Clone,
    {
        let mut command = Self::command();
        let matches = command.try_get_matches_from_mut(argv)?;
        let mut cli = Self::from_arg_matches(&matches).map_err(|e| e.format(&mut command))?;
        let Some(sub) = cli.command.as_mut() else { return Ok(cli) };
        // The shared options live on the innermost command (`codes void`, not `codes`).
        let (mut path, mut leaf) = (vec!["casdesk"], &matches);
        while let Some((name, inner)) = leaf.subcommand() {
            path.push(name);
            leaf = inner;
        }
        let path = path.join(" ");
        let tolerates_tenant = sub.tolerates_tenant();
        let (takes, look) = sub.takes();
        let takes_tenant = !matches!(takes, Takes::Nothing) || tolerates_tenant;
        let refused = command.get_arguments().find(|arg| {
            let given =
                matches.value_source(arg.get_id().as_str()) == Some(ValueSource::CommandLine);
            given
                && match arg.get_help_heading() {
                    Some(CONSOLE_OPTIONS) => look.is_none(),
                    Some(TENANT_OPTIONS) => !takes_tenant,
                    _ => false,
                }
        });
        if let Some(flag) = refused.and_then(clap::Arg::get_long).map(str::to_owned) {
            let message = format!(
                "`--{flag}` was given before `{path}`, which does not take it (see `{path} --help`)"
            );
            return Err(command.error(ErrorKind::ArgumentConflict, message));
        }
        match takes {
            Takes::Nothing => {}
            Takes::ConfigFile(after) => cli.tenant.real.file.merge(std::mem::take(after), leaf),
            Takes::Profile(after) => cli.tenant.real.merge(std::mem::take(after), leaf),
            Takes::Tenant(after) => cli.tenant.merge(std::mem::take(after), leaf),
        }
        if let Some(after) = look {
            cli.look.merge(std::mem::take(after), leaf);
        }
        Ok(cli)
    }
}

impl Command {
    /// The shared options this command takes after its name (what its `--help` offers).
    fn takes(&mut self) -> (Takes<'_>, Option<&mut LookArgs>) {
        use config_cmd::ConfigCommand;
        use headless::bulk::CodesCommand;
        use headless::single::EacCommand;
        match self {
            Command::Demo(args) => (Takes::ConfigFile(&mut args.file), Some(&mut args.look)),
            Command::Lookup(args) => (Takes::Tenant(&mut args.tenant), None),
            Command::Search(args) => (Takes::Tenant(&mut args.tenant), None),
            Command::Codes(CodesCommand::Generate(args)) => (Takes::Tenant(&mut args.tenant), None),
            Command::Codes(CodesCommand::Void(args)) => (Takes::Tenant(&mut args.tenant), None),
            Command::DeviceCode(args) => (Takes::Tenant(&mut args.tenant), None),
            Command::Eac(EacCommand::Enable(args)) => (Takes::Tenant(&mut args.tenant), None),
            Command::Eac(EacCommand::Disable(args)) => (Takes::Tenant(&mut args.tenant), None),
            Command::Unlock(args) => (Takes::Tenant(&mut args.tenant), None),
            Command::Declared(declared) => (Takes::Tenant(&mut declared.args.tenant), None),
            Command::Token(token) => (Takes::Tenant(token.tenant()), None),
            Command::Device(device) => (Takes::Tenant(device.tenant()), None),
            Command::Fido(fido) => (Takes::Tenant(fido.tenant()), None),
            Command::Ds100(ds100) => (Takes::Tenant(ds100.tenant()), None),
            Command::Phone(args) => (Takes::Tenant(&mut args.tenant), None),
            Command::Resume(args) => (Takes::Tenant(&mut args.tenant), None),
            Command::Activity(args) => (Takes::Tenant(&mut args.tenant), None),
            Command::Failures(args) => (Takes::Tenant(&mut args.tenant), None),
            Command::Follow(args) => (Takes::Tenant(&mut args.tenant), None),
            Command::Challenge(args) => (Takes::Tenant(&mut args.tenant), None),
            Command::Report(report) => (Takes::Tenant(report.tenant()), None),
            Command::Config(ConfigCommand::Init { file, .. }) => (Takes::ConfigFile(file), None),
            Command::Config(ConfigCommand::Show { profile, look }) => {
                (Takes::Profile(profile), Some(look))
            }
            Command::Config(ConfigCommand::Check { profile, .. }) => {
                (Takes::Profile(profile), None)
            }
            // They read the data directory, which tenant commands write: a script that names
            // the tenant before every command may run them too (see `tolerates_tenant`).
            Command::Runs | Command::Audit(_) | Command::Note(_) | Command::Stats(_) => {
                (Takes::Nothing, None)
            }
            Command::Sim(_) | Command::Completions(_) | Command::Man => (Takes::Nothing, None),
        }
    }

    /// Whether tenant options given before this command, which takes none, are let through.
    fn tolerates_tenant(&self) -> bool {
        matches!(self, Command::Runs | Command::Audit(_) | Command::Note(_) | Command::Stats(_))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_merged(std::iter::once("casdesk").chain(args.iter().copied()))
    }

    #[test]
    fn options_after_the_command_are_merged_with_those_before_it() {
        let cli = parse(&["--profile", "a", "--key-file", "k", "lookup", "x", "--profile", "b"]);
        let args = cli.unwrap().console_args();
        assert_eq!(args.profile.as_deref(), Some("b"), "after the command wins");
        assert_eq!(args.key_file, Some(PathBuf::from("k")), "before it still counts");
        assert!(!args.demo);
        let args =
            parse(&["codes", "void", "--mode", "enrollment", "x", "--demo", "--ca-bundle", "c"])
                .unwrap()
                .console_args();
        assert!(args.demo);
        assert_eq!(args.ca_bundle, Some(PathBuf::from("c")));
        let args = parse(&["config", "show", "--keymap", "vim", "--mask-codes"]).unwrap();
        let args = args.console_args();
        assert!(args.keymap.as_deref() == Some("vim") && args.mask_codes);
        let args = parse(&["--theme", "light", "demo", "--config", "f.toml"]).unwrap();
        let args = args.console_args();
        assert_eq!((args.theme.as_deref(), args.config), (Some("light"), Some("f.toml".into())));
    }

    #[test]
    fn an_option_is_refused_where_it_does_nothing() {
        for args in [
            &["codes", "void", "--mode", "enrollment", "x", "--theme", "light"][..],
            &["lookup", "x", "--mask-codes"],
            &["sim", "--profile", "p"],
            &["runs", "--demo"],
            &["config", "check", "--demo"],
            &["demo", "--key-file", "k"],
            &["completions", "bash", "--config", "f.toml"],
        ] {
            let error = parse(args).map(|_| ()).unwrap_err();
            assert_eq!(error.kind(), clap::error::ErrorKind::UnknownArgument, "{args:?}");
        }
        // Before the command, console options are refused by every command but the console's.
        for args in [&["--theme", "light", "lookup", "x"][..], &["--mask-codes", "runs"]] {
            let error = parse(args).map(|_| ()).unwrap_err();
            assert_eq!(error.kind(), clap::error::ErrorKind::ArgumentConflict, "{args:?}");
            assert!(error.to_string().contains("was given before `casdesk "), "{error}");
        }
        // Tenant options before `runs` or `audit` are let through (scripts name the tenant
        // before every command), not before commands that have no tenant at all.
        assert!(parse(&["--demo", "--config", "f.toml", "audit"]).is_ok());
        assert!(parse(&["--key-file", "k", "runs"]).is_ok());
        let error = parse(&["--key-file", "k", "sim"]).map(|_| ()).unwrap_err();
        assert!(error.to_string().contains("before `casdesk sim`"), "{error}");
        assert!(parse(&["--log-level", "debug", "sim", "--key-file", "k"]).is_ok());
    }
}
