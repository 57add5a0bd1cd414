//! A FIDO security key or passkey suspended (a lost key: it stays registered, but cannot be
//! used to sign in) or restored, from the row chosen on a user's authenticators list (Enable /
//! Disable FIDO Authenticator). Deleting one stays "remove" (`on_rows.rs`).
//!
//! Named as "remove authenticator" is, so the record reads "suspend authenticator FIDO key
//! YubiKey 5C NFC" (only FIDO credentials can be suspended through the API).
//!
//! Neither runs over a list: each names one key of one user, found on that user's list, as a
//! removal does. Neither is guarded: like enabling or disabling a SecurID 700 token, neither
//! issues a credential nor takes one away for good (the policy guards those, `crate::verify`).

use super::on_rows::not_given;
use super::{Args, Declared, Offer, Target};
use crate::actions::{Acted, AuthenticatorRef, Item, Row};
use crate::api::fido_enabled;
use crate::api::scope::Scope;

/// In the order the list's footer offers them.
pub(super) static ALL: &[&Declared] = &[&SUSPEND_FIDO, &RESTORE_FIDO];

/// The key on the row, if it has an id and its status is `enabled`.
fn on_key(row: &Row, enabled: bool) -> Option<Offer> {
    let Item::Fido(f) = row.item else { return None };
    if fido_enabled(f) != Some(enabled) {
        return None;
    }
    Offer::first(Args::Authenticator(AuthenticatorRef::of_fido(f)?))
}

fn label(args: &Args) -> String {
    args.names().unwrap_or_default()
}

async fn set(
    client: &crate::api::Client,
    id: &str,
    args: &Args,
    enabled: bool,
) -> Result<Acted, crate::api::ApiError> {
    let Args::Authenticator(key) = args else { return Err(not_given()) };
    let answer = client.set_fido_enabled(id, &key.id, enabled).await?;
    let verb = if enabled { "restored" } else { "suspended" };
    Ok(Acted::Said(format!("{verb} {}; {}", key.label, answer.summary())))
}

/// On the same key as [`RESTORE_FIDO`]: a key is offered one or the other.
pub static SUSPEND_FIDO: Declared = Declared {
    name: "suspend authenticator",
    key_name: "suspend_authenticator",
    command: "suspend-fido",
    key: 'f',
    scope: Scope::FidoManage,
    guard: None,
    faces: &["suspend key"],
    in_footer: true,
    target: Target::Row(|row| on_key(row, true)),
    asks_first: true,
    question: |args, who| {
        format!(
            "Suspend {} of {who}? It cannot be used to sign in until restored; it stays \
             registered (not deleted).",
            label(args)
        )
    },
    caveat: None,
    doing: |args| format!("Suspending {}", label(args)),
    after_failure: None,
    for_user: super::as_given,
    call: |client, id, args| Box::pin(set(client, id, args, false)),
    list: None,
};

pub static RESTORE_FIDO: Declared = Declared {
    name: "restore authenticator",
    key_name: "restore_authenticator",
    command: "restore-fido",
    key: 'f',
    scope: Scope::FidoManage,
    guard: Some(crate::verify::Guarded::RestoreAuthenticator),
    faces: &["restore key"],
    in_footer: true,
    target: Target::Row(|row| on_key(row, false)),
    asks_first: true,
    question: |args, who| {
        format!("Restore {} of {who}? It can be used to sign in again.", label(args))
    },
    caveat: None,
    doing: |args| format!("Restoring {}", label(args)),
    after_failure: None,
    for_user: super::as_given,
    call: |client, id, args| Box::pin(set(client, id, args, true)),
    list: None,
};
