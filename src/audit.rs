//! The audit trail: an append-only JSON Lines record, in the data directory, of every action
//! taken on a tenant (who, when, where, what, for which users, and each user's outcome), never
//! a code, token or key. `casdesk audit` shows and exports it.

use crate::bulk::UserOutcome;
use serde::{Deserialize, Serialize};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// RFC 3339, UTC.
    pub time: String,
    /// The operating-system account that ran casdesk.
    pub os_user: String,
    /// The settings profile whose key or OAuth client was used, if any: none when a flag or
    /// environment variable gave the key instead (then `credentials` says so), for the demo,
    /// and in entries from before profiles were recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The tenant: the Administration API URL casdesk called, or [`DEMO_TENANT`]. (Entries
    /// from before it was named so say "simulator on this machine" for any loopback URL.)
    pub tenant: String,
    /// The key file's `customerName`, when there was one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub customer: Option<String>,
    /// Where the key (or OAuth client) and the API URL came from, in words, and what they
    /// replaced: "key file /keys/other.key (--key-file or CASDESK_KEY_FILE), in place of
    /// profile production's key file". Entries from before it was recorded have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub credentials: Option<String>,
    /// The ticket the call was for, when the operator gave one (`T`, `--ticket`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticket: Option<String>,
    /// "lookup", "generate enrollment codes", "void password-reset codes", "device code",
    /// "enable emergency tokencode", "disable emergency tokencode".
    pub action: String,
    pub users: Vec<UserResult>,
}

/// One user's outcome: the service's result code, or the error; never the code itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserResult {
    pub user: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_code: Option<i64>,
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
    /// What came of it, in a few words ("unlocked Tokencode; now nothing is locked", "already
    /// disabled", "code generated, shown on screen"), for the ticket note. Never a code.
    /// Entries from before it was recorded have none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<String>,
    /// How the caller was verified, when they were for this user at the time (the policy's
    /// window): so the record shows every change made on a verified call, and how.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caller: Option<CallerRecord>,
}

/// A verification as the record keeps it: how, when, and an override's reason.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallerRecord {
    /// `live`, `sign-in` or `override`.
    pub how: String,
    /// When the caller was verified (RFC 3339, UTC).
    pub at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

impl CallerRecord {
    pub fn of(verified: &crate::verify::Verified) -> Self {
        let reason = match &verified.how {
            crate::verify::How::Override(reason) => Some(reason.words().to_string()),
            _ => None,
        };
        let at =
            verified.at.format(&time::format_description::well_known::Rfc3339).unwrap_or_default();
        Self { how: verified.how.kind().to_string(), at, reason }
    }
}

impl UserResult {
    pub fn ok(user: &str) -> Self {
        Self {
            user: user.to_string(),
            result_code: None,
            ok: true,
            error: None,
            outcome: None,
            caller: None,
        }
    }

    pub fn failed(user: &str, error: impl Into<String>) -> Self {
        Self { error: Some(error.into()), ok: false, ..Self::ok(user) }
    }

    /// The same result, saying in words what came of it.
    pub fn with_outcome(self, words: impl Into<String>) -> Self {
        Self { outcome: Some(words.into()), ..self }
    }

    /// An answer for someone not asked for is recorded too, as not ok and saying so: the
    /// service reports an action on that address.
    pub fn of(outcome: &UserOutcome) -> Self {
        match (&outcome.result, outcome.stray) {
            (Ok(code), None) => Self {
                result_code: Some(code.code()),
                ok: code.is_success() || code.is_nothing_to_do(),
                outcome: Some(code_outcome(outcome, *code)),
                ..Self::ok(&outcome.email)
            },
            (Ok(code), Some(stray)) => Self {
                result_code: Some(code.code()),
                ..Self::failed(&outcome.email, stray.words())
            },
            (Err(f), _) => Self::failed(&outcome.email, f.message.clone()),
        }
    }
}

/// A generate or void answer in words: the service's meaning, and for a generated code where
/// it went and until when (never the code: only whether there was one to show).
fn code_outcome(outcome: &UserOutcome, code: crate::api::ResultCode) -> String {
    // "Code generated" reads as the middle of a line in the note: "code generated, …".
    let meaning = code.meaning();
    let mut words = match meaning.get(..1) {
        Some(first) => first.to_ascii_lowercase() + &meaning[1..],
        None => String::new(),
    };
    if code.is_success() && outcome.code.is_some() {
        words.push_str(", shown on screen");
    }
    if code.is_success()
        && let Some(expires) = outcome.expires
        && let Ok(at) = expires.to_offset(time::UtcOffset::UTC).format(&EXPIRY)
    {
        words.push_str(&format!(", valid until {at} UTC"));
    }
    words
}

