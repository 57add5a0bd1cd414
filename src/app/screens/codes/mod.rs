//! Screen 2, Codes: secure-enrollment or password-reset codes for one user or a list, with a
//! validity (10 minutes to 24 hours) and DISPLAY or EMAIL delivery. Results fill a table as each
//! call returns: per user the outcome, the code in large digits when displayed, its expiry in
//! local time with a countdown, and the verification link.

use crate::api::{
    CodeMode, CodeValidity, Delivery, GenerateCodeRequest, RetryNotice, ValidityUnit,
};
use crate::app::keys::{Action, KeyContext, KeyState};
use crate::app::msg::{Answer, ApiOutcome, ApiRequest, Msg, RequestId};
use crate::app::screens::result_table::ResultTable;
use crate::app::screens::results::ResultRow;
use crate::app::{CurrentUser, Cx, Screen, View};
use crate::text::sanitize;
use crate::userlist::{UserList, email_problem};
use ratatui::Frame;
use ratatui::layout::Rect;
use tui_input::Input;

mod draw;
mod keys;

use keys::Keys;
use tui_input::backend::crossterm::EventHandler;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Mode,
    Users,
    Validity,
    Unit,
    Delivery,
    CustomEmail,
    Results,
}

pub struct CodesScreen {
    mode: CodeMode,
    users: Input,
    validity: Input,
    unit: ValidityUnit,
    delivery: Delivery,
    custom_email: Input,
    focus: Field,
    editing: bool,
    problem: Option<String>,
    /// Waiting for "y" before a run for several users.
    confirming: Option<Vec<GenerateCodeRequest>>,
    run: Option<Run>,
    selected: usize,
    /// The first result row drawn, kept between frames (see the Bulk void screen).
    scroll: std::cell::Cell<usize>,
    /// The looked-up user's address, as carried into the users field.
    carried: Option<String>,
}

struct Run {
    id: RequestId,
    mode: CodeMode,
    table: ResultTable,
    done: bool,
    retry: Option<RetryNotice>,
}

impl Default for CodesScreen {
    fn default() -> Self {
        Self {
            mode: CodeMode::Enrollment,
            users: Input::default(),
            validity: Input::default(),
            unit: ValidityUnit::Minutes,
            delivery: Delivery::Display,
            custom_email: Input::default(),
            focus: Field::Users,
            editing: true,
            problem: None,
            confirming: None,
            run: None,
            selected: 0,
            scroll: std::cell::Cell::new(0),
            carried: None,
        }
    }
}

impl CodesScreen {
    fn fields(&self) -> Vec<Field> {
        let mut fields =
            vec![Field::Mode, Field::Users, Field::Validity, Field::Unit, Field::Delivery];
        if self.delivery == Delivery::Email {
            fields.push(Field::CustomEmail);
        }
        if self.run.as_ref().is_some_and(|r| !r.table.is_empty()) {
            fields.push(Field::Results);
        }
        fields
    }

    fn move_focus(&mut self, step: isize) {
        let fields = self.fields();
        let at = fields.iter().position(|f| *f == self.focus).unwrap_or(0) as isize;
        let next = (at + step).clamp(0, fields.len() as isize - 1) as usize;
        self.focus = fields[next];
        self.editing = matches!(self.focus, Field::Users | Field::Validity | Field::CustomEmail);
    }

    fn focused_input(&mut self) -> Option<&mut Input> {
        match self.focus {
            Field::Users => Some(&mut self.users),
            Field::Validity => Some(&mut self.validity),
            Field::CustomEmail => Some(&mut self.custom_email),
            _ => None,
        }
    }

    fn toggle(&mut self) {
        match self.focus {
            Field::Mode => {
                self.mode = match self.mode {
                    CodeMode::Enrollment => CodeMode::PasswordReset,
                    CodeMode::PasswordReset => CodeMode::Enrollment,
                }
            }
            Field::Unit => {
                self.unit = match self.unit {
                    ValidityUnit::Minutes => ValidityUnit::Hours,
                    ValidityUnit::Hours => ValidityUnit::Minutes,
                }
            }
            Field::Delivery => {
                self.delivery = match self.delivery {
                    Delivery::Display => Delivery::Email,
                    Delivery::Email => Delivery::Display,
                }
            }
            _ => {}
        }
    }

    /// Checks the form and builds one request per user, or says what is wrong.
    fn build_requests(&self) -> Result<Vec<GenerateCodeRequest>, String> {
        let text = self.users.value().replace([',', ';', ' ', '\t'], "\n");
        let list = UserList::parse(&text);
        if let Some(bad) = list.malformed.first() {
            return Err(format!(
                "\"{}\" is not a valid e-mail address ({}).",
                bad.text, bad.reason
            ));
        }
        if list.emails.is_empty() {
            return Err("Type at least one e-mail address.".into());
        }
        let validity = match self.validity.value().trim() {
            "" => None,
            text => {
                let value: u32 = text.parse().map_err(|_| {
                    format!("Validity \"{}\" is not a whole number.", sanitize(text))
                })?;
                Some(CodeValidity::new(value, self.unit).map_err(|e| capitalise(&e.to_string()))?)
            }
        };
        let custom_email = match (self.delivery, self.custom_email.value().trim()) {
            (Delivery::Email, "") | (Delivery::Display, _) => None,
            (Delivery::Email, address) => {
                if let Some(problem) = email_problem(address) {
                    return Err(format!("The custom e-mail address is not valid ({problem})."));
                }
                Some(address.to_string())
            }
        };
        Ok(list
            .emails
            .into_iter()
            .map(|email| GenerateCodeRequest {
                email,
                validity,
                delivery: Some(self.delivery),
                custom_email: custom_email.clone(),
            })
            .collect())
    }

