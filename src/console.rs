//! The event loop: one `tokio::select!` over terminal events, worker answers, signals and (only
//! while something animates) a timer. It draws only after something changed and sleeps
//! otherwise, so an idle console costs no CPU on a shared jump host.

use crate::app::{App, Clock};
use crate::clipboard::{Clipboard, SystemClipboard};
use crate::messages::{Command, Msg};
use crate::term::TerminalGuard;
use crate::ui::status::Status;
use crate::ui::theme::Theme;
use crate::worker::{ClientSource, Records, Worker};
use crossterm::event::{Event, EventStream, KeyEventKind};
use futures_util::StreamExt;
use std::io;
use time::{OffsetDateTime, UtcOffset};
use tokio::sync::mpsc;

pub struct ConsoleConfig {
    pub client: ClientSource,
    /// The tenant as run journals name it (`bulk::journal::tenant_id`).
    pub tenant_id: String,
    /// Codes show as dots until revealed.
    pub mask_codes: bool,
    /// Empty the clipboard this many seconds after each copy.
    pub clear_clipboard_after: Option<u64>,
    pub theme: Theme,
    /// What could not be used in the theme or keymap, shown once the console is up.
    pub notices: Vec<String>,
    /// Said on the status line as the console opens (the demo: that it remembers).
    pub greeting: Option<(Status, String)>,
    pub demo: bool,
    pub tenant: String,
    pub local_offset: UtcOffset,
    /// What the Codes screen starts from (the profile's validity and delivery).
    pub code_defaults: crate::config::CodeDefaults,
    pub verify_policy: crate::verify::Policy,
    pub keymap: crate::app::keymap::KeyMap,
    /// The settings profile in use, shown in the header.
    pub profile: Option<String>,
    /// What the audit record names: the tenant, the profile whose key was used, where the key
    /// came from.
    pub identity: crate::audit::Identity,
    /// The ticket the console starts with (`--ticket`, `CASDESK_TICKET`); `T` changes it.
    pub ticket: Option<crate::ticket::Ticket>,
    /// The program each ticket note is posted with (`note_command`).
    pub note_command: Option<crate::ticket::post::NoteCommand>,
}

/// How the console ended, for the exit status: a script or service manager that stopped it
/// (SIGTERM), or a dropped session, must not read it as a normal quit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ended {
    /// The operator quit.
    Quit,
    /// SIGTERM or SIGHUP, by number (15, 1).
    Signal(i32),
    /// The terminal went away (end of input, or an error reading it): a hang-up.
    TerminalGone,
}

impl Ended {
    /// The shell's convention: 0 for a quit, 128 + the signal's number otherwise (143 for
    /// SIGTERM, 129 for SIGHUP and a terminal gone).
    pub fn exit_code(self) -> u8 {
        match self {
            Self::Quit => 0,
            Self::Signal(n) => u8::try_from(128 + n).unwrap_or(1),
            Self::TerminalGone => 129,
        }
    }
}

pub async fn run(config: ConsoleConfig) -> io::Result<Ended> {
    let mut guard = TerminalGuard::enter()?;
    let (tx, mut rx) = mpsc::unbounded_channel::<Msg>();
    let journal_dir = crate::bulk::journal::default_dir();
    // Journals are read whole, and a large run's is large: never before the first frame.
    if let Some(dir) = journal_dir.clone() {
        let (tx, tenant) = (tx.clone(), config.tenant_id.clone());
        tokio::task::spawn_blocking(move || {
            let runs: Vec<_> = crate::bulk::journal::unfinished(&dir)
                .into_iter()
                .filter(|run| run.header.tenant == tenant)
                .collect();
            if !runs.is_empty() {
                let _ = tx.send(Msg::Interrupted(runs));
            }
        });
    }
    let audit = crate::audit::AuditLog::default_path()
        .map(|path| crate::audit::AuditLog::of(path, config.identity.clone()));
    let posts_notes = config.note_command.is_some();
    let records =
        Records { journal_dir, audit, note_command: config.note_command, ..Default::default() };
    let mut worker = Worker::new(config.client, tx, records);
    let mut app =
        App::new(config.theme, config.demo, config.tenant, Clock::system(config.local_offset));
    app.profile = config.profile;
    // Before the keymap: the key that reveals codes is checked only when there is one.
    app.set_masking(config.mask_codes);
    let mut problems = config.notices;
    problems.extend(app.set_keymap(config.keymap));
    app.report_problems(problems);
    if let Some((status, greeting)) = config.greeting {
        app.notify(status, greeting);
    }
    app.set_code_defaults(&config.code_defaults);
    app.set_policy(config.verify_policy);
    app.set_clipboard_clearing(config.clear_clipboard_after);
    app.set_note_posting(posts_notes);
    worker.execute(app.set_ticket(config.ticket));
    let mut clipboard = SystemClipboard::new(io::stdout()).remembering(app.clears_clipboard());
    let mut events = EventStream::new();
    let mut stop = Stop::new();
    let mut ended = Ended::Quit;

    let mut drawn_once = false;
    loop {
        match draw(&mut guard, &app) {
            Ok(()) => drawn_once = true,
            // A terminal that took frames and now refuses them is gone (the SSH session
            // dropped before its SIGHUP came): end as for the hang-up, not as an error that
            // would be printed on the very terminal that is gone.
            Err(_) if drawn_once => {
                ended = Ended::TerminalGone;
                break;
            }
            Err(e) => return Err(e),
        }
        let tick = app.next_tick();
        let msg = tokio::select! {
            event = events.next() => match event {
                Some(Ok(event)) => match to_msg(event) {
                    Some(msg) => msg,
                    None => continue,
                },
                // The terminal is gone (SSH dropped): nothing left to draw on.
                Some(Err(_)) | None => {
                    ended = Ended::TerminalGone;
                    break;
                }
            },
            Some(msg) = rx.recv() => msg,
            _ = sleep_or_never(tick) => Msg::Tick,
            signal = stop.signalled() => {
                ended = Ended::Signal(signal);
                break;
            }
        };
        #[cfg(debug_assertions)]
        panic_if_asked(&msg);
        handle(&mut app, msg, &mut worker, &mut clipboard);
        // Answers that arrived meanwhile are folded into the same frame.
        while let Ok(msg) = rx.try_recv() {
            handle(&mut app, msg, &mut worker, &mut clipboard);
        }
        if app.should_quit() {
            break;
        }
    }
    // However the loop ended (quit, SIGTERM, SIGHUP, the terminal gone), a copied code that was
    // to be cleared is cleared now, here and in the terminal, rather than outliving casdesk.
    if crate::clipboard::clear_pending() {
        clipboard.clear();
        crate::clipboard::set_clear_pending(false);
    }
    drop(guard);
    Ok(ended)
}

