//! The demo that remembers: `casdesk demo` and every `--demo` command share one demo tenant,
//! saved as `demo-tenant.json` in the data directory (`CASDESK_DATA_DIR`, or the platform's)
//! when each ends, so `--demo unlock X` then `--demo lookup X` shows the lock gone.
//! `casdesk demo --reset` starts over.
//!
//! One casdesk at a time holds the saved tenant (an flock on `demo-tenant.lock`, released when
//! the process ends however it ends); the file is written to a temporary file and renamed, so a
//! reader never sees half of it. A command that finds it held by another command waits its
//! turn; one that finds it held by an open console runs on a copy it does not keep, and says so.

use casdesk::sim::SimControl;
use casdesk::status::Status;
use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const STATE: &str = "demo-tenant.json";
const LOCK: &str = "demo-tenant.lock";
/// How long a command waits for another command to finish with the demo tenant.
const WAIT: Duration = Duration::from_secs(30);
/// How often it looks again meanwhile.
const POLL: Duration = Duration::from_millis(100);

/// Who holds the saved tenant, as written in the lock file for those who wait.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holder {
    Console,
    Command,
}

impl Holder {
    fn word(self) -> &'static str {
        match self {
            Self::Console => "console",
            Self::Command => "command",
        }
    }
}

/// The saved demo tenant, held (or only read, when someone else holds it).
pub struct DemoState {
    path: PathBuf,
    /// The lock, while held: changes are saved at the end. `None`: a copy, not saved.
    lock: Option<File>,
    /// What to tell the operator about the state used (a fresh tenant, a copy, a broken file).
    pub notices: Vec<String>,
    /// Whether a saved tenant was restored (else the tenant is as shipped).
    pub restored: bool,
    /// Whether a saved tenant could not be read (and the tenant is as shipped).
    broken: bool,
}

/// The data directory, as run journals and the audit record find it.
pub(super) fn data_dir() -> Option<PathBuf> {
    casdesk::bulk::journal::default_dir()?.parent().map(Path::to_path_buf)
}

impl DemoState {
    /// Takes the saved tenant for `holder` (waiting for a command that holds it: call it
    /// where blocking is fine). `None` when there is no data directory to keep it in.
    pub fn open(holder: Holder) -> Result<Option<Self>, String> {
        let Some(dir) = data_dir() else { return Ok(None) };
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create the data directory {}: {e}", dir.display()))?;
        let mut state = Self {
            path: dir.join(STATE),
            lock: None,
            notices: Vec::new(),
            restored: false,
            broken: false,
        };
        match take_lock(&dir.join(LOCK), holder, WAIT)? {
            Taken::Held(file) => state.lock = Some(file),
            Taken::ByConsole => state.notices.push(
                "the demo console is open and holds the demo tenant: this runs on a copy of \
                 it, and its changes are not kept"
                    .into(),
            ),
        }
        Ok(Some(state))
    }

    /// Restores the saved tenant, if any; a file that cannot be read is set aside (renamed
    /// `.broken`) and the tenant starts as shipped, with a notice saying so.
    pub fn load(&mut self, control: &SimControl) {
        let text = match std::fs::read_to_string(&self.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
            Err(e) => {
                self.set_aside(&e.to_string());
                return;
            }
        };
        match control.restore_tenant(&text) {
            Ok(()) => self.restored = true,
            Err(e) => self.set_aside(&e),
        }
    }

    /// What the console says on its status line as it opens: whether the demo is as shipped,
    /// as left, or a copy, and how to start over. Each fits the line at 80 columns; the
    /// notices' details (paths) are in the log.
    pub fn greeting(&self) -> (Status, String) {
        for notice in &self.notices {
            tracing::warn!("{notice}");
        }
        let (status, text) = if self.lock.is_none() {
            (Status::Warning, "Demo: a copy (another demo is open); changes here are not kept")
        } else if self.broken {
            (Status::Warning, "Demo: the saved tenant could not be read; it starts as shipped")
        } else if self.restored {
            (Status::Ok, "Demo tenant as you left it; casdesk demo --reset starts over")
        } else {
            (Status::Ok, "Demo tenant as shipped; what you do is kept (demo --reset starts over)")
        };
        (status, text.to_string())
    }

    /// What a command says on stderr when the demo starts as shipped, so trying commands
    /// one after another is not a surprise.
    pub fn fresh_notice(&self) -> Option<String> {
        (!self.restored && self.lock.is_some()).then(|| {
            format!(
                "a fresh demo tenant: what the --demo commands and `casdesk demo` do in it is kept \
                 in {} (`casdesk demo --reset` starts over)",
                self.path.display()
            )
        })
    }

    fn set_aside(&mut self, why: &str) {
        self.broken = true;
        let broken = self.path.with_extension("json.broken");
        let kept = self.lock.is_some() && std::fs::rename(&self.path, &broken).is_ok();
        let where_now = if kept {
            format!("it was moved to {}", broken.display())
        } else {
            "it was left as it is".into()
        };
        self.notices.push(format!(
            "the saved demo tenant {} could not be read ({why}); {where_now} and the demo \
             starts as shipped",
            self.path.display()
        ));
    }

