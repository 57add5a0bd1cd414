//! The contract between the console and the worker: what flows into the console (`Msg`) and
//! what it asks to have done (`Command`). Its own module, so the worker depends on it and not
//! on the console.
//!
//! Screens never touch the network, the terminal or files: they turn messages into commands,
//! the worker carries commands out and answers with messages tagged by request id, so an
//! answer to a question nobody is asking any more is simply dropped.

use crate::actions::{Acted, ActionOutcome, UserAction};
use crate::api::{
    AuthLogEntry, AuthLogQuery, AuthenticatorApp, Authenticators, CodeMode, DeviceCodeTarget,
    DeviceRegistrationCode, EmergencyTokencode, EnableEmergencyTokencode, GenerateCodeRequest,
    RetryNotice, SearchPage, TokenDetails, UserDetails, VerifySession,
};
pub use crate::bulk::Failure;
use crate::bulk::UserOutcome;
use crate::bulk::journal::RecordedRun;
use crate::follow::{FollowNews, FollowRequest};
use crate::secret::Secret;
use crate::ticket_note::TicketNote;
use crossterm::event::KeyEvent;
use std::path::PathBuf;

mod refusal;

pub type RequestId = u64;

#[derive(Debug)]
pub enum Msg {
    Key(KeyEvent),
    /// A bracketed paste: a whole pasted list arrives as one message, not as a stream of Enters.
    Paste(String),
    /// The terminal changed size; only a redraw is needed.
    Resize,
    /// Time passed (spinners, countdowns, toasts). Only sent while something is animating.
    Tick,
    Api(RequestId, ApiOutcome),
    /// A call is waiting to be retried (most often: rate limited).
    Retrying(RequestId, RetryNotice),
    /// A file the user asked to load, as bytes: its encoding is worked out where it is read
    /// as a list (`UserList::from_bytes`), so the preview can say how it was read.
    FileLoaded(RequestId, Result<Vec<u8>, String>),
    /// A file the user asked to write.
    FileWritten(RequestId, Result<PathBuf, String>),
    /// The API client could not be built (the key cannot sign, say): nothing can be sent.
    ClientFailed(String),
    /// The audit trail could not be written.
    AuditFailed(String),
    /// Bulk runs on this tenant that did not finish (found at start-up), newest first.
    Interrupted(Vec<RecordedRun>),
    /// The ticket note asked for, read back from the audit record; or why there is none.
    TicketNote(Result<TicketNote, String>),
    /// The note given to `note_command` for the call's ticket, and how that went.
    NotePosted(crate::ticket::post::Posting),
}

/// What the worker said about one request.
#[derive(Debug)]
pub enum Answer {
    Retrying(RetryNotice),
    Outcome(ApiOutcome),
}

impl Msg {
    /// Takes `slot`'s message if it answers request `id` (or says it is being retried), leaving
    /// anything else for the other screens.
    pub fn take_answer(slot: &mut Option<Msg>, id: RequestId) -> Option<Answer> {
        match slot {
            Some(Msg::Retrying(for_id, _) | Msg::Api(for_id, _)) if *for_id == id => {
                match slot.take() {
                    Some(Msg::Retrying(_, notice)) => Some(Answer::Retrying(notice)),
                    Some(Msg::Api(_, outcome)) => Some(Answer::Outcome(outcome)),
                    _ => None,
                }
            }
            _ => None,
        }
    }
}

#[derive(Debug)]
pub enum Command {
    Api(RequestId, ApiRequest),
    /// Stop starting new calls for this request; calls in flight finish and are reported.
    Cancel(RequestId),
    Copy(Secret),
    /// Empty the clipboard a code was copied to (the `--clear-clipboard-after` time is up).
    ClearClipboard,
    ReadFile(RequestId, PathBuf),
    WriteFile(RequestId, PathBuf, String),
    Quit,
    /// Make the ticket note for this user from the audit record: what this console's tenant,
    /// profile and operator did for them `since` (the session's start), times in `offset`.
    TicketNote {
        email: String,
        since: time::OffsetDateTime,
        offset: time::UtcOffset,
    },
    /// Copy a ticket note (no code in it, so never cleared from the clipboard on a timer).
    CopyNote(TicketNote),
    /// The ticket this call is for from now on (`None`: no ticket), named in every audit
    /// entry the worker writes, and where a ticket note is posted.
    Ticket(Option<crate::ticket::Ticket>),
    /// The user's sign-in after a fix confirmed it (`at`: when they signed in, local time).
    ConfirmedWorking {
        email: String,
        at: time::OffsetDateTime,
        how: String,
    },
    /// The caller was verified for this user: recorded, and stamped on what is recorded for
    /// them for as long as it lasts.
    CallerVerified {
        verified: crate::verify::Verified,
        lasts: std::time::Duration,
    },
}

