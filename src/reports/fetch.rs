//! Getting a report into a file: streamed into a private temporary file, then put in place
//! without replacing a file that is there unless asked to, so a broken download never leaves
//! half a report under the name asked for, and no file is overwritten unasked.

use crate::api::{ApiError, Client, Downloaded, ReportKind};
use std::path::{Path, PathBuf};

/// A report written where it was asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saved {
    pub path: PathBuf,
    pub rows: u64,
    pub bytes: u64,
}

#[derive(Debug)]
pub enum FetchError {
    /// The service's answer (404 not ready, 429, …) or no answer.
    Api(ApiError),
    /// A file is there already and replacing it was not asked for; nothing was downloaded.
    Exists(PathBuf),
    /// This machine could not write it.
    Io(String),
}

impl std::fmt::Display for FetchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FetchError::Api(e) => write!(f, "{e}"),
            FetchError::Exists(p) => write!(f, "{} exists; it was not replaced", p.display()),
            FetchError::Io(e) => write!(f, "{e}"),
        }
    }
}

/// Downloads `kind` into `file` (created 0600, or emptied), removed again if it fails.
pub async fn download_to_file(
    client: &Client,
    kind: ReportKind,
    file: &Path,
) -> Result<Downloaded, FetchError> {
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| FetchError::Io(format!("cannot make {}: {e}", dir.display())))?;
    }
    let mut options = tokio::fs::OpenOptions::new();
    options.create(true).write(true).truncate(true);
    #[cfg(unix)]
    options.mode(0o600);
    let mut out = options
        .open(file)
        .await
        .map_err(|e| FetchError::Io(format!("cannot write {}: {e}", file.display())))?;
    let got = client.download_report(kind, &mut out).await;
    drop(out);
    if got.is_err() {
        let _ = std::fs::remove_file(file);
    }
    got.map_err(FetchError::Api)
}

/// Moves `from` to `to`. Without `replace`, a file already at `to` stays and the answer is
/// [`FetchError::Exists`] (checked as the file is put there, so a file made meanwhile is not
/// lost either).
pub fn place(from: &Path, to: &Path, replace: bool) -> Result<(), FetchError> {
    let io = |e: std::io::Error| FetchError::Io(format!("cannot write {}: {e}", to.display()));
    if replace {
        if std::fs::rename(from, to).is_ok() {
            return Ok(());
        }
        std::fs::copy(from, to).map_err(io)?;
        let _ = std::fs::remove_file(from);
        return Ok(());
    }
    match std::fs::hard_link(from, to) {
        Ok(()) => {
            let _ = std::fs::remove_file(from);
            Ok(())
        }
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            Err(FetchError::Exists(to.into()))
        }
        // Another file system, or one without links: copy into a file that must be new.
        Err(_) => {
            let mut options = std::fs::OpenOptions::new();
            options.write(true).create_new(true);
            #[cfg(unix)]
            std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
            let mut target = match options.open(to) {
                Ok(f) => f,
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    return Err(FetchError::Exists(to.into()));
                }
                Err(e) => return Err(io(e)),
            };
            let mut source = std::fs::File::open(from).map_err(io)?;
            std::io::copy(&mut source, &mut target).map_err(io)?;
            let _ = std::fs::remove_file(from);
            Ok(())
        }
    }
}

/// Where a download to `to` is written first: a hidden file beside it.
pub fn partial_beside(to: &Path) -> PathBuf {
    let name = to.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    to.with_file_name(format!(".{name}.casdesk-partial"))
}

/// Downloads `kind` to `to`: refused before anything is sent when a file is there and
/// `replace` is not given.
pub async fn download(
    client: &Client,
    kind: ReportKind,
    to: &Path,
    replace: bool,
) -> Result<Saved, FetchError> {
    if !replace && to.exists() {
        return Err(FetchError::Exists(to.into()));
    }
    let partial = partial_beside(to);
    let got = download_to_file(client, kind, &partial).await?;
    if let Err(e) = place(&partial, to, replace) {
        let _ = std::fs::remove_file(&partial);
        return Err(e);
    }
    let path = std::path::absolute(to).unwrap_or_else(|_| to.to_path_buf());
    Ok(Saved { path, rows: got.rows, bytes: got.bytes })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placing_never_replaces_unasked() {
        let dir = std::env::temp_dir().join(format!("casdesk-place-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (from, to) = (dir.join("from.csv"), dir.join("to.csv"));
        std::fs::write(&from, "new").unwrap();
        std::fs::write(&to, "old").unwrap();
        assert!(matches!(place(&from, &to, false), Err(FetchError::Exists(_))));
        assert_eq!(std::fs::read_to_string(&to).unwrap(), "old");
        place(&from, &to, true).unwrap();
        assert_eq!(std::fs::read_to_string(&to).unwrap(), "new");
        assert!(!from.exists());
        std::fs::write(&from, "again").unwrap();
        let fresh = dir.join("fresh.csv");
        place(&from, &fresh, false).unwrap();
        assert_eq!(std::fs::read_to_string(&fresh).unwrap(), "again");
        assert!(partial_beside(&fresh).ends_with(".fresh.csv.casdesk-partial"));
        let _ = std::fs::remove_dir_all(dir);
    }
}
