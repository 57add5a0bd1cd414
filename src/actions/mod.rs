//! What a helpdesk does to one user it has looked up, in one place: what each action is called
//! (in the audit record, the confirmation, the results), when there is nothing to do, and the
//! call that does it. The console's worker, the commands and bulk runs all go through here, so
//! adding an action is one declaration (`declared/`), one client method, one simulator handler
//! and its route.
//!
//! Every action here is safe to send again: the second unlock, disable or sync does what the
//! first did. So a bulk run cut short is finished by running the same list again.

mod acted;
pub mod authenticators;
pub mod declared;
mod ds100_ref;
mod row;
mod sync_changes;
mod words;
mod work;

pub use words::method_list;

pub use acted::Acted;
pub use authenticators::{AuthenticatorKind, AuthenticatorRef, TokenAction, TokenChange};
pub use declared::{Args, Declared, Unsent};
pub use ds100_ref::Ds100Ref;
pub use row::{Item, Row, items};

use crate::api::{ApiError, Client, UnlockMethod, UserDetails};
use crate::audit::UserResult;
use crate::bulk::{Failure, Pacer};
use crate::status::Status;

/// One action on one user: what it is (its declaration, `declared/`) and what it was given.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserAction {
    pub declared: &'static Declared,
    pub args: Args,
}

/// Kept in a bulk run's journal (so `resume` knows what to carry on with): a declared action
/// by its command, `{"declared":"disable"}`, an unlock with its methods,
/// `{"unlock":["TOKEN"]}`. The one-user actions (a device, a token, phone numbers) never run
/// over a list and are not kept.
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
enum Journaled {
    Unlock(Vec<UnlockMethod>),
    Declared(#[serde(with = "declared::by_name")] &'static Declared),
}

impl serde::Serialize for UserAction {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match &self.args {
            Args::Methods(methods) => Journaled::Unlock(methods.clone()).serialize(s),
            Args::None => Journaled::Declared(self.declared).serialize(s),
            _ => Err(serde::ser::Error::custom(format!("{} is not kept", self.declared.name))),
        }
    }
}

impl<'de> serde::Deserialize<'de> for UserAction {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        Ok(match Journaled::deserialize(d)? {
            Journaled::Unlock(methods) => UserAction::unlock(methods),
            Journaled::Declared(declared) => UserAction::of(declared),
        })
    }
}

/// One user's outcome of an action.
#[derive(Clone, Debug)]
pub struct ActionOutcome {
    pub email: String,
    pub result: Result<Done, Failure>,
}

#[derive(Clone, Debug)]
pub enum Done {
    Acted(Acted),
    /// Already so (not locked, already disabled): nothing was sent.
    NothingToDo(String),
    /// Nothing was sent, but the user is not as asked either: locked only in methods RSA's
    /// Unlock API cannot name (Approve, Fingerprint). A WARNING, never OK.
    CannotDo(String),
    /// Settled before a run was interrupted, as its journal recorded it (a resumed run shows
    /// it; nothing is sent for this user again).
    Recorded(Status, String),
}

impl UserAction {
    pub const DISABLE: UserAction = UserAction::of(&declared::DISABLE);
    pub const ENABLE: UserAction = UserAction::of(&declared::ENABLE);

    /// A declared action that is given nothing.
    pub const fn of(declared: &'static Declared) -> Self {
        Self { declared, args: Args::None }
    }

    /// What a run over a list gives each of its users, if the action runs over one.
    pub fn over_list(declared: &'static Declared) -> Option<Self> {
        let list = declared.list.as_ref()?;
        Some(Self { declared, args: (list.args)() })
    }

    /// A change to a SecurID 700 token, by the declaration of its kind of change.
    pub fn token(token: TokenAction) -> Self {
        let declared = match token.change {
            TokenChange::Assign => &declared::ASSIGN_TOKEN,
            TokenChange::Unassign => &declared::UNASSIGN_TOKEN,
            TokenChange::Enable => &declared::ENABLE_TOKEN,
            TokenChange::Disable => &declared::DISABLE_TOKEN,
            TokenChange::ClearPin => &declared::CLEAR_PIN,
            TokenChange::Rename => &declared::RENAME_TOKEN,
        };
        Self { declared, args: Args::Token(token) }
    }

