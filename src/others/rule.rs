//! Just before a change: would it replace or undo what a colleague did to this user in the
//! last 24 hours? Generating a code voids the one a colleague generated; enabling a user a
//! colleague disabled undoes their doing; unassigning a token a colleague assigned, too.
//!
//! Only the newest entry on the same thing counts (the user's status, one kind of code, one
//! token by serial, the emergency tokencode, the phone numbers, the device registration code):
//! if that is casdesk's own, or does not conflict, there is nothing to warn of.

use super::{Act, Acted, CodeKind, Ds100Act, TokenAct, WINDOW, ago};
use time::OffsetDateTime;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Conflict {
    /// The change makes what they made void (a new code for the old one).
    Replaces,
    /// The change reverses what they did.
    Undoes,
}

/// What a change touches on the user, for "the newest entry on the same thing".
#[derive(Clone, Debug, PartialEq, Eq)]
enum Subject {
    Status,
    Code(CodeKind),
    Eac,
    DeviceCode,
    Token(String),
    Phones,
    Deletion,
    Fido(String),
    Ds100(String),
}

fn subject(act: &Act) -> Option<Subject> {
    Some(match act {
        Act::EnabledUser | Act::DisabledUser => Subject::Status,
        Act::GeneratedCode(k) | Act::VoidedCode(k) => Subject::Code(*k),
        Act::EnabledEac | Act::DisabledEac => Subject::Eac,
        Act::DeviceCode => Subject::DeviceCode,
        Act::Token(_, serial) if !serial.is_empty() => Subject::Token(serial.to_ascii_uppercase()),
        Act::PhoneChanged | Act::PhoneCleared => Subject::Phones,
        Act::MarkedDeleted | Act::Undeleted => Subject::Deletion,
        Act::Fido(_, id) if !id.is_empty() => Subject::Fido(id.to_ascii_uppercase()),
        Act::Ds100(_, serial) if !serial.is_empty() => Subject::Ds100(serial.to_ascii_uppercase()),
        _ => return None,
    })
}

/// Whether doing `mine` replaces or undoes `theirs` (both on the same user).
pub fn conflict(mine: &Act, theirs: &Act) -> Option<Conflict> {
    if subject(mine).is_none() || subject(mine) != subject(theirs) {
        return None;
    }
    use Act::*;
    use TokenAct::*;
    match (mine, theirs) {
        (GeneratedCode(_), GeneratedCode(_)) => Some(Conflict::Replaces),
        (VoidedCode(_), GeneratedCode(_)) => Some(Conflict::Undoes),
        (EnabledUser, DisabledUser) | (DisabledUser, EnabledUser) => Some(Conflict::Undoes),
        (EnabledEac, EnabledEac) => Some(Conflict::Replaces),
        (EnabledEac, DisabledEac) | (DisabledEac, EnabledEac) => Some(Conflict::Undoes),
        (DeviceCode, DeviceCode) => Some(Conflict::Replaces),
        (Token(m, _), Token(t, _)) => match (m, t) {
            (Unassigned, Assigned) | (Assigned, Unassigned) => Some(Conflict::Undoes),
            (Enabled, Disabled) | (Disabled, Enabled) => Some(Conflict::Undoes),
            (Renamed, Renamed) => Some(Conflict::Replaces),
            _ => None,
        },
        (MarkedDeleted, Undeleted) | (Undeleted, MarkedDeleted) => Some(Conflict::Undoes),
        (Fido(m, _), Fido(t, _)) if m != t => Some(Conflict::Undoes),
        (Ds100(m, _), Ds100(t, _)) => match (m, t) {
            (Ds100Act::OtpEnabled, Ds100Act::OtpDisabled)
            | (Ds100Act::OtpDisabled, Ds100Act::OtpEnabled) => Some(Conflict::Undoes),
            _ => None,
        },
        (PhoneChanged | PhoneCleared, PhoneChanged | PhoneCleared) => Some(Conflict::Replaces),
        _ => None,
    }
}

/// The colleague's action a change would replace or undo, in words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Warning {
    /// "anna.berg (Help Desk)"
    pub who: String,
    /// "generated an enrollment code"
    pub what: String,
    /// "3 min ago"
    pub when: String,
    pub conflict: Conflict,
    /// Whether it voids a code they generated (said so, rather than "replaces").
    pub voids_code: bool,
}

