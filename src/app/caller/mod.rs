//! Who is on the phone, at the console: the verification policy in force, the callers
//! verified this session, the gate every request passes before the worker sees it, and the
//! dialog that verifies a caller (`V`). A request the policy guards is sent only for a user
//! whose caller was verified within the policy's window; otherwise it is answered at once,
//! without being sent, in the words the asking screen shows, and the toast says how to verify.

mod dialog;
mod draw;
mod keys;

pub use dialog::{Dialog, Stage, Subject};
pub use draw::draw_verify;
pub use keys::VerifyKeys;

use super::{App, Overlay};
use crate::app::keys::Action;
use crate::messages::{ApiOutcome, ApiRequest, Command, Failure, Msg};
use crate::status::Status;
use crate::verify::{How, Policy, Reason, Verified};
use dialog::Next;

impl App {
    /// The profile's policy (on by default).
    pub fn set_policy(&mut self, policy: Policy) {
        self.policy = policy;
    }

    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// The carried user's caller, as the header says it, long and short: verified how and for
    /// how long, or not; the policy when it is off.
    pub fn caller_words(&self) -> Option<(Status, String, &'static str)> {
        if !self.policy.on {
            return Some((Status::Warning, "caller checks OFF".into(), "checks OFF"));
        }
        let user = self.user.as_ref()?;
        Some(match self.callers.latest(&user.email) {
            Some(v) if v.fresh(&self.policy, self.clock.now) => {
                let left = v.minutes_left(&self.policy, self.clock.now);
                let how = v.how.kind();
                (Status::Ok, format!("caller verified ({how}, {left} min)"), "verified")
            }
            _ => (Status::Pending, "caller not verified".into(), "not verified"),
        })
    }

    /// Takes every request the policy refuses out of `commands`, and answers each as the
    /// worker would have if it could not send it.
    pub(super) fn gate(&mut self, commands: &mut Vec<Command>) -> Vec<Msg> {
        let mut refused = Vec::new();
        let mut kept = Vec::with_capacity(commands.len());
        for command in commands.drain(..) {
            let Command::Api(id, request) = command else {
                kept.push(command);
                continue;
            };
            let check = request.guarded().map(|(action, users)| {
                self.callers.check(&self.policy, action, &users, self.clock.now)
            });
            match check {
                Some(Err(refusal)) => {
                    let words = refusal.words();
                    self.notify(
                        Status::Warning,
                        "Caller not verified: V verifies them (or records why not)",
                    );
                    refused.push(Msg::Api(id, request.refused(Failure::new(words))));
                }
                _ => kept.push(Command::Api(id, request)),
            }
        }
        *commands = kept;
        refused
    }

    /// `V`: verify the carried user's caller.
    pub(super) fn open_verify(&mut self) {
        let Some(user) = &self.user else {
            self.notify(
                Status::Warning,
                "Look the caller up first (screen 1): then V verifies them",
            );
            return;
        };
        let Some(user_id) = user.details.id.clone() else {
            self.notify(
                Status::Warning,
                "The service gave no id for this user: look them up again",
            );
            return;
        };
        let subject = Subject {
            email: user.email.clone(),
            username: user.details.principal_username.clone(),
            user_id,
        };
        self.verify = Some(Dialog::new(subject));
        self.overlay = Overlay::Verify(VerifyKeys::Choosing);
    }

    /// A key in the dialog.
    pub(super) fn on_verify_key(
        &mut self,
        action: Option<Action>,
        key: &crossterm::event::KeyEvent,
        commands: &mut Vec<Command>,
    ) {
        let Some(dialog) = self.verify.as_mut() else {
            self.overlay = Overlay::None;
            return;
        };
        match (&mut dialog.stage, action) {
            (Stage::Choosing { .. }, Some(Action::LiveVerification)) => {
                let request = ApiRequest::StartVerification {
                    user_id: dialog.subject.user_id.clone(),
                    email: dialog.subject.email.clone(),
                };
                self.next_id += 1;
                let id = self.next_id;
                dialog.waiting(id, self.clock.now);
                commands.push(Command::Api(id, request));
            }
            (Stage::Choosing { .. }, Some(Action::Override)) => dialog.stage = Stage::Reasons,
            (Stage::Choosing { .. }, Some(Action::SignInChallenge)) => {
                // Their devices as they are now: a phone registered during the call must not
                // count, so the list is read before the challenge starts.
                let request = ApiRequest::Lookup {
                    email: dialog.subject.email.clone(),
                    search_unsynched: false,
                };
                self.next_id += 1;
                let id = self.next_id;
                dialog.stage =
                    Stage::SigningIn { request: Some(id), started: None, said: Vec::new() };
                commands.push(Command::Api(id, request));
            }
            (Stage::SigningIn { request, .. }, Some(Action::Cancel)) => {
                if let Some(id) = request {
                    commands.push(Command::Cancel(*id));
                }
                dialog.stage = Stage::Choosing {
                    note: Some((Status::Warning, "Sign-in challenge cancelled.".into())),
                };
            }
            (Stage::Waiting { .. }, Some(Action::Cancel)) => {
                // Ended at the service too, so the user's phone stops asking.
                let request = ApiRequest::CancelVerification {
                    user_id: dialog.subject.user_id.clone(),
                    email: dialog.subject.email.clone(),
                };
                self.next_id += 1;
                commands.push(Command::Api(self.next_id, request));
                dialog.stage = Stage::Choosing {
                    note: Some((Status::Warning, "Live Verification cancelled.".into())),
                };
            }
            (Stage::Reasons, Some(Action::GoTo(n))) => match dialog::REASONS.get(n) {
                Some((_, Some(reason))) => {
                    let reason = reason.clone();
                    return self.verified(How::Override(reason), commands);
                }
                Some((_, None)) => dialog.stage = Stage::Typing(tui_input::Input::default()),
                None => {}
            },
            (Stage::Typing(input), Some(Action::Submit)) => match Reason::other(input.value()) {
                Some(reason) => return self.verified(How::Override(reason), commands),
                None => {
                    self.notify(Status::Warning, "Say why the caller could not be verified");
                }
            },
            (Stage::Typing(_) | Stage::Reasons, Some(Action::Back)) => {
                dialog.stage = Stage::Choosing { note: None };
            }
            (Stage::Typing(input), None) => {
                use tui_input::backend::crossterm::EventHandler;
                input.handle_event(&crossterm::event::Event::Key(*key));
            }
            (Stage::Choosing { .. } | Stage::Reasons, Some(Action::Cancel)) => {
                self.verify = None;
                self.overlay = Overlay::None;
                return;
            }
            _ => {}
        }
        self.overlay = Overlay::Verify(VerifyKeys::of(&self.verify));
    }