#[derive(Debug, Clone)]
pub enum ApiRequest {
    /// Lookup, then the user's authenticators. `search_unsynched` asks the service to look in
    /// the identity source for users it has not synchronised yet (slower).
    Lookup {
        email: String,
        search_unsynched: bool,
    },
    /// One page (zero-based `page`) of the users whose address contains `part`.
    Search {
        part: String,
        page: u32,
        page_size: u32,
    },
    /// The SecurID 700 token with this serial, and who holds it.
    TokenLookup {
        serial: String,
    },
    /// Split into calls of at most 100 users, each reported as it returns.
    Generate {
        mode: CodeMode,
        users: Vec<GenerateCodeRequest>,
    },
    /// Split into calls of at most 100 addresses, each reported as it returns.
    Void {
        mode: CodeMode,
        emails: Vec<String>,
    },
    DeviceCode {
        target: DeviceCodeTarget,
        app: AuthenticatorApp,
    },
    /// `email` names the user in the audit trail; the service is called by `user_id`.
    EnableEac {
        user_id: String,
        email: String,
        options: EnableEmergencyTokencode,
    },
    DisableEac {
        user_id: String,
        email: String,
        eac_id: String,
    },
    /// One action on the user with this id (looked up as `email`), then the user looked up
    /// again so every screen shows the service's state.
    Act {
        user_id: String,
        email: String,
        action: UserAction,
    },
    /// The action for each address of a list, each looked up first; reported user by user.
    ActOnEach {
        action: UserAction,
        emails: Vec<String>,
    },
    /// The user's sign-in activity (`GET v1/users/{id}/authlogs`); `email` names the user in
    /// the audit trail.
    AuthLogs {
        user_id: String,
        email: String,
        query: AuthLogQuery,
    },
    /// Carry on with an interrupted bulk run: its earlier outcomes come back first (from the
    /// journal), then the rest as it is sent.
    Resume {
        run: Box<RecordedRun>,
    },
    /// Live Verification: prompt the user's registered device (`email` names the user in the
    /// audit trail).
    StartVerification {
        user_id: String,
        email: String,
    },
    /// Where the session stands.
    VerificationStatus {
        user_id: String,
    },
    /// End the session at the service (the operator pressed Esc, or left the user).
    CancelVerification {
        user_id: String,
        email: String,
    },
    /// Every page of the tenant-wide User Event Log in `range`: answered by
    /// `ApiOutcome::EventLog`, progress after each page, the whole log last.
    UserEventLog {
        range: crate::api::EventLogRange,
    },
    /// Follow the user's sign-ins (`GET v1/users/{id}/authlogs` every few seconds), and run a
    /// sign-in challenge or confirm a fix if asked: answered by several `ApiOutcome::Follow`,
    /// the last `FollowNews::Stopped`; `Command::Cancel` stops it.
    Follow(Box<FollowRequest>),
    /// Who else acted on the user: the Administration Event Log between `after` and `until`,
    /// every page, kept for this user id (`crate::others`).
    AdminActivity {
        user_id: String,
        after: time::OffsetDateTime,
        until: time::OffsetDateTime,
    },
    /// The Reports screen's calls (`offset`: local time, for the words of a refusal).
    Report(crate::reports::exchange::ReportRequest, time::UtcOffset),
}