const EXPIRY: &[time::format_description::FormatItem<'static>] =
    time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]");

/// ", valid until 2026-12-03 19:00 UTC" for an expiry the service gave as RFC 3339; nothing
/// for one it did not, or not readably (its text is never copied in: only the parsed time).
fn valid_until(expiry: Option<&str>) -> String {
    let rfc3339 = &time::format_description::well_known::Rfc3339;
    expiry
        .and_then(|text| time::OffsetDateTime::parse(text.trim(), rfc3339).ok())
        .and_then(|at| at.to_offset(time::UtcOffset::UTC).format(&EXPIRY).ok())
        .map(|at| format!(", valid until {at} UTC"))
        .unwrap_or_default()
}

/// A device registration code issued, in words (never the code).
pub fn device_code_outcome(code: &crate::api::DeviceRegistrationCode) -> String {
    format!("device registration code issued{}", valid_until(code.expiration_date.as_deref()))
}

/// An emergency tokencode enabled, in words (never the tokencode).
pub fn eac_outcome(eac: &crate::api::EmergencyTokencode) -> String {
    let once = if eac.one_time_use == Some(true) { " for one use" } else { "" };
    format!("emergency tokencode enabled{once}{}", valid_until(eac.expiration_date.as_deref()))
}

pub const EAC_DISABLED: &str = "emergency tokencode disabled";

/// The users of a bulk call's outcomes that were actually sent (a user never sent is not an
/// action on the tenant).
pub fn sent(outcomes: &[UserOutcome]) -> Vec<UserResult> {
    outcomes
        .iter()
        .filter(|o| !o.result.as_ref().is_err_and(crate::bulk::Failure::never_sent))
        .map(UserResult::of)
        .collect()
}

/// How the record names the embedded demo tenant: the only tenant casdesk knows to be a
/// simulator, because it started it.
pub const DEMO_TENANT: &str = "demo tenant (the simulator casdesk started)";

/// Which tenant an entry names, and whose settings reached it: only what casdesk knows (the
/// API URL it called, the key file's customer name, where the key came from), never a guess
/// from the address.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Identity {
    /// The Administration API URL, or [`DEMO_TENANT`].
    pub tenant: String,
    pub customer: Option<String>,
    /// The profile whose key or OAuth client was used.
    pub profile: Option<String>,
    /// Where the key and the API URL came from, in words (see [`Entry::credentials`]).
    pub credentials: Option<String>,
}

impl Identity {
    /// The embedded demo tenant, under no profile.
    pub fn demo() -> Self {
        Self {
            tenant: DEMO_TENANT.into(),
            credentials: Some("the demo OAuth client".into()),
            ..Self::default()
        }
    }
}

/// Where the trail is kept, for one tenant's actions.
#[derive(Clone, Debug)]
pub struct AuditLog {
    path: PathBuf,
    identity: Identity,
    os_user: String,
    /// Callers verified while this trail is written, stamped on their users' records.
    stamps: std::sync::Arc<crate::audit_stamps::CallerStamps>,
    /// The ticket every entry names (a command's `--ticket`); the console's changes during
    /// a session, so its worker gives it with each entry ([`AuditLog::record_for`]).
    ticket: Option<crate::ticket::Ticket>,
}

/// The operating-system account casdesk runs as. Where the system says (Linux: the owner of
/// `/proc/self`, named from `/etc/passwd`), that wins over `$USER`, which anyone can set and a
/// cron job or `sudo -i` may not; elsewhere the environment's word is taken.
pub fn os_account() -> String {
    if let Some(uid) = process_uid() {
        let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
        return account_named(&passwd, uid).unwrap_or_else(|| format!("uid {uid}"));
    }
    ["USER", "LOGNAME", "USERNAME"]
        .iter()
        .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
        .unwrap_or_else(|| "unknown".into())
}

#[cfg(unix)]
fn process_uid() -> Option<u32> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata("/proc/self").ok().map(|m| m.uid())
}

#[cfg(not(unix))]
fn process_uid() -> Option<u32> {
    None
}

/// The name `/etc/passwd` gives `uid`.
fn account_named(passwd: &str, uid: u32) -> Option<String> {
    passwd.lines().find_map(|line| {
        let mut fields = line.split(':');
        let name = fields.next()?;
        let line_uid = fields.nth(1)?.parse::<u32>().ok()?;
        (line_uid == uid && !name.is_empty()).then(|| name.to_string())
    })
}

