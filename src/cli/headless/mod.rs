//! Commands for scripts and cron: the same client and bulk engine as the console, users from
//! arguments, a file or stdin, results as CSV or JSON on stdout or to a file, progress on
//! stderr when it is a terminal, and an exit code a script can act on.

pub mod activity;
mod admin_activity;
pub mod audit;
pub mod bulk;
pub mod caller;
pub mod devices;
pub mod failures;
pub mod follow;
pub mod hardware;
mod list_run;
pub mod lookup;
pub mod note;
mod one_user;
pub mod phone;
mod read_about;
mod record;
pub mod report;
mod rows_as_settled;
pub mod runs;
pub mod search;
pub mod single;
pub mod stats;
mod token_serial;
pub mod tokens;
pub mod user_action;

use clap::{Args, ValueEnum};
use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Every user succeeded (or had nothing to do).
pub const ALL_OK: u8 = 0;
/// At least one user failed; the output says which.
pub const SOME_FAILED: u8 = 1;
/// Nothing could be done: bad arguments, no tenant, unreadable input (clap uses 2 as well).
pub const COULD_NOT_RUN: u8 = 2;

#[derive(Args, Debug, Clone)]
pub struct Input {
    /// E-mail addresses (add more with --input)
    users: Vec<String>,
    /// A file of addresses, one a line, or a CSV with an e-mail column (UTF-8, UTF-16 or Windows-1252); `-` reads stdin
    #[arg(long, short = 'i', value_name = "FILE")]
    input: Option<PathBuf>,
}

#[derive(Args, Debug, Clone)]
pub struct Output {
    /// Result format
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Csv)]
    pub(super) format: Format,
    /// Write results here instead of stdout (made 0600, even if it exists: it may hold codes)
    #[arg(long, short = 'o', value_name = "FILE")]
    pub(super) output: Option<PathBuf>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Csv,
    Json,
}

/// Lists larger than this are refused rather than read into memory.
const MAX_INPUT_BYTES: u64 = 32 * 1024 * 1024;

impl Input {
    /// The addresses to act on. Lines that are not addresses are reported on stderr with
    /// their line numbers and why, and come back as `malformed`, to be counted as failed. A
    /// file is read in whichever encoding it was saved (UTF-8, UTF-16, Windows-1252).
    pub fn read(&self) -> Result<casdesk::userlist::UserList, String> {
        use casdesk::userlist::UserList;
        // Each argument is a line of its own, numbered as such ("argument 2").
        let mut list = UserList::parse(&self.users.join("\n"));
        report_rejected(&list, "argument");
        if let Some(path) = &self.input {
            let shown = if path.as_os_str() == "-" {
                "standard input".to_string()
            } else {
                path.display().to_string()
            };
            let from_file = UserList::from_bytes(&read_input(path)?)
                .map_err(|why| format!("cannot read {shown}: {why}"))?;
            if let Some(encoding) = from_file.encoding.filter(|e| !e.is_utf8()) {
                eprintln!("casdesk: {shown} read as {encoding}");
            }
            if let Some(column) = &from_file.column {
                eprintln!(
                    "casdesk: addresses from the column \"{}\" (header on line {})",
                    column.name, column.line
                );
            }
            report_rejected(&from_file, "line");
            list.extend(from_file);
        }
        if list.duplicates > 0 {
            eprintln!("casdesk: {} duplicate address(es) removed", list.duplicates);
        }
        if list.emails.is_empty() {
            return Err(
                "no e-mail addresses given (as arguments, or with --input FILE or -)".into()
            );
        }
        Ok(list)
    }
}

/// Every rejected line of `list` on stderr: where it is, what it says and why.
fn report_rejected(list: &casdesk::userlist::UserList, place: &str) {
    for bad in &list.malformed {
        eprintln!(
            "casdesk: {place} {}: \"{}\" is not an e-mail address ({})",
            bad.line, bad.text, bad.reason
        );
    }
}

/// The bytes of `path` (`-`: stdin), refused when larger than [`MAX_INPUT_BYTES`].
fn read_input(path: &Path) -> Result<Vec<u8>, String> {
    let reader: Box<dyn Read> = if path.as_os_str() == "-" {
        Box::new(std::io::stdin())
    } else {
        Box::new(
            std::fs::File::open(path)
                .map_err(|e| format!("cannot open {}: {e}", path.display()))?,
        )
    };
    let mut bytes = Vec::new();
    reader
        .take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(format!("{} is larger than 32 MiB", path.display()));
    }
    Ok(bytes)
}