    pub fn unlock(methods: Vec<UnlockMethod>) -> Self {
        Self { declared: &declared::UNLOCK, args: Args::Methods(methods) }
    }

    /// As the audit record and the results name it.
    pub fn name(&self) -> &'static str {
        self.declared.name
    }

    /// As the audit record names it: the name, and which authenticator or token, or what
    /// changed.
    pub fn record_name(&self) -> String {
        match self.args.names() {
            Some(what) => format!("{} {what}", self.name()),
            None => self.name().to_string(),
        }
    }

    /// What a report of it starts with: the name, and for a token which one (a removal's
    /// outcome names the device itself).
    pub fn headline(&self) -> String {
        if self.args.in_headline() { self.record_name() } else { self.name().to_string() }
    }

    /// What to send for this user as the lookup shows them (an unlock narrowed to the methods
    /// that are locked), or why nothing is sent.
    pub fn for_user(&self, user: &UserDetails) -> Result<UserAction, Unsent> {
        let args = (self.declared.for_user)(&self.args, user)?;
        Ok(Self { declared: self.declared, args })
    }

    /// Sends the action for the user with this id.
    pub async fn perform(&self, client: &Client, user_id: &str) -> Result<Acted, ApiError> {
        (self.declared.call)(client, user_id, &self.args).await
    }
}

impl ActionOutcome {
    /// Status and words, on screen and in a script's results alike.
    pub fn verdict(&self) -> (Status, String) {
        match &self.result {
            Ok(Done::Acted(acted)) => (acted.status(), acted.summary()),
            Ok(Done::NothingToDo(why)) => (Status::Ok, why.clone()),
            Ok(Done::CannotDo(why)) => (Status::Warning, why.clone()),
            Ok(Done::Recorded(status, words)) => (*status, words.clone()),
            Err(failure) => failure.status_and_words(),
        }
    }

    /// For the audit record: the outcome in the words the results use (never a code: an
    /// action here has none).
    pub fn audit(&self) -> UserResult {
        match &self.result {
            // Half done (the old phone removed, no code for the new one) is not ok.
            Ok(Done::Acted(acted)) if acted.status() != Status::Ok => {
                UserResult::failed(&self.email, acted.summary())
            }
            Ok(Done::Acted(acted)) => UserResult::ok(&self.email).with_outcome(acted.summary()),
            Ok(Done::NothingToDo(why)) => {
                UserResult::ok(&self.email).with_outcome(nothing_to_do(why))
            }
            Ok(Done::CannotDo(why)) => UserResult::failed(&self.email, why.clone()),
            Ok(Done::Recorded(Status::Ok, words)) => {
                UserResult::ok(&self.email).with_outcome(words.clone())
            }
            Ok(Done::Recorded(_, words)) => UserResult::failed(&self.email, words.clone()),
            Err(failure) => UserResult::failed(&self.email, failure.message.clone()),
        }
    }

    /// Never sent: the run was cancelled or stopped before this user's turn.
    pub fn never_sent(&self) -> bool {
        self.result.as_ref().is_err_and(Failure::never_sent)
    }

    /// Whether a script should be told (exit status 1).
    pub fn needs_attention(&self) -> bool {
        match &self.result {
            Err(_) | Ok(Done::CannotDo(_)) => true,
            Ok(Done::Recorded(status, _)) => *status != Status::Ok,
            Ok(Done::Acted(_) | Done::NothingToDo(_)) => false,
        }
    }
}

/// Looks `email` up, then does `action` if there is something to do: the whole of one user's
/// part in a command or a bulk run. The lookup refuses an answer for another user, so the
/// action can only go to the id of the address asked about.
pub async fn act_on(client: &Client, email: &str, action: &UserAction) -> ActionOutcome {
    act_on_asking_wait(client, email, action, &Pacer::none()).await.0
}