    fn submit(&mut self, cx: &mut Cx) {
        self.problem = None;
        match self.build_requests() {
            Err(problem) => self.problem = Some(problem),
            Ok(requests) if requests.len() > 1 => {
                self.confirming = Some(requests);
                self.editing = false;
            }
            Ok(requests) => self.start(requests, cx),
        }
    }

    fn start(&mut self, requests: Vec<GenerateCodeRequest>, cx: &mut Cx) {
        let emails: Vec<String> = requests.iter().map(|r| r.email.clone()).collect();
        let table = ResultTable::pending(&emails);
        let id = cx.request(ApiRequest::Generate { mode: self.mode, users: requests });
        self.run = Some(Run { id, mode: self.mode, table, done: false, retry: None });
        self.selected = 0;
        self.focus = Field::Results;
        self.editing = false;
    }

    fn running_id(&self) -> Option<RequestId> {
        self.run.as_ref().filter(|r| !r.done).map(|r| r.id)
    }

    fn selected_row(&self) -> Option<&ResultRow> {
        self.run.as_ref().and_then(|r| r.table.row(self.selected))
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str() + ".")
        .unwrap_or_default()
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
        match action {
            Action::Confirm => {
                if let Some(requests) = self.confirming.take() {
                    self.start(requests, cx);
                }
            }
            Action::Cancel => self.confirming = None,
            Action::Submit => self.submit(cx),
            Action::Back => self.editing = false,
            Action::Up if self.focus == Field::Results => {
                self.selected = self.selected.saturating_sub(1)
            }
            Action::Down if self.focus == Field::Results => {
                let len = self.run.as_ref().map_or(0, |r| r.table.shown());
                self.selected = (self.selected + 1).min(len.saturating_sub(1));
            }
            Action::Up => self.move_focus(-1),
            Action::Down => self.move_focus(1),
            Action::Toggle | Action::ToggleBack => self.toggle(),
            Action::Edit => {
                if self.focus == Field::Results {
                    self.focus = Field::Users;
                }
                self.editing = self.focused_input().is_some();
            }
            Action::Copy => {
                if let Some(code) = self.selected_row().and_then(|r| r.code.clone()) {
                    cx.copy(&code);
                }
            }
            _ => {}
        }
    }

    fn on_text_key(&mut self, key: &crossterm::event::KeyEvent) {
        let digits_only = self.focus == Field::Validity;
        if digits_only
            && let crossterm::event::KeyCode::Char(c) = key.code
            && !c.is_ascii_digit()
        {
            return;
        }
        if let Some(input) = self.focused_input() {
            input.handle_event(&crossterm::event::Event::Key(*key));
        }
    }

    fn on_paste(&mut self, text: &str, _cx: &mut Cx) {
        // A pasted list goes into the users field, one address a line becoming comma-separated.
        let joined: Vec<String> = crate::userlist::normalise_newlines(text)
            .lines()
            .map(|l| sanitize(l.trim()))
            .filter(|l| !l.is_empty())
            .collect();
        let mut value = self.users.value().trim().to_string();
        if !value.is_empty() && !joined.is_empty() {
            value.push_str(", ");
        }
        value.push_str(&joined.join(", "));
        self.users = Input::new(value);
        self.focus = Field::Users;
        self.editing = true;
    }

    fn on_message(&mut self, msg: &mut Option<Msg>, _cx: &mut Cx) {
        let Some(running) = self.running_id() else {
            return;
        };
        let Some(run) = self.run.as_mut() else { return };
        match Msg::take_answer(msg, running) {
            Some(Answer::Retrying(notice)) => run.retry = Some(notice),
            Some(Answer::Outcome(ApiOutcome::Batch { outcomes, last })) => {
                run.retry = None;
                run.table.apply(outcomes);
                run.done = last;
            }
            Some(Answer::Outcome(_)) | None => {}
        }
    }

    fn apply_code_defaults(&mut self, defaults: &crate::config::CodeDefaults) {
        if let Some(validity) = defaults.validity {
            self.validity = Input::new(validity.value().to_string());
            self.unit = validity.unit();
        }
        if defaults.delivery == Some(crate::config::DeliveryDefault::Email) {
            self.delivery = Delivery::Email;
        }
    }

    fn user_changed(&mut self, user: Option<&CurrentUser>) {
        let was_carried = self.carried.as_deref().is_some_and(|c| c == self.users.value());
        self.carried = user.map(|u| u.email.clone());
        match user {
            // A freshly looked-up user becomes the one to act on, unless a list is being
            // prepared.
            Some(user) if !self.users.value().contains(',') => {
                self.users = Input::new(user.email.clone())
            }
            // No user selected any more: the address carried in for the last one goes too (a
            // list or an address typed here stays).
            None if was_carried => self.users = Input::default(),
            _ => {}
        }
    }

    fn resume(&mut self, run: crate::bulk::journal::RecordedRun, cx: &mut Cx) -> bool {
        if self.running_id().is_some() {
            return false;
        }
        let mode = run.header.operation.mode();
        let table = ResultTable::pending(&run.header.users);
        let id = cx.request(ApiRequest::Resume { run: Box::new(run) });
        self.mode = mode;
        self.run = Some(Run { id, mode, table, done: false, retry: None });
        self.selected = 0;
        self.focus = Field::Results;
        self.editing = false;
        self.confirming = None;
        true
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
