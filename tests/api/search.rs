//! Finding users by part of an address through the typed client and in the console, against the
//! simulator over loopback HTTP: pages as the service gives them, a match that does not contain
//! the text refused, and a pick in the console looked up and carried to every screen.

use crate::support::live::Live;
use crate::support::simulator::{legacy_client, start_sim};
use casdesk::api::*;
use casdesk::sim::{self, Fault};
use crossterm::event::KeyCode;

async fn client() -> (sim::SimHandle, Client) {
    let sim = start_sim().await;
    let client = legacy_client(&sim, ClientOptions::default());
    (sim, client)
}

fn addresses(page: &SearchPage) -> Vec<&str> {
    page.elements.iter().filter_map(|u| u.email_address.as_deref()).collect()
}

#[tokio::test]
async fn pages_come_back_in_order_with_their_totals() {
    let (_sim, client) = client().await;
    let first = client.search_users("garcia", 0, 3).await.unwrap();
    assert_eq!(
        addresses(&first),
        ["ana.garcia-lopez@example.com", "carlos.garcia@example.com", "maria.garcia@example.com"]
    );
    assert_eq!((first.total_pages, first.total_elements), (Some(2), Some(4)));
    assert!(first.has_next());
    let second = client.search_users("garcia", 1, 3).await.unwrap();
    assert_eq!(second.page_number, 1);
    assert_eq!(addresses(&second), ["r.garcia@partner.example.net"]);
    assert!(!second.has_next());
    assert_eq!(second.range_text(3), "4–4 of 4");
}

#[tokio::test]
async fn what_the_service_would_refuse_is_refused_before_sending() {
    let (sim, client) = client().await;
    let before = sim.control().stats().total_requests;
    for (part, size) in [("", 10), ("  ", 10), ("garcia", 0), ("garcia", 26)] {
        let e = client.search_users(part, 0, size).await.unwrap_err();
        assert!(matches!(e, ApiError::InvalidRequest(_)), "{part:?}/{size}: {e}");
    }
    assert_eq!(sim.control().stats().total_requests, before, "nothing was sent");
}

#[tokio::test]
async fn a_match_that_does_not_contain_the_text_is_refused_whole() {
    let (sim, client) = client().await;
    sim.control().inject(Fault::ForeignElement, 1);
    let e = client.search_users("garcia", 0, 10).await.unwrap_err();
    let text = e.to_string();
    assert!(matches!(e, ApiError::AnsweredForSomeoneElse { .. }), "{text}");
    assert!(text.contains("not.asked@") && text.contains("\"garcia\""), "{text}");
    // The next search is answered cleanly.
    assert_eq!(client.search_users("garcia", 0, 10).await.unwrap().elements.len(), 4);
}

#[tokio::test]
async fn in_the_console_a_pick_is_looked_up_and_carried_to_every_screen() {
    let mut live = Live::start().await;
    live.type_text("GARCIA");
    live.key(KeyCode::Enter);
    let screen = live.until("the matches", |s| s.contains("1–4 of 4")).await;
    assert!(screen.contains("r.garcia@partner.example.net"), "{screen}");
    live.key(KeyCode::Down);
    live.key(KeyCode::Enter);
    let screen = live.until("the pick looked up", |s| s.contains("Identity source")).await;
    assert!(screen.contains("User: carlos.garcia@example.com"), "{screen}");
    assert!(screen.contains("Carlos García"), "{screen}");
    // Every screen acts on the pick.
    live.type_text("5");
    assert!(live.harness.screen().contains("carlos.garcia@example.com"));
    live.type_text("1b");
    let screen = live.harness.screen();
    assert!(screen.contains("▶ carlos.garcia@example.com"), "back to the list: {screen}");
}

#[tokio::test]
async fn in_the_console_a_typo_finds_the_user_in_two_keys() {
    let mut live = Live::start().await;
    live.type_text("maria.garcia@exmaple.com");
    live.key(KeyCode::Enter);
    live.until("the 404", |s| s.contains("f find similar")).await;
    live.type_text("f");
    let screen = live.until("the matches", |s| s.contains("1–1 of 1")).await;
    assert!(screen.contains("▶ maria.garcia@example.com"), "{screen}");
    live.key(KeyCode::Enter);
    let screen = live.until("the pick", |s| s.contains("Identity source")).await;
    assert!(screen.contains("locked: SMS, Voice"), "{screen}");
}
