//! The user's settings file: `config.toml` in the platform's config directory
//! (`~/.config/casdesk/config.toml` on Linux), with named profiles for the tenants a helpdesk
//! works with. Command-line flags and environment variables win over it. It names no secrets
//! itself, only where the key files are.
//!
//! ```toml
//! theme = "colorblind"             # settings here apply to every profile
//! default_profile = "production"
//!
//! [profiles.production]
//! key_file = "~/keys/prod.key"     # a legacy Administration API key file
//! validity = "2h"                  # default code validity and delivery
//! delivery = "email"
//!
//! [profiles.staging]
//! api_url = "https://staging.access.securid.com/AdminInterface/restapi/"
//! oauth = { client_id = "casdesk", private_jwk_file = "~/keys/staging.jwk", issuer_url = "https://staging.auth.securid.com/oauth" }
//! # Post each ticket note: the note on standard input, the ticket id as the last argument.
//! # A string is split at spaces (no quotes, no shell); an array is taken word for word.
//! note_command = ["~/bin/post-ticket-note", "--queue", "service desk"]
//! ```

use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a profile (or the top level, for every profile) can set.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The legacy Administration API key file of the tenant.
    pub key_file: Option<PathBuf>,
    /// An OAuth client instead of a legacy key.
    pub oauth: Option<OAuthSettings>,
    /// The Administration API URL, when it is not (or not only) the key file's.
    pub api_url: Option<String>,
    /// A built-in theme name or a theme file.
    pub theme: Option<String>,
    /// A built-in keymap (`vim`) or a keymap file.
    pub keymap: Option<String>,
    /// Show codes as dots until `v` reveals them (for screen sharing).
    pub mask_codes: Option<bool>,
    /// Empty the clipboard this many seconds after a code is copied.
    pub clear_clipboard_after: Option<u64>,
    /// A PEM file of company certificate authorities, trusted besides the system's.
    pub ca_bundle: Option<PathBuf>,
    /// Default validity of generated codes, e.g. `30m` or `2h`.
    pub validity: Option<String>,
    /// Default delivery of generated codes: `display` or `email`.
    pub delivery: Option<DeliveryDefault>,
    /// Which actions need a verified caller, and for how long (`crate::verify::Policy`).
    pub verify_caller: Option<crate::verify::PolicySettings>,
    /// The program a ticket note is posted with (`crate::ticket::post`).
    pub note_command: Option<crate::ticket::post::NoteCommandSetting>,
}

/// An OAuth client registered for casdesk in the Cloud Administration Console.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OAuthSettings {
    pub client_id: String,
    /// The client's private JWK, as downloaded.
    pub private_jwk_file: PathBuf,
    /// e.g. `https://company.auth.securid.com/oauth`
    pub issuer_url: String,
    /// Defaults to the scopes the helpdesk needs.
    pub scopes: Option<Vec<String>>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeliveryDefault {
    Display,
    Email,
}

/// What the Codes screen and `casdesk codes generate` start from, checked.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CodeDefaults {
    pub validity: Option<crate::api::CodeValidity>,
    pub delivery: Option<DeliveryDefault>,
}

impl Settings {
    /// The code defaults, or what is wrong with the validity.
    pub fn code_defaults(&self) -> Result<CodeDefaults, String> {
        let validity = self
            .validity
            .as_deref()
            .map(crate::api::CodeValidity::parse_short)
            .transpose()
            .map_err(|e| format!("validity = {e}"))?;
        Ok(CodeDefaults { validity, delivery: self.delivery })
    }

    /// The program ticket notes are posted with, if any, or what is wrong with it.
    pub fn note_command(&self) -> Result<Option<crate::ticket::post::NoteCommand>, String> {
        let command =
            self.note_command.as_ref().map(crate::ticket::post::NoteCommand::from_setting);
        command.transpose()
    }

    /// Which actions need a verified caller here, or what is wrong with the table.
    pub fn verify_policy(&self) -> Result<crate::verify::Policy, String> {
        crate::verify::Policy::from_settings(self.verify_caller.as_ref())
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The profile used when none is named (`--profile`, `CASDESK_PROFILE`).
    pub default_profile: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Settings>,
    // The top-level settings, shared by every profile. Spelt out rather than flattened:
    // serde cannot deny unknown fields through a flatten, and a typo must be reported.
    key_file: Option<PathBuf>,
    oauth: Option<OAuthSettings>,
    api_url: Option<String>,
    theme: Option<String>,
    keymap: Option<String>,
    mask_codes: Option<bool>,
    clear_clipboard_after: Option<u64>,
    ca_bundle: Option<PathBuf>,
    validity: Option<String>,
    delivery: Option<DeliveryDefault>,
    verify_caller: Option<crate::verify::PolicySettings>,
    note_command: Option<crate::ticket::post::NoteCommandSetting>,
}

/// The settings in effect: the top level, overlaid with the chosen profile's.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resolved {
    /// `None` when the file has no profiles and none was asked for.
    pub profile: Option<String>,
    pub settings: Settings,
}