/// [`act_on`], and the wait the service asked for if it refused a call with 429.
pub(crate) async fn act_on_asking_wait(
    client: &Client,
    email: &str,
    action: &UserAction,
    pacer: &Pacer,
) -> (ActionOutcome, Option<std::time::Duration>) {
    let (result, asked_wait) = match look_up_and_act(client, action, email, pacer).await {
        Ok(done) => (Ok(done), None),
        Err((failure, asked_wait)) => (Err(failure), asked_wait),
    };
    (ActionOutcome { email: email.to_string(), result }, asked_wait)
}

type Refused = (Failure, Option<std::time::Duration>);

async fn look_up_and_act(
    client: &Client,
    action: &UserAction,
    email: &str,
    pacer: &Pacer,
) -> Result<Done, Refused> {
    let refused = |e: ApiError| {
        let asked_wait = match &e {
            ApiError::Status(s) => s.retry_after,
            _ => None,
        };
        (Failure::from(e), asked_wait)
    };
    let user = client.lookup_user(email, false).await.map_err(refused)?;
    let Some(id) = user.id.clone() else {
        return Err((Failure::new("the service gave no user id; nothing was sent"), None));
    };
    let action = match action.for_user(&user) {
        Ok(action) => action,
        Err(Unsent::AsAsked(why)) => return Ok(Done::NothingToDo(why)),
        Err(Unsent::Cannot(why)) => return Ok(Done::CannotDo(why)),
    };
    // A caller that paces each user by their lookup (the bulk engine) has the lookup's 429
    // come back to it; the change after it waits its turn at the run's pace, then out its
    // own 429. Sent again from the lookup, it would need two calls in a row from a bucket
    // that may refill one at a time, and never get them.
    pacer.turn().await;
    let acted = action.perform(&client.waiting_out_429s(), &id).await.map_err(refused)?;
    Ok(Done::Acted(acted.compared_with(&user)))
}

/// The methods `user` is locked in that RSA's Unlock API cannot name (it takes only TOKEN,
/// SMS and VOICE): "Approve", "Fingerprint".
pub fn locked_without_unlock(user: &UserDetails) -> Vec<&'static str> {
    [(user.is_approve_locked, "Approve"), (user.is_fingerprint_locked, "Fingerprint")]
        .into_iter()
        .filter(|(locked, _)| *locked == Some(true))
        .map(|(_, name)| name)
        .collect()
}

/// "already disabled" as "nothing to do: already disabled", so a reader sees nothing was
/// sent; "nothing to unlock: …" says so already.
fn nothing_to_do(why: &str) -> String {
    if why.starts_with("nothing") { why.to_string() } else { format!("nothing to do: {why}") }
}

fn is_locked(user: &UserDetails, method: UnlockMethod) -> bool {
    let flag = match method {
        UnlockMethod::Token => user.is_token_locked,
        UnlockMethod::Sms => user.is_sms_locked,
        UnlockMethod::Voice => user.is_voice_locked,
    };
    flag == Some(true)
}

