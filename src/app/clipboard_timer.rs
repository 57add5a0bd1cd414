//! Emptying the clipboard a while after a code is copied (`--clear-clipboard-after`): when
//! the next clearing is due.

use super::App;
use crate::messages::Command;

impl App {
    /// Empties the clipboard `seconds` after each copy.
    pub fn set_clipboard_clearing(&mut self, seconds: Option<u64>) {
        self.clear_clipboard_after =
            seconds.map(|s| time::Duration::seconds(i64::try_from(s).unwrap_or(i64::MAX)));
    }

    /// Whether copies are cleared from the clipboard after a while (and so also on exit).
    pub fn clears_clipboard(&self) -> bool {
        self.clear_clipboard_after.is_some()
    }

    /// Notes when a copy just made must be cleared from the clipboard.
    pub(super) fn schedule_clipboard_clearing(&mut self, commands: &[Command]) {
        if let Some(after) = self.clear_clipboard_after
            && commands.iter().any(|c| matches!(c, Command::Copy(_)))
        {
            self.clipboard_clear_at = Some(self.clock.now + after);
        }
    }
}
