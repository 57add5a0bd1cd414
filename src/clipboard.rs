//! Copying a code to the helpdesk person's clipboard.
//!
//! Over SSH the person's clipboard is on their own machine, which only the terminal can reach:
//! so OSC 52 is always sent. It never confirms (tmux needs `set -s set-clipboard on`, some
//! terminals ignore it or ask first), so what casdesk says about it is only that it was sent and
//! that the terminal decides; the code stays on screen. When this machine has a display, the
//! local clipboard is set too, and that one is known.
//!
//! Clearing (`--clear-clipboard-after`) overwrites rather than empties: tmux and Windows
//! Terminal ignore an OSC 52 whose payload is empty or not base64 (the `!` xterm documents as
//! "clear"), so the code would stay. A single space, base64 `IA==`, is taken like any copy by
//! every terminal that took the code. tmux also keeps the code in its paste buffers, which no
//! OSC 52 removes: inside tmux those are deleted with tmux's own commands ([`tmux`]).

mod tmux;

pub use tmux::TmuxBuffers;

use crate::secret::Secret;
use crate::status::Status;
use base64::Engine;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Where a copy can go, as the reports name it.
pub const TERMINAL: &str = "your terminal's clipboard";
pub const LOCAL: &str = "this machine's clipboard";

/// Where a copy went, for the toast.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CopyReport {
    pub destinations: Vec<&'static str>,
    pub problems: Vec<String>,
}

impl CopyReport {
    /// OK only when this machine's clipboard took it: OSC 52 is never confirmed.
    pub fn status(&self) -> Status {
        if self.destinations.is_empty() {
            Status::Failed
        } else if self.destinations.contains(&LOCAL) && self.problems.is_empty() {
            Status::Ok
        } else {
            Status::Warning
        }
    }

    /// What is known of where the copy went, and no more.
    pub fn summary(&self) -> String {
        let local = self.destinations.contains(&LOCAL);
        let terminal = self.destinations.contains(&TERMINAL);
        let mut text = match (local, terminal) {
            (false, false) if self.destinations.is_empty() => {
                return format!("Could not copy: {}", self.problems.join("; "));
            }
            // Somewhere else (a test's recorder): named as it is.
            (false, false) => format!("Copied: sent to {}", self.destinations.join(" and ")),
            (true, true) => "Copied to this machine's clipboard; also sent to your terminal \
                             (OSC 52)"
                .to_string(),
            (true, false) => "Copied to this machine's clipboard".to_string(),
            (false, true) => "Sent to your terminal with OSC 52; your terminal decides".to_string(),
        };
        if !self.problems.is_empty() {
            text.push_str(&format!(" (not: {})", self.problems.join("; ")));
        }
        text
    }
}

/// What a clear did, place by place: `None` where there was nothing to clear.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClearReport {
    /// The overwrite written to the terminal (never confirmed).
    pub terminal: Result<(), String>,
    pub local: Option<Result<(), String>>,
    /// tmux paste buffers holding a copied code, deleted (casdesk runs inside tmux).
    pub tmux: Option<Result<usize, String>>,
}

impl ClearReport {
    /// OK only when this machine's clipboard was emptied and nothing failed: the terminal's
    /// never says.
    pub fn status(&self) -> Status {
        let failed = self.terminal.is_err()
            || matches!(self.local, Some(Err(_)))
            || matches!(self.tmux, Some(Err(_)));
        if failed {
            Status::Failed
        } else if matches!(self.local, Some(Ok(()))) {
            Status::Ok
        } else {
            Status::Warning
        }
    }

    /// Short enough for the toast at 80 columns in the usual cases.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        match &self.local {
            Some(Ok(())) => parts.push("This machine's clipboard cleared".to_string()),
            Some(Err(e)) => parts.push(format!("Could not clear this machine's clipboard: {e}")),
            None => {}
        }
        let tmux = match &self.tmux {
            // Nothing held the code there: nothing to say.
            Some(Ok(0)) | None => None,
            Some(Ok(n)) => Some(format!("tmux buffers holding it deleted ({n})")),
            Some(Err(e)) => Some(format!("could not check tmux's paste buffers: {e}")),
        };
        parts.push(match &self.terminal {
            Ok(()) if parts.is_empty() && tmux.is_none() => {
                "Clipboard overwritten with OSC 52; your terminal decides".to_string()
            }
            Ok(()) => "overwrite sent with OSC 52".to_string(),
            Err(e) => format!("could not write to the terminal: {e}"),
        });
        parts.extend(tmux);
        crate::text::capitalised(&parts.join("; "))
    }
}

pub trait Clipboard: Send {
    /// Copies a code, which a later [`Clipboard::clear`] removes.
    fn copy(&mut self, text: &Secret) -> CopyReport;
    /// Copies what is not to be cleared later (a ticket note).
    fn copy_to_keep(&mut self, text: &Secret) -> CopyReport {
        self.copy(text)
    }
    /// Overwrites the clipboards codes were copied to (after `--clear-clipboard-after`).
    fn clear(&mut self) -> ClearReport;
}

/// What replaces a code in the terminal's clipboard: a single space (`IA==`). Not empty and not
/// `!`: tmux and Windows Terminal ignore both, and the code would stay.
pub const OVERWRITE: &str = " ";

/// The OSC 52 sequence that overwrites the clipboard with [`OVERWRITE`].
pub const OSC52_OVERWRITE: &str = "\u{1b}]52;c;IA==\u{7}";

