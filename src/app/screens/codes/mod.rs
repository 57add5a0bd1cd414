//! Screen 2, Codes: secure-enrollment or password-reset codes for one user or a list, with a
//! validity (10 minutes to 24 hours) and DISPLAY or EMAIL delivery. Results fill a table as each
//! call returns: per user the outcome, the code in large digits when displayed, its expiry in
//! local time with a countdown, and the verification link.

use crate::api::{CodeMode, RetryNotice};
use crate::app::keys::{Action, KeyContext, KeyState};
use crate::app::screens::result_table::ResultTable;
use crate::app::screens::results::ResultRow;
use crate::app::{CurrentUser, Cx, Screen, View};
use crate::messages::{Answer, ApiOutcome, ApiRequest, Msg, RequestId};
use crate::text::sanitize;
use ratatui::Frame;
use ratatui::layout::Rect;
use time::OffsetDateTime;
use tui_input::Input;

mod draw;
mod draw_results;
mod form;
mod keys;

use form::{Asked, CodesForm, Field};
use keys::Keys;

#[derive(Default)]
pub struct CodesScreen {
    form: CodesForm,
    problem: Option<String>,
    /// Waiting for "y" before a run for several users.
    confirming: Option<Asked>,
    run: Option<Run>,
    selected: usize,
    /// The first result row drawn, kept between frames (see the Bulk screen).
    scroll: std::cell::Cell<usize>,
    /// The looked-up user's address, as carried into the users field.
    carried: Option<String>,
    /// The looked-up user is disabled or marked for deletion: the service refuses them codes.
    carried_refused: Option<NoCodes>,
}

struct Run {
    id: RequestId,
    mode: CodeMode,
    /// What was asked (`None` for a run resumed from its journal, which does not keep it).
    asked: Option<Asked>,
    started: OffsetDateTime,
    /// When the latest answer came: no code of the run was made after it.
    last_answer: OffsetDateTime,
    table: ResultTable,
    done: bool,
    retry: Option<RetryNotice>,
}

impl CodesScreen {
    fn has_results(&self) -> bool {
        self.run.as_ref().is_some_and(|r| !r.table.is_empty())
    }

    fn fields(&self) -> Vec<Field> {
        self.form.fields(self.has_results())
    }

    /// The address in the form when it is only the looked-up user, and the service refuses
    /// that user codes, with why.
    fn disabled_target(&self) -> Option<(&str, NoCodes)> {
        let why = self.carried_refused?;
        let carried = self.carried.as_deref()?;
        carried.eq_ignore_ascii_case(self.form.users.value().trim()).then_some((carried, why))
    }

    fn submit(&mut self, cx: &mut Cx) {
        self.problem = None;
        // A second run would take the screen from the first, whose answers would then be lost.
        if self.running_id().is_some() {
            self.problem = Some("A run is going: wait for it to finish.".into());
            return;
        }
        if let Some((email, why)) = self.disabled_target() {
            self.problem = Some(disabled_words(email, why));
            return;
        }
        match self.form.asked() {
            Err(problem) => self.problem = Some(problem),
            // One user asks first too when it would void a colleague's recent code.
            Ok(asked) if asked.requests.len() > 1 || self.voids_colleagues(&asked, cx) => {
                self.confirming = Some(asked);
                self.form.cursor.leave();
            }
            Ok(asked) => self.start(asked, cx),
        }
    }

    fn voids_colleagues(&self, asked: &Asked, cx: &Cx) -> bool {
        let [one] = asked.requests.as_slice() else { return false };
        let mine = crate::others::for_code(self.form.mode, false);
        cx.others.warning(cx.others.user_id_of(&one.email), &mine, cx.clock.now).is_some()
    }

    fn start(&mut self, asked: Asked, cx: &mut Cx) {
        let emails: Vec<String> = asked.requests.iter().map(|r| r.email.clone()).collect();
        let table = ResultTable::pending(&emails);
        let mode = self.form.mode;
        let id = cx.request(ApiRequest::Generate { mode, users: asked.requests.clone() });
        self.run = Some(Run {
            id,
            mode,
            asked: Some(asked),
            started: cx.clock.now,
            last_answer: cx.clock.now,
            table,
            done: false,
            retry: None,
        });
        self.selected = 0;
        self.form.cursor.focus_on(Field::Results, false);
    }

