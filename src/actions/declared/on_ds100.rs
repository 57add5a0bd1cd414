//! A SecurID DS100's OTP credential, from the row chosen on a user's authenticators list:
//! switched off or on (a DS100 left at home, found again), its PIN cleared (the holder sets a
//! new one at the next sign-in), or deleted.
//!
//! None runs over a list: each names one DS100 of one user, found on that user's list.
//! Guarded as the SecurID 700 token's are (`crate::verify`): deleting takes a credential away
//! for good, like removing a device (guarded); enabling, disabling and clearing the PIN are
//! not, as a SecurID 700's enable, disable and clear PIN are not.

use super::on_rows::not_given;
use super::{Args, Declared, Offer, Target};
use crate::actions::{Acted, Ds100Ref, Item, Row};
use crate::api::Device;
use crate::api::scope::Scope;
use crate::verify::Guarded;

/// In the order the list's footer offers them.
pub(super) static ALL: &[&Declared] =
    &[&DELETE_DS100, &DISABLE_DS100_OTP, &ENABLE_DS100_OTP, &CLEAR_DS100_PIN];

/// The DS100 on the row, if it can be named and `applies`.
fn on_ds100(row: &Row, applies: fn(&Device, &Ds100Ref) -> bool) -> Option<Offer> {
    let Item::Ds100(d) = row.item else { return None };
    let ds100 = Ds100Ref::of(d)?;
    applies(d, &ds100).then(|| Offer::first(Args::Ds100(ds100)))?
}

/// "DS100 140100080 (OTP credential 014010008035)".
fn label(args: &Args) -> String {
    format!("DS100 {}", args.names().unwrap_or_default())
}

async fn set_otp(
    client: &crate::api::Client,
    id: &str,
    args: &Args,
    enabled: bool,
) -> Result<Acted, crate::api::ApiError> {
    let Args::Ds100(ds100) = args else { return Err(not_given()) };
    let answer = client.set_ds100_otp(id, &ds100.device_serial, enabled).await?;
    Ok(Acted::Said(answer.summary()))
}

/// On the same key as [`ENABLE_DS100_OTP`]: a DS100 is offered one or the other.
pub static DISABLE_DS100_OTP: Declared = Declared {
    name: "disable DS100 OTP",
    key_name: "disable_ds100_otp",
    command: "disable-ds100-otp",
    key: 't',
    scope: Scope::Ds100Manage,
    guard: None,
    faces: &["disable OTP"],
    in_footer: true,
    target: Target::Row(|row| on_ds100(row, |d, _| d.otp_enabled() == Some(true))),
    asks_first: true,
    question: |args, who| {
        format!(
            "Disable the OTP credential of {} of {who}? No one-time codes from it until enabled.",
            label(args)
        )
    },
    caveat: None,
    doing: |args| format!("Disabling the OTP credential of {}", label(args)),
    after_failure: None,
    for_user: super::as_given,
    call: |client, id, args| Box::pin(set_otp(client, id, args, false)),
    list: None,
};

pub static ENABLE_DS100_OTP: Declared = Declared {
    name: "enable DS100 OTP",
    key_name: "enable_ds100_otp",
    command: "enable-ds100-otp",
    key: 't',
    scope: Scope::Ds100Manage,
    guard: Some(Guarded::RestoreAuthenticator),
    faces: &["enable OTP"],
    in_footer: true,
    target: Target::Row(|row| on_ds100(row, |d, _| d.otp_enabled() == Some(false))),
    asks_first: true,
    question: |args, who| {
        format!(
            "Enable the OTP credential of {} of {who}? It gives one-time codes again.",
            label(args)
        )
    },
    caveat: None,
    doing: |args| format!("Enabling the OTP credential of {}", label(args)),
    after_failure: None,
    for_user: super::as_given,
    call: |client, id, args| Box::pin(set_otp(client, id, args, true)),
    list: None,
};

/// Offered unless the list says there is no PIN; needs the credential's serial.
pub static CLEAR_DS100_PIN: Declared = Declared {
    name: "clear PIN of DS100",
    key_name: "clear_pin_of_ds100",
    command: "clear-ds100-pin",
    key: 'p',
    scope: Scope::Ds100Manage,
    guard: Some(Guarded::RestoreAuthenticator),
    faces: &["clear PIN"],
    in_footer: true,
    target: Target::Row(|row| {
        on_ds100(row, |d, r| r.token_serial.is_some() && d.pin_set != Some(false))
    }),
    asks_first: true,
    question: |args, who| {
        format!(
            "Clear the PIN of {} of {who}? They set a new one at the next sign-in.",
            label(args)
        )
    },
    caveat: None,
    doing: |args| format!("Clearing the PIN of {}", label(args)),
    after_failure: None,
    for_user: super::as_given,
    call: |client, id, args| {
        Box::pin(async move {
            let Args::Ds100(ds100) = args else { return Err(not_given()) };
            let Some(token) = &ds100.token_serial else { return Err(not_given()) };
            let answer = client.clear_ds100_pin(id, token).await?;
            Ok(Acted::Said(answer.summary()))
        })
    },
    list: None,
};

/// Takes the credential away for good: guarded as removing a device is.
pub static DELETE_DS100: Declared = Declared {
    name: "delete DS100 OTP",
    key_name: "delete_ds100_otp",
    command: "delete-ds100",
    key: 'x',
    scope: Scope::Ds100Delete,
    guard: Some(Guarded::RemoveDevice),
    faces: &["delete OTP"],
    in_footer: true,
    target: Target::Row(|row| on_ds100(row, |_, r| r.token_serial.is_some())),
    asks_first: true,
    question: |args, who| {
        format!(
            "Delete the OTP credential of {} of {who}? No one-time codes from it ever again, \
             and the DS100 leaves their list; there is no undo.",
            label(args)
        )
    },
    caveat: None,
    doing: |args| format!("Deleting the OTP credential of {}", label(args)),
    after_failure: None,
    for_user: super::as_given,
    call: |client, id, args| {
        Box::pin(async move {
            let Args::Ds100(ds100) = args else { return Err(not_given()) };
            let Some(token) = &ds100.token_serial else { return Err(not_given()) };
            client.delete_ds100(id, token, &ds100.device_serial).await?;
            Ok(Acted::Said(format!("deleted the OTP credential of DS100 {}", ds100.label)))
        })
    },
    list: None,
};