    /// The caller is verified: remembered here, recorded by the worker, the dialog closed.
    fn verified(&mut self, how: How, commands: &mut Vec<Command>) {
        let Some(dialog) = self.verify.take() else { return };
        self.overlay = Overlay::None;
        let subject = dialog.subject;
        let verified =
            Verified::new(&subject.email, subject.username.as_deref(), how, self.clock.now);
        commands.push(self.record_verified(verified));
    }

    /// Remembers `verified` (from the dialog, or a sign-in the console watched) and says so;
    /// the command has the worker record it.
    pub fn record_verified(&mut self, verified: Verified) -> Command {
        let who = crate::text::sanitize(&verified.email);
        let (status, words) = match &verified.how {
            How::Override(reason) => {
                (Status::Warning, format!("Override recorded for {who}: {}", reason.words()))
            }
            how => (Status::Ok, format!("{who} verified by {}", how.words())),
        };
        self.callers.record(verified.clone());
        let minutes = self.policy.lasts.as_secs() / 60;
        self.notify(status, format!("{words}; for {minutes} min, for this user only"));
        Command::CallerVerified { verified, lasts: self.policy.lasts }
    }

    /// An answer for the dialog, if `msg` is one; the rest is left for the screens.
    pub(super) fn on_verify_answer(&mut self, msg: &mut Option<Msg>, commands: &mut Vec<Command>) {
        let Some(dialog) = self.verify.as_mut() else { return };
        let Some(id) = dialog.in_flight() else { return };
        let Some(crate::messages::Answer::Outcome(outcome)) = Msg::take_answer(msg, id) else {
            return;
        };
        let answer = match outcome {
            ApiOutcome::Verification(answer) => answer,
            ApiOutcome::User { authenticators, .. } => {
                return self.challenge_devices(authenticators, commands);
            }
            ApiOutcome::Follow(news) => {
                match dialog.signing_in(news) {
                    Next::Verified => self.verified(How::SignIn, commands),
                    Next::Wait | Next::Ended => {
                        self.overlay = Overlay::Verify(VerifyKeys::of(&self.verify))
                    }
                }
                return;
            }
            ApiOutcome::Failed(failure) => Err(failure),
            other => Err(Failure::new(format!("unexpected answer: {other:?}"))),
        };
        match dialog.answered(answer, self.clock.now) {
            Next::Verified => self.verified(How::LiveVerification, commands),
            Next::Wait | Next::Ended => {
                self.overlay = Overlay::Verify(VerifyKeys::of(&self.verify));
            }
        }
    }

    /// The user's devices, read for the sign-in challenge: it starts now, or cannot.
    fn challenge_devices(
        &mut self,
        authenticators: Result<crate::api::Authenticators, Failure>,
        commands: &mut Vec<Command>,
    ) {
        let Some(dialog) = self.verify.as_mut() else { return };
        let registered = match authenticators {
            Ok(a) => crate::follow::Registered::from_authenticators(&a),
            Err(failure) => {
                let words = format!("Their devices could not be read: {}", failure.message);
                dialog.stage = Stage::Choosing { note: Some((Status::Failed, words)) };
                return;
            }
        };
        if registered.is_empty() {
            let words = "They have no registered device: a sign-in cannot verify them.".into();
            dialog.stage = Stage::Choosing { note: Some((Status::Warning, words)) };
            return;
        }
        let started = self.clock.now;
        let spec = crate::follow::ChallengeSpec {
            started,
            limit: crate::follow::DEFAULT_LIMIT,
            registered,
        };
        let request = crate::follow::FollowRequest {
            challenge: Some(spec),
            stop_when_answered: true,
            ..crate::follow::FollowRequest::events(&dialog.subject.user_id, &dialog.subject.email)
        };
        self.next_id += 1;
        let id = self.next_id;
        dialog.stage =
            Stage::SigningIn { request: Some(id), started: Some(started), said: Vec::new() };
        commands.push(Command::Api(id, ApiRequest::Follow(Box::new(request))));
    }

    /// On each tick while waiting: asks the service again when it is time.
    pub(super) fn verify_tick(&mut self, commands: &mut Vec<Command>) {
        let Some(dialog) = self.verify.as_mut() else { return };
        if dialog.due(self.clock.now) {
            self.next_id += 1;
            let id = self.next_id;
            dialog.waiting(id, self.clock.now);
            let request =
                ApiRequest::VerificationStatus { user_id: dialog.subject.user_id.clone() };
            commands.push(Command::Api(id, request));
        }
    }

    /// Whether the dialog is waiting (ticks keep coming while it is).
    pub(super) fn verifying(&self) -> bool {
        matches!(
            self.verify.as_ref().map(|d| &d.stage),
            Some(Stage::Waiting { .. } | Stage::SigningIn { .. })
        )
    }
}
