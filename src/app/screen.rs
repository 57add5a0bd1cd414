//! What a screen is: the trait every screen implements, the context it acts through while
//! handling a message (`Cx`) and what it draws with (`View`).

use super::keymap::KeyMap;
use super::keys::{Action, KeyContext, KeyState};
use super::{Clock, CurrentUser, Toast};
use crate::bulk::journal::RecordedRun;
use crate::messages::{ApiRequest, Command, Msg, RequestId};
use crate::secret::Secret;
use crate::ui::status::Status;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// What a screen may do while it handles a message.
pub struct Cx<'a> {
    pub(super) commands: &'a mut Vec<Command>,
    pub(super) next_id: &'a mut RequestId,
    pub user: Option<&'a CurrentUser>,
    pub(super) new_user: &'a mut Option<Option<CurrentUser>>,
    pub(super) toast: &'a mut Option<Toast>,
    pub(super) go_to: &'a mut Option<usize>,
    /// Users (by address or username) a device registration code was just made for.
    pub(super) codes_issued: &'a mut Vec<String>,
    /// A list handed to another screen to act on (see `hand_off.rs`).
    pub(super) handed: &'a mut Option<super::HandedList>,
    pub clock: Clock,
    /// Who else acted on the carried user, for a change to ask first when it would replace
    /// or undo a colleague's.
    pub others: &'a crate::app::others::OthersActed,
}

impl Cx<'_> {
    /// Asks the worker to make a call; the answer comes back tagged with the returned id.
    pub fn request(&mut self, request: ApiRequest) -> RequestId {
        *self.next_id += 1;
        let id = *self.next_id;
        self.commands.push(Command::Api(id, request));
        id
    }

    pub fn command(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// A fresh id for a file read or write.
    pub fn new_id(&mut self) -> RequestId {
        *self.next_id += 1;
        *self.next_id
    }

    /// Copies `code`; the event loop says where it went once it has been sent.
    pub fn copy(&mut self, code: &Secret) {
        self.commands.push(Command::Copy(code.clone()));
    }

    pub fn toast(&mut self, status: Status, text: impl Into<String>) {
        *self.toast = Some(Toast { status, text: text.into(), shown_at: self.clock.now });
    }

    /// Says that `r` was answered: the user looked up again, with the time.
    pub fn toast_looked_up_again(&mut self) {
        let at = self.clock.now.to_offset(self.clock.local_offset);
        let (h, m, s) = (at.hour(), at.minute(), at.second());
        self.toast(
            Status::Ok,
            format!("Looked up again at {h:02}:{m:02}:{s:02}: this is what the service has now"),
        );
    }

    pub fn go_to(&mut self, screen: usize) {
        *self.go_to = Some(screen);
    }

    /// A device registration code was made for `who` (an address or username): every screen
    /// is told, since any code made earlier for them no longer works.
    pub fn registration_code_issued(&mut self, who: &str) {
        self.codes_issued.push(who.to_string());
    }

    /// Hands `list` to the screen that acts on such lists (Bulk), which asks before sending.
    pub fn hand_off(&mut self, list: super::HandedList) {
        *self.handed = Some(list);
    }

    /// Makes `user` the one every screen works on (or clears it); all screens are told.
    pub fn set_user(&mut self, user: Option<CurrentUser>) {
        *self.new_user = Some(user);
    }
}

/// What screens draw with.
pub struct View<'a> {
    pub theme: &'a Theme,
    pub clock: Clock,
    /// Advances while anything is in flight, for spinners.
    pub spinner: usize,
    pub focused: bool,
    /// Codes are shown as dots (screen sharing) until revealed.
    pub mask_codes: bool,
    /// The user's keys, for prompts that name one.
    pub keymap: &'a KeyMap,
    /// Who else acted on the carried user (the administration log).
    pub others: &'a crate::app::others::OthersActed,
    /// The verification policy and the callers verified, so a question can say before `y`
    /// that the gate will refuse it.
    pub callers: (&'a crate::verify::Policy, &'a crate::verify::Verifications),
}

