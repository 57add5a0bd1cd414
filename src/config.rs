//! The user's settings file: `config.toml` in the platform's config directory
//! (`~/.config/casdesk/config.toml` on Linux). Command-line flags and environment variables win
//! over it. It names no secrets itself, only where the key file is.

use serde::Deserialize;
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The legacy Administration API key file of the tenant to use.
    pub key_file: Option<PathBuf>,
    /// A built-in theme name or a theme file.
    pub theme: Option<String>,
    /// Show codes as dots until `v` reveals them (for screen sharing).
    #[serde(default)]
    pub mask_codes: bool,
    /// Empty the clipboard this many seconds after a code is copied.
    pub clear_clipboard_after: Option<u64>,
    /// A PEM file of company certificate authorities, trusted besides the system's.
    pub ca_bundle: Option<PathBuf>,
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
            Ok(text) => {
                toml::from_str(&text).map_err(|e| format!("{}: {}", path.display(), e.message()))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Self::default()),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
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

    #[test]
    fn reads_settings_and_treats_a_missing_file_as_empty() {
        let path = temp("ok", "key_file = \"/keys/tenant.key\"\ntheme = \"colorblind\"\n");
        let config = Config::load(&path).unwrap();
        assert_eq!(config.key_file.as_deref(), Some(Path::new("/keys/tenant.key")));
        assert_eq!(config.theme.as_deref(), Some("colorblind"));
        assert_eq!(
            Config::load(Path::new("/nonexistent/casdesk/config.toml")).unwrap(),
            Config::default()
        );
    }

    #[test]
    fn a_broken_or_misspelt_file_says_what_is_wrong() {
        let path = temp("typo", "keyfile = \"/keys/tenant.key\"\n");
        let err = Config::load(&path).unwrap_err();
        assert!(err.contains("keyfile") && err.contains(path.to_str().unwrap()), "{err}");
        let path = temp("broken", "key_file = \n");
        assert!(Config::load(&path).is_err());
    }
}
