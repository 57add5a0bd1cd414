//! SecurID 700 tokens by serial through the typed client: the holder of a token, a token in
//! the pool, an unknown serial as the service's 404; a rename seen in the next lookup, an
//! over-long name refused before anything is sent, a token the user does not hold a 409.

use crate::support::simulator::{helpdesk_client, start_sim};
use casdesk::api::*;

#[tokio::test]
async fn a_token_is_looked_up_by_serial_with_its_holder_or_none() {
    let sim = start_sim().await;
    let c = helpdesk_client(&sim, ClientOptions::default());
    let john = c.lookup_user("john.doe@example.com", false).await.unwrap().id.unwrap();
    let t = c.token_details(" 000412345678 ").await.unwrap();
    assert_eq!(t.user_id.as_deref(), Some(john.as_str()));
    assert_eq!(t.user_email.as_deref(), Some("john.doe@example.com"));
    assert_eq!(t.token.token_status.as_deref(), Some("Enabled"));
    assert_eq!(t.token.pin_set, Some(true));
    assert!(t.assigned());
    let pool = c.token_details("000555000101").await.unwrap();
    assert!(!pool.assigned());
    assert_eq!(pool.token.token_state.as_deref(), Some("Unassigned"));
    let unknown = c.token_details("000999999999").await.unwrap_err();
    assert_eq!(unknown.status(), Some(404), "{unknown}");
    let bad = c.token_details(&"9".repeat(37)).await.unwrap_err();
    assert_eq!(bad.status(), None, "refused before sending: {bad}");
}

#[tokio::test]
async fn a_rename_is_seen_in_the_next_lookup_and_the_name_is_checked_first() {
    let sim = start_sim().await;
    let c = helpdesk_client(&sim, ClientOptions::default());
    let john = c.lookup_user("john.doe@example.com", false).await.unwrap().id.unwrap();
    let renamed = c.rename_token(&john, "000412345678", " Desk token ").await.unwrap();
    assert_eq!(renamed.token_name.as_deref(), Some("Desk token"), "sent trimmed");
    let listed = c.user_authenticators(&john).await.unwrap().sid_tokens;
    assert_eq!(listed[0].token_name.as_deref(), Some("Desk token"));
    assert_eq!(
        c.token_details("000412345678").await.unwrap().token.token_name.as_deref(),
        Some("Desk token")
    );

    let long = c.rename_token(&john, "000412345678", &"n".repeat(256)).await.unwrap_err();
    assert_eq!(long.status(), None, "not sent");
    assert!(long.to_string().contains("at most 255 characters; this one has 256"), "{long}");
    assert!(c.rename_token(&john, "000412345678", "  ").await.is_err(), "a name is required");
    let not_his = c.rename_token(&john, "000311122233", "Mine").await.unwrap_err();
    assert_eq!(not_his.status(), Some(409), "{not_his}");
}

/// The lookup needs `rsa.authenticator.sidtoken.read` (RSA's permissions name it for hardware
/// tokens): a client granted every other scope is refused, one granted it is not.
#[tokio::test]
async fn the_lookup_needs_the_sidtoken_read_scope_and_only_that() {
    use crate::support::simulator::{oauth_client_asking, retries};
    use casdesk::api::scope::Scope;
    let sim = start_sim().await;
    let asking = |scopes: Vec<String>| {
        let (id, jwk) = (casdesk::sim::DEMO_OAUTH_RSA_CLIENT_ID, casdesk::sim::DEMO_OAUTH_RSA_JWK);
        oauth_client_asking(&sim, id, jwk, scopes, retries(2, 5, 20, 5))
    };
    let others: Vec<String> = Scope::ALL
        .into_iter()
        .filter(|s| *s != Scope::SidTokenRead)
        .map(|s| s.as_str().to_string())
        .collect();
    let refused = asking(others).token_details("000412345678").await.unwrap_err();
    assert_eq!(refused.status(), Some(403), "{refused}");
    let only = asking(vec!["rsa.authenticator.sidtoken.read".into()]);
    assert!(only.token_details("000412345678").await.is_ok());
}