impl Warning {
    /// "anna.berg (Help Desk) generated an enrollment code 3 min ago: this voids theirs."
    pub fn words(&self) -> String {
        let effect = match (self.conflict, self.voids_code) {
            (_, true) => "this voids theirs",
            (Conflict::Replaces, false) => "this replaces it",
            (Conflict::Undoes, false) => "this undoes it",
        };
        format!("{} {} {}: {effect}.", self.who, self.what, self.when)
    }
}

/// The warning for doing `mine` now, given the user's entries (newest first): the newest entry
/// on the same thing within the last 24 hours, if a colleague's and in conflict with it.
pub fn warning(mine: &Act, entries: &[Acted], now: OffsetDateTime) -> Option<Warning> {
    let wanted = subject(mine)?;
    let newest = entries
        .iter()
        .filter(|e| e.at.is_some_and(|t| t > now - WINDOW))
        .find(|e| subject(&e.act).as_ref() == Some(&wanted))?;
    if newest.by_this_key {
        return None;
    }
    let conflict = conflict(mine, &newest.act)?;
    Some(Warning {
        who: newest.who.clone(),
        what: newest.what.clone(),
        when: newest.at.map(|t| ago(now - t)).unwrap_or_default(),
        conflict,
        voids_code: matches!(
            (mine, &newest.act),
            (Act::GeneratedCode(_) | Act::VoidedCode(_), Act::GeneratedCode(_))
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::AdminLogEntry;
    use proptest::prelude::*;
    use time::macros::datetime;

    const NOW: OffsetDateTime = datetime!(2026-12-08 10:00 UTC);

    fn entry(minutes_ago: i64, who: &str, key: &str, detail: Option<&str>) -> AdminLogEntry {
        let at = NOW - time::Duration::minutes(minutes_ago);
        AdminLogEntry {
            event_log_date: Some(crate::api::format_query_time(at)),
            admin_user_name: Some(who.into()),
            admin_user_role: Some("Help Desk Administrator".into()),
            activity_key: Some(key.into()),
            target_object2_name: detail.map(Into::into),
            ..Default::default()
        }
    }

    fn gen_code() -> Act {
        Act::GeneratedCode(CodeKind::Enrollment)
    }

    #[test]
    fn a_new_code_voids_a_colleagues_and_enabling_undoes_their_disable() {
        let list = super::super::acted(
            &[
                entry(300, "marcus.reed", "ENABLE_USER", None),
                entry(20, "marcus.reed", "DISABLE_USER", None),
                entry(3, "anna.berg", "GENERATE_ENROLLMENT_CODE", None),
            ],
            "my-key",
        );
        let w = warning(&gen_code(), &list, NOW).unwrap();
        assert_eq!(
            w.words(),
            "anna.berg (Help Desk) generated an enrollment code 3 min ago: this voids theirs."
        );
        let w = warning(&Act::EnabledUser, &list, NOW).unwrap();
        assert_eq!((w.conflict, w.when.as_str()), (Conflict::Undoes, "20 min ago"));
        assert_eq!(warning(&Act::DisabledUser, &list, NOW), None, "the newest is a disable");
        assert_eq!(warning(&Act::GeneratedCode(CodeKind::PasswordReset), &list, NOW), None);
        assert_eq!(warning(&Act::Synced, &list, NOW), None);
    }

    #[test]
    fn own_entries_older_ones_and_other_tokens_are_not_warned_of() {
        let list = super::super::acted(
            &[
                entry(60 * 25, "anna.berg", "GENERATE_ENROLLMENT_CODE", None),
                entry(30, "anna.berg", "ASSIGN_SID_TOKEN", Some("000111")),
                entry(10, "my-key", "DISABLE_USER", None),
                entry(50, "marcus.reed", "ENABLE_USER", None),
            ],
            "my-key",
        );
        assert_eq!(warning(&gen_code(), &list, NOW), None, "beyond 24 h");
        assert_eq!(warning(&Act::EnabledUser, &list, NOW), None, "the newest is this key's");
        let unassign = |s: &str| Act::Token(TokenAct::Unassigned, s.into());
        assert!(warning(&unassign("000111"), &list, NOW).is_some());
        assert_eq!(warning(&unassign("000222"), &list, NOW), None);
        assert_eq!(list[0].who, "this key");
    }

    #[test]
    fn undeleting_restoring_and_switching_otp_back_undo_a_colleagues_change_to_the_same_thing() {
        let mut suspended = entry(15, "anna.berg", "DISABLE_FIDO_AUTHENTICATOR", Some("YubiKey"));
        suspended.target_object2_id = Some("key-1".into());
        let list = super::super::acted(
            &[
                entry(40, "marcus.reed", "MARK_USER_DELETED", None),
                suspended,
                entry(5, "anna.berg", "DISABLE_DS100_OTP", Some("140100080")),
            ],
            "my-key",
        );
        let w = warning(&Act::Undeleted, &list, NOW).unwrap();
        assert_eq!(
            w.words(),
            "marcus.reed (Help Desk) marked the user for deletion 40 min ago: this undoes it."
        );
        assert_eq!(warning(&Act::MarkedDeleted, &list, NOW), None, "marking again undoes nothing");
        let w = warning(&Act::Fido(true, "key-1".into()), &list, NOW).unwrap();
        assert_eq!(w.what, "suspended FIDO key YubiKey");
        assert_eq!(warning(&Act::Fido(true, "key-2".into()), &list, NOW), None, "another key");
        let on = Act::Ds100(Ds100Act::OtpEnabled, "140100080".into());
        assert_eq!(warning(&on, &list, NOW).map(|w| w.conflict), Some(Conflict::Undoes));
        let pin = Act::Ds100(Ds100Act::PinCleared, "140100080".into());
        assert_eq!(warning(&pin, &list, NOW), None);
    }

    fn any_act() -> impl Strategy<Value = Act> {
        let kind = prop_oneof![Just(CodeKind::Enrollment), Just(CodeKind::PasswordReset)];
        let token = prop_oneof![
            Just(TokenAct::Assigned),
            Just(TokenAct::Unassigned),
            Just(TokenAct::Enabled),
            Just(TokenAct::Disabled),
            Just(TokenAct::PinCleared),
        ];
        prop_oneof![
            kind.clone().prop_map(Act::GeneratedCode),
            kind.prop_map(Act::VoidedCode),
            Just(Act::EnabledUser),
            Just(Act::DisabledUser),
            Just(Act::Unlocked),
            Just(Act::Synced),
            Just(Act::EnabledEac),
            Just(Act::DisabledEac),
            Just(Act::DeviceCode),
            Just(Act::DeletedDevice),
            (token, prop_oneof![Just("A"), Just("a"), Just("B"), Just("")])
                .prop_map(|(t, s)| Act::Token(t, s.to_string())),
            Just(Act::PhoneChanged),
            Just(Act::PhoneCleared),
            Just(Act::Other),
        ]
    }

    fn any_acted() -> impl Strategy<Value = Acted> {
        (any_act(), -60i64..3000, any::<bool>(), any::<bool>()).prop_map(
            |(act, minutes, mine, dated)| Acted {
                at: dated.then(|| NOW - time::Duration::minutes(minutes)),
                who: if mine { "this key".into() } else { "anna.berg (Help Desk)".into() },
                by_this_key: mine,
                what: "did it".into(),
                act,
                entry: AdminLogEntry::default(),
            },
        )
    }

    proptest! {
        #[test]
        fn conflicts_are_only_ever_on_the_same_thing(a in any_act(), b in any_act()) {
            if let Some(c) = conflict(&a, &b) {
                prop_assert!(subject(&a).is_some() && subject(&a) == subject(&b));
                // Either done after the other replaces it (a code, the phone numbers…).
                if c == Conflict::Replaces {
                    prop_assert_eq!(conflict(&b, &a), Some(Conflict::Replaces));
                }
            }
            prop_assert_eq!(conflict(&Act::Other, &a), None);
            prop_assert_eq!(conflict(&a, &Act::Other), None);
        }

        #[test]
        fn a_warning_names_a_colleagues_recent_conflicting_entry(
            mine in any_act(),
            mut list in proptest::collection::vec(any_acted(), 0..8),
        ) {
            list.sort_by_key(|a| std::cmp::Reverse(a.at));
            if let Some(w) = warning(&mine, &list, NOW) {
                prop_assert_ne!(w.who.as_str(), "this key");
                prop_assert!(list.iter().any(|e| !e.by_this_key
                    && e.at.is_some_and(|t| NOW - t < WINDOW)
                    && conflict(&mine, &e.act) == Some(w.conflict)));
            }
            // Only casdesk's own entries: never a warning.
            let own: Vec<Acted> = list.into_iter().map(|mut e| {
                e.by_this_key = true;
                e
            }).collect();
            prop_assert_eq!(warning(&mine, &own, NOW), None);
        }
    }
}
