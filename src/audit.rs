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
}

impl UserResult {
    pub fn ok(user: &str) -> Self {
        Self { user: user.to_string(), result_code: None, ok: true, error: None }
    }

    pub fn failed(user: &str, error: impl Into<String>) -> Self {
        Self { user: user.to_string(), result_code: None, ok: false, error: Some(error.into()) }
    }

    pub fn of(outcome: &UserOutcome) -> Self {
        match &outcome.result {
            Ok(code) => Self {
                user: outcome.email.clone(),
                result_code: Some(code.code()),
                ok: code.is_success() || code.is_nothing_to_do(),
                error: None,
            },
            Err(f) => Self::failed(&outcome.email, f.message.clone()),
        }
    }
}

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
}

impl AuditLog {
    pub fn new(path: PathBuf, tenant: impl Into<String>) -> Self {
        let os_user = ["USER", "LOGNAME", "USERNAME"]
            .iter()
            .find_map(|v| std::env::var(v).ok().filter(|s| !s.is_empty()))
            .unwrap_or_else(|| "unknown".into());
        Self { path, tenant: tenant.into(), os_user }
    }

    /// `audit.jsonl` in `CASDESK_DATA_DIR` or the platform's data directory.
    pub fn default_path() -> Option<PathBuf> {
        crate::bulk::journal::default_dir()?.parent().map(|data| data.join("audit.jsonl"))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one action, flushed to disk. Created private to the user.
    pub fn record(&self, action: &str, users: Vec<UserResult>) -> io::Result<()> {
        let entry = Entry {
            time: crate::worker::now_rfc3339(),
            os_user: self.os_user.clone(),
            tenant: self.tenant.clone(),
            action: action.to_string(),
            users: users
                .into_iter()
                .map(|u| UserResult { error: u.error.map(|e| crate::text::sanitize(&e)), ..u })
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

/// Every entry in the trail at `path`, oldest first; lines that do not read are skipped.
pub fn read(path: &Path) -> io::Result<Vec<Entry>> {
    let file = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    Ok(io::BufReader::new(file)
        .lines()
        .map_while(Result::ok)
        .filter_map(|l| serde_json::from_str(&l).ok())
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bulk::Failure;

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
        let entries = read(&path).unwrap();
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
}
