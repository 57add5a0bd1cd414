//! What a command runs with: the tenant and console options, from the command line and the
//! environment, filled in from the settings file. Apart from dispatch (`mod.rs`), so the
//! commands that read it do not reach back into the module that calls them.

use super::options::{LookArgs, TenantArgs};
use std::path::PathBuf;

/// What a command runs with: the tenant and console options of the command line (and
/// environment), filled in from the settings file by [`Self::with_config`] or
/// [`Self::for_demo`].
#[derive(Debug, Clone)]
pub struct ConsoleArgs {
    pub(super) profile: Option<String>,
    pub(super) key_file: Option<PathBuf>,
    pub(super) api_url: Option<String>,
    pub(super) theme: Option<String>,
    pub(super) keymap: Option<String>,
    pub(super) config: Option<PathBuf>,
    pub(super) demo: bool,
    pub(super) allow_shared_key_file: bool,
    pub(super) mask_codes: bool,
    pub(super) clear_clipboard_after: Option<u64>,
    pub(super) ca_bundle: Option<PathBuf>,
    /// From the settings file only: an OAuth client instead of a key file.
    pub(super) oauth: Option<casdesk::config::OAuthSettings>,
    /// From the settings file only: defaults for generating codes.
    pub(super) code_defaults: casdesk::config::CodeDefaults,
    /// Which actions need a verified caller (the profile's `verify_caller`; on by default).
    pub(super) verify_policy: casdesk::verify::Policy,
    /// Where the key and the API URL came from, for the audit record.
    pub(super) sources: Sources,
    /// The ticket this call is for (`--ticket`, `CASDESK_TICKET`).
    pub(super) ticket: Option<casdesk::ticket::Ticket>,
    /// From the settings file only: the program ticket notes are posted with.
    pub(super) note_command: Option<casdesk::ticket::post::NoteCommand>,
}

/// Where the tenant settings in use came from, so the audit record names a profile only when
/// its key was used, and says what a flag or environment variable replaced.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(super) struct Sources {
    /// The key file came from `--key-file` or `CASDESK_KEY_FILE`.
    pub key_given: bool,
    /// The API URL came from `--api-url` or `CASDESK_API_URL`.
    pub api_url_given: bool,
    /// What of the settings file's the given key file was used instead of: "key file" or
    /// "OAuth client".
    pub key_replaced: Option<&'static str>,
    /// The given API URL was used instead of the settings file's.
    pub api_url_replaced: bool,
}

impl ConsoleArgs {
    pub(super) fn new(tenant: TenantArgs, look: LookArgs) -> Self {
        let TenantArgs { real, demo, ticket } = tenant;
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
            verify_policy: Default::default(),
            sources: Sources::default(),
            // Checked as it was parsed (`ticket::checked_arg`): empty is none.
            ticket: ticket.and_then(|t| casdesk::ticket::Ticket::parse(&t).ok().flatten()),
            note_command: None,
        }
    }

    /// Fills what the command line (and environment) left open from the settings file's
    /// profile.
    pub(super) fn with_config(mut self) -> Result<Self, String> {
        use casdesk::config::{Config, expand_home};
        let path = self.config.clone().or_else(Config::default_path);
        let config = match &path {
            Some(path) => Config::load(path)?,
            None => Config::default(),
        };
        let resolved = config.resolve(self.profile.as_deref())?;
        let settings = resolved.settings;
        let in_profile = |e: String| match &resolved.profile {
            Some(name) => format!("profile {name}: {e}"),
            None => e,
        };
        self.code_defaults = settings.code_defaults().map_err(in_profile)?;
        self.verify_policy = settings.verify_policy().map_err(in_profile)?;
        self.note_command = settings.note_command().map_err(in_profile)?;
        self.profile = resolved.profile;
        self.sources = Sources {
            key_given: self.key_file.is_some(),
            api_url_given: self.api_url.is_some(),
            key_replaced: self.key_file.as_ref().and_then(|_| {
                let oauth = settings.oauth.as_ref().map(|_| "OAuth client");
                settings.key_file.as_ref().map(|_| "key file").or(oauth)
            }),
            api_url_replaced: self.api_url.is_some() && settings.api_url.is_some(),
        };
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
    pub(super) fn for_demo(mut self) -> Result<Self, String> {
        use casdesk::config::Config;
        let path = self.config.clone().or_else(Config::default_path);
        let shared = match &path {
            Some(path) => Config::load(path)?.top_level(),
            None => Default::default(),
        };
        // The top of the file's, so the whole call can be walked in the demo; no profile's.
        self.note_command = shared.note_command()?;
        self.demo = true;
        self.profile = None;
        self.key_file = None;
        self.oauth = None;
        self.api_url = None;
        self.ca_bundle = None;
        self.code_defaults = Default::default();
        // The demo verifies callers as a production console does.
        self.verify_policy = Default::default();
        self.sources = Sources::default();
        self.theme = self.theme.or(shared.theme);
        self.keymap = self.keymap.or(shared.keymap);
        self.mask_codes |= shared.mask_codes.unwrap_or(false);
        self.clear_clipboard_after = self.clear_clipboard_after.or(shared.clear_clipboard_after);
        Ok(self)
    }

    /// The keymap named, or the built-in keys; a file that cannot be read is an error, an
    /// unknown action in it a problem to show.
    pub(super) fn load_keymap(&self) -> Result<casdesk::app::keymap::Loaded, String> {
        match &self.keymap {
            Some(spec) => casdesk::app::keymap::KeyMap::load(spec),
            None => Ok(Default::default()),
        }
    }

    /// How to reach a real tenant: the company CA bundle, read and checked now so a wrong one
    /// is reported before anything starts.
    pub(super) fn client_options(&self) -> Result<casdesk::api::ClientOptions, String> {
        let ca_bundle = self.ca_bundle.as_deref().map(casdesk::api::CaBundle::load).transpose()?;
        Ok(casdesk::api::ClientOptions { ca_bundle, ..Default::default() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;

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
    fn the_ticket_is_carried_and_the_demo_posts_with_the_top_levels_note_command() {
        let file = SettingsFile::new(&format!(
            "note_command = \"/bin/post-top\"\ndefault_profile = \"production\"\n{PROFILES}\
             note_command = \"/bin/post-staging\"\n"
        ));
        let args = file.args(&["--ticket", " INC-9 ", "demo"]);
        assert_eq!(args.ticket.as_ref().map(|t| t.as_str()), Some("INC-9"), "cleaned");
        let demo = args.for_demo().unwrap();
        assert_eq!(demo.note_command.unwrap().shown(), "/bin/post-top", "no profile's");
        let real = file.args(&["--profile", "staging"]).with_config().unwrap();
        let shown = real.note_command.as_ref().map(|c| c.shown().to_string());
        assert_eq!(shown.as_deref(), Some("/bin/post-staging"), "the profile's (the last table)");
        assert_eq!(real.ticket, None);
    }

    #[test]
    fn the_demo_starts_with_several_profiles_and_no_default() {
        let file = SettingsFile::new(PROFILES);
        assert!(file.args(&[]).with_config().is_err(), "the real console asks which");
        assert_eq!(file.args(&["demo"]).for_demo().unwrap().profile, None);
    }
}
