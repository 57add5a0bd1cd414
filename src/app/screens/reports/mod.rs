//! Screen 7, Reports: the users, hardware tokens and MFA clients reports of the whole tenant.
//! For each, when it was last generated and downloaded from here and when the next may be
//! (the service allows a generate once every 8 hours and a download once every 15 minutes);
//! generate after a question that states the 8-hour limit, wait (asking at a steady pace, a
//! spinner and the time waited), then save it where the operator says, never over a file
//! unasked. The worker does every read, call and write (`worker/reports.rs`).

use crate::api::ReportKind;
use crate::app::keys::{Action, KeyContext, KeyState};
use crate::app::{Clock, Cx, Screen, View};
use crate::messages::{Answer, ApiOutcome, ApiRequest, Msg, RequestId};
use crate::reports::exchange::ReportRequest;
use crate::reports::limits::{Limit, check};
use crate::reports::record::Times;
use crate::reports::words::{default_path, too_soon_words};
use ratatui::Frame;
use ratatui::layout::Rect;
use std::path::PathBuf;
use time::OffsetDateTime;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

mod answers;
mod draw;
mod keys;

use keys::Keys;

/// What one report is doing.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Doing {
    Idle,
    /// Generate sent.
    Generating {
        id: RequestId,
    },
    /// Accepted at `since`; asked for it `tries` times, `asking` now.
    Waiting {
        since: OffsetDateTime,
        tries: u32,
        asking: Option<RequestId>,
    },
    /// Downloaded while waiting, held by the worker until the operator says where.
    Held {
        rows: u64,
    },
    /// A download straight to a file, or (`held`) a held one being put there.
    Saving {
        id: RequestId,
        held: bool,
    },
    Saved {
        path: PathBuf,
        rows: u64,
    },
    Failed(String),
}

/// A question or field over the table.
#[derive(Debug)]
enum Dialog {
    None,
    ConfirmGenerate(ReportKind),
    /// Where to save; `held`: the report is already downloaded.
    Path {
        kind: ReportKind,
        input: Input,
        held: bool,
    },
    /// The file is there: replace it?
    Replace {
        kind: ReportKind,
        to: PathBuf,
        held: bool,
    },
}

pub struct ReportsScreen {
    selected: usize,
    times: Times,
    /// The times kept could not be read (said under the table).
    problem: Option<String>,
    download_dir: Option<PathBuf>,
    doing: [Doing; 3],
    dialog: Dialog,
    /// A warning before sending (the record says the service would refuse).
    warning: Option<String>,
    times_id: Option<RequestId>,
    times_read: bool,
}

impl Default for ReportsScreen {
    fn default() -> Self {
        Self {
            selected: 0,
            times: Times::default(),
            problem: None,
            download_dir: None,
            doing: [Doing::Idle, Doing::Idle, Doing::Idle],
            dialog: Dialog::None,
            warning: None,
            times_id: None,
            times_read: false,
        }
    }
}

fn index(kind: ReportKind) -> usize {
    ReportKind::ALL.iter().position(|k| *k == kind).unwrap_or(0)
}

impl ReportsScreen {
    fn kind(&self) -> ReportKind {
        ReportKind::ALL[self.selected]
    }

    fn doing(&self, kind: ReportKind) -> &Doing {
        &self.doing[index(kind)]
    }

    fn set(&mut self, kind: ReportKind, doing: Doing) {
        self.doing[index(kind)] = doing;
    }

    fn request(cx: &mut Cx, request: ReportRequest) -> RequestId {
        cx.request(ApiRequest::Report(request, cx.clock.local_offset))
    }

    /// `g`: the question, unless the record says the service would refuse (said instead).
    fn ask_generate(&mut self, cx: &mut Cx) {
        let kind = self.kind();
        if self.busy_with(kind) {
            return;
        }
        let last = self.times.of(kind).generated;
        if let Err(soon) = check(cx.clock.now, last, Limit::Generate) {
            self.warning = Some(too_soon_words(
                kind,
                Limit::Generate,
                soon,
                cx.clock.now,
                cx.clock.local_offset,
            ));
            return;
        }
        self.warning = None;
        self.dialog = Dialog::ConfirmGenerate(kind);
    }

    /// `d`, or Enter on a report held: where to save it.
    fn ask_path(&mut self, cx: &mut Cx) {
        let kind = self.kind();
        let held = matches!(self.doing(kind), Doing::Held { .. });
        if self.busy_with(kind) && !held {
            return;
        }
        if !held {
            let last = self.times.of(kind).downloaded;
            if let Err(soon) = check(cx.clock.now, last, Limit::Download) {
                self.warning = Some(too_soon_words(
                    kind,
                    Limit::Download,
                    soon,
                    cx.clock.now,
                    cx.clock.local_offset,
                ));
                return;
            }
        }
        self.warning = None;
        let dir = self.download_dir.clone().unwrap_or_else(|| PathBuf::from("."));
        let path = default_path(&dir, kind, cx.clock.now, cx.clock.local_offset);
        let input = Input::new(path.display().to_string());
        self.dialog = Dialog::Path { kind, input, held };
    }

    fn busy_with(&self, kind: ReportKind) -> bool {
        matches!(
            self.doing(kind),
            Doing::Generating { .. }
                | Doing::Waiting { .. }
                | Doing::Saving { .. }
                | Doing::Held { .. }
        )
    }

    fn save(&mut self, cx: &mut Cx, kind: ReportKind, to: PathBuf, held: bool, replace: bool) {
        let request = if held {
            ReportRequest::Place { kind, to: to.clone(), replace }
        } else {
            ReportRequest::Download { kind, to: Some(to.clone()), replace }
        };
        let id = Self::request(cx, request);
        self.set(kind, Doing::Saving { id, held });
    }

