//! Entering and leaving the full-screen terminal, so the terminal is always given back:
//! on quit, on error (the guard's `Drop`), on panic (the hook) and on SIGTERM/SIGHUP (the event
//! loop ends, then the guard drops). A copied code still waiting to be cleared is cleared on
//! the way out.
//!
//! `ratatui::restore()` leaves bracketed paste on, so this module undoes every mode it enables
//! itself, in reverse order.

use crossterm::{cursor, event, execute, terminal};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use std::io::{self, Stdout, Write};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Once, OnceLock};
use std::thread::ThreadId;

pub type Tui = Terminal<CrosstermBackend<Stdout>>;

/// Whether the terminal is currently in casdesk's modes, so restoring twice is harmless and
/// the panic hook only restores when there is something to restore.
static ACTIVE: AtomicBool = AtomicBool::new(false);
static HOOK: Once = Once::new();
/// The thread that draws. A panic anywhere else is a background task's, which the worker turns
/// into an on-screen error: tearing the terminal down under a live console would be worse.
static UI_THREAD: OnceLock<ThreadId> = OnceLock::new();

/// Holds the terminal in raw mode on the alternate screen; gives it back when dropped.
pub struct TerminalGuard {
    /// Always `Some` until dropped (see `Drop`).
    terminal: Option<Tui>,
}

impl TerminalGuard {
    pub fn enter() -> io::Result<Self> {
        let _ = UI_THREAD.set(std::thread::current().id());
        install_panic_hook();
        terminal::enable_raw_mode()?;
        ACTIVE.store(true, Ordering::SeqCst);
        let mut stdout = io::stdout();
        if let Err(e) = execute!(
            stdout,
            terminal::EnterAlternateScreen,
            event::EnableBracketedPaste,
            cursor::Hide
        ) {
            restore();
            return Err(e);
        }
        let terminal =
            Terminal::new(CrosstermBackend::new(io::stdout())).inspect_err(|_| restore())?;
        Ok(Self { terminal: Some(terminal) })
    }

    pub fn terminal(&mut self) -> &mut Tui {
        self.terminal.as_mut().expect("the terminal is there until the guard is dropped")
    }
}

impl Drop for TerminalGuard {
    fn drop(&mut self) {
        restore();
        // ratatui's own `Drop` shows the cursor again and, when that fails because the
        // terminal is gone (SSH dropped), says so with `eprintln!`, which panics when stderr is
        // that same terminal. So it is dropped only once the cursor could be shown; otherwise
        // it is let go without its `Drop` (the process is ending: nothing is left to free).
        if let Some(mut terminal) = self.terminal.take() {
            if terminal.show_cursor().is_ok() {
                drop(terminal);
            } else {
                std::mem::forget(terminal);
            }
        }
    }
}

/// Leaves every mode [`TerminalGuard::enter`] set. Safe to call at any time, any number of times.
pub fn restore() {
    if !ACTIVE.swap(false, Ordering::SeqCst) {
        return;
    }
    let mut stdout = io::stdout();
    // A code copied with --clear-clipboard-after must not outlive casdesk (after a panic this is
    // the only chance; on other exits the console has cleared it already).
    crate::clipboard::clear_terminal_if_pending(&mut stdout);
    // Errors are ignored: after SIGHUP the terminal may be gone, and nothing else can be done.
    let _ = execute!(
        stdout,
        terminal::EndSynchronizedUpdate,
        event::DisableBracketedPaste,
        terminal::LeaveAlternateScreen,
        cursor::Show
    );
    let _ = terminal::disable_raw_mode();
    let _ = stdout.flush();
}

/// Restores the terminal before the default hook prints, so the message is readable and the
/// shell is usable. Panic messages never include codes: they live in `Secret`s, whose `Debug`
/// is redacted.
fn install_panic_hook() {
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            tracing::error!(thread = std::thread::current().name(), "panic: {info}");
            let on_ui_thread = UI_THREAD.get().is_none_or(|id| *id == std::thread::current().id());
            if on_ui_thread {
                restore();
                previous(info);
            } else if !ACTIVE.load(Ordering::SeqCst) {
                previous(info);
            }
            // A background panic while the console is up is reported on screen by the worker;
            // printing it here would scribble over the console.
        }));
    });
}
