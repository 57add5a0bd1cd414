//! The tenant's data: company settings, identity sources, users with their devices and tokens,
//! and the codes and tokencodes they hold. Plain values at the bottom of the tenant's files:
//! `Tenant` owns them and applies the rules, the demo file (`tenant_file.rs`) reads several
//! as they are, and the snapshot (`snapshot.rs`) saves them all.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mode {
    Enrollment,
    PasswordReset,
}

impl Mode {
    pub fn parse(s: &str) -> Option<Mode> {
        match s {
            "ENROLLMENT" => Some(Mode::Enrollment),
            "PASSWORD_RESET" => Some(Mode::PasswordReset),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Enrollment => "ENROLLMENT",
            Mode::PasswordReset => "PASSWORD_RESET",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EacUnit {
    Days,
    Hours,
    Minutes,
}

impl EacUnit {
    pub fn parse(s: &str) -> Option<EacUnit> {
        match s.to_ascii_lowercase().as_str() {
            "days" => Some(EacUnit::Days),
            "hours" => Some(EacUnit::Hours),
            "minutes" => Some(EacUnit::Minutes),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            EacUnit::Days => "days",
            EacUnit::Hours => "hours",
            EacUnit::Minutes => "minutes",
        }
    }

    pub fn duration(self, value: i64) -> time::Duration {
        match self {
            EacUnit::Days => time::Duration::days(value),
            EacUnit::Hours => time::Duration::hours(value),
            EacUnit::Minutes => time::Duration::minutes(value),
        }
    }
}

#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub struct EacConfig {
    pub expiry_value: i64,
    pub expiry_unit: EacUnit,
    pub one_time_use: bool,
}

// Serialized for the saved demo tenant (`snapshot.rs`), as are the types below.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Company {
    pub name: String,
    pub company_id: String,
    pub sms_enabled: bool,
    pub voice_enabled: bool,
    /// "licensed to use SecurID multifactor authentication methods" (device registration).
    pub mfa_licensed: bool,
    /// Company Settings lock the online EAC configuration: requests get the defaults.
    pub eac_config_locked: bool,
    /// Licensed for Live Verification (E3 or the add-on) with its policy turned on by a Super
    /// Admin. A tenant saved before the flag existed reads as on, as the demo ships.
    #[serde(default = "on")]
    pub live_verification: bool,
    /// Legacy keys may read the Administration Event Log (RSA's newer page lists it under
    /// Super Admin); off, they get a 403. OAuth clients need `rsa.audit.admin` instead.
    #[serde(default = "on")]
    pub admin_log_for_keys: bool,
    pub eac_defaults: EacConfig,
    #[serde(with = "crate::sim::serde_time::seconds")]
    pub offline_eac: time::Duration,
    #[serde(with = "crate::sim::serde_time::seconds")]
    pub device_code_validity: time::Duration,
}

fn on() -> bool {
    true
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct IdentitySource {
    pub name: String,
    /// Whether codes can be e-mailed to this source's users (else result 1005).
    pub email_configured: bool,
    /// Whether admin-assisted code generation is allowed for this source (else result 1006).
    pub code_generation: bool,
}

#[derive(Clone, Copy, Debug, Default, Serialize, Deserialize)]
pub struct Locks {
    pub token: bool,
    pub sms: bool,
    pub voice: bool,
    pub fingerprint: bool,
    pub approve: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct User {
    pub id: String,
    pub email: String,
    pub first_name: String,
    pub last_name: String,
    pub identity_source: String,
    pub creation_date: String,
    pub last_sync: Option<String>,
    pub enabled: bool,
    pub principal_username: String,
    pub alternate_username: String,
    pub secondary_unique_identifier: Option<String>,
    pub sms_number: Option<String>,
    pub voice_number: Option<String>,
    pub locks: Locks,
    pub high_risk: bool,
    pub mark_deleted: Option<MarkDeleted>,
    /// Unsynched users exist in the directory but not yet in CAS.
    pub synced: bool,
    pub email_configured: Option<bool>,
    pub code_generation: Option<bool>,
    /// Code generation for this user fails with 1001.
    pub internal_error: bool,
    pub month_last_authenticated: Option<String>,
    pub last_authentication: Option<LastAuth>,
    pub source_groups: Vec<String>,
    pub global_groups: Vec<String>,
    pub devices: Vec<Device>,
    pub fido_tokens: Vec<FidoToken>,
    pub sid_tokens: Vec<SidToken>,
    /// Taken into CAS by the next Synchronize User.
    pub directory_changes: Option<DirectoryChanges>,
    /// A demo user who signs in by themselves this many seconds (tenant clock) after an
    /// administrator fixes something for them (`after_fix.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signs_in_after_fix: Option<u32>,
}

/// A sign-in a demo user will make by themselves once the tenant clock reaches `at` (see
/// `after_fix.rs`); recorded when the tenant is next read.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DueSignIn {
    pub user_id: String,
    #[serde(with = "crate::sim::serde_time::instant")]
    pub at: OffsetDateTime,
    /// The method the fix was for; `None`: the user's usual one.
    pub method: Option<String>,
    /// They register the phone a device registration code was for, then sign in with it.
    pub registers_phone: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LiveCode {
    pub code: String,
    #[serde(with = "crate::sim::serde_time::instant")]
    pub expires_at: OffsetDateTime,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Eac {
    pub id: String,
    pub code: String,
    #[serde(with = "crate::sim::serde_time::instant")]
    pub expires_at: OffsetDateTime,
    #[serde(with = "crate::sim::serde_time::instant")]
    pub offline_expires_at: OffsetDateTime,
    pub one_time_use: bool,
}

/// A code the service "sent" by e-mail.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentEmail {
    /// Where it went: `custom_email` when given, else the user's address.
    pub to: String,
    pub user_email: String,
    /// `ENROLLMENT` or `PASSWORD_RESET`.
    pub mode: String,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarkDeleted {
    pub at: String,
    pub by: String,
}

/// Changed in the directory since the last sync; Synchronize User brings them into CAS.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct DirectoryChanges {
    #[serde(default)]
    pub first_name: Option<String>,
    #[serde(default)]
    pub last_name: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct LastAuth {
    pub method: String,
    pub date: String,
}

/// A registered authenticator, in the field names of Authenticator Details v2.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct Device {
    pub id: String,
    pub name: String,
    pub device_type: String,
    pub registered_date: String,
    pub capabilities: String,
    #[serde(default)]
    pub browser: Option<String>,
    #[serde(default)]
    pub device_serial_number: Option<String>,
    pub updated_at: String,
    pub status: String,
    /// A SecurID DS100's OTP credential (`deviceType` "SecurID DS100"; see `ds100.rs`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_serial_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_state: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pin_set: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_status_changed_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_status_changed_by: Option<String>,
}

#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct FidoToken {
    pub id: String,
    pub name: String,
    pub status: String,
    pub registered_date: String,
}

/// A SecurID 700 hardware token.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct SidToken {
    pub token_serial_number: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_name: Option<String>,
    pub token_state: String,
    pub token_status: String,
    pub expiry_date: String,
    pub assigned_at: String,
    pub assigned_by: String,
    pub pin_set: String,
    pub token_status_changed_at: Option<String>,
    pub token_status_changed_by: Option<String>,
    pub token_status_reason: Option<String>,
}

/// A SecurID 700 token nobody holds: what the tenant knows of it before Assign.
#[derive(Clone, Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct PoolToken {
    pub token_serial_number: String,
    pub expiry_date: String,
}
