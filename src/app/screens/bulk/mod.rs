//! Screen 3, Bulk: paste a list (bracketed paste) or open a .txt/.csv file; choose
//! ENROLLMENT or PASSWORD_RESET; check the preview (malformed lines flagged with their line
//! numbers, duplicates removed, counts shown); confirm an exact number of users; watch the
//! gauge and the per-user table fill as calls return; export the results to CSV.

use crate::api::CodeMode;
use crate::app::keys::{Action, KeyContext, KeyState};
use crate::app::screens::result_table::ResultTable;
use crate::app::{Cx, Screen, View};
use crate::messages::{Answer, ApiOutcome, ApiRequest, Command, Msg, RequestId};
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::userlist::UserList;
use ratatui::Frame;
use ratatui::layout::Rect;
use std::path::PathBuf;
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

mod again;
mod draw;
mod handed;
mod job;
mod keys;
mod preview;
mod run;

use again::Again;
use job::Job;
use keys::Keys;
use run::{Run, follow_the_current_user};

pub struct BulkScreen {
    job: Job,
    stage: Stage,
    /// Where the list came from: "pasted list" or the file's path.
    source: String,
    path: Input,
    choosing_file: bool,
    file_request: Option<RequestId>,
    export_request: Option<RequestId>,
    problem: Option<String>,
    /// Position in the rows in view.
    selected: usize,
    /// The first row drawn, kept between frames so the table scrolls only when the selection
    /// leaves the window.
    scroll: std::cell::Cell<usize>,
    /// Typing a search in the results (`/`).
    searching: bool,
    search: Input,
    /// The first of the preview's rejected lines shown, and how many the last frame showed.
    skipped_from: usize,
    skipped_shown: std::cell::Cell<usize>,
}

enum Stage {
    Empty,
    Preview(UserList),
    Confirm(UserList),
    /// Asking before sending again the users of a finished run that failed or are in doubt;
    /// the run is kept to go back to.
    ConfirmAgain(Again, Box<Run>),
    Running(Box<Run>),
}

impl Default for BulkScreen {
    fn default() -> Self {
        Self {
            job: Job::Void(CodeMode::Enrollment),
            stage: Stage::Empty,
            source: String::new(),
            path: Input::default(),
            choosing_file: false,
            file_request: None,
            export_request: None,
            problem: None,
            selected: 0,
            scroll: std::cell::Cell::new(0),
            searching: false,
            search: Input::default(),
            skipped_from: 0,
            skipped_shown: std::cell::Cell::new(0),
        }
    }
}

/// Rows PageUp/PageDown move by.
const PAGE: usize = 20;

/// "1 user", "3 users".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

impl BulkScreen {
    fn load(&mut self, list: UserList, source: String) {
        self.problem =
            (list.emails.is_empty()).then(|| "No e-mail addresses found in that list.".to_string());
        self.source = source;
        self.stage = Stage::Preview(list);
        self.selected = 0;
        self.skipped_from = 0;
    }

    /// Sends `emails` as a new run of the job chosen, its rows in `table`.
    fn start(&mut self, emails: Vec<String>, table: ResultTable, cx: &mut Cx) {
        let sent = emails.clone();
        let id = cx.request(self.job.request(emails));
        self.stage = Stage::Running(Box::new(Run::start(id, self.job, &sent, table)));
        self.selected = 0;
        self.scroll.set(0);
        self.searching = false;
        self.search = Input::default();
    }

    /// ↑↓ PgUp PgDn: through the results of a run, or through the preview's rejected lines
    /// a few at a time.
    fn move_by(&mut self, action: Action) {
        if let Stage::Preview(list) = &self.stage {
            let last = list.malformed.len().saturating_sub(1);
            let page = self.skipped_shown.get().max(1);
            self.skipped_from = match action {
                Action::Up => self.skipped_from.saturating_sub(1),
                Action::PageUp => self.skipped_from.saturating_sub(page),
                Action::Down => (self.skipped_from + 1).min(last),
                _ => (self.skipped_from + page).min(last),
            };
            return;
        }
        let last = self.run().map_or(0, |r| r.table.shown().saturating_sub(1));
        self.selected = match action {
            Action::Up => self.selected.saturating_sub(1),
            Action::PageUp => self.selected.saturating_sub(PAGE),
            Action::Down => (self.selected + 1).min(last),
            Action::First => 0,
            Action::Last => last,
            _ => (self.selected + PAGE).min(last),
        };
    }