impl Config {
    /// Where the settings file lives on this machine, if there is a home directory.
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "casdesk")
            .map(|d| d.config_dir().join("config.toml"))
    }

    /// Reads `path`; a missing file is an empty configuration, a broken one an error that says
    /// what is wrong and where.
    pub fn load(path: &Path) -> Result<Self, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => Self::parse(&text).map_err(|e| format!("{}: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    pub fn parse(text: &str) -> Result<Self, String> {
        let config: Self = toml::from_str(text).map_err(|e| e.message().to_string())?;
        if let Some(name) = &config.default_profile
            && !config.profiles.contains_key(name)
        {
            return Err(format!("default_profile = \"{name}\" names no [profiles.{name}]"));
        }
        Ok(config)
    }

    /// The settings for `asked` (from `--profile` or `CASDESK_PROFILE`), else the default
    /// profile, else the only one; a name that is not there is an error listing those that are.
    pub fn resolve(&self, asked: Option<&str>) -> Result<Resolved, String> {
        let name = match asked {
            Some(name) => Some(name.to_string()),
            None if self.default_profile.is_some() => self.default_profile.clone(),
            None if self.profiles.len() == 1 => self.profiles.keys().next().cloned(),
            None => None,
        };
        let mut settings = self.top_level();
        if let Some(name) = &name {
            let Some(profile) = self.profiles.get(name) else {
                let known: Vec<&str> = self.profiles.keys().map(String::as_str).collect();
                return Err(if known.is_empty() {
                    format!("no profile \"{name}\": the settings file has no [profiles.…] yet")
                } else {
                    format!("no profile \"{name}\"; the settings file has: {}", known.join(", "))
                });
            };
            settings = settings.overlaid_with(profile.clone());
        } else if self.profiles.len() > 1 {
            let known: Vec<&str> = self.profiles.keys().map(String::as_str).collect();
            return Err(format!(
                "the settings file has several profiles ({}): choose one with --profile or \
                 CASDESK_PROFILE, or set default_profile",
                known.join(", ")
            ));
        }
        Ok(Resolved { profile: name, settings })
    }

    /// The settings at the top of the file, shared by every profile.
    pub fn top_level(&self) -> Settings {
        Settings {
            key_file: self.key_file.clone(),
            oauth: self.oauth.clone(),
            api_url: self.api_url.clone(),
            theme: self.theme.clone(),
            keymap: self.keymap.clone(),
            mask_codes: self.mask_codes,
            clear_clipboard_after: self.clear_clipboard_after,
            ca_bundle: self.ca_bundle.clone(),
            validity: self.validity.clone(),
            delivery: self.delivery,
            verify_caller: self.verify_caller.clone(),
            note_command: self.note_command.clone(),
        }
    }
}

impl Settings {
    /// These settings with `over`'s wherever it has one. A key file and an OAuth client are
    /// one choice: a profile naming either replaces both.
    fn overlaid_with(self, over: Settings) -> Settings {
        let credentials_named = over.key_file.is_some() || over.oauth.is_some();
        Settings {
            key_file: if credentials_named { over.key_file } else { self.key_file },
            oauth: if credentials_named { over.oauth } else { self.oauth },
            api_url: over.api_url.or(self.api_url),
            theme: over.theme.or(self.theme),
            keymap: over.keymap.or(self.keymap),
            mask_codes: over.mask_codes.or(self.mask_codes),
            clear_clipboard_after: over.clear_clipboard_after.or(self.clear_clipboard_after),
            ca_bundle: over.ca_bundle.or(self.ca_bundle),
            validity: over.validity.or(self.validity),
            delivery: over.delivery.or(self.delivery),
            verify_caller: over.verify_caller.or(self.verify_caller),
            note_command: over.note_command.or(self.note_command),
        }
    }
}

