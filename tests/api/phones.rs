//! Update SMS / Voice phone numbers through the typed client, against the simulator over
//! loopback HTTP: the change seen in the next lookup, a bad number refused before anything is
//! sent, the service's refusals as errors, an unclear first attempt sent again, and an answer
//! for another user refused.

use crate::support::simulator::{helpdesk_client, start_sim};
use casdesk::api::*;
use casdesk::sim::{self, SimHandle};

/// An OAuth client asking for the default (helpdesk) scopes, so they are known to cover this.
fn client(sim: &SimHandle) -> Client {
    helpdesk_client(sim, ClientOptions::default())
}

async fn numbers(client: &Client, email: &str) -> (Option<String>, Option<String>) {
    let u = client.lookup_user(email, false).await.unwrap();
    (u.sms_number, u.voice_number)
}

#[tokio::test]
async fn set_and_clear_show_in_the_next_lookup() {
    let sim = start_sim().await;
    let c = client(&sim);
    let alice = c.lookup_user("alice@example.com", false).await.unwrap().id.unwrap();
    let change =
        PhoneChange { sms: Some("  +44  20 7946-0958 ".into()), voice: Some(String::new()) };
    let answer = c.set_phone_numbers(&alice, &change).await.unwrap();
    assert_eq!(answer.id.as_deref(), Some(alice.as_str()));
    assert_eq!(answer.sms_number.as_deref(), Some("+44 20 7946 0958"), "sent in E.123 form");
    assert_eq!(answer.voice_number, None);
    assert_eq!(numbers(&c, "alice@example.com").await, (Some("+44 20 7946 0958".into()), None));

    // Naming only the voice number leaves the SMS number alone.
    c.set_phone_numbers(&alice, &PhoneChange::voice("+1 555 555 5555")).await.unwrap();
    assert_eq!(
        numbers(&c, "alice@example.com").await,
        (Some("+44 20 7946 0958".into()), Some("+1 555 555 5555".into()))
    );
    c.set_phone_numbers(&alice, &PhoneChange::sms("")).await.unwrap();
    assert_eq!(numbers(&c, "alice@example.com").await, (None, Some("+1 555 555 5555".into())));
}

#[tokio::test]
async fn a_bad_number_or_no_number_is_refused_before_anything_is_sent() {
    let sim = start_sim().await;
    let c = client(&sim);
    let alice = c.lookup_user("alice@example.com", false).await.unwrap().id.unwrap();
    let sent = sim.control().stats().total_requests;
    for (change, why) in [
        (PhoneChange::default(), "an SMS number or a voice number"),
        (PhoneChange::sms("555 555 5555"), "the SMS number needs a country code"),
        (PhoneChange::voice("+1 555 555 5555 ext 3"), "the voice number cannot have an extension"),
        (PhoneChange::sms("0044 20 7946 0958"), "instead of the 00"),
        (
            PhoneChange { sms: Some("+1 555 555 5555".into()), voice: Some("+1 55".into()) },
            "the voice number is too short",
        ),
    ] {
        match c.set_phone_numbers(&alice, &change).await {
            Err(ApiError::InvalidRequest(message)) => {
                assert!(message.contains(why), "{change:?}: {message}")
            }
            other => panic!("{change:?}: {other:?}"),
        }
    }
    for user in ["", " ", ".."] {
        let e = c.set_phone_numbers(user, &PhoneChange::sms("+1 555 555 5555")).await.unwrap_err();
        assert!(matches!(e, ApiError::InvalidRequest(_)), "{user:?}: {e}");
    }
    assert_eq!(sim.control().stats().total_requests, sent, "nothing reached the service");
}

#[tokio::test]
async fn an_unknown_user_is_the_services_404() {
    let sim = start_sim().await;
    let c = client(&sim);
    let e = c.set_phone_numbers("no-such-id", &PhoneChange::sms("+1 555 555 5555")).await;
    assert_eq!(e.unwrap_err().status(), Some(404));
}

#[tokio::test]
async fn a_lost_answer_is_sent_again_and_the_numbers_are_as_asked() {
    let sim = start_sim().await;
    let c = client(&sim);
    let alice = c.lookup_user("alice@example.com", false).await.unwrap().id.unwrap();
    let sent = sim.control().stats().total_requests;
    // The simulator acts, then cuts the connection: the client cannot know it acted.
    sim.control().inject(sim::Fault::DropConnection, 1);
    let answer = c.set_phone_numbers(&alice, &PhoneChange::sms("+1 555 555 5555")).await.unwrap();
    assert_eq!(answer.sms_number.as_deref(), Some("+1 555 555 5555"));
    assert_eq!(sim.control().stats().total_requests, sent + 2, "sent twice");
    assert_eq!(numbers(&c, "alice@example.com").await.0.as_deref(), Some("+1 555 555 5555"));
}

#[tokio::test]
async fn an_answer_naming_another_user_is_refused() {
    let sim = start_sim().await;
    let c = client(&sim);
    let alice = c.lookup_user("alice@example.com", false).await.unwrap().id.unwrap();
    sim.control().inject(sim::Fault::AnotherUser, 1);
    let e = c.set_phone_numbers(&alice, &PhoneChange::sms("+1 555 555 5555")).await.unwrap_err();
    assert!(matches!(e, ApiError::AnsweredForSomeoneElse { .. }), "{e}");
    assert!(e.to_string().contains(sim::reshape::ANOTHER_USER_ID), "{e}");
}
