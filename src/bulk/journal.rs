//! The run journal: one JSON Lines file per bulk run in the data directory, appended and
//! flushed to disk before a result is shown, so a run cut short (killed, SSH dropped, machine
//! rebooted) can be finished later without losing a result or repeating what must not be.
//!
//! Lines, in order: `start` (the run: tenant, operation, users), then for each call `sending`
//! (the users about to be sent) and `results` (each user's outcome), then `end`. A resumed run
//! appends `resumed` and carries on in the same file. Never a code, a token or a key: a result
//! is its result code, the service's message and the error, nothing else.

use super::Operation;
pub use super::recorded::Recorded;
use super::work::Settled;
use crate::actions::UserAction;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, Write};
use std::path::{Path, PathBuf};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RunHeader {
    pub run_id: String,
    /// RFC 3339, UTC.
    pub started: String,
    /// Where the run was sent (the API URL), so it is only ever resumed against the same tenant.
    pub tenant: String,
    pub operation: RunOf,
    pub users: Vec<String>,
}

/// What a run does to each user: codes, a call for up to 100 users at a time, or a per-user
/// action (each user looked up, then acted on). Untagged, so journals written before
/// per-user actions were journaled still read as code runs.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum RunOf {
    Codes(Operation),
    Each { action: UserAction },
}

impl RunOf {
    /// "void enrollment codes", "disable user".
    pub fn describe(&self) -> String {
        match self {
            Self::Codes(op) => op.describe(),
            Self::Each { action } => action.name().to_string(),
        }
    }

    /// Whether a user whose call was in flight at a kill may be sent again: a void or a
    /// per-user action (each reads the user's state first, so one already done answers
    /// "nothing to do"), never a generate (a second code would replace the first).
    pub fn safe_to_repeat(&self) -> bool {
        match self {
            Self::Codes(op) => op.safe_to_repeat(),
            Self::Each { .. } => true,
        }
    }
}

impl From<Operation> for RunOf {
    fn from(op: Operation) -> Self {
        Self::Codes(op)
    }
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "t", rename_all = "lowercase")]
enum Line {
    Start(RunHeader),
    Sending { users: Vec<String> },
    Results { users: Vec<Recorded> },
    Resumed { at: String },
    End { cancelled: bool },
}

/// An open journal, appending.
pub struct Journal {
    file: File,
    path: PathBuf,
}

impl Journal {
    /// Starts the journal of a new run in `dir` (created if needed, private to the user).
    pub fn create(dir: &Path, header: &RunHeader) -> io::Result<Self> {
        create_private_dir(dir)?;
        let path = dir.join(format!("{}.jsonl", header.run_id));
        let mut options = OpenOptions::new();
        options.create_new(true).append(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path)?;
        let mut journal = Self { file, path };
        journal.write(&Line::Start(header.clone()))?;
        Ok(journal)
    }

    /// Reopens an interrupted run's journal to carry on with it.
    pub fn resume(run: &RecordedRun, now: &str) -> io::Result<Self> {
        let file = OpenOptions::new().append(true).open(&run.path)?;
        let mut journal = Self { file, path: run.path.clone() };
        journal.write(&Line::Resumed { at: now.to_string() })?;
        Ok(journal)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Before a call goes out: if casdesk dies before `results`, these users' fate is unknown.
    pub fn sending(&mut self, users: &[String]) -> io::Result<()> {
        self.write(&Line::Sending { users: users.to_vec() })
    }

    /// The outcomes of the run's own users; strays (answers for nobody asked) are not users of
    /// the run, and would otherwise take the place of a user's own outcome on resuming.
    pub fn results<O: Settled>(&mut self, outcomes: &[O]) -> io::Result<()> {
        let users = outcomes.iter().filter_map(Settled::recorded).collect();
        self.write(&Line::Results { users })
    }

    pub fn recorded(&mut self, users: Vec<Recorded>) -> io::Result<()> {
        self.write(&Line::Results { users })
    }

    pub fn finish(&mut self, cancelled: bool) -> io::Result<()> {
        self.write(&Line::End { cancelled })
    }

    /// One line, written whole and pushed to the disk before the caller shows anything.
    fn write(&mut self, line: &Line) -> io::Result<()> {
        let mut text = serde_json::to_string(line).map_err(io::Error::other)?;
        text.push('\n');
        self.file.write_all(text.as_bytes())?;
        self.file.sync_data()
    }
}

fn create_private_dir(dir: &Path) -> io::Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir)
}