    /// Saves the tenant behind `control`, if this holds the saved tenant: written to a
    /// temporary file (readable by the owner only: it holds the demo's codes), then renamed
    /// over the old one.
    pub fn save(&self, control: &SimControl) -> Result<(), String> {
        if self.lock.is_none() {
            return Ok(());
        }
        let json = control.save_tenant();
        let temp = self.path.with_extension(format!("json.{}.tmp", std::process::id()));
        let written =
            write_private(&temp, json.as_bytes()).and_then(|()| std::fs::rename(&temp, &self.path));
        written.map_err(|e| {
            let _ = std::fs::remove_file(&temp);
            format!("the demo tenant could not be saved in {}: {e}", self.path.display())
        })
    }
}

impl Drop for DemoState {
    /// Empties the lock file before the lock goes (with the descriptor), so the next waiter
    /// never reads who held it before.
    fn drop(&mut self) {
        if let Some(file) = &self.lock {
            let _ = file.set_len(0);
        }
    }
}

/// `casdesk demo --reset`: forgets the saved demo tenant (waiting for whoever holds it).
/// Returns what to tell the operator.
pub fn reset() -> Result<String, String> {
    let dir = data_dir().ok_or("no data directory: the demo keeps nothing to reset")?;
    let path = dir.join(STATE);
    if !path.exists() {
        return Ok("the demo tenant is already as shipped; nothing to reset".into());
    }
    let _lock = match take_lock(&dir.join(LOCK), Holder::Command, WAIT)? {
        Taken::Held(file) => file,
        Taken::ByConsole => {
            return Err("the demo console is open: quit it first, then reset".into());
        }
    };
    std::fs::remove_file(&path).map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
    // Its reports went with it, so the times kept for them say nothing any more.
    let reports = casdesk::reports::record::Store::for_profile(None, casdesk::audit::DEMO_TENANT);
    if let Some(Err(e)) = reports.map(|s| s.forget()) {
        tracing::warn!("{e}");
    }
    Ok(format!(
        "the demo tenant starts over: {} removed; the next `casdesk demo` or `--demo` command \
         sees the tenant as shipped",
        path.display()
    ))
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
}

enum Taken {
    Held(File),
    ByConsole,
}

/// Takes the lock at `path`; waits up to `wait` for a command that holds it, not for a
/// console (which may stay open all day).
fn take_lock(path: &Path, holder: Holder, wait: Duration) -> Result<Taken, String> {
    let shown = path.display();
    let file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(path)
        .map_err(|e| format!("cannot open {shown}: {e}"))?;
    let started = Instant::now();
    let mut said = false;
    loop {
        if try_lock(&file).map_err(|e| format!("cannot lock {shown}: {e}"))? {
            // For those who wait: who holds it.
            let _ = file.set_len(0);
            let _ =
                (&file).write_all(format!("{} {}\n", holder.word(), std::process::id()).as_bytes());
            return Ok(Taken::Held(file));
        }
        let other = std::fs::read_to_string(path).unwrap_or_default();
        if other.starts_with(Holder::Console.word()) {
            return Ok(Taken::ByConsole);
        }
        if started.elapsed() >= wait {
            return Err(format!(
                "another casdesk has held the demo tenant for {}s ({}); try again when it ends",
                wait.as_secs(),
                other.trim()
            ));
        }
        if !said {
            eprintln!("casdesk: waiting for another --demo command to finish with the demo tenant");
            said = true;
        }
        std::thread::sleep(POLL);
    }
}

/// A non-blocking exclusive flock; false when someone else holds it.
#[cfg(unix)]
fn try_lock(file: &File) -> std::io::Result<bool> {
    use std::os::fd::AsRawFd;
    // SAFETY: flock on a descriptor this function borrows; no memory is shared with the call.
    let done = unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) };
    if done == 0 {
        return Ok(true);
    }
    let error = std::io::Error::last_os_error();
    if error.kind() == std::io::ErrorKind::WouldBlock { Ok(false) } else { Err(error) }
}

/// Elsewhere there is no lock: the rename still keeps the file whole.
#[cfg(not(unix))]
fn try_lock(_: &File) -> std::io::Result<bool> {
    Ok(true)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    fn lock_path(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("casdesk-demo-lock-{}", uuid::Uuid::new_v4()));
        std::fs::create_dir_all(&dir).unwrap();
        dir.join(name)
    }

    #[test]
    fn a_console_holding_the_tenant_gives_a_copy_at_once() {
        let path = lock_path(LOCK);
        let held = take_lock(&path, Holder::Console, WAIT).unwrap();
        assert!(matches!(held, Taken::Held(_)));
        let started = Instant::now();
        let second = take_lock(&path, Holder::Command, WAIT).unwrap();
        assert!(matches!(second, Taken::ByConsole), "a copy, not a wait");
        assert!(started.elapsed() < Duration::from_secs(2));
        drop(held);
        assert!(matches!(take_lock(&path, Holder::Command, WAIT).unwrap(), Taken::Held(_)));
    }

    #[test]
    fn a_command_waits_its_turn_and_gives_up_with_a_reason() {
        let path = lock_path(LOCK);
        let held = take_lock(&path, Holder::Command, WAIT).unwrap();
        let error = take_lock(&path, Holder::Command, Duration::from_millis(300)).err().unwrap();
        assert!(error.contains("another casdesk") && error.contains("command"), "{error}");
        let releaser = std::thread::spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            drop(held);
        });
        let started = Instant::now();
        assert!(matches!(take_lock(&path, Holder::Command, WAIT).unwrap(), Taken::Held(_)));
        assert!(started.elapsed() >= Duration::from_millis(200), "it waited");
        releaser.join().unwrap();
    }
}