/// The OSC 52 "set clipboard" sequence for `text`.
pub fn osc52_sequence(text: &str) -> String {
    format!("\u{1b}]52;c;{}\u{7}", base64::engine::general_purpose::STANDARD.encode(text))
}

/// Set while a copied code waits to be cleared (`--clear-clipboard-after`). Global, because a
/// panic hook has nothing else to go on: however casdesk ends, the code must not outlive it.
static CLEAR_PENDING: AtomicBool = AtomicBool::new(false);

/// Notes that a copied code is waiting to be cleared, or that it has been.
pub fn set_clear_pending(pending: bool) {
    CLEAR_PENDING.store(pending, Ordering::SeqCst);
}

pub fn clear_pending() -> bool {
    CLEAR_PENDING.load(Ordering::SeqCst)
}

/// The last resort, for paths that cannot reach the [`Clipboard`] (a panic): overwrites the
/// terminal's clipboard with OSC 52 if a code is still waiting to be cleared.
pub fn clear_terminal_if_pending(terminal: &mut impl Write) {
    if CLEAR_PENDING.swap(false, Ordering::SeqCst) {
        let _ = terminal.write_all(OSC52_OVERWRITE.as_bytes()).and_then(|_| terminal.flush());
    }
}

/// How many copied codes are remembered for the tmux clean-up; older ones are forgotten.
const REMEMBERED: usize = 16;

/// OSC 52 to the terminal, plus the local clipboard where a display exists.
pub struct SystemClipboard<W: Write + Send> {
    terminal: W,
    local: Option<arboard::Clipboard>,
    /// The tmux server casdesk runs inside, whose paste buffers may hold a copied code.
    tmux: Option<TmuxBuffers>,
    /// Codes copied since the last clear, kept only when clearing is asked for.
    copied: Vec<Secret>,
    remember: bool,
}

impl<W: Write + Send> SystemClipboard<W> {
    pub fn new(terminal: W) -> Self {
        // Without a display arboard can only fail (after a short wait), so don't ask it.
        let local = if has_local_display() { arboard::Clipboard::new().ok() } else { None };
        Self { terminal, local, tmux: TmuxBuffers::from_env(), copied: Vec::new(), remember: false }
    }

    /// Remembers copied codes until the next clear, to find them in tmux's buffers then
    /// (`--clear-clipboard-after`); without clearing nothing is kept.
    pub fn remembering(mut self, remember: bool) -> Self {
        self.remember = remember;
        self
    }

    /// The terminal alone, and the tmux server `tmux` (tests).
    pub fn for_terminal(terminal: W, tmux: Option<TmuxBuffers>) -> Self {
        Self { terminal, local: None, tmux, copied: Vec::new(), remember: true }
    }

    /// What is written to the terminal (tests read it back).
    pub fn terminal_mut(&mut self) -> &mut W {
        &mut self.terminal
    }

    fn send(&mut self, text: &Secret) -> CopyReport {
        let mut report = CopyReport::default();
        let sequence = zeroize::Zeroizing::new(osc52_sequence(text.expose()));
        let sent = self.terminal.write_all(sequence.as_bytes()).and_then(|_| self.terminal.flush());
        match sent {
            Ok(()) => report.destinations.push(TERMINAL),
            Err(e) => report.problems.push(format!("terminal: {e}")),
        }
        if let Some(local) = self.local.as_mut() {
            match local.set_text(text.expose().to_string()) {
                Ok(()) => report.destinations.push(LOCAL),
                Err(e) => report.problems.push(format!("local clipboard: {e}")),
            }
        }
        report
    }
}

fn has_local_display() -> bool {
    if cfg!(any(target_os = "macos", target_os = "windows")) {
        return true;
    }
    ["DISPLAY", "WAYLAND_DISPLAY"]
        .iter()
        .any(|v| std::env::var_os(v).is_some_and(|s| !s.is_empty()))
}

impl<W: Write + Send> Clipboard for SystemClipboard<W> {
    fn copy(&mut self, text: &Secret) -> CopyReport {
        if self.remember && !self.copied.contains(text) {
            if self.copied.len() == REMEMBERED {
                self.copied.remove(0);
            }
            self.copied.push(text.clone());
        }
        self.send(text)
    }

    fn copy_to_keep(&mut self, text: &Secret) -> CopyReport {
        self.send(text)
    }

    fn clear(&mut self) -> ClearReport {
        let terminal = self
            .terminal
            .write_all(OSC52_OVERWRITE.as_bytes())
            .and_then(|_| self.terminal.flush())
            .map_err(|e| e.to_string());
        let local = self.local.as_mut().map(|local| local.clear().map_err(|e| e.to_string()));
        let copied = std::mem::take(&mut self.copied);
        let tmux = self.tmux.as_ref().map(|tmux| tmux.delete_holding(&copied));
        ClearReport { terminal, local, tmux }
    }
}

/// Records copies instead of making them, for tests.
#[derive(Clone, Default)]
pub struct RecordingClipboard {
    pub copies: Arc<Mutex<Vec<String>>>,
}

impl Clipboard for RecordingClipboard {
    fn copy(&mut self, text: &Secret) -> CopyReport {
        if let Ok(mut copies) = self.copies.lock() {
            copies.push(text.expose().to_string());
        }
        CopyReport { destinations: vec!["the test recorder"], problems: vec![] }
    }

    fn clear(&mut self) -> ClearReport {
        if let Ok(mut copies) = self.copies.lock() {
            copies.push(String::new());
        }
        ClearReport { terminal: Ok(()), local: None, tmux: None }
    }
}

#[cfg(test)]
mod tests;
