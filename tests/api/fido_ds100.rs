//! The typed client and the declared row actions for FIDO keys, SecurID DS100s and trusted
//! browsers, against the simulator over loopback HTTP: each change seen in the next
//! `user_authenticators`, a bad serial refused before anything is sent, the record naming what
//! was touched.

use crate::support::simulator::{legacy_client, start_sim};
use casdesk::actions::declared::{
    CLEAR_DS100_PIN, DELETE_DS100, DISABLE_DS100_OTP, ENABLE_DS100_OTP, Offer,
    REMOVE_AUTHENTICATOR, RESTORE_FIDO, SUSPEND_FIDO, Target,
};
use casdesk::actions::{Declared, Item, Row, UserAction, items};
use casdesk::api::*;

async fn found(client: &Client, email: &str) -> (UserDetails, Authenticators) {
    let user = client.lookup_user(email, false).await.expect("the user");
    let all = client.user_authenticators(user.id.as_deref().unwrap()).await.expect("the list");
    (user, all)
}

/// The action offered on the first row of `email`'s list it is offered on.
async fn offered_on(client: &Client, email: &str, declared: &'static Declared) -> UserAction {
    let (user, all) = found(client, email).await;
    let Target::Row(offer) = declared.target else { panic!("a row action") };
    let args = items(&all)
        .into_iter()
        .find_map(|item| match offer(&Row { user: &user, all: &all, item })? {
            Offer::Act { args, .. } => Some(args),
            _ => None,
        })
        .unwrap_or_else(|| panic!("{declared:?} offered on {email}'s list"));
    UserAction { declared, args }
}

#[tokio::test]
async fn the_client_suspends_and_restores_a_fido_key() {
    let sim = start_sim().await;
    let client = legacy_client(&sim, ClientOptions::default());
    let (user, all) = found(&client, "wanjiru.kamau@example.com").await;
    let id = user.id.unwrap();
    let key = all.fido_tokens[0].id.clone().unwrap();
    let answer = client.set_fido_enabled(&id, &key, false).await.unwrap();
    assert_eq!(answer.status.as_deref(), Some("Disabled"));
    assert!(answer.summary().starts_with("now Disabled (by "), "{}", answer.summary());
    let (_, after) = found(&client, "wanjiru.kamau@example.com").await;
    assert_eq!(fido_enabled(&after.fido_tokens[0]), Some(false));
    assert_eq!(after.fido_tokens.len(), 3, "suspended, not removed");
    client.set_fido_enabled(&id, &key, true).await.unwrap();
    let refused = client.set_fido_enabled(&id, "no-such-key", true).await.unwrap_err();
    assert_eq!(refused.status(), Some(400), "{refused}");
}

#[tokio::test]
async fn the_client_looks_a_ds100_up_and_changes_its_otp_credential() {
    let sim = start_sim().await;
    let client = legacy_client(&sim, ClientOptions::default());
    let (user, all) = found(&client, "oskar.nilsson@example.com").await;
    let id = user.id.unwrap();
    let ds100 = &all.devices[0];
    assert!(ds100.is_ds100() && ds100.otp_enabled() == Some(true), "{ds100:?}");
    let records = client.lookup_ds100("140100080").await.unwrap();
    assert_eq!(records[0].user_id.as_deref(), Some(id.as_str()));
    assert_eq!(records[0].token_serial_number.as_deref(), Some("014010008035"));
    assert_eq!(client.lookup_ds100("999999999").await.unwrap_err().status(), Some(404));
    // Refused before anything is sent.
    let calls = crate::support::simulator::calls(&sim, "POST /v1/ds100/lookup");
    assert!(client.lookup_ds100(&"1".repeat(37)).await.is_err());
    assert_eq!(crate::support::simulator::calls(&sim, "POST /v1/ds100/lookup"), calls);

    let off = client.set_ds100_otp(&id, "140100080", false).await.unwrap();
    assert!(off.summary().starts_with("OTP Disabled (by "), "{}", off.summary());
    let cleared = client.clear_ds100_pin(&id, "014010008035").await.unwrap();
    assert_eq!(cleared.pin_set, Some(false));
    let (_, after) = found(&client, "oskar.nilsson@example.com").await;
    assert_eq!(
        (after.devices[0].otp_enabled(), after.devices[0].pin_set),
        (Some(false), Some(false))
    );
    client.delete_ds100(&id, "014010008035", "140100080").await.unwrap();
    assert!(found(&client, "oskar.nilsson@example.com").await.1.devices.is_empty());
    let again = client.delete_ds100(&id, "014010008035", "140100080").await.unwrap_err();
    assert_eq!(again.status(), Some(404), "{again}");
}

