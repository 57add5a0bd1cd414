//! Copying a code to the helpdesk person's clipboard.
//!
//! Over SSH the person's clipboard is on their own machine, which only the terminal can reach:
//! so OSC 52 is always sent. It never confirms (tmux needs `set -s set-clipboard on`, some
//! terminals ignore it), so the toast says "sent to your terminal" and the code stays on screen.
//! When this machine has a display, the local clipboard is set too.

use crate::secret::Secret;
use base64::Engine;
use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

/// Where a copy went, for the toast.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CopyReport {
    pub destinations: Vec<&'static str>,
    pub problems: Vec<String>,
}

impl CopyReport {
    pub fn summary(&self) -> String {
        if self.destinations.is_empty() {
            format!("Could not copy: {}", self.problems.join("; "))
        } else {
            format!("Copied: sent to {}", self.destinations.join(" and "))
        }
    }
}

pub trait Clipboard: Send {
    fn copy(&mut self, text: &Secret) -> CopyReport;
    /// Empties the clipboards a copy went to (after `--clear-clipboard-after`).
    fn clear(&mut self) -> CopyReport;
}

/// The OSC 52 sequence that empties the clipboard: anything but base64 clears it.
pub const OSC52_CLEAR: &str = "\u{1b}]52;c;!\u{7}";

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

/// The last resort, for paths that cannot reach the [`Clipboard`] (a panic): empties the
/// terminal's clipboard with OSC 52 if a code is still waiting to be cleared.
pub fn clear_terminal_if_pending(terminal: &mut impl Write) {
    if CLEAR_PENDING.swap(false, Ordering::SeqCst) {
        let _ = terminal.write_all(OSC52_CLEAR.as_bytes()).and_then(|_| terminal.flush());
    }
}

/// OSC 52 to the terminal, plus the local clipboard where a display exists.
pub struct SystemClipboard<W: Write + Send> {
    terminal: W,
    local: Option<arboard::Clipboard>,
}

impl<W: Write + Send> SystemClipboard<W> {
    pub fn new(terminal: W) -> Self {
        // Without a display arboard can only fail (after a short wait), so don't ask it.
        let local = if has_local_display() { arboard::Clipboard::new().ok() } else { None };
        Self { terminal, local }
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
        let mut report = CopyReport::default();
        let sequence = zeroize::Zeroizing::new(osc52_sequence(text.expose()));
        let sent = self.terminal.write_all(sequence.as_bytes()).and_then(|_| self.terminal.flush());
        match sent {
            Ok(()) => report.destinations.push("your terminal's clipboard"),
            Err(e) => report.problems.push(format!("terminal: {e}")),
        }
        if let Some(local) = self.local.as_mut() {
            match local.set_text(text.expose().to_string()) {
                Ok(()) => report.destinations.push("this machine's clipboard"),
                Err(e) => report.problems.push(format!("local clipboard: {e}")),
            }
        }
        report
    }

    fn clear(&mut self) -> CopyReport {
        let mut report = CopyReport::default();
        match self.terminal.write_all(OSC52_CLEAR.as_bytes()).and_then(|_| self.terminal.flush()) {
            Ok(()) => report.destinations.push("your terminal's clipboard"),
            Err(e) => report.problems.push(format!("terminal: {e}")),
        }
        if let Some(local) = self.local.as_mut() {
            match local.clear() {
                Ok(()) => report.destinations.push("this machine's clipboard"),
                Err(e) => report.problems.push(format!("local clipboard: {e}")),
            }
        }
        report
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

    fn clear(&mut self) -> CopyReport {
        if let Ok(mut copies) = self.copies.lock() {
            copies.push(String::new());
        }
        CopyReport { destinations: vec!["the test recorder"], problems: vec![] }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn osc52_carries_the_text_in_base64() {
        assert_eq!(osc52_sequence("629211156"), "\u{1b}]52;c;NjI5MjExMTU2\u{7}");
    }

    #[test]
    fn system_clipboard_writes_osc52_to_the_terminal() {
        let mut out = Vec::new();
        let report = {
            let mut clipboard = SystemClipboard { terminal: &mut out, local: None };
            clipboard.copy(&Secret::new("123456789"))
        };
        assert_eq!(String::from_utf8(out).unwrap(), osc52_sequence("123456789"));
        assert_eq!(report.summary(), "Copied: sent to your terminal's clipboard");
    }

    #[test]
    fn clearing_sends_the_osc52_that_empties_the_clipboard() {
        let mut out = Vec::new();
        {
            let mut clipboard = SystemClipboard { terminal: &mut out, local: None };
            assert!(!clipboard.clear().destinations.is_empty());
        }
        assert_eq!(String::from_utf8(out).unwrap(), "\u{1b}]52;c;!\u{7}");
    }
}