pub use record::{Record, Value, to_csv, to_json};

impl Output {
    pub fn write(&self, records: &[Record]) -> Result<(), String> {
        self.write_with_header(records, &[])
    }

    /// [`Self::write`], with `columns` as the CSV header when there are no records.
    pub fn write_with_header(&self, records: &[Record], columns: &[&str]) -> Result<(), String> {
        let text = match self.format {
            Format::Csv => to_csv(records, columns),
            Format::Json => to_json(records),
        };
        match &self.output {
            None => std::io::stdout()
                .lock()
                .write_all(text.as_bytes())
                .map_err(|e| format!("cannot write the results: {e}")),
            Some(path) => write_private(path, text.as_bytes()),
        }
    }
}

/// Writes `bytes` to the file at `path`, readable by the user only (`0600`) whether it is new
/// or not: results may hold codes. An existing file that others can read is made `0600`
/// before it is emptied and written, and stderr says so; one that cannot be (another user's)
/// is refused and left as it was.
fn write_private(path: &Path, bytes: &[u8]) -> Result<(), String> {
    let mut file = open_private(path)?;
    if file.metadata().is_ok_and(|m| m.is_file()) {
        file.set_len(0).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    }
    file.write_all(bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// Opens the file at `path` for writing, readable by the user only (see [`write_private`]);
/// its old contents are left for the caller to empty.
fn open_private(path: &Path) -> Result<std::fs::File, String> {
    let shown = path.display();
    let mut options = std::fs::OpenOptions::new();
    // Emptied only once it is private: `truncate` here would act before the check.
    options.write(true).create(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let file = options.open(path).map_err(|e| format!("cannot write {shown}: {e}"))?;
    let meta = file.metadata().map_err(|e| format!("cannot write {shown}: {e}"))?;
    // A terminal or a pipe (`-o /dev/stdout`) is written as it is.
    if meta.is_file() {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = meta.permissions().mode() & 0o777;
            if mode & 0o077 != 0 {
                file.set_permissions(std::fs::Permissions::from_mode(0o600)).map_err(|e| {
                    format!(
                        "{shown} can be read by other users (permissions {mode:04o}) and cannot \
                         be made private ({e}); nothing was written: choose another file"
                    )
                })?;
                eprintln!(
                    "casdesk: {shown} could be read by other users (permissions {mode:04o}); \
                     made it 0600 before writing (it may hold codes)"
                );
            }
        }
    }
    Ok(file)
}

/// The first Ctrl-C cancels (calls in flight finish and are recorded), the second quits now.
/// Abort the returned task once the run is over.
pub fn cancel_on_ctrl_c(cancel: &casdesk::bulk::Cancel) -> tokio::task::JoinHandle<()> {
    let on_interrupt = cancel.clone();
    tokio::spawn(async move {
        if tokio::signal::ctrl_c().await.is_ok() {
            eprintln!(
                "\ncasdesk: stopping: calls in flight finish and are recorded (Ctrl-C again to quit now)"
            );
            on_interrupt.cancel();
            if tokio::signal::ctrl_c().await.is_ok() {
                std::process::exit(130);
            }
        }
    })
}

pub fn exit(failed: usize) -> ExitCode {
    ExitCode::from(if failed == 0 { ALL_OK } else { SOME_FAILED })
}

/// A one-line progress bar on stderr, redrawn in place; nothing when stderr is not a terminal.
pub struct Progress {
    total: usize,
    done: usize,
    started: std::time::Instant,
    shown: bool,
}

impl Progress {
    pub fn new(total: usize) -> Self {
        Self {
            total,
            done: 0,
            started: std::time::Instant::now(),
            shown: std::io::stderr().is_terminal(),
        }
    }

    pub fn advance(&mut self, users: usize) {
        self.done += users;
        if !self.shown {
            return;
        }
        const WIDTH: usize = 30;
        let filled = (self.done * WIDTH).checked_div(self.total).unwrap_or(WIDTH).min(WIDTH);
        let rate = self.done as f64 / self.started.elapsed().as_secs_f64().max(0.001);
        eprint!(
            "\r[{}{}] {}/{} users  {rate:.0}/s ",
            "#".repeat(filled),
            ".".repeat(WIDTH - filled),
            self.done,
            self.total
        );
        let _ = std::io::stderr().flush();
    }

    pub fn finish(&self) {
        if self.shown {
            eprintln!();
        }
    }
}
