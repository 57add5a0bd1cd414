//! After a fix, the user's next successful sign-in confirms it: the console follows the user's
//! sign-ins from the moment a change for them succeeds (unlock, enable, a code, a registration
//! code, an emergency tokencode, a replaced phone…) and, when they sign in, records "confirmed
//! working at 10:07" and says so. One follow per user: a newer fix restarts it.

use super::App;
use crate::follow::{FollowNews, FollowRequest};
use crate::messages::{ApiOutcome, ApiRequest, Command, Msg, RequestId};
use crate::status::Status;
use std::collections::HashMap;

/// A change sent for a user, until it is answered.
#[derive(Debug)]
struct Fix {
    email: String,
    user_id: Option<String>,
}

#[derive(Debug, Default)]
pub(super) struct Confirming {
    /// Changes in flight, by request.
    sent: HashMap<RequestId, Fix>,
    /// The follow waiting for each user's next sign-in, by address (lower case).
    following: HashMap<String, RequestId>,
}

impl App {
    /// Notes the changes among `commands`, to follow their users once they succeed.
    pub(super) fn note_fixes(&mut self, commands: &[Command]) {
        let carried = self.user.as_ref().map(|u| (u.email.to_lowercase(), u.details.id.clone()));
        let id_of = |email: &str| {
            carried
                .as_ref()
                .filter(|(e, _)| *e == email.to_lowercase())
                .and_then(|(_, id)| id.clone())
        };
        for command in commands {
            let Command::Api(id, request) = command else { continue };
            let fix = match request {
                ApiRequest::Act { user_id, email, .. }
                | ApiRequest::EnableEac { user_id, email, .. } => {
                    Fix { email: email.clone(), user_id: Some(user_id.clone()) }
                }
                ApiRequest::DeviceCode {
                    target: crate::api::DeviceCodeTarget::Email(email),
                    ..
                } => Fix { email: email.clone(), user_id: id_of(email) },
                ApiRequest::Generate { users, .. } if users.len() == 1 => {
                    let email = users[0].email.clone();
                    Fix { user_id: id_of(&email), email }
                }
                _ => continue,
            };
            self.confirming.sent.insert(*id, fix);
        }
    }

    /// Looks at an answer before the screens take it: a fix that worked starts the wait for
    /// the user's next sign-in; a follow's news is taken here.
    pub(super) fn on_fix_answer(&mut self, msg: &mut Option<Msg>, commands: &mut Vec<Command>) {
        let Some(Msg::Api(id, outcome)) = msg.as_ref() else { return };
        let id = *id;
        if let Some(fix) = self.confirming.sent.remove(&id) {
            if worked(outcome)
                && let Some(user_id) = fix.user_id
            {
                self.follow_for_confirmation(&fix.email, &user_id, commands);
            }
            return;
        }
        let Some(email) =
            self.confirming.following.iter().find(|(_, f)| **f == id).map(|(e, _)| e.clone())
        else {
            return;
        };
        let Some(Msg::Api(_, ApiOutcome::Follow(news))) = msg.take() else { return };
        match news {
            FollowNews::Confirmed(confirmed) => {
                let local = confirmed.at.to_offset(self.clock.local_offset);
                let at = format!("{:02}:{:02}", local.hour(), local.minute());
                let who = crate::text::sanitize(&email);
                self.notify(
                    Status::Ok,
                    format!("{who} confirmed working at {at} (signed in by {})", confirmed.how),
                );
                commands.push(Command::ConfirmedWorking { email, at: local, how: confirmed.how });
            }
            FollowNews::Stopped(_) => {
                self.confirming.following.remove(&email);
            }
            _ => {}
        }
    }

    fn follow_for_confirmation(&mut self, email: &str, user_id: &str, commands: &mut Vec<Command>) {
        let key = email.to_lowercase();
        if let Some(earlier) = self.confirming.following.remove(&key) {
            commands.push(Command::Cancel(earlier));
        }
        let request = FollowRequest {
            confirm_after: Some(self.clock.now),
            stop_when_answered: true,
            recorded: false,
            ..FollowRequest::events(user_id, email)
        };
        self.next_id += 1;
        let id = self.next_id;
        self.confirming.following.insert(key, id);
        commands.push(Command::Api(id, ApiRequest::Follow(Box::new(request))));
    }
}

/// Whether the service did what a change asked (for a code: made it).
fn worked(outcome: &ApiOutcome) -> bool {
    match outcome {
        ApiOutcome::Acted { result, .. } => result.is_ok(),
        ApiOutcome::DeviceCode(result) => result.is_ok(),
        ApiOutcome::EacEnabled(result) => result.is_ok(),
        ApiOutcome::Batch { outcomes, .. } => outcomes.iter().any(|o| o.result.is_ok()),
        _ => false,
    }
}