    fn on_confirm(&mut self, yes: bool, cx: &mut Cx) {
        match std::mem::replace(&mut self.dialog, Dialog::None) {
            Dialog::ConfirmGenerate(kind) if yes => {
                let id = Self::request(cx, ReportRequest::Generate(kind));
                self.set(kind, Doing::Generating { id });
            }
            Dialog::Replace { kind, to, held } if yes => self.save(cx, kind, to, held, true),
            Dialog::Replace { kind, held: true, .. } => {
                // Still held: ask again where.
                self.selected = index(kind);
                self.ask_path(cx);
            }
            _ => {}
        }
    }

    fn submit_path(&mut self, cx: &mut Cx) {
        let Dialog::Path { kind, input, held } = &self.dialog else { return };
        let text = input.value().trim().to_string();
        if text.is_empty() {
            return;
        }
        let (kind, held) = (*kind, *held);
        self.dialog = Dialog::None;
        self.save(cx, kind, PathBuf::from(expand_home(&text)), held, false);
    }

    /// Esc: closes a dialog, or stops waiting (a report generated is still made).
    fn back(&mut self) {
        match std::mem::replace(&mut self.dialog, Dialog::None) {
            Dialog::None => {
                let kind = self.kind();
                if matches!(self.doing(kind), Doing::Waiting { asking: None, .. }) {
                    self.set(kind, Doing::Failed(format!(
                        "Stopped waiting. The {} report is still being made: d downloads it when it is ready.",
                        kind.words()
                    )));
                }
            }
            Dialog::Path { kind, held: true, .. } => {
                self.warning = Some(format!(
                    "The {} report is downloaded but not saved yet: d or Enter saves it.",
                    kind.words()
                ));
            }
            _ => {}
        }
    }
}

/// `~/x.csv` → the home directory's `x.csv` (read from `HOME`, no file touched).
fn expand_home(text: &str) -> String {
    match (text.strip_prefix("~/"), std::env::var("HOME")) {
        (Some(rest), Ok(home)) if !home.is_empty() => format!("{home}/{rest}"),
        _ => text.to_string(),
    }
}

impl Screen for ReportsScreen {
    fn title(&self) -> &'static str {
        "Reports"
    }

    fn key_context(&self) -> KeyContext {
        self.keys().context()
    }

    fn every_key_context(&self) -> Vec<KeyContext> {
        Keys::every_context()
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) {
        match (&self.dialog, action) {
            (Dialog::ConfirmGenerate(_) | Dialog::Replace { .. }, Action::Confirm) => {
                self.on_confirm(true, cx)
            }
            (Dialog::ConfirmGenerate(_) | Dialog::Replace { .. }, Action::Cancel) => {
                self.on_confirm(false, cx)
            }
            (Dialog::Path { .. }, Action::Submit) => self.submit_path(cx),
            (_, Action::Back | Action::Cancel) => self.back(),
            (Dialog::None, Action::Up) => self.selected = self.selected.saturating_sub(1),
            (Dialog::None, Action::Down) => self.selected = (self.selected + 1).min(2),
            (Dialog::None, Action::GenerateReport) => self.ask_generate(cx),
            (Dialog::None, Action::Export | Action::Submit) => self.ask_path(cx),
            (Dialog::None, Action::Refresh) => {
                self.times_id = Some(Self::request(cx, ReportRequest::Times));
            }
            _ => {}
        }
    }

    fn on_text_key(&mut self, key: &crossterm::event::KeyEvent) {
        if let Dialog::Path { input, .. } = &mut self.dialog {
            input.handle_event(&crossterm::event::Event::Key(*key));
        }
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Cx) {
        if let Dialog::Path { input, .. } = &mut self.dialog
            && let Some(line) = text.lines().map(str::trim).find(|l| !l.is_empty())
        {
            *input = Input::new(crate::text::sanitize(line));
        }
    }

    fn on_message(&mut self, msg: &mut Option<Msg>, cx: &mut Cx) {
        let mut ids: Vec<RequestId> = self.times_id.into_iter().collect();
        for doing in &self.doing {
            match doing {
                Doing::Generating { id } | Doing::Saving { id, .. } => ids.push(*id),
                Doing::Waiting { asking: Some(id), .. } => ids.push(*id),
                _ => {}
            }
        }
        for id in ids {
            match Msg::take_answer(msg, id) {
                Some(Answer::Outcome(ApiOutcome::Report(news))) => {
                    if self.times_id == Some(id) {
                        self.times_id = None;
                    }
                    self.on_news(news, cx);
                    return;
                }
                Some(Answer::Outcome(other)) => {
                    tracing::warn!(?other, "a report request answered out of shape");
                    return;
                }
                Some(Answer::Retrying(_)) | None => {}
            }
        }
    }

    fn tick(&mut self, cx: &mut Cx) {
        self.ask_if_due(cx);
    }

    fn opened(&mut self, cx: &mut Cx) {
        // Read once; every answer after brings them again, and r reads them anew.
        if !self.times_read && self.times_id.is_none() {
            self.times_id = Some(Self::request(cx, ReportRequest::Times));
        }
    }

    fn busy(&self) -> bool {
        self.times_id.is_some()
            || self.doing.iter().any(|d| {
                matches!(d, Doing::Generating { .. } | Doing::Saving { .. } | Doing::Waiting { .. })
            })
    }

    fn counting_down(&self, clock: &Clock) -> bool {
        // The "next" times count down while any of them is still to come.
        ReportKind::ALL.iter().any(|k| {
            let t = self.times.of(*k);
            check(clock.now, t.generated, Limit::Generate).is_err()
                || check(clock.now, t.downloaded, Limit::Download).is_err()
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.render(frame, area, view);
    }
}