/// A run as its journal tells it.
#[derive(Clone, Debug)]
pub struct RecordedRun {
    pub path: PathBuf,
    pub header: RunHeader,
    /// Each user's outcome, keyed by the lower-case address; the last recorded wins.
    pub outcomes: HashMap<String, Recorded>,
    /// Users sent in a call whose answer never reached the journal.
    pub in_doubt: HashSet<String>,
    pub finished: bool,
}

impl RecordedRun {
    /// Reads a journal. A torn last line (casdesk killed mid-write) is ignored: the call it
    /// would have recorded is then in doubt, which is the truth.
    pub fn read(path: &Path) -> io::Result<Self> {
        let reader = io::BufReader::new(File::open(path)?);
        let mut header = None;
        let mut outcomes = HashMap::new();
        let mut in_doubt = HashSet::new();
        let mut finished = false;
        for line in reader.lines() {
            let line = line?;
            let Ok(parsed) = serde_json::from_str::<Line>(&line) else { continue };
            match parsed {
                Line::Start(h) => header = Some(h),
                Line::Sending { users } => {
                    in_doubt.extend(users.iter().map(|u| u.to_ascii_lowercase()));
                }
                Line::Results { users } => {
                    for user in users {
                        let key = user.email.to_ascii_lowercase();
                        in_doubt.remove(&key);
                        outcomes.insert(key, user);
                    }
                }
                Line::Resumed { .. } => finished = false,
                Line::End { .. } => finished = true,
            }
        }
        let header = header.ok_or_else(|| {
            io::Error::new(io::ErrorKind::InvalidData, "the journal has no start line")
        })?;
        Ok(Self { path: path.to_path_buf(), header, outcomes, in_doubt, finished })
    }

    /// Users never sent, in the run's order.
    pub fn never_sent(&self) -> Vec<String> {
        self.header
            .users
            .iter()
            .filter(|u| {
                let key = u.to_ascii_lowercase();
                !self.outcomes.contains_key(&key) && !self.in_doubt.contains(&key)
            })
            .cloned()
            .collect()
    }

    /// Users whose call went out but whose answer was lost, in the run's order.
    pub fn lost_answers(&self) -> Vec<String> {
        self.header
            .users
            .iter()
            .filter(|u| self.in_doubt.contains(&u.to_ascii_lowercase()))
            .cloned()
            .collect()
    }

    /// What resuming will send: the users never sent, plus, when repeating is harmless
    /// (voiding), those whose answer was lost. A generate call that may have reached the
    /// service is never repeated: a second code would replace the first.
    pub fn to_send(&self) -> Vec<String> {
        if self.header.operation.safe_to_repeat() {
            self.header
                .users
                .iter()
                .filter(|u| !self.outcomes.contains_key(&u.to_ascii_lowercase()))
                .cloned()
                .collect()
        } else {
            self.never_sent()
        }
    }

    pub fn done_count(&self) -> usize {
        self.outcomes.len()
    }
}

/// The runs in `dir` that did not finish, newest first. Unreadable journals are skipped.
pub fn unfinished(dir: &Path) -> Vec<RecordedRun> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut runs: Vec<RecordedRun> = entries
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .filter_map(|p| RecordedRun::read(&p).ok())
        .filter(|r| !r.finished)
        .collect();
    runs.sort_by(|a, b| b.header.started.cmp(&a.header.started));
    runs
}

/// Which tenant a run belongs to, as journals record it: the API URL, except that every
/// simulator on this machine (the demo, `casdesk sim`) is one tenant whatever port it got, so
/// a demo run can be finished in the next demo.
pub fn tenant_id(client: &crate::api::Client) -> String {
    tenant_id_of(client.base_url())
}

/// [`tenant_id`] from the API's base URL, before a client exists.
pub fn tenant_id_of(url: &url::Url) -> String {
    let loopback = match url.host() {
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        Some(url::Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        None => false,
    };
    if loopback { "simulator on this machine".into() } else { url.to_string() }
}

/// Where run journals live: `CASDESK_DATA_DIR/runs`, or `runs` in the platform's data
/// directory (`~/.local/share/casdesk/runs` on Linux).
pub fn default_dir() -> Option<PathBuf> {
    let base = match std::env::var_os("CASDESK_DATA_DIR").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => directories::ProjectDirs::from("", "", "casdesk")?.data_dir().to_path_buf(),
    };
    Some(base.join("runs"))
}
