//! The diagnostic log: `tracing` events to a daily-rotating file in the state directory, never
//! to the terminal (the console owns it, and headless output is for scripts).
//!
//! What is logged is chosen so that no secret can reach it: calls by method, path and status,
//! never bodies or headers; errors by their `Display`, which never quotes a body that may hold a
//! code; tokens, keys and codes live in [`crate::secret::Secret`], whose formatting is redacted.

use std::path::{Path, PathBuf};
use std::str::FromStr;
use tracing::level_filters::LevelFilter;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;

/// Old files beyond this many days are deleted as new ones start.
const KEEP_FILES: usize = 7;
const DEFAULT_LEVEL: &str = "info";

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
        .filter(|name| name.starts_with("casdesk.") && name.ends_with(".log"))
        .max()
        .map_or_else(|| dir.to_path_buf(), |name| dir.join(name))
}

/// Sends this process's events to a file in `dir` (created private to the user: the log names
/// the users looked up). Call once, before anything logs.
pub fn init(dir: &Path, filter: LogFilter) -> Result<(), String> {
    create_private_dir(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let files = tracing_appender::rolling::Builder::new()
        .rotation(tracing_appender::rolling::Rotation::DAILY)
        .filename_prefix("casdesk")
        .filename_suffix("log")
        .max_log_files(KEEP_FILES)
        .build(dir)
        .map_err(|e| format!("cannot open a log file in {}: {e}", dir.display()))?;
    // Written in place, not from a background thread: a SIGKILL or panic loses nothing, and
    // casdesk logs a line per call, not per byte.
    let layer = tracing_subscriber::fmt::layer().with_writer(files).with_ansi(false);
    tracing_subscriber::registry()
        .with(layer)
        .with(filter.0)
        .try_init()
        .map_err(|e| format!("logging was already set up: {e}"))
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
}
