//! SecurID 700 tokens and Delete User Device through the typed client, against the simulator
//! over loopback HTTP: each change seen in the next `user_authenticators`, a bad serial refused
//! before anything is sent, the service's refusals as errors, and the default OAuth scopes
//! covering every call.

use crate::support::simulator::{helpdesk_client, start_sim};
use casdesk::api::*;
use casdesk::sim::{self, SimHandle};

/// An OAuth client asking for the default (helpdesk) scopes, so they are known to cover these.
fn client(sim: &SimHandle) -> Client {
    helpdesk_client(sim, ClientOptions::default())
}

async fn id_of(client: &Client, email: &str) -> String {
    client.lookup_user(email, false).await.unwrap().id.unwrap()
}

async fn tokens_of(client: &Client, id: &str) -> Vec<SidToken> {
    client.user_authenticators(id).await.unwrap().sid_tokens
}

#[tokio::test]
async fn every_token_call_changes_what_the_next_devices_call_shows() {
    let sim = start_sim().await;
    let c = client(&sim);
    let alice = id_of(&c, "alice@example.com").await;
    let assigned = c.assign_token(&alice, " 000555000102 ", Some("Spare")).await.unwrap();
    assert_eq!(assigned.token_state.as_deref(), Some("Assigned"));
    let tokens = tokens_of(&c, &alice).await;
    assert_eq!(tokens.len(), 1);
    assert_eq!(tokens[0].token_serial_number.as_deref(), Some("000555000102"), "sent trimmed");
    assert_eq!(tokens[0].token_name.as_deref(), Some("Spare"));

    let disabled = c.disable_token(&alice, "000555000102").await.unwrap();
    assert_eq!(disabled.token_status.as_deref(), Some("Disabled"));
    assert!(disabled.token_status_changed_by.is_some());
    assert_eq!(tokens_of(&c, &alice).await[0].token_status.as_deref(), Some("Disabled"));
    let enabled = c.enable_token(&alice, "000555000102").await.unwrap();
    assert_eq!(enabled.summary().split(" (").next(), Some("status Enabled"));
    assert_eq!(tokens_of(&c, &alice).await[0].token_status.as_deref(), Some("Enabled"));

    let john = id_of(&c, "john.doe@example.com").await;
    assert_eq!(tokens_of(&c, &john).await[0].pin_set, Some(true));
    let cleared = c.clear_token_pin(&john, "000412345678").await.unwrap();
    assert_eq!(cleared.pin_set, Some(false));
    assert_eq!(tokens_of(&c, &john).await[0].pin_set, Some(false));

    let gone = c.unassign_token(&alice, "000555000102").await.unwrap();
    assert_eq!(gone.token_state.as_deref(), Some("Unassigned"));
    assert!(tokens_of(&c, &alice).await.is_empty());
}

#[tokio::test]
async fn delete_device_removes_the_phone_and_a_second_delete_is_a_404() {
    let sim = start_sim().await;
    let c = client(&sim);
    let john = id_of(&c, "john.doe@example.com").await;
    let before = c.user_authenticators(&john).await.unwrap();
    let phone = before.devices[0].id.clone().unwrap();
    c.delete_device(&john, &phone).await.unwrap();
    let after = c.user_authenticators(&john).await.unwrap();
    assert!(after.devices.is_empty());
    assert_eq!(after.sid_tokens.len(), 1, "the hardware token is not a device");
    let again = c.delete_device(&john, &phone).await.unwrap_err();
    assert_eq!(again.status(), Some(404), "{again}");
}

#[tokio::test]
async fn a_bad_serial_is_refused_before_anything_is_sent() {
    let sim = start_sim().await;
    let c = client(&sim);
    let john = id_of(&c, "john.doe@example.com").await;
    let sent = sim.control().stats().total_requests;
    let long = "1".repeat(37);
    for (serial, why) in
        [("", "required"), ("   ", "required"), (long.as_str(), "36"), ("0004\u{7}12", "control")]
    {
        let calls = [
            c.assign_token(&john, serial, None).await,
            c.unassign_token(&john, serial).await,
            c.enable_token(&john, serial).await,
            c.disable_token(&john, serial).await,
            c.clear_token_pin(&john, serial).await,
        ];
        for result in calls {
            match result {
                Err(ApiError::InvalidRequest(message)) => {
                    assert!(message.contains(why), "{serial:?}: {message}")
                }
                other => panic!("{serial:?}: {other:?}"),
            }
        }
    }
    let named = c.assign_token(&john, "000555000103", Some("bad\nname")).await.unwrap_err();
    assert!(matches!(named, ApiError::InvalidRequest(_)), "{named}");
    for (user, device) in [("", "d1"), (john.as_str(), " "), ("..", "d1"), (john.as_str(), "..")] {
        let e = c.delete_device(user, device).await.unwrap_err();
        assert!(matches!(e, ApiError::InvalidRequest(_)), "{user:?} {device:?}: {e}");
    }
    assert_eq!(sim.control().stats().total_requests, sent, "nothing reached the service");
}

#[tokio::test]
async fn the_services_refusals_come_back_as_errors_with_their_status() {
    let sim = start_sim().await;
    let c = client(&sim);
    let alice = id_of(&c, "alice@example.com").await;
    let unknown = c.assign_token(&alice, "999999999999", None).await.unwrap_err();
    assert_eq!(unknown.status(), Some(404), "{unknown}");
    let johns = c.assign_token(&alice, "000412345678", None).await.unwrap_err();
    assert_eq!(johns.status(), Some(409), "{johns}");
    let not_hers = c.disable_token(&alice, "000412345678").await.unwrap_err();
    assert_eq!(not_hers.status(), Some(409), "{not_hers}");
    let nobody = c.enable_token("no-such-id", "000412345678").await.unwrap_err();
    assert_eq!(nobody.status(), Some(404), "{nobody}");
}

#[tokio::test]
async fn an_answer_naming_another_user_is_refused() {
    let sim = start_sim().await;
    let c = client(&sim);
    let john = id_of(&c, "john.doe@example.com").await;
    sim.control().inject(sim::Fault::AnotherUser, 1);
    let e = c.disable_token(&john, "000412345678").await.unwrap_err();
    assert!(matches!(e, ApiError::AnsweredForSomeoneElse { .. }), "{e}");
    assert!(e.to_string().contains(sim::reshape::ANOTHER_USER_ID), "{e}");
    // The service did act: the token is disabled, as the next list shows.
    let tokens = tokens_of(&c, &john).await;
    assert_eq!(tokens[0].token_status.as_deref(), Some("Disabled"));
}
