//! The diagnostic log: `tracing` events to a daily-rotating file in the state directory, never
//! to the terminal (the console owns it, and headless output is for scripts).
//!
//! What is logged is chosen so that no secret can reach it: calls by method, path and status,
//! never bodies or headers; errors by their `Display`, which never quotes a body that may hold a
//! code; tokens, keys and codes live in [`crate::secret::Secret`], whose formatting is redacted.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use tracing::level_filters::LevelFilter;
use tracing_appender::rolling::{RollingFileAppender, RollingWriter};
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Old files beyond this many days are deleted as new ones start.
const KEEP_FILES: usize = 7;
const DEFAULT_LEVEL: &str = "info";
/// Files are `casdesk.<date>.log`.
const FILE_PREFIX: &str = "casdesk";
const FILE_SUFFIX: &str = "log";

/// What to log, from `--log-level`: a level for casdesk's own events (dependencies then log
/// only warnings and errors), or a full filter such as `debug,hyper=trace`.
#[derive(Clone, Debug)]
pub struct LogFilter(Targets);

impl FromStr for LogFilter {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, String> {
        let s = s.trim();
        if s.contains('=') || s.contains(',') {
            return Targets::from_str(s).map(LogFilter).map_err(|e| {
                format!("`{s}` is not a log filter ({e}); try a level such as debug")
            });
        }
        let level = LevelFilter::from_str(s).map_err(|_| {
            format!("`{s}` is not a log level; use off, error, warn, info, debug or trace")
        })?;
        let dependencies = level.min(LevelFilter::WARN);
        Ok(LogFilter(Targets::new().with_target("casdesk", level).with_default(dependencies)))
    }
}

impl Default for LogFilter {
    fn default() -> Self {
        DEFAULT_LEVEL.parse().expect("the default level parses")
    }
}

/// Where log files go: `CASDESK_LOG_DIR`, else the platform's state directory
/// (`~/.local/state/casdesk/logs` on Linux; the local data directory elsewhere).
pub fn default_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("CASDESK_LOG_DIR").filter(|v| !v.is_empty()) {
        return Some(PathBuf::from(dir));
    }
    let dirs = directories::ProjectDirs::from("", "", "casdesk")?;
    let base = dirs.state_dir().unwrap_or_else(|| dirs.data_local_dir());
    Some(base.join("logs"))
}

/// The file being written in `dir`: the newest `casdesk.<date>.log` (today's, once anything
/// has started logging), else the directory itself.
pub fn current_file(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .filter(|name| is_log_file(name))
        .max()
        .map_or_else(|| dir.to_path_buf(), |name| dir.join(name))
}

/// Sends this process's events to a file in `dir` (private to the user: the log names the
/// users looked up). Call once, before anything logs.
pub fn init(dir: &Path, filter: LogFilter) -> Result<(), String> {
    let files = PrivateFiles::open(dir)?;
    // Written in place, not from a background thread: a SIGKILL or panic loses nothing, and
    // casdesk logs a line per call, not per byte.
    let layer = tracing_subscriber::fmt::layer().with_writer(files).with_ansi(false);
    tracing_subscriber::registry()
        .with(layer)
        .with(filter.0)
        .try_init()
        .map_err(|e| format!("logging was already set up: {e}"))
}

/// The daily files, each made readable by the user only (`0600`) as it starts: the appender
/// creates them with the default umask. A folder casdesk creates is `0700`; one that already
/// exists (`CASDESK_LOG_DIR`) is left as it is, its log files still `0600`.
struct PrivateFiles {
    files: RollingFileAppender,
    dir: PathBuf,
    /// The UTC day (since the epoch) the files were last made private; the appender starts a
    /// new file when the UTC day changes.
    day: AtomicU64,
}

impl PrivateFiles {
    fn open(dir: &Path) -> Result<Self, String> {
        create_private_dir(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let files = tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix(FILE_PREFIX)
            .filename_suffix(FILE_SUFFIX)
            .max_log_files(KEEP_FILES)
            .build(dir)
            .map_err(|e| format!("cannot open a log file in {}: {e}", dir.display()))?;
        make_files_private(dir);
        Ok(Self { files, dir: dir.to_path_buf(), day: AtomicU64::new(utc_day()) })
    }
}

impl<'a> MakeWriter<'a> for PrivateFiles {
    type Writer = RollingWriter<'a>;