    fn run(&self) -> Option<&Run> {
        match &self.stage {
            Stage::Running(run) => Some(run),
            _ => None,
        }
    }

    fn in_flight(&self) -> Option<RequestId> {
        self.run().filter(|r| !r.done).map(|r| r.id)
    }
}

impl Screen for BulkScreen {
    // It voids codes and unlocks, disables or enables lists too: "Bulk", not "Bulk void".
    fn title(&self) -> &'static str {
        "Bulk"
    }

    fn short_title(&self) -> &'static str {
        "Bulk"
    }

    fn key_context(&self) -> KeyContext {
        self.keys().context()
    }

    fn every_key_context(&self) -> Vec<KeyContext> {
        Keys::every_context()
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) {
        if self.choosing_file {
            match action {
                Action::Submit => {
                    let path = self.path.value().trim().to_string();
                    if path.is_empty() {
                        self.problem = Some("Type the path of a .txt or .csv file.".into());
                        return;
                    }
                    let id = cx.new_id();
                    cx.command(Command::ReadFile(id, PathBuf::from(&path)));
                    self.file_request = Some(id);
                    self.choosing_file = false;
                    self.problem = None;
                }
                Action::Back => self.choosing_file = false,
                _ => {}
            }
            return;
        }
        if self.searching {
            self.searching = false;
            // Enter keeps the search; Esc drops it, so the whole table is back in one key.
            if action == Action::Back {
                self.search = Input::default();
                if let Stage::Running(run) = &mut self.stage {
                    run.table.set_search("");
                }
                self.selected = 0;
            }
            return;
        }
        match action {
            Action::Filter => {
                if let Stage::Running(run) = &mut self.stage {
                    run.table.next_filter();
                    self.selected = 0;
                }
            }
            Action::Search => self.searching = true,
            Action::ToggleMode => self.job = self.job.next(),
            Action::ToggleBack => self.job = self.job.previous(),
            Action::LoadFile => {
                self.choosing_file = true;
                self.problem = None;
            }
            Action::Clear => {
                *self = Self { job: self.job, ..Self::default() };
            }
            Action::Submit => {
                if let Stage::Preview(list) = std::mem::replace(&mut self.stage, Stage::Empty) {
                    self.stage = Stage::Confirm(list);
                }
            }
            Action::SendAgain => {
                let Stage::Running(run) = std::mem::replace(&mut self.stage, Stage::Empty) else {
                    return;
                };
                match run.again.clone().filter(|a| run.done && !a.emails.is_empty()) {
                    Some(again) => self.stage = Stage::ConfirmAgain(again, run),
                    None => self.stage = Stage::Running(run),
                }
            }
            Action::Cancel => match &mut self.stage {
                Stage::Confirm(_) => {
                    if let Stage::Confirm(list) = std::mem::replace(&mut self.stage, Stage::Empty) {
                        self.stage = Stage::Preview(list);
                    }
                }
                Stage::ConfirmAgain(..) => {
                    if let Stage::ConfirmAgain(_, run) =
                        std::mem::replace(&mut self.stage, Stage::Empty)
                    {
                        self.stage = Stage::Running(run);
                    }
                }
                Stage::Running(run) if !run.done => {
                    run.cancelling = true;
                    cx.command(Command::Cancel(run.id));
                }
                _ => {}
            },
            Action::Confirm => match std::mem::replace(&mut self.stage, Stage::Empty) {
                Stage::Confirm(list) => {
                    let table = ResultTable::pending(&list.emails).with_skipped(&list.malformed);
                    self.start(list.emails, table, cx);
                }
                Stage::ConfirmAgain(again, run) => {
                    self.job = run.job;
                    let table = ResultTable::pending(&again.emails);
                    self.source = format!("sent again: {}", again.why());
                    self.start(again.emails, table, cx);
                }
                other => self.stage = other,
            },
            Action::Up
            | Action::Down
            | Action::PageUp
            | Action::PageDown
            | Action::First
            | Action::Last => self.move_by(action),
            Action::Export => {
                if let Some(run) = self.run() {
                    let stamp = cx.clock.now.to_offset(cx.clock.local_offset);
                    let name = format!(
                        "casdesk-{}-{:04}{:02}{:02}-{:02}{:02}{:02}.csv",
                        run.job.file_word(),
                        stamp.year(),
                        u8::from(stamp.month()),
                        stamp.day(),
                        stamp.hour(),
                        stamp.minute(),
                        stamp.second()
                    );
                    let id = cx.new_id();
                    let csv = run.table.shown_csv();
                    cx.command(Command::WriteFile(id, PathBuf::from(name), csv));
                    if !run.table.unfiltered() {
                        let shown = run.table.shown();
                        cx.toast(Status::Pending, format!("Exporting the {shown} rows in view"));
                    }
                    self.export_request = Some(id);
                }
            }
            _ => {}
        }
    }

    fn on_text_key(&mut self, key: &crossterm::event::KeyEvent) {
        if self.choosing_file {
            self.path.handle_event(&crossterm::event::Event::Key(*key));
        } else if self.searching {
            self.search.handle_event(&crossterm::event::Event::Key(*key));
            if let Stage::Running(run) = &mut self.stage {
                run.table.set_search(self.search.value());
                self.selected = 0;
            }
        }
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Cx) {
        if self.choosing_file {
            let text = crate::userlist::normalise_newlines(text);
            self.path = Input::new(sanitize(text.lines().next().unwrap_or("").trim()));
            return;
        }
        if matches!(self.stage, Stage::Empty | Stage::Preview(_)) {
            self.load(UserList::parse(text), "pasted list".into());
        }
    }

    fn on_message(&mut self, msg: &mut Option<Msg>, cx: &mut Cx) {
        match msg {
            Some(Msg::FileLoaded(id, _)) if Some(*id) == self.file_request => {
                let Some(Msg::FileLoaded(_, result)) = msg.take() else {
                    return;
                };
                self.file_request = None;
                let path = sanitize(self.path.value().trim());
                match result.and_then(|bytes| {
                    UserList::from_bytes(&bytes).map_err(|why| format!("{path}: {why}"))
                }) {
                    Ok(list) => self.load(list, path),
                    Err(problem) => self.problem = Some(sanitize(&problem)),
                }
            }
            Some(Msg::FileWritten(id, _)) if Some(*id) == self.export_request => {
                let Some(Msg::FileWritten(_, result)) = msg.take() else {
                    return;
                };
                self.export_request = None;
                match result {
                    Ok(path) => {
                        // Short, so the whole path fits the toast line at 80 columns.
                        cx.toast(Status::Ok, format!("Saved {}", path.display()))
                    }
                    Err(problem) => cx.toast(Status::Failed, problem),
                }
            }
            _ => {}
        }
        let (Some(id), Stage::Running(run)) = (self.in_flight(), &mut self.stage) else { return };
        match Msg::take_answer(msg, id) {
            Some(Answer::Retrying(notice)) => run.retry = Some(notice),
            Some(Answer::Outcome(ApiOutcome::Batch { outcomes, last })) => {
                run.retry = None;
                run.verdicts.voids(&outcomes);
                run.table.apply(outcomes);
                if last {
                    run.finish();
                }
            }
            Some(Answer::Outcome(ApiOutcome::Each { outcomes, last })) => {
                run.retry = None;
                follow_the_current_user(&outcomes, cx);
                run.verdicts.actions(&outcomes);
                run.table.apply_actions(outcomes);
                if last {
                    run.finish();
                }
            }
            Some(Answer::Outcome(_)) | None => {}
        }
    }

    fn resume(&mut self, run: crate::bulk::journal::RecordedRun, cx: &mut Cx) -> bool {
        if self.in_flight().is_some() {
            return false;
        }
        let Some(job) = Job::resuming(&run.header.operation) else { return false };
        let users = run.header.users.clone();
        let table = ResultTable::pending(&users);
        let id = cx.request(ApiRequest::Resume { run: Box::new(run) });
        *self = Self { job, source: "resumed run".into(), ..Self::default() };
        self.stage = Stage::Running(Box::new(Run::start(id, job, &users, table)));
        true
    }

    fn take_list(&mut self, list: &crate::app::HandedList) -> bool {
        self.take_handed(list)
    }

    fn busy(&self) -> bool {
        self.in_flight().is_some() || self.file_request.is_some()
    }

    fn bulk_running(&self) -> bool {
        self.in_flight().is_some()
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.render(frame, area, view);
    }
}
