//! The policy: which actions need a verified caller, and how long a verification lasts. On by
//! default everywhere (every profile, a bare `--key-file`, the demo); a profile may narrow it,
//! lengthen or shorten it, or turn it off, which the header then says.
//!
//! ```toml
//! [profiles.production.verify_caller]
//! required = true          # false turns the policy off for this profile (the header says so)
//! actions = ["codes", "device-code", "emergency", "remove-device", "replace-phone",
//!            "phone-numbers", "unassign-token", "restore-authenticator"]
//! lasts = "15m"            # for that user only
//! ```

use serde::Deserialize;
use std::time::Duration;

/// An action the policy may guard: each hands the caller something that signs them in, or
/// takes away what the real user signs in with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Guarded {
    /// Enrollment and password-reset codes.
    Codes,
    /// A device registration code for the authenticator app.
    DeviceCode,
    /// An emergency tokencode.
    Emergency,
    /// A registered device or FIDO key removed.
    RemoveDevice,
    /// A lost phone replaced (removed, and a code for the new one).
    ReplacePhone,
    /// The SMS or voice number changed.
    PhoneNumbers,
    /// A SecurID 700 token taken from the user.
    UnassignToken,
    /// A hardware token or security key made usable again: a token assigned or enabled, its
    /// PIN (or a DS100's) cleared, a suspended FIDO key restored, a DS100's OTP switched on.
    /// Whoever holds the device (found, or stolen) can then sign in with it.
    RestoreAuthenticator,
}

impl Guarded {
    pub const ALL: [Guarded; 8] = [
        Guarded::Codes,
        Guarded::DeviceCode,
        Guarded::Emergency,
        Guarded::RemoveDevice,
        Guarded::ReplacePhone,
        Guarded::PhoneNumbers,
        Guarded::UnassignToken,
        Guarded::RestoreAuthenticator,
    ];

    /// As the settings file and the commands spell it.
    pub fn name(self) -> &'static str {
        match self {
            Self::Codes => "codes",
            Self::DeviceCode => "device-code",
            Self::Emergency => "emergency",
            Self::RemoveDevice => "remove-device",
            Self::ReplacePhone => "replace-phone",
            Self::PhoneNumbers => "phone-numbers",
            Self::UnassignToken => "unassign-token",
            Self::RestoreAuthenticator => "restore-authenticator",
        }
    }

    /// "an enrollment or password-reset code", for "… needs a verified caller".
    pub fn words(self) -> &'static str {
        match self {
            Self::Codes => "An enrollment or password-reset code",
            Self::DeviceCode => "A device registration code",
            Self::Emergency => "An emergency tokencode",
            Self::RemoveDevice => "Removing a device",
            Self::ReplacePhone => "Replacing a phone",
            Self::PhoneNumbers => "Changing phone numbers",
            Self::UnassignToken => "Unassigning a token",
            Self::RestoreAuthenticator => "Making a token or security key usable again",
        }
    }
}

/// The `verify_caller` table of a profile, as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PolicySettings {
    pub required: Option<bool>,
    pub actions: Option<Vec<Guarded>>,
    pub lasts: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Policy {
    /// Off only when a profile says `required = false`.
    pub on: bool,
    pub guarded: Vec<Guarded>,
    /// How long a verification counts, for that user only.
    pub lasts: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Self { on: true, guarded: Guarded::ALL.to_vec(), lasts: Duration::from_secs(15 * 60) }
    }
}

/// At most a working day: a verification is about one call, not a shift.
const LONGEST: Duration = Duration::from_secs(8 * 3600);

impl Policy {
    /// The policy a profile's table makes, or what is wrong with it.
    pub fn from_settings(settings: Option<&PolicySettings>) -> Result<Self, String> {
        let mut policy = Self::default();
        let Some(s) = settings else { return Ok(policy) };
        if let Some(required) = s.required {
            policy.on = required;
        }
        if let Some(actions) = &s.actions {
            policy.guarded = actions.clone();
        }
        if let Some(text) = &s.lasts {
            let lasts =
                parse_lasts(text).map_err(|e| format!("verify_caller.lasts = \"{text}\": {e}"))?;
            if lasts.is_zero() || lasts > LONGEST {
                return Err(format!(
                    "verify_caller.lasts = \"{text}\": between 1 minute and 8 hours"
                ));
            }
            policy.lasts = lasts;
        }
        Ok(policy)
    }

    /// As `casdesk config show` says it.
    pub fn describe(&self) -> String {
        if !self.on {
            return "OFF (verify_caller.required = false)".into();
        }
        let guarded: Vec<&str> = self.guarded.iter().map(|g| g.name()).collect();
        format!(
            "on for {}; a verification lasts {} min",
            guarded.join(", "),
            self.lasts.as_secs() / 60
        )
    }

    /// Whether `action` needs a verified caller under this policy.
    pub fn guards(&self, action: Guarded) -> bool {
        self.on && self.guarded.contains(&action)
    }
}

/// "15m", "1h", "90" (minutes), as the validity fields read them.
fn parse_lasts(text: &str) -> Result<Duration, String> {
    use crate::api::EacExpiryUnit::{Days, Hours, Minutes};
    use crate::duration_text::TimeUnit;
    let amount = crate::duration_text::parse(text, &[Minutes, Hours, Days], Minutes)?
        .ok_or("empty: say how long, like 15m")?;
    Ok(Duration::from_secs(u64::from(amount.value) * amount.unit.minutes() * 60))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_by_default_for_every_action_for_fifteen_minutes() {
        let policy = Policy::from_settings(None).unwrap();
        assert!(Guarded::ALL.iter().all(|g| policy.guards(*g)));
        assert_eq!(policy.lasts, Duration::from_secs(900));
    }

    #[test]
    fn a_profile_narrows_it_changes_how_long_or_turns_it_off() {
        let narrow: PolicySettings =
            toml::from_str("actions = [\"codes\", \"emergency\"]\nlasts = \"5m\"").unwrap();
        let policy = Policy::from_settings(Some(&narrow)).unwrap();
        assert!(policy.guards(Guarded::Codes) && !policy.guards(Guarded::DeviceCode));
        assert_eq!(policy.lasts, Duration::from_secs(300));
        let off: PolicySettings = toml::from_str("required = false").unwrap();
        let policy = Policy::from_settings(Some(&off)).unwrap();
        assert!(Guarded::ALL.iter().all(|g| !policy.guards(*g)));
        let typo = toml::from_str::<PolicySettings>("actions = [\"codez\"]");
        assert!(typo.is_err(), "an unknown action is refused, not ignored");
        let forever: PolicySettings = toml::from_str("lasts = \"3d\"").unwrap();
        assert!(Policy::from_settings(Some(&forever)).unwrap_err().contains("8 hours"));
    }

    #[test]
    fn every_action_has_one_name_and_the_names_read_back() {
        for g in Guarded::ALL {
            let read: Guarded =
                toml::from_str::<PolicySettings>(&format!("actions = [\"{}\"]", g.name()))
                    .unwrap()
                    .actions
                    .unwrap()[0];
            assert_eq!(read, g);
        }
    }
}