fn handle(app: &mut App, msg: Msg, worker: &mut Worker, clipboard: &mut impl Clipboard) {
    app.set_time(OffsetDateTime::now_utc());
    for command in app.update(msg) {
        match command {
            Command::Copy(code) => {
                let report = clipboard.copy(&code);
                // Only what is known: OSC 52 alone is "sent", never "copied".
                app.notify(report.status(), report.summary());
                if app.clears_clipboard() && !report.destinations.is_empty() {
                    crate::clipboard::set_clear_pending(true);
                }
            }
            Command::ClearClipboard => {
                crate::clipboard::set_clear_pending(false);
                let report = clipboard.clear();
                app.notify(report.status(), report.summary());
            }
            Command::CopyNote(note) => {
                let note_text = crate::secret::Secret::new(note.text.clone());
                let report = clipboard.copy_to_keep(&note_text);
                app.ticket_note_copied(&note, &report);
            }
            Command::Quit => {}
            other => worker.execute(other),
        }
    }
}

/// Debug builds only (so never in a release): with `CASDESK_TEST_PANIC_KEY=F12` set, F12
/// panics on the drawing thread, for the test that the terminal survives a panic.
#[cfg(debug_assertions)]
fn panic_if_asked(msg: &Msg) {
    if let Msg::Key(key) = msg
        && key.code == crossterm::event::KeyCode::F(12)
        && std::env::var_os("CASDESK_TEST_PANIC_KEY").is_some_and(|v| v == "F12")
    {
        panic!("deliberate panic (CASDESK_TEST_PANIC_KEY)");
    }
}

fn to_msg(event: Event) -> Option<Msg> {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => Some(Msg::Key(key)),
        Event::Paste(text) => Some(Msg::Paste(text)),
        Event::Resize(..) => Some(Msg::Resize),
        _ => None,
    }
}

/// Draws one frame inside a synchronized update, so terminals that support it never show a
/// half-drawn screen.
fn draw(guard: &mut TerminalGuard, app: &App) -> io::Result<()> {
    crossterm::execute!(io::stdout(), crossterm::terminal::BeginSynchronizedUpdate)?;
    let drawn = guard.terminal().draw(|frame| app.draw(frame)).map(|_| ());
    crossterm::execute!(io::stdout(), crossterm::terminal::EndSynchronizedUpdate)?;
    drawn
}

async fn sleep_or_never(after: Option<std::time::Duration>) {
    match after {
        Some(d) => tokio::time::sleep(d).await,
        None => std::future::pending().await,
    }
}

/// SIGTERM and SIGHUP (the SSH session dropping) end the loop so the terminal is restored.
struct Stop {
    #[cfg(unix)]
    term: Option<tokio::signal::unix::Signal>,
    #[cfg(unix)]
    hup: Option<tokio::signal::unix::Signal>,
}

impl Stop {
    fn new() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{SignalKind, signal};
            Self {
                term: signal(SignalKind::terminate()).ok(),
                hup: signal(SignalKind::hangup()).ok(),
            }
        }
        #[cfg(not(unix))]
        Self {}
    }

    /// Waits for SIGTERM or SIGHUP; returns its number.
    async fn signalled(&mut self) -> i32 {
        #[cfg(unix)]
        {
            let term = async {
                match self.term.as_mut() {
                    Some(s) => s.recv().await,
                    None => std::future::pending().await,
                }
            };
            let hup = async {
                match self.hup.as_mut() {
                    Some(s) => s.recv().await,
                    None => std::future::pending().await,
                }
            };
            tokio::select! {
                _ = term => 15,
                _ = hup => 1,
            }
        }
        #[cfg(not(unix))]
        std::future::pending::<i32>().await
    }
}
