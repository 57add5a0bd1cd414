//! The actions on the user a lookup found: unlock, disable, enable, synchronise. Each runs over
//! a list too (the Bulk screen, `casdesk <command>`).

use super::{Args, Declared, ListWords, Offer, Target, Unsent};
use crate::actions::{Acted, locked_without_unlock, method_list, unlockable};
use crate::api::scope::Scope;
use crate::api::{UnlockMethod, UserDetails, UserStatus};

/// In the order Lookup's footer and the Bulk screen offer them.
pub(super) static ALL: &[&Declared] =
    &[&UNLOCK, &DISABLE, &ENABLE, &SYNC, &MARK_DELETED, &UNDELETE];

/// Whether a user's status may be set: not while marked for deletion (the service answers 409).
fn status_settable(user: &UserDetails) -> bool {
    user.mark_deleted != Some(true)
}

/// The methods an unlock was given.
fn methods(args: &Args) -> &[UnlockMethod] {
    match args {
        Args::Methods(methods) => methods,
        _ => &[],
    }
}

pub static UNLOCK: Declared = Declared {
    name: "unlock methods",
    key_name: "unlock_methods",
    command: "unlock",
    key: 'u',
    scope: Scope::UserFactorManage,
    guard: None,
    faces: &["unlock", "why no unlock"],
    in_footer: true,
    // Offered on what is locked; on a user locked only where RSA's API has no unlock, the key
    // says why rather than doing nothing.
    target: Target::User(|u| {
        let locked = unlockable(u);
        if !locked.is_empty() {
            Offer::first(Args::Methods(locked))
        } else if !locked_without_unlock(u).is_empty() {
            Some(Offer::Explain { face: 1 })
        } else {
            None
        }
    }),
    asks_first: true,
    question: |args, who| format!("Unlock {} for {who}?", method_list(methods(args))),
    // An unlock leaves Approve and Fingerprint as they are: said before it is sent.
    caveat: Some(|u| {
        let stay = locked_without_unlock(u);
        let them = if stay.len() > 1 { "them" } else { "it" };
        (!stay.is_empty()).then(|| {
            format!("{} will stay locked: RSA's Unlock API cannot name {them}.", stay.join(" and "))
        })
    }),
    doing: |args| format!("Unlocking {}", method_list(methods(args))),
    // Only what is locked is sent; a user locked only in Approve or Fingerprint is not as
    // asked, which a list's results must not read as OK.
    after_failure: None,
    for_user: |args, user| {
        let asked = methods(args);
        let locked: Vec<UnlockMethod> =
            asked.iter().copied().filter(|m| unlockable(user).contains(m)).collect();
        if !locked.is_empty() {
            return Ok(Args::Methods(locked));
        }
        let why = format!("nothing to unlock: {} not locked", method_list(asked));
        let no_unlock = locked_without_unlock(user);
        if no_unlock.is_empty() {
            return Err(Unsent::AsAsked(why));
        }
        let them = if no_unlock.len() > 1 { "them" } else { "it" };
        Err(Unsent::Cannot(format!(
            "{} still locked: RSA's Unlock API has no unlock for {them}; {why}",
            no_unlock.join(" and ")
        )))
    },
    call: |client, id, args| {
        Box::pin(async move {
            let methods = methods(args).to_vec();
            let states = client.unlock_methods(id, &methods).await?;
            Ok(Acted::Unlocked { methods, states })
        })
    },
    list: Some(ListWords {
        verb: "unlock",
        verb_ing: "unlocking",
        question: |users| {
            format!("Unlock the locked {} methods of {users}?", method_list(&UnlockMethod::ALL))
        },
        warning: "Each user is looked up first; one with nothing locked is left alone.",
        again_note: "Unlocking again is safe: a user with nothing locked is left alone.",
        args: || Args::Methods(UnlockMethod::ALL.to_vec()),
        // `casdesk unlock` takes `--methods`: its command is its own.
        command_help: None,
    }),
};

pub static DISABLE: Declared = Declared {
    name: "disable user",
    key_name: "disable_user",
    command: "disable",
    key: 'd',
    scope: Scope::UserManage,
    guard: None,
    faces: &["disable user"],
    in_footer: true,
    target: Target::User(|u| {
        (status_settable(u) && u.user_status == Some(UserStatus::Enabled))
            .then(|| Offer::first(Args::None))?
    }),
    asks_first: true,
    question: |_, who| format!("Disable {who}? They cannot sign in until enabled again."),
    caveat: None,
    doing: |_| "Disabling the user".into(),
    after_failure: None,
    for_user: |_, u| match u.user_status {
        Some(UserStatus::Disabled) => Err(Unsent::AsAsked("already disabled".into())),
        _ => Ok(Args::None),
    },
    call: |client, id, _| {
        Box::pin(async move { client.set_user_status(id, false).await.map(Acted::StatusSet) })
    },
    list: Some(ListWords {
        verb: "disable",
        verb_ing: "disabling",
        question: |users| format!("Disable {users}?"),
        warning: "They cannot sign in until they are enabled again.",
        again_note: "Disabling again is safe: a user already disabled stays disabled.",
        args: || Args::None,
        command_help: Some(
            "Disable users: they cannot sign in until enabled again (leavers, a stolen laptop)",
        ),
    }),
};