/// The methods of `details` the Unlock API can unlock.
pub fn unlockable(details: &UserDetails) -> Vec<UnlockMethod> {
    UnlockMethod::ALL.into_iter().filter(|m| is_locked(details, *m)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{MethodStates, UserStatus, UserStatusAnswer};

    fn user(token: bool, sms: bool, status: UserStatus) -> UserDetails {
        UserDetails {
            is_token_locked: Some(token),
            is_sms_locked: Some(sms),
            is_voice_locked: Some(false),
            user_status: Some(status),
            ..UserDetails::default()
        }
    }

    #[test]
    fn an_answer_applied_to_the_user_shown_changes_only_what_it_reports() {
        let mut shown = user(true, true, UserStatus::Enabled);
        let states = MethodStates { is_token_locked: Some(false), ..MethodStates::default() };
        Acted::Unlocked { methods: vec![UnlockMethod::Token], states }.apply_to(&mut shown);
        assert_eq!((shown.is_token_locked, shown.is_sms_locked), (Some(false), Some(true)));
        let disabled = UserStatusAnswer { id: None, user_status: Some(UserStatus::Disabled) };
        Acted::StatusSet(disabled).apply_to(&mut shown);
        assert_eq!(shown.user_status, Some(UserStatus::Disabled));
    }

    #[test]
    fn a_user_locked_only_where_nothing_unlocks_is_a_warning_not_ok() {
        let all = UserAction::unlock(UnlockMethod::ALL.to_vec());
        let mut kenji = user(false, false, UserStatus::Enabled);
        kenji.is_approve_locked = Some(true);
        kenji.is_fingerprint_locked = Some(true);
        let Err(Unsent::Cannot(why)) = all.for_user(&kenji) else { panic!("cannot") };
        let outcome =
            ActionOutcome { email: "kenji@example.com".into(), result: Ok(Done::CannotDo(why)) };
        let (status, words) = outcome.verdict();
        assert_eq!(status, Status::Warning);
        assert!(words.starts_with("Approve and Fingerprint still locked"), "{words}");
        assert!(outcome.needs_attention());
        assert!(!outcome.audit().ok);
        let clear = user(false, false, UserStatus::Enabled);
        assert!(matches!(all.for_user(&clear), Err(Unsent::AsAsked(_))));
    }

    #[test]
    fn a_bulk_unlock_sends_only_what_is_locked() {
        let all = UserAction::unlock(UnlockMethod::ALL.to_vec());
        let u = user(true, false, UserStatus::Enabled);
        assert_eq!(all.for_user(&u), Ok(UserAction::unlock(vec![UnlockMethod::Token])));
        let clear = user(false, false, UserStatus::Enabled);
        assert_eq!(
            all.for_user(&clear),
            Err(Unsent::AsAsked("nothing to unlock: Tokencode, SMS and Voice not locked".into()))
        );
    }

    #[test]
    fn enabling_or_disabling_twice_sends_nothing_the_second_time() {
        let off = user(false, false, UserStatus::Disabled);
        let already = |why: &str| Err(Unsent::AsAsked(why.into()));
        assert_eq!(UserAction::DISABLE.for_user(&off), already("already disabled"));
        assert_eq!(UserAction::ENABLE.for_user(&off), Ok(UserAction::ENABLE));
        let on = user(false, false, UserStatus::Enabled);
        assert_eq!(UserAction::ENABLE.for_user(&on), already("already enabled"));
        // Sync always has something to do: the point is to ask the source again.
        let sync = UserAction::of(&declared::SYNC);
        assert_eq!(sync.for_user(&on), Ok(sync.clone()));
    }

    #[test]
    fn questions_name_the_user_and_the_methods() {
        let q = UserAction::unlock(vec![UnlockMethod::Token, UnlockMethod::Sms])
            .question("a@example.com\x1b[2J");
        assert_eq!(q, "Unlock Tokencode and SMS for a@example.com?");
        assert_eq!(method_list(&UnlockMethod::ALL), "Tokencode, SMS and Voice");
    }

    #[test]
    fn the_journal_keeps_a_list_action_as_it_did_before_actions_were_declared() {
        let unlock = UserAction::unlock(vec![UnlockMethod::Token]);
        assert_eq!(serde_json::to_string(&unlock).unwrap(), r#"{"unlock":["TOKEN"]}"#);
        assert_eq!(
            serde_json::to_string(&UserAction::DISABLE).unwrap(),
            r#"{"declared":"disable"}"#
        );
        for action in [unlock, UserAction::DISABLE, UserAction::of(&declared::SYNC)] {
            let kept = serde_json::to_string(&action).unwrap();
            assert_eq!(serde_json::from_str::<UserAction>(&kept).unwrap(), action);
        }
    }
}
