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
    /// The settings profile in use, if any (entries from before profiles were recorded, and
    /// the demo, have none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The tenant, as run journals name it.
    pub tenant: String,
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
}

impl UserResult {
    pub fn ok(user: &str) -> Self {
        Self { user: user.to_string(), result_code: None, ok: true, error: None, outcome: None }
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
        .filter(|o| !o.result.as_ref().is_err_and(|f| f.message.starts_with("not sent")))
        .map(UserResult::of)
        .collect()
}

/// Where the trail is kept, for one tenant's actions.
#[derive(Clone, Debug)]
pub struct AuditLog {
    path: PathBuf,
    tenant: String,
    os_user: String,
    profile: Option<String>,
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
        Self { path, tenant: tenant.into(), os_user: os_account(), profile: None }
    }

    /// The same trail, its entries naming `profile`.
    pub fn with_profile(self, profile: Option<String>) -> Self {
        Self { profile, ..self }
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
        &self.tenant
    }

    pub fn os_user(&self) -> &str {
        &self.os_user
    }

    pub fn profile(&self) -> Option<&str> {
        self.profile.as_deref()
    }

    /// Appends one action, flushed to disk. Created private to the user.
    pub fn record(&self, action: &str, users: Vec<UserResult>) -> io::Result<()> {
        let entry = Entry {
            time: crate::clock::now_rfc3339(),
            os_user: self.os_user.clone(),
            profile: self.profile.clone(),
            tenant: self.tenant.clone(),
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
mod tests {
    use super::*;
    use crate::bulk::Failure;

    #[test]
    fn the_account_is_named_from_the_password_file_by_uid() {
        let passwd = "root:x:0:0:root:/root:/bin/bash\nanna:x:1000:1000::/home/anna:/bin/sh\n";
        assert_eq!(account_named(passwd, 1000).as_deref(), Some("anna"));
        assert_eq!(account_named(passwd, 0).as_deref(), Some("root"));
        assert_eq!(account_named(passwd, 42), None);
        assert_eq!(account_named("garbage\n::\n", 0), None);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_account_is_the_processes_whatever_user_says() {
        // The owner of this process, not whatever $USER says.
        let account = os_account();
        assert!(!account.is_empty() && account != "unknown", "{account}");
        use std::os::unix::fs::MetadataExt;
        let uid = std::fs::metadata("/proc/self").unwrap().uid();
        let passwd = std::fs::read_to_string("/etc/passwd").unwrap_or_default();
        let expected = account_named(&passwd, uid).unwrap_or_else(|| format!("uid {uid}"));
        assert_eq!(account, expected);
    }

    #[test]
    fn records_append_and_read_back_without_codes() {
        let path = std::env::temp_dir()
            .join(format!("casdesk-audit-{}/audit.jsonl", uuid::Uuid::new_v4()));
        let log = AuditLog::new(path.clone(), "tenant-a");
        let mut generated = UserOutcome::failed("a@x.com", Failure::new(""));
        generated.result = Ok(crate::api::ResultCode::Generated);
        generated.code = Some(crate::secret::Secret::new("629211156"));
        let failed = UserOutcome::failed("b@x.com", Failure::new("HTTP 500 \u{1b}[31mred"));
        log.record_outcomes("generate enrollment codes", &[generated, failed]).unwrap();
        log.record("lookup", vec![UserResult::ok("c@x.com")]).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(!text.contains("629211156"), "never a code: {text}");
        assert!(!text.contains('\u{1b}'), "server text is sanitised");
        let entries = read(&path).unwrap().entries;
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].users[0].result_code, Some(1000));
        assert!(!entries[0].users[1].ok);
        assert_eq!(entries[1].action, "lookup");
        assert_eq!(entries[1].tenant, "tenant-a");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        }
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn a_broken_line_is_reported_and_the_lines_after_it_still_read() {
        let path = std::env::temp_dir()
            .join(format!("casdesk-audit-{}/audit.jsonl", uuid::Uuid::new_v4()));
        let log = AuditLog::new(path.clone(), "tenant-a").with_profile(Some("production".into()));
        log.record("lookup", vec![UserResult::ok("a@x.com")]).unwrap();
        {
            let mut file = std::fs::OpenOptions::new().append(true).open(&path).unwrap();
            file.write_all(b"{\"time\": \"cut short by a cra\n").unwrap();
            file.write_all(b"\xff\xfe not UTF-8\n\n").unwrap();
        }
        log.record("void enrollment codes", vec![UserResult::ok("b@x.com")]).unwrap();
        let trail = read(&path).unwrap();
        let actions: Vec<&str> = trail.entries.iter().map(|e| e.action.as_str()).collect();
        assert_eq!(actions, ["lookup", "void enrollment codes"], "read past the bad lines");
        assert_eq!(trail.unreadable, [2, 3]);
        assert!(trail.entries.iter().all(|e| e.profile.as_deref() == Some("production")));
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn outcomes_are_recorded_in_words_and_never_carry_the_code() {
        let path = std::env::temp_dir()
            .join(format!("casdesk-audit-{}/audit.jsonl", uuid::Uuid::new_v4()));
        let log = AuditLog::new(path.clone(), "tenant-a");
        let mut generated = UserOutcome::failed("a@x.com", Failure::new(""));
        generated.result = Ok(crate::api::ResultCode::Generated);
        generated.code = Some(crate::secret::Secret::new("629211156"));
        generated.expires = Some(time::macros::datetime!(2026-12-03 19:00 UTC));
        let device: crate::api::DeviceRegistrationCode = serde_json::from_str(
            r#"{"deviceRegistrationCode":"418273645512","expirationDate":"2026-12-03T18:30:00.000+00:00"}"#,
        )
        .unwrap();
        let eac: crate::api::EmergencyTokencode = serde_json::from_str(
            r#"{"emergencyTokencode":"73829104","expirationDate":"2026-12-04T17:00:00Z","oneTimeUse":true}"#,
        )
        .unwrap();
        log.record_outcomes("generate enrollment codes", &[generated]).unwrap();
        log.record(
            "device registration code",
            vec![UserResult::ok("a@x.com").with_outcome(device_code_outcome(&device))],
        )
        .unwrap();
        log.record(
            "enable emergency tokencode",
            vec![UserResult::ok("a@x.com").with_outcome(eac_outcome(&eac))],
        )
        .unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        for code in ["629211156", "418273645512", "73829104"] {
            assert!(!text.contains(code), "never a code: {text}");
        }
        let outcomes: Vec<String> = read(&path)
            .unwrap()
            .entries
            .iter()
            .map(|e| e.users[0].outcome.clone().unwrap_or_default())
            .collect();
        assert_eq!(
            outcomes,
            [
                "code generated, shown on screen, valid until 2026-12-03 19:00 UTC",
                "device registration code issued, valid until 2026-12-03 18:30 UTC",
                "emergency tokencode enabled for one use, valid until 2026-12-04 17:00 UTC",
            ]
        );
        let _ = std::fs::remove_dir_all(path.parent().unwrap());
    }

    #[test]
    fn results_from_before_outcomes_were_recorded_still_read() {
        let old = r#"{"time":"2026-11-01T10:00:00Z","os_user":"anna","tenant":"t","action":"unlock methods","users":[{"user":"a@x.com","ok":true}]}"#;
        let entry: Entry = serde_json::from_str(old).unwrap();
        assert_eq!(entry.users[0], UserResult::ok("a@x.com"));
        assert_eq!(serde_json::to_string(&entry).unwrap(), old, "written back as it was");
        let new = UserResult::ok("a@x.com").with_outcome("now Disabled");
        let line = serde_json::to_string(&new).unwrap();
        assert_eq!(line, r#"{"user":"a@x.com","ok":true,"outcome":"now Disabled"}"#);
        assert_eq!(serde_json::from_str::<UserResult>(&line).unwrap(), new);
    }

    #[test]
    fn entries_from_before_profiles_still_read() {
        let old = r#"{"time":"2026-11-01T10:00:00Z","os_user":"anna","tenant":"t","action":"lookup","users":[]}"#;
        let entry: Entry = serde_json::from_str(old).unwrap();
        assert_eq!(entry.profile, None);
        assert!(!serde_json::to_string(&entry).unwrap().contains("profile"));
    }
}
