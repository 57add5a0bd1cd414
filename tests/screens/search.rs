//! Finding a user by part of an address on Lookup: the search sent from the field (or from a
//! lookup that found nobody), the page of matches, paging, picking one (looked up by its
//! address and carried to every screen), and going back to the list.

use crate::snapshot_both;
use crate::support::{Harness, outcome_user, user};
use casdesk::api::SearchPage;
use casdesk::app::msg::{ApiOutcome, ApiRequest, Failure};
use crossterm::event::KeyCode;
use serde_json::json;

fn garcia(email: &str, first: &str, last: &str, extra: serde_json::Value) -> serde_json::Value {
    let mut u = json!({
        "id": format!("id-{email}"), "emailAddress": email, "firstName": first, "lastName": last,
        "identitySource": "Corporate AD", "userStatus": "Enabled"
    });
    for (k, v) in extra.as_object().unwrap() {
        u[k] = v.clone();
    }
    u
}

fn garcias() -> Vec<serde_json::Value> {
    vec![
        garcia(
            "ana.garcia-lopez@example.com",
            "Ana",
            "García López",
            json!({"userStatus": "Disabled"}),
        ),
        garcia("carlos.garcia@example.com", "Carlos", "García", json!({})),
        garcia("maria.garcia@example.com", "María", "García", json!({"isSmsLocked": true})),
        garcia("r.garcia@partner.example.net", "Rosa", "Garcia", json!({})),
    ]
}

fn page(elements: Vec<serde_json::Value>, number: u32, total: u64) -> ApiOutcome {
    let pages = total.div_ceil(10);
    let mut page: SearchPage = serde_json::from_value(
        json!({"totalPages": pages, "totalElements": total, "elements": elements}),
    )
    .unwrap();
    page.page_number = number;
    ApiOutcome::Matches(Box::new(page))
}

fn searched(h: &mut Harness, part: &str) {
    h.type_text(part);
    h.key(KeyCode::Enter);
}

fn listed(h: &mut Harness) {
    searched(h, "garcia");
    h.answer(page(garcias(), 0, 4));
}

#[test]
fn part_of_an_address_is_searched_not_looked_up() {
    snapshot_both!("lookup_searching", |h: &mut Harness| {
        searched(h, "garcia");
        match h.last_request() {
            Some((_, ApiRequest::Search { part, page, page_size })) => {
                assert_eq!((part.as_str(), *page, *page_size), ("garcia", 0, 10));
            }
            other => panic!("expected a search, got {other:?}"),
        }
    });
}

#[test]
fn matches_are_listed_with_their_status_and_the_first_is_chosen() {
    snapshot_both!("lookup_matches", |h: &mut Harness| {
        listed(h);
        let screen = h.screen();
        assert!(screen.contains("Addresses containing \"garcia\" · 1–4 of 4"), "{screen}");
        assert!(screen.contains("▶ ana.garcia-lopez@example.com"), "{screen}");
        assert!(screen.contains("✗ Disabled") && screen.contains("⚠ locked"), "{screen}");
    });
}

#[test]
fn a_pick_is_looked_up_by_its_address_carried_on_and_the_list_comes_back() {
    let mut h = Harness::new(120, 40);
    listed(&mut h);
    h.key(KeyCode::Down);
    h.type_text("j");
    h.key(KeyCode::Enter);
    match h.last_request() {
        Some((_, ApiRequest::Lookup { email, search_unsynched })) => {
            assert_eq!((email.as_str(), *search_unsynched), ("maria.garcia@example.com", false));
        }
        other => panic!("expected a lookup of the pick, got {other:?}"),
    }
    h.answer(outcome_user(user(garcias()[2].clone()), json!({})));
    let screen = h.screen();
    assert!(screen.contains("María García"), "{screen}");
    assert!(screen.contains("b back to matches"), "{screen}");
    // Carried to the other screens: the codes screen names the user found.
    h.key(KeyCode::Char('2'));
    assert!(h.screen().contains("maria.garcia@example.com"));
    h.key(KeyCode::Esc);
    h.key(KeyCode::Char('1'));
    h.type_text("b");
    let screen = h.screen();
    assert!(screen.contains("▶ maria.garcia@example.com"), "the pick stays chosen: {screen}");
}

#[test]
fn pages_turn_forward_and_back_and_stop_at_the_ends() {
    let mut h = Harness::new(80, 24);
    searched(&mut h, "example.com");
    let ten: Vec<_> = (0..10)
        .map(|i| garcia(&format!("u{i:02}@example.com"), "U", &i.to_string(), json!({})))
        .collect();
    h.answer(page(ten.clone(), 0, 23));
    assert!(h.screen().contains("1–10 of 23"));
    let before = h.api_requests();
    h.key(KeyCode::PageUp);
    assert_eq!(h.api_requests(), before, "no page before the first");
    h.type_text("n");
    match h.last_request() {
        Some((_, ApiRequest::Search { part, page, .. })) => {
            assert_eq!((part.as_str(), *page), ("example.com", 1))
        }
        other => panic!("expected page 2, got {other:?}"),
    }
    assert!(h.screen().contains("(page 2)"));
    h.answer(page(ten[..3].to_vec(), 2, 23));
    let screen = h.screen();
    assert!(screen.contains("21–23 of 23"), "{screen}");
    let before = h.api_requests();
    h.key(KeyCode::PageDown);
    assert_eq!(h.api_requests(), before, "no page after the last");
    h.type_text("p");
    assert!(matches!(h.last_request(), Some((_, ApiRequest::Search { page: 1, .. }))));
}