/// `~/…` as the user's home directory, as a shell would; other paths as they are.
pub fn expand_home(path: &Path) -> PathBuf {
    match (path.strip_prefix("~"), directories::BaseDirs::new()) {
        (Ok(rest), Some(dirs)) => dirs.home_dir().join(rest),
        _ => path.to_path_buf(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str, text: &str) -> PathBuf {
        let dir =
            std::env::temp_dir().join(format!("casdesk-config-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("config.toml");
        std::fs::write(&path, text).unwrap();
        path
    }

    const TWO_TENANTS: &str = r#"
        theme = "colorblind"
        validity = "30m"
        key_file = "/keys/shared.key"

        [profiles.production]
        key_file = "/keys/prod.key"
        delivery = "email"

        [profiles.staging]
        api_url = "https://staging.access.securid.com/AdminInterface/restapi/"
        theme = "light"
        oauth = { client_id = "casdesk", private_jwk_file = "/keys/staging.jwk", issuer_url = "https://staging.auth.securid.com/oauth" }
    "#;

    #[test]
    fn reads_top_level_settings_and_treats_a_missing_file_as_empty() {
        let path = temp("ok", "key_file = \"/keys/tenant.key\"\ntheme = \"colorblind\"\n");
        let resolved = Config::load(&path).unwrap().resolve(None).unwrap();
        assert_eq!(resolved.profile, None);
        assert_eq!(resolved.settings.key_file.as_deref(), Some(Path::new("/keys/tenant.key")));
        assert_eq!(resolved.settings.theme.as_deref(), Some("colorblind"));
        assert_eq!(
            Config::load(Path::new("/nonexistent/casdesk/config.toml")).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn a_profile_overlays_the_top_level() {
        let config = Config::parse(TWO_TENANTS).unwrap();
        let prod = config.resolve(Some("production")).unwrap();
        assert_eq!(prod.profile.as_deref(), Some("production"));
        assert_eq!(prod.settings.key_file.as_deref(), Some(Path::new("/keys/prod.key")));
        assert_eq!(prod.settings.theme.as_deref(), Some("colorblind"), "from the top level");
        assert_eq!(prod.settings.validity.as_deref(), Some("30m"));
        assert_eq!(prod.settings.delivery, Some(DeliveryDefault::Email));

        let staging = config.resolve(Some("staging")).unwrap();
        assert_eq!(staging.settings.theme.as_deref(), Some("light"));
        assert_eq!(staging.settings.oauth.as_ref().unwrap().client_id, "casdesk");
        assert_eq!(staging.settings.key_file, None, "an OAuth profile drops the shared key");
    }

    #[test]
    fn the_profile_is_the_one_named_the_default_or_the_only_one() {
        let config = Config::parse(TWO_TENANTS).unwrap();
        let err = config.resolve(None).unwrap_err();
        assert!(err.contains("several profiles (production, staging)"), "{err}");
        let err = config.resolve(Some("prod")).unwrap_err();
        assert!(err.contains("no profile \"prod\"; the settings file has: production, staging"));

        let with_default =
            Config::parse(&format!("default_profile = \"staging\"\n{TWO_TENANTS}")).unwrap();
        assert_eq!(with_default.resolve(None).unwrap().profile.as_deref(), Some("staging"));
        let only = Config::parse("[profiles.eu]\nkey_file = \"/k\"\n").unwrap();
        assert_eq!(only.resolve(None).unwrap().profile.as_deref(), Some("eu"));
        assert!(Config::parse("default_profile = \"x\"\n").unwrap_err().contains("[profiles.x]"));
    }

    #[test]
    fn a_broken_or_misspelt_file_says_what_is_wrong() {
        let path = temp("typo", "keyfile = \"/keys/tenant.key\"\n");
        let err = Config::load(&path).unwrap_err();
        assert!(err.contains("keyfile") && err.contains(path.to_str().unwrap()), "{err}");
        let err = Config::parse("[profiles.a]\ndelivery = \"pigeon\"\n").unwrap_err();
        assert!(err.contains("pigeon"), "{err}");
        assert!(Config::load(&temp("broken", "key_file = \n")).is_err());
    }

    #[test]
    fn the_note_command_is_a_string_or_an_array_and_a_profile_overrides_it() {
        let text = "note_command = \"/bin/post --queue help\"\n\
                    [profiles.a]\nkey_file = \"/k\"\n\
                    [profiles.b]\nnote_command = [\"/bin/other\", \"service desk\"]\n";
        let config = Config::parse(text).unwrap();
        let a = config.resolve(Some("a")).unwrap().settings.note_command().unwrap().unwrap();
        assert_eq!(a.shown(), "/bin/post");
        let b = config.resolve(Some("b")).unwrap().settings.note_command().unwrap().unwrap();
        assert_eq!(b.shown(), "/bin/other");
        let empty = Config::parse("note_command = []\n").unwrap().top_level().note_command();
        assert!(empty.unwrap_err().contains("names no program"));
        assert!(Config::parse("note_command = 3\n").is_err(), "neither a string nor an array");
    }

    #[test]
    fn home_is_expanded() {
        let home = directories::BaseDirs::new().unwrap().home_dir().to_path_buf();
        assert_eq!(expand_home(Path::new("~/keys/a.key")), home.join("keys/a.key"));
        assert_eq!(expand_home(Path::new("/keys/a.key")), PathBuf::from("/keys/a.key"));
    }
}
