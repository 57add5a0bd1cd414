//! When casdesk last generated and downloaded each report, per profile (or, with no profile,
//! per tenant), kept in `reports.json` in the data directory (`CASDESK_DATA_DIR` or the
//! platform's), so the next run can say before sending that the service would refuse. It holds
//! times, where a report was written and how many rows: never the report itself.

use crate::api::ReportKind;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// One report kind's times, as this machine knows them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KindTimes {
    #[serde(default, skip_serializing_if = "Option::is_none", with = "maybe_time")]
    pub generated: Option<OffsetDateTime>,
    #[serde(default, skip_serializing_if = "Option::is_none", with = "maybe_time")]
    pub downloaded: Option<OffsetDateTime>,
    /// Where the last download was written.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_to: Option<PathBuf>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rows: Option<u64>,
}

/// The three kinds' times for one profile.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Times(pub BTreeMap<ReportKind, KindTimes>);

impl Times {
    pub fn of(&self, kind: ReportKind) -> KindTimes {
        self.0.get(&kind).cloned().unwrap_or_default()
    }
}

/// Where the times are kept and under which name.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Store {
    pub path: PathBuf,
    /// `profile NAME`, or `tenant URL` when no profile named the key.
    pub key: String,
}

type File = BTreeMap<String, BTreeMap<String, KindTimes>>;

impl Store {
    /// `reports.json` in the data directory, for `profile` (or `tenant` without one).
    pub fn for_profile(profile: Option<&str>, tenant: &str) -> Option<Self> {
        let dir = crate::bulk::journal::default_dir()?.parent()?.to_path_buf();
        Some(Self::at(dir.join("reports.json"), profile, tenant))
    }

    pub fn at(path: PathBuf, profile: Option<&str>, tenant: &str) -> Self {
        let key = match profile {
            Some(p) => format!("profile {p}"),
            None => format!("tenant {tenant}"),
        };
        Self { path, key }
    }

    /// The times kept; none when the file is missing. An unreadable file reads as none, said
    /// in the error so the caller can warn (the service still enforces its limits).
    pub fn load(&self) -> Result<Times, String> {
        let file = read_file(&self.path)?;
        let mine = file.get(&self.key).cloned().unwrap_or_default();
        let times = mine
            .into_iter()
            .filter_map(|(kind, t)| ReportKind::parse(&kind).map(|k| (k, t)))
            .collect();
        Ok(Times(times))
    }

    /// Changes one kind's times and writes the file again (private to the user, replaced
    /// whole so a crash never leaves half of it).
    pub fn update(
        &self,
        kind: ReportKind,
        change: impl FnOnce(&mut KindTimes),
    ) -> Result<(), String> {
        let mut file = read_file(&self.path).unwrap_or_default();
        let mine = file.entry(self.key.clone()).or_default();
        change(mine.entry(kind.path().to_string()).or_default());
        let text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
        write_private(&self.path, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))
    }
}

impl Store {
    /// Forgets every time kept under this name (the demo tenant reset: its reports are gone).
    pub fn forget(&self) -> Result<(), String> {
        let mut file = read_file(&self.path).unwrap_or_default();
        if file.remove(&self.key).is_none() {
            return Ok(());
        }
        let text = serde_json::to_string_pretty(&file).map_err(|e| e.to_string())?;
        write_private(&self.path, text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))
    }
}

fn read_file(path: &Path) -> Result<File, String> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| {
            format!("{} is not readable ({e}); report times start afresh", path.display())
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(File::new()),
        Err(e) => Err(format!("cannot read {}: {e}", path.display())),
    }
}

/// Writes `bytes` to `path` through a temporary file beside it, mode 0600, directory 0700.
pub(crate) fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if let Some(dir) = path.parent() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
    }
    let temp = path.with_extension("json.tmp");
    let mut options = std::fs::OpenOptions::new();
    options.create(true).write(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(&temp)?;
    file.write_all(bytes)?;
    file.sync_data()?;
    std::fs::rename(&temp, path)
}

mod maybe_time {
    use super::Rfc3339;
    use serde::{Deserialize, Deserializer, Serializer};
    use time::OffsetDateTime;

    pub fn serialize<S: Serializer>(t: &Option<OffsetDateTime>, s: S) -> Result<S::Ok, S::Error> {
        match t {
            Some(t) => s.serialize_str(&t.format(&Rfc3339).map_err(serde::ser::Error::custom)?),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        // A time that does not read is as if none were kept.
        Ok(Option::<String>::deserialize(d)?.and_then(|t| OffsetDateTime::parse(&t, &Rfc3339).ok()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn each_profile_keeps_its_own_times() {
        let dir = std::env::temp_dir().join(format!("casdesk-report-times-{}", std::process::id()));
        let path = dir.join("reports.json");
        let _ = std::fs::remove_file(&path);
        let a = Store::at(path.clone(), Some("prod"), "https://x/");
        let b = Store::at(path.clone(), None, "https://x/");
        assert_eq!(a.load().unwrap(), Times::default(), "no file: no times");
        let at = datetime!(2026-12-08 10:00 UTC);
        a.update(ReportKind::Users, |t| t.generated = Some(at)).unwrap();
        b.update(ReportKind::MfaClients, |t| {
            t.downloaded = Some(at);
            t.rows = Some(3);
        })
        .unwrap();
        assert_eq!(a.load().unwrap().of(ReportKind::Users).generated, Some(at));
        assert_eq!(a.load().unwrap().of(ReportKind::MfaClients), KindTimes::default());
        assert_eq!(b.load().unwrap().of(ReportKind::MfaClients).rows, Some(3));
        b.forget().unwrap();
        assert_eq!(b.load().unwrap(), Times::default());
        assert!(a.load().unwrap().of(ReportKind::Users).generated.is_some(), "only its own");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        std::fs::write(&path, "{not json").unwrap();
        assert!(a.load().is_err(), "said, so it can be warned about");
        a.update(ReportKind::Users, |t| t.generated = Some(at)).unwrap();
        assert_eq!(a.load().unwrap().of(ReportKind::Users).generated, Some(at), "starts afresh");
        let _ = std::fs::remove_dir_all(dir);
    }
}