#[test]
fn nobody_matching_says_what_was_searched_and_where_else_to_look() {
    snapshot_both!("lookup_no_matches", |h: &mut Harness| {
        searched(h, "zz-nobody");
        h.answer(page(vec![], 0, 0));
        assert!(h.screen().contains("No user's address contains that."));
    });
}

#[test]
fn a_lookup_that_finds_nobody_offers_similar_addresses() {
    snapshot_both!("lookup_not_found_find_similar", |h: &mut Harness| {
        searched(h, "maria.garcia@exmaple.com");
        assert!(matches!(h.last_request(), Some((_, ApiRequest::Lookup { .. }))));
        h.answer(ApiOutcome::Failed(Failure {
            status: Some(404),
            ..Failure::new("HTTP 404 Not Found: User maria.garcia@exmaple.com not found")
        }));
        assert!(h.screen().contains("A typo? Press f to list addresses like it."));
    });
    let mut h = Harness::new(80, 24);
    searched(&mut h, "maria.garcia@exmaple.com");
    h.answer(ApiOutcome::Failed(Failure { status: Some(404), ..Failure::new("not found") }));
    h.type_text("f");
    match h.last_request() {
        Some((_, ApiRequest::Search { part, page: 0, .. })) => assert_eq!(part, "maria.garcia"),
        other => panic!("expected a search for the part before the @, got {other:?}"),
    }
}

#[test]
fn esc_while_searching_stops_and_the_late_answer_is_dropped() {
    let mut h = Harness::new(80, 24);
    searched(&mut h, "garcia");
    h.key(KeyCode::Esc);
    h.answer(page(garcias(), 0, 4));
    let screen = h.screen();
    assert!(!screen.contains("carlos.garcia"), "{screen}");
    // The field has the text back to change it.
    h.type_text("-lopez");
    h.key(KeyCode::Enter);
    assert!(matches!(
        h.last_request(),
        Some((_, ApiRequest::Search { part, .. })) if part == "garcia-lopez"
    ));
}

#[test]
fn text_with_spaces_is_never_sent() {
    let mut h = Harness::new(80, 24);
    searched(&mut h, "maria garcia");
    assert_eq!(h.api_requests(), 0);
    assert!(h.screen().contains("No spaces in an address"));
}

#[test]
fn a_failed_search_says_so_and_r_tries_again() {
    let mut h = Harness::new(80, 24);
    searched(&mut h, "garcia");
    h.answer(ApiOutcome::Failed(Failure::new("HTTP 429 Too Many Requests: Too many requests.")));
    let screen = h.screen();
    assert!(screen.contains("Could not search for \"garcia\""), "{screen}");
    h.type_text("r");
    assert!(
        matches!(h.last_request(), Some((_, ApiRequest::Search { part, page: 0, .. })) if part == "garcia")
    );
}

#[test]
fn service_text_in_matches_is_sanitised() {
    let mut h = Harness::new(120, 40);
    searched(&mut h, "evil");
    h.answer(page(vec![garcia("evil@example.com", "Eve\u{1b}[2J", "Il\u{7}", json!({}))], 0, 1));
    let screen = h.screen();
    assert!(!screen.contains('\u{1b}') && !screen.contains('\u{7}'), "{screen:?}");
    assert!(screen.contains("evil@example.com"));
}

#[test]
fn the_list_keeps_the_last_pick_chosen_and_shows_its_new_state() {
    let mut h = Harness::new(120, 40);
    listed(&mut h);
    for _ in 0..3 {
        h.key(KeyCode::Down);
    }
    h.key(KeyCode::Enter);
    h.answer(outcome_user(user(garcias()[3].clone()), json!({})));
    h.type_text("b");
    h.key(KeyCode::Up);
    h.key(KeyCode::Enter);
    assert!(matches!(
        h.last_request(),
        Some((_, ApiRequest::Lookup { email, .. })) if email == "maria.garcia@example.com"
    ));
    // Looked up again, María is no longer locked: the list says so too.
    let mut maria = garcias()[2].clone();
    maria["isSmsLocked"] = json!(false);
    h.answer(outcome_user(user(maria), json!({})));
    h.type_text("b");
    let screen = h.screen();
    let row = screen.lines().find(|l| l.contains("María García   ")).unwrap_or("").to_string();
    assert!(row.contains("▶"), "the last pick stays chosen: {screen}");
    assert!(row.contains("✓ Enabled"), "its state as last looked up: {screen}");
}