impl ApiRequest {
    /// For the log: what is asked and for how many users, never who or with what.
    pub fn summary(&self) -> String {
        match self {
            ApiRequest::Lookup { .. } => "lookup".into(),
            ApiRequest::Search { page, .. } => format!("search page {page}"),
            ApiRequest::TokenLookup { .. } => "token lookup".into(),
            ApiRequest::Generate { mode, users } => format!("generate {mode:?} x{}", users.len()),
            ApiRequest::Void { mode, emails } => format!("void {mode:?} x{}", emails.len()),
            ApiRequest::DeviceCode { .. } => "device registration code".into(),
            ApiRequest::EnableEac { .. } => "enable emergency tokencode".into(),
            ApiRequest::DisableEac { .. } => "disable emergency tokencode".into(),
            ApiRequest::Act { action, .. } => action.name().into(),
            ApiRequest::ActOnEach { action, emails } => {
                format!("{} x{}", action.name(), emails.len())
            }
            ApiRequest::AuthLogs { .. } => "sign-in activity".into(),
            ApiRequest::Resume { run } => format!("resume run {}", run.header.run_id),
            ApiRequest::StartVerification { .. } => "start live verification".into(),
            ApiRequest::VerificationStatus { .. } => "live verification status".into(),
            ApiRequest::CancelVerification { .. } => "cancel live verification".into(),
            ApiRequest::Follow(_) => "follow sign-ins".into(),
            ApiRequest::AdminActivity { .. } => "administration activity".into(),
            ApiRequest::UserEventLog { .. } => "user event log".into(),
            ApiRequest::Report(request, _) => format!("report {request:?}"),
        }
    }
}

/// A user as looked up again after a change.
#[derive(Debug)]
pub struct Refreshed {
    pub details: Box<UserDetails>,
    pub authenticators: Result<Authenticators, Failure>,
}

#[derive(Debug)]
pub enum ApiOutcome {
    User {
        details: Box<UserDetails>,
        /// The lookup worked even if this did not.
        authenticators: Result<Authenticators, Failure>,
    },
    /// A page of search matches.
    Matches(Box<SearchPage>),
    /// A SecurID 700 token looked up by serial.
    Token(Box<TokenDetails>),
    /// One call's worth of a generate or void run: each of its users with an outcome. The
    /// last carries the users never sent (cancelled), if any.
    Batch {
        outcomes: Vec<UserOutcome>,
        last: bool,
    },
    DeviceCode(Result<DeviceRegistrationCode, Failure>),
    EacEnabled(Result<EmergencyTokencode, Failure>),
    EacDisabled(Result<(), Failure>),
    /// What an action did, and the user as looked up afterwards (`None` if not looked up).
    Acted {
        result: Result<Acted, Failure>,
        refreshed: Option<Result<Refreshed, Failure>>,
    },
    /// Users of an `ActOnEach` run as they finish; the last carries those never sent, if any.
    Each {
        outcomes: Vec<ActionOutcome>,
        last: bool,
    },
    /// The user's events, newest first as the service sent them.
    AuthLogs(Result<Vec<AuthLogEntry>, Failure>),
    /// A Live Verification session as the service answered start, status or cancel.
    Verification(Result<VerifySession, Failure>),
    /// The request failed as a whole (for lookup: the user could not be read).
    Failed(Failure),
    /// What following a user brought (see `ApiRequest::Follow`).
    Follow(FollowNews),
    /// What a Reports screen call came to.
    Report(crate::reports::exchange::ReportNews),
    /// The administration log's entries on the user (see `ApiRequest::AdminActivity`).
    AdminActivity(Result<crate::api::AdminActivity, Failure>),
    /// A read of the user event log: how far it got, then the log.
    EventLog(EventLogNews),
}

/// What a read of every page of the user event log brings.
#[derive(Debug)]
pub enum EventLogNews {
    Progress(crate::api::EventLogProgress),
    Read(Result<crate::api::UserEventLog, Failure>),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_taken_only_by_the_request_it_answers() {
        let mut slot = Some(Msg::Api(7, ApiOutcome::Failed(Failure::new("x"))));
        assert!(Msg::take_answer(&mut slot, 8).is_none());
        assert!(slot.is_some(), "left for whoever asked");
        assert!(matches!(Msg::take_answer(&mut slot, 7), Some(Answer::Outcome(_))));
        assert!(slot.is_none());
        let mut other = Some(Msg::Tick);
        assert!(Msg::take_answer(&mut other, 7).is_none() && other.is_some());
    }
}