    fn running_id(&self) -> Option<RequestId> {
        self.run.as_ref().filter(|r| !r.done).map(|r| r.id)
    }

    fn selected_row(&self) -> Option<&ResultRow> {
        self.run.as_ref().and_then(|r| r.table.row(self.selected))
    }

    fn select(&mut self, row: isize) {
        let len = self.run.as_ref().map_or(0, |r| r.table.shown()) as isize;
        self.selected = row.clamp(0, (len - 1).max(0)) as usize;
    }
}

/// Why the service gives the looked-up user no codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NoCodes {
    Disabled,
    MarkedForDeletion,
}

/// Why no code is asked for the user, and what to do.
fn disabled_words(email: &str, why: NoCodes) -> String {
    match why {
        NoCodes::Disabled => format!(
            "{} is disabled, and the service gives a disabled user no codes: enable them first \
             (Lookup, d).",
            sanitize(email)
        ),
        NoCodes::MarkedForDeletion => format!(
            "{} is marked for deletion, and the service gives them no codes: undelete them \
             first (Lookup, X) if they are staying.",
            sanitize(email)
        ),
    }
}

impl Screen for CodesScreen {
    fn title(&self) -> &'static str {
        "Codes"
    }

    fn key_context(&self) -> KeyContext {
        self.keys().context()
    }

    fn every_key_context(&self) -> Vec<KeyContext> {
        Keys::every_context()
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) {
        let fields = self.fields();
        let in_table = self.form.cursor.is(Field::Results);
        let page = 10;
        match action {
            Action::Confirm => {
                if let Some(asked) = self.confirming.take() {
                    self.start(asked, cx);
                }
            }
            Action::Cancel => self.confirming = None,
            Action::Submit => self.submit(cx),
            Action::Back => self.form.cursor.leave(),
            Action::Up if in_table => self.select(self.selected as isize - 1),
            Action::Down if in_table => self.select(self.selected as isize + 1),
            Action::PageUp if in_table => self.select(self.selected as isize - page),
            Action::PageDown if in_table => self.select(self.selected as isize + page),
            Action::First if in_table => self.select(0),
            Action::Last if in_table => self.select(isize::MAX),
            Action::Up => self.form.cursor.step(&fields, -1, false),
            Action::Down => self.form.cursor.step(&fields, 1, false),
            Action::NextField => self.form.cursor.tab(&fields, 1),
            Action::PrevField => self.form.cursor.tab(&fields, -1),
            Action::Toggle | Action::ToggleBack => {
                // A refusal of the form as it was is no longer about the form as it is.
                self.problem = None;
                self.form.toggle(action == Action::Toggle);
            }
            Action::Edit if in_table => self.form.cursor.focus_on(Field::Users, true),
            Action::Edit => self.form.cursor.edit(),
            Action::Copy => {
                if let Some(code) = self.selected_row().and_then(|r| r.code.clone()) {
                    cx.copy(&code);
                }
            }
            _ => {}
        }
    }

    fn opened(&mut self, _cx: &mut Cx) {
        // A field already filled (the looked-up user carried in) is not typed into on arrival:
        // a digit pressed to switch screens, or a j to move, must not land in the address.
        if self.form.cursor.is(Field::Users) && !self.form.users.value().trim().is_empty() {
            self.form.cursor.leave();
        }
    }

    fn on_text_key(&mut self, key: &crossterm::event::KeyEvent) {
        self.problem = None;
        self.form.type_key(key);
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Cx) {
        // The question names the list as it was asked about: a paste must not change it.
        if self.confirming.is_some() {
            return;
        }
        self.problem = None;
        // Into the field being typed into; anywhere else, a pasted list goes into the users
        // field, one address a line becoming comma-separated.
        let typing = self.form.cursor.editing();
        if typing && self.form.cursor.is(Field::Validity) {
            self.problem = self.form.validity.paste(text).err();
            return;
        }
        if typing && self.form.cursor.is(Field::CustomEmail) {
            let text = crate::userlist::normalise_newlines(text);
            let line = text.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
            self.form.custom_email = Input::new(sanitize(line));
            return;
        }
        let joined: Vec<String> = crate::userlist::normalise_newlines(text)
            .lines()
            .map(|l| sanitize(l.trim()))
            .filter(|l| !l.is_empty())
            .collect();
        let mut value = self.form.users.value().trim().to_string();
        if !value.is_empty() && !joined.is_empty() {
            value.push_str(", ");
        }
        value.push_str(&joined.join(", "));
        self.form.users = Input::new(value);
        self.form.cursor.focus_on(Field::Users, true);
    }

    fn on_message(&mut self, msg: &mut Option<Msg>, cx: &mut Cx) {
        let Some(running) = self.running_id() else {
            return;
        };
        let Some(run) = self.run.as_mut() else { return };
        match Msg::take_answer(msg, running) {
            Some(Answer::Retrying(notice)) => run.retry = Some(notice),
            Some(Answer::Outcome(ApiOutcome::Batch { outcomes, last })) => {
                run.retry = None;
                run.table.apply(outcomes);
                run.last_answer = cx.clock.now;
                run.done = last;
            }
            Some(Answer::Outcome(_)) | None => {}
        }
    }

    fn apply_code_defaults(&mut self, defaults: &crate::config::CodeDefaults) {
        if let Some(validity) = defaults.validity {
            self.form.validity.set(validity.value().to_string(), validity.unit());
        }
        if defaults.delivery == Some(crate::config::DeliveryDefault::Email) {
            self.form.delivery = crate::api::Delivery::Email;
        }
    }

    fn user_changed(&mut self, user: Option<&CurrentUser>) {
        let users = &mut self.form.users;
        let was_carried = self.carried.as_deref().is_some_and(|c| c == users.value());
        let someone_else = self.carried.as_deref() != user.map(|u| u.email.as_str());
        self.carried = user.map(|u| u.email.clone());
        self.carried_refused = user.and_then(|u| {
            if u.details.mark_deleted == Some(true) {
                Some(NoCodes::MarkedForDeletion)
            } else if u.details.user_status == Some(crate::api::UserStatus::Disabled) {
                Some(NoCodes::Disabled)
            } else {
                None
            }
        });
        match user {
            // A freshly looked-up user becomes the one to act on, unless a list is being
            // prepared.
            Some(user) if !users.value().contains(',') => *users = Input::new(user.email.clone()),
            // No user selected any more: the address carried in for the last one goes too (a
            // list or an address typed here stays).
            None if was_carried => *users = Input::default(),
            _ => {}
        }
        // A refusal of the last user's form, or a question about it, is not this user's; nor is
        // a validity that could not be sent (a valid one is a choice that carries, drawn).
        if someone_else {
            self.problem = None;
            self.confirming = None;
            // One user's code is not shown beside the next caller's address, where it could be
            // read out or copied to the wrong person (a list's results stay: they name each).
            if self.run.as_ref().is_some_and(|r| r.done && r.table.users() == 1) {
                self.run = None;
            }
            if self.form.validity.amount().is_err() {
                self.form.validity.set(String::new(), self.form.validity.unit);
            }
        }
    }

    fn resume(&mut self, run: crate::bulk::journal::RecordedRun, cx: &mut Cx) -> bool {
        if self.running_id().is_some() {
            return false;
        }
        let crate::bulk::RunOf::Codes(op @ crate::bulk::Operation::Generate { .. }) =
            &run.header.operation
        else {
            return false;
        };
        let mode = op.mode();
        let table = ResultTable::pending(&run.header.users);
        let id = cx.request(ApiRequest::Resume { run: Box::new(run) });
        self.form.mode = mode;
        let started = cx.clock.now;
        self.run = Some(Run {
            id,
            mode,
            asked: None,
            started,
            last_answer: started,
            table,
            done: false,
            retry: None,
        });
        self.selected = 0;
        self.form.cursor.focus_on(Field::Results, false);
        self.confirming = None;
        true
    }

    fn subject(&self) -> Option<String> {
        // The results on screen are about the users of the run, whoever is looked up now.
        let run = self.run.as_ref()?;
        match run.table.users() {
            1 => run.table.row(0).map(|row| row.email.clone()),
            n => Some(format!("{n} users (the Codes list)")),
        }
    }

    fn busy(&self) -> bool {
        self.running_id().is_some()
    }

    fn bulk_running(&self) -> bool {
        self.run.as_ref().is_some_and(|r| !r.done && r.table.users() > 1)
    }

    fn counting_down(&self, clock: &crate::clock::Clock) -> bool {
        self.run.as_ref().is_some_and(|r| {
            r.table.window(0, r.table.len()).any(|row| row.expires.is_some_and(|e| e > clock.now))
        })
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.render(frame, area, view);
    }
}