    fn make_writer(&'a self) -> Self::Writer {
        // The day is read before the appender looks at the clock, so a file it starts in this
        // call is made private in this call or the next.
        let today = utc_day();
        let writer = self.files.make_writer();
        if self.day.swap(today, Ordering::Relaxed) != today {
            make_files_private(&self.dir);
        }
        writer
    }
}

fn utc_day() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() / 86_400)
}

/// Every `casdesk.*.log` in `dir` readable and writable by the user only.
fn make_files_private(dir: &Path) {
    #[cfg(unix)]
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        use std::os::unix::fs::PermissionsExt;
        if !is_log_file(&entry.file_name().to_string_lossy()) {
            continue;
        }
        if let Ok(meta) = entry.metadata()
            && meta.is_file()
            && meta.permissions().mode() & 0o077 != 0
        {
            let _ = std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o600));
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// One of the appender's daily files (`casdesk.<date>.log`).
fn is_log_file(name: &str) -> bool {
    name.starts_with(FILE_PREFIX) && name.ends_with(FILE_SUFFIX)
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracing::Level;

    fn enabled(filter: &LogFilter, target: &str, level: Level) -> bool {
        filter.0.would_enable(target, &level)
    }

    #[test]
    fn a_level_is_for_casdesk_and_dependencies_stay_quiet() {
        let filter: LogFilter = "debug".parse().unwrap();
        assert!(enabled(&filter, "casdesk::api", Level::DEBUG));
        assert!(!enabled(&filter, "casdesk::api", Level::TRACE));
        assert!(!enabled(&filter, "hyper_util::client", Level::INFO));
        assert!(enabled(&filter, "hyper_util::client", Level::WARN));
        let off: LogFilter = "off".parse().unwrap();
        assert!(!enabled(&off, "casdesk", Level::ERROR));
        assert!(!enabled(&off, "hyper", Level::ERROR));
    }

    #[test]
    fn a_full_filter_is_taken_as_written() {
        let filter: LogFilter = "trace,casdesk=trace".parse().unwrap();
        assert!(enabled(&filter, "hyper", Level::TRACE));
        assert!(enabled(&filter, "casdesk::worker", Level::TRACE));
    }

    #[test]
    fn nonsense_says_what_is_accepted() {
        let err = "loud".parse::<LogFilter>().unwrap_err();
        assert!(err.contains("off, error, warn, info, debug or trace"), "{err}");
    }

    #[cfg(unix)]
    #[test]
    fn the_folder_is_0700_and_every_log_file_0600() {
        use std::io::Write;
        use std::os::unix::fs::PermissionsExt;
        let root = std::env::temp_dir().join(format!("casdesk-logs-{}", uuid::Uuid::new_v4()));
        let dir = root.join("state/logs");
        std::fs::create_dir_all(&root).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;

        let files = PrivateFiles::open(&dir).unwrap();
        assert_eq!(mode(&dir), 0o700, "a folder casdesk creates");
        files.make_writer().write_all(b"one line\n").unwrap();
        let today = current_file(&dir);
        assert!(today.is_file(), "{}", today.display());
        assert_eq!(mode(&today), 0o600, "the file the appender started");

        // A file from before (an older casdesk, or a copy) that others can read.
        let older = dir.join("casdesk.2020-01-01.log");
        std::fs::write(&older, "old\n").unwrap();
        std::fs::set_permissions(&older, std::fs::Permissions::from_mode(0o644)).unwrap();
        // As on the first write of a new day.
        files.day.store(0, Ordering::Relaxed);
        files.make_writer().write_all(b"another line\n").unwrap();
        assert_eq!(mode(&older), 0o600, "files are made private when a day starts");
        assert_eq!(mode(&today), 0o600);
        let _ = std::fs::remove_dir_all(&root);
    }
}