impl View<'_> {
    /// Whether `guard` would be refused for `who` now: the caller still needs verifying.
    pub fn caller_unverified(&self, guard: Option<crate::verify::Guarded>, who: &str) -> bool {
        let (policy, callers) = self.callers;
        guard.is_some_and(|g| callers.check(policy, g, &[who], self.clock.now).is_err())
    }

    /// `code` as it may be shown now: itself, or a dot per character while masked.
    pub fn code(&self, code: &str) -> String {
        if self.mask_codes { "•".repeat(code.chars().count()) } else { code.to_string() }
    }

    /// The first key in effect for `action` in `state` (of the screen's own key table), for a
    /// prompt to name: "press o to open a file" says whatever key opens one now.
    pub fn key<S: KeyState>(&self, state: S, action: Action) -> Option<String> {
        self.keymap.binding_in(state, action).and_then(|b| b.keys.first().map(|k| k.label()))
    }

    /// "y / n" after a question asked in `state`: the keys in effect that answer it.
    pub fn yes_no<S: KeyState>(&self, state: S) -> [Span<'static>; 3] {
        let key =
            |action| Span::styled(self.key(state, action).unwrap_or_default(), self.theme.accent());
        [key(Action::Confirm), Span::raw(" / "), key(Action::Cancel)]
    }

    /// A question asked in `state`, `⚠ WARNING` before it, wrapped to `width` with a hanging
    /// indent, and its "y / n" kept whole: on the last line if it fits, else under it.
    pub fn question<S: KeyState>(&self, state: S, text: &str, width: u16) -> Vec<Line<'static>> {
        let prefix = vec![Span::raw(" "), Status::Warning.span(self.theme), Span::raw("  ")];
        let mut lines = crate::ui::widgets::hanging(prefix, text, width);
        let answer = self.yes_no(state);
        let answer_width: usize = answer.iter().map(Span::width).sum();
        match lines.last_mut() {
            Some(last) if last.width() + 2 + answer_width <= usize::from(width) => {
                last.spans.push(Span::raw("  "));
                last.spans.extend(answer);
            }
            _ => {
                let mut under = vec![Span::raw(" ".repeat(12))];
                under.extend(answer);
                lines.push(Line::from(under));
            }
        }
        lines
    }

    pub fn spinner_frame(&self) -> &'static str {
        const FRAMES: [&str; 8] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧"];
        FRAMES[self.spinner % FRAMES.len()]
    }
}

pub trait Screen {
    fn title(&self) -> &'static str;
    /// The title when the tabs do not fit at full length (80 columns with a profile badge).
    fn short_title(&self) -> &'static str {
        self.title()
    }
    /// The bindings that work right now, for keys, footer and help alike, and whether a text
    /// field has focus (printable keys type into it): the screen's key table, current state.
    fn key_context(&self) -> KeyContext;
    /// The key table in every state the screen can be in, for checking a keymap.
    fn every_key_context(&self) -> Vec<KeyContext>;
    /// Handles a bound action. Keys with no binding go to [`Screen::on_text_key`].
    fn on_action(&mut self, action: Action, cx: &mut Cx);
    /// An unbound key while editing: text entry.
    fn on_text_key(&mut self, _key: &crossterm::event::KeyEvent) {}
    fn on_paste(&mut self, _text: &str, _cx: &mut Cx) {}
    /// Offered every message that is not a key; a screen takes (`msg.take()`) the answers to
    /// requests it made and leaves the rest.
    fn on_message(&mut self, msg: &mut Option<Msg>, cx: &mut Cx);
    /// Time passed (while anything is busy or counting down), for a screen that paces calls of
    /// its own (Reports asks at a steady pace whether a report is ready), in view or not.
    fn tick(&mut self, _cx: &mut Cx) {}
    /// The screen was brought into view (its tab, a digit, or another screen sent it here).
    fn opened(&mut self, _cx: &mut Cx) {}
    /// Whom what the screen shows now is about, when that may be someone other than the
    /// carried user (a device code asked for by another address): the header names them.
    fn subject(&self) -> Option<String> {
        None
    }
    /// A device registration code was made for `who` on some screen: one this screen shows
    /// for them was replaced by it.
    fn registration_code_issued(&mut self, _who: &str) {}
    /// The carried user changed (looked up, or cleared).
    fn user_changed(&mut self, _user: Option<&CurrentUser>) {}
    /// Requests the screen no longer wants answered (a follow of a user no longer carried):
    /// the App cancels them.
    fn stopped_requests(&mut self) -> Vec<RequestId> {
        Vec::new()
    }
    /// Takes a list another screen handed over (`Cx::hand_off`); `false` if this screen does
    /// not act on lists, or cannot now.
    fn take_list(&mut self, _list: &super::HandedList) -> bool {
        false
    }
    /// The profile's defaults for generating codes (only the Codes screen has a use for them).
    fn apply_code_defaults(&mut self, _defaults: &crate::config::CodeDefaults) {}
    /// Takes over an interrupted bulk run of the kind this screen runs; `false` if it cannot
    /// now (a run of its own is in flight).
    fn resume(&mut self, _run: RecordedRun, _cx: &mut Cx) -> bool {
        false
    }
    /// Something is in flight (spinner, and quitting asks first when `bulk_running`).
    fn busy(&self) -> bool;
    fn bulk_running(&self) -> bool {
        false
    }
    /// Needs a redraw every second (a countdown is on screen).
    fn counting_down(&self, _clock: &Clock) -> bool {
        false
    }
    fn draw(&self, frame: &mut Frame, area: Rect, view: &View);
}