/// On the same key as [`DISABLE`]: a user is offered one or the other, never both.
pub static ENABLE: Declared = Declared {
    name: "enable user",
    key_name: "enable_user",
    command: "enable",
    key: 'd',
    scope: Scope::UserManage,
    guard: None,
    faces: &["enable user"],
    in_footer: true,
    target: Target::User(|u| {
        (status_settable(u) && u.user_status == Some(UserStatus::Disabled))
            .then(|| Offer::first(Args::None))?
    }),
    asks_first: true,
    question: |_, who| format!("Enable {who}? They can sign in again at once."),
    caveat: None,
    doing: |_| "Enabling the user".into(),
    after_failure: None,
    for_user: |_, u| match u.user_status {
        Some(UserStatus::Enabled) => Err(Unsent::AsAsked("already enabled".into())),
        _ => Ok(Args::None),
    },
    call: |client, id, _| {
        Box::pin(async move { client.set_user_status(id, true).await.map(Acted::StatusSet) })
    },
    list: Some(ListWords {
        verb: "enable",
        verb_ing: "enabling",
        question: |users| format!("Enable {users}?"),
        warning: "They can sign in again at once.",
        again_note: "Enabling again is safe: a user already enabled stays enabled.",
        args: || Args::None,
        command_help: Some("Enable disabled users again"),
    }),
};

pub static SYNC: Declared = Declared {
    name: "synchronise user",
    key_name: "synchronise_user",
    command: "sync",
    key: 's',
    scope: Scope::UserSync,
    guard: None,
    faces: &["sync"],
    in_footer: true,
    target: Target::User(|_| Offer::first(Args::None)),
    // Nothing changes but what the identity source says: no question.
    asks_first: false,
    question: |_, who| format!("Synchronise {who} from the identity source?"),
    caveat: None,
    doing: |_| "Synchronising from the identity source".into(),
    // Always something to do: the point is to ask the source again.
    after_failure: None,
    for_user: super::as_given,
    call: |client, id, _| {
        Box::pin(async move {
            let details = client.sync_user(id).await?;
            Ok(Acted::Synced { details: Box::new(details), changes: None })
        })
    },
    list: Some(ListWords {
        verb: "synchronise",
        verb_ing: "synchronising",
        question: |users| format!("Synchronise {users}?"),
        warning: "Each user is read again from their identity source; nothing else changes.",
        again_note: "Synchronising again is safe: it reads the identity source again.",
        args: || Args::None,
        command_help: Some(
            "Synchronise users from their identity source (a name or address changed there)",
        ),
    }),
};

/// "on 2026-12-14": the day the service deletes a user marked now (7 days on).
fn deletion_day() -> String {
    format!("on {}", (time::OffsetDateTime::now_utc() + time::Duration::days(7)).date())
}

/// A leaver: the service deletes them 7 days after the mark, unless it is taken away first.
pub static MARK_DELETED: Declared = Declared {
    name: "mark user for deletion",
    key_name: "mark_user_for_deletion",
    command: "mark-deleted",
    key: 'X',
    scope: Scope::UserDeleteSoft,
    guard: None,
    faces: &["mark for deletion"],
    // The pane's Deletion line and the help name it; the footer needs the room at 80 columns.
    in_footer: false,
    target: Target::User(|u| (u.mark_deleted != Some(true)).then(|| Offer::first(Args::None))?),
    asks_first: true,
    question: |_, who| {
        format!(
            "Mark {who} for deletion? No sign-in from now; deleted {} unless undeleted.",
            deletion_day()
        )
    },
    caveat: None,
    doing: |_| "Marking the user for deletion".into(),
    after_failure: None,
    for_user: |_, u| match u.mark_deleted {
        Some(true) => Err(Unsent::AsAsked("already marked for deletion".into())),
        _ => Ok(Args::None),
    },
    call: |client, id, _| {
        Box::pin(async move {
            client.mark_deleted(id, true).await?;
            Ok(Acted::Said(format!(
                "marked for deletion; deleted {} unless undeleted",
                deletion_day()
            )))
        })
    },
    list: Some(ListWords {
        verb: "mark for deletion",
        verb_ing: "marking for deletion",
        question: |users| format!("Mark {users} for deletion?"),
        warning: "They cannot sign in, and the service deletes them after 7 days unless undeleted.",
        again_note: "Marking again is safe: a user already marked keeps their first mark.",
        args: || Args::None,
        command_help: Some(
            "Mark users for deletion (leavers): deleted by the service after 7 days unless undeleted",
        ),
    }),
};

/// On the same key as [`MARK_DELETED`]: offered while the mark stands.
pub static UNDELETE: Declared = Declared {
    name: "undelete user",
    key_name: "undelete_user",
    command: "undelete",
    key: 'X',
    scope: Scope::UserDeleteSoft,
    guard: None,
    faces: &["undelete"],
    in_footer: true,
    target: Target::User(|u| (u.mark_deleted == Some(true)).then(|| Offer::first(Args::None))?),
    asks_first: true,
    question: |_, who| {
        format!("Take the deletion mark away from {who}? The service will keep them.")
    },
    caveat: None,
    doing: |_| "Taking the deletion mark away".into(),
    after_failure: None,
    for_user: |_, u| match u.mark_deleted {
        Some(true) => Ok(Args::None),
        _ => Err(Unsent::AsAsked("not marked for deletion".into())),
    },
    call: |client, id, _| {
        Box::pin(async move {
            client.mark_deleted(id, false).await?;
            Ok(Acted::Said("no longer marked for deletion".into()))
        })
    },
    list: Some(ListWords {
        verb: "undelete",
        verb_ing: "undeleting",
        question: |users| format!("Take the deletion mark away from {users}?"),
        warning: "The service keeps them; their status (enabled or disabled) is as it was.",
        again_note: "Undeleting again is safe: a user not marked is left alone.",
        args: || Args::None,
        command_help: Some(
            "Take the deletion mark away from users (back before the 7 days are up)",
        ),
    }),
};