#[tokio::test]
async fn the_list_has_trusted_browsers_and_removing_one_is_a_device_removal() {
    let sim = start_sim().await;
    let client = legacy_client(&sim, ClientOptions::default());
    let (user, all) = found(&client, "lena.hoffmann@example.com").await;
    let kinds: Vec<&str> = items(&all)
        .iter()
        .map(|i| match i {
            Item::Device(_) => "device",
            Item::Browser(_) => "browser",
            _ => "other",
        })
        .collect();
    assert_eq!(kinds, ["device", "browser", "browser"], "asked with includeBrowsers=true");
    let removal = offered_on(&client, "lena.hoffmann@example.com", &REMOVE_AUTHENTICATOR).await;
    assert_eq!(
        removal.args.names().as_deref(),
        Some("Galaxy S24 (ANDROID, registered 2025-01-09)")
    );
    let Item::Browser(edge) = items(&all)[1] else { unreachable!() };
    let old = casdesk::actions::AuthenticatorRef::of_browser(edge).unwrap();
    assert_eq!(old.label, "browser Edge 131 (Edge on Windows 11, trusted 2026-09-14)");
    let action = UserAction {
        declared: &REMOVE_AUTHENTICATOR,
        args: casdesk::actions::Args::Authenticator(old.clone()),
    };
    assert!(
        action
            .question("lena.hoffmann@example.com")
            .starts_with("Forget the trusted browser Edge 131")
    );
    action.perform(&client, user.id.as_deref().unwrap()).await.unwrap();
    let (_, after) = found(&client, "lena.hoffmann@example.com").await;
    assert!(!old.still_in(&after), "the next lookup no longer lists it");
    assert_eq!(after.devices.len(), 2);
}

#[tokio::test]
async fn the_declared_row_actions_do_what_they_say_and_are_offered_only_where_they_apply() {
    let sim = start_sim().await;
    let client = legacy_client(&sim, ClientOptions::default());
    let wanjiru = found(&client, "wanjiru.kamau@example.com").await.0.id.unwrap();
    let suspend = offered_on(&client, "wanjiru.kamau@example.com", &SUSPEND_FIDO).await;
    assert_eq!(suspend.record_name(), "suspend authenticator FIDO key YubiKey 5C NFC");
    let said = suspend.perform(&client, &wanjiru).await.unwrap().summary();
    assert!(said.starts_with("suspended FIDO key YubiKey 5C NFC; now Disabled"), "{said}");
    // Restore is offered on a suspended key: the one just suspended is first on the list.
    let restore = offered_on(&client, "wanjiru.kamau@example.com", &RESTORE_FIDO).await;
    assert!(restore.question("wanjiru").starts_with("Restore FIDO key YubiKey 5C NFC"));

    let beatriz = found(&client, "beatriz.lima@example.com").await.0.id.unwrap();
    let enable = offered_on(&client, "beatriz.lima@example.com", &ENABLE_DS100_OTP).await;
    assert_eq!(enable.headline(), "enable DS100 OTP 140100094 (OTP credential 014010009412)");
    let said = enable.perform(&client, &beatriz).await.unwrap().summary();
    assert!(said.starts_with("OTP Enabled (by "), "{said}");
    let disable = offered_on(&client, "beatriz.lima@example.com", &DISABLE_DS100_OTP).await;
    disable.perform(&client, &beatriz).await.unwrap();

    let oskar = found(&client, "oskar.nilsson@example.com").await.0.id.unwrap();
    let clear = offered_on(&client, "oskar.nilsson@example.com", &CLEAR_DS100_PIN).await;
    clear.perform(&client, &oskar).await.unwrap();
    let delete = offered_on(&client, "oskar.nilsson@example.com", &DELETE_DS100).await;
    assert!(delete.question("oskar").contains("there is no undo"));
    let said = delete.perform(&client, &oskar).await.unwrap().summary();
    assert_eq!(said, "deleted the OTP credential of DS100 140100080 (OTP credential 014010008035)");
}