impl AuditLog {
    /// A trail for `tenant`'s actions; [`AuditLog::with_profile`] names the settings profile.
    pub fn new(path: PathBuf, tenant: impl Into<String>) -> Self {
        let identity = Identity { tenant: tenant.into(), ..Identity::default() };
        Self::of(path, identity)
    }

    /// A trail whose entries name `identity`.
    pub fn of(path: PathBuf, identity: Identity) -> Self {
        Self { path, identity, os_user: os_account(), stamps: Default::default(), ticket: None }
    }

    /// The same trail, its entries naming `ticket`.
    pub fn with_ticket(mut self, ticket: Option<crate::ticket::Ticket>) -> Self {
        self.ticket = ticket;
        self
    }

    /// The same trail, its entries naming `profile`.
    pub fn with_profile(mut self, profile: Option<String>) -> Self {
        self.identity.profile = profile;
        self
    }

    /// `audit.jsonl` in `CASDESK_DATA_DIR` or the platform's data directory.
    pub fn default_path() -> Option<PathBuf> {
        crate::bulk::journal::default_dir()?.parent().map(|data| data.join("audit.jsonl"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The tenant, the operating-system account and the profile this trail's entries name:
    /// what a ticket note for this session is drawn from.
    pub fn tenant(&self) -> &str {
        &self.identity.tenant
    }

    pub fn os_user(&self) -> &str {
        &self.os_user
    }

    pub fn profile(&self) -> Option<&str> {
        self.identity.profile.as_deref()
    }

    /// `verified` is stamped on its user's records until `lasts` after it was made.
    pub fn remember_caller(&self, verified: crate::verify::Verified, lasts: std::time::Duration) {
        self.stamps.remember(verified, lasts);
    }

    /// Appends one action, flushed to disk. Created private to the user.
    pub fn record(&self, action: &str, users: Vec<UserResult>) -> io::Result<()> {
        self.record_for(self.ticket.as_ref(), action, users)
    }

    /// [`Self::record`], the entry naming `ticket` (none: no ticket) whatever this trail's.
    pub fn record_for(
        &self,
        ticket: Option<&crate::ticket::Ticket>,
        action: &str,
        mut users: Vec<UserResult>,
    ) -> io::Result<()> {
        self.stamps.stamp(&mut users);
        let entry = Entry {
            time: crate::clock::now_rfc3339(),
            os_user: self.os_user.clone(),
            profile: self.identity.profile.clone(),
            tenant: self.identity.tenant.clone(),
            customer: self.identity.customer.clone(),
            credentials: self.identity.credentials.clone(),
            ticket: ticket.map(|t| t.as_str().to_string()),
            action: action.to_string(),
            users: users
                .into_iter()
                .map(|u| UserResult {
                    error: u.error.map(|e| crate::text::sanitize(&e)),
                    outcome: u.outcome.map(|o| crate::text::sanitize(&o)),
                    ..u
                })
                .collect(),
        };
        if let Some(dir) = self.path.parent() {
            let mut builder = std::fs::DirBuilder::new();
            builder.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
            builder.create(dir)?;
        }
        let mut options = std::fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&self.path)?;
        let mut line = serde_json::to_string(&entry).map_err(io::Error::other)?;
        line.push('\n');
        file.write_all(line.as_bytes())?;
        file.sync_data()
    }

    pub fn record_outcomes(&self, action: &str, outcomes: &[UserOutcome]) -> io::Result<()> {
        self.record(action, outcomes.iter().map(UserResult::of).collect())
    }
}

/// What [`read`] found.
#[derive(Debug, Default)]
pub struct Trail {
    /// Oldest first.
    pub entries: Vec<Entry>,
    /// The line numbers (from 1) of lines that are not an entry (not UTF-8, not JSON, cut
    /// short by a crash mid-write); they are skipped and the lines after them still read.
    pub unreadable: Vec<usize>,
}

/// Every entry in the trail at `path`; a missing file is an empty trail.
pub fn read(path: &Path) -> io::Result<Trail> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Trail::default()),
        Err(e) => return Err(e),
    };
    let mut trail = Trail::default();
    for (index, line) in io::BufReader::new(file).split(b'\n').enumerate() {
        let line = line?;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match serde_json::from_slice::<Entry>(&line) {
            Ok(entry) => trail.entries.push(entry),
            Err(_) => trail.unreadable.push(index + 1),
        }
    }
    Ok(trail)
}

#[cfg(test)]
#[path = "audit_tests.rs"]
mod tests;
