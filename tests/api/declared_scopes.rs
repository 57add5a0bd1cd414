//! Each declared action's OAuth scope is the one the service requires for its call: a client
//! granted every scope but that one is refused (403), and one granted them all is not. So the
//! declaration, the client's scope request and the simulator's route cannot drift apart.

use crate::support::simulator::{oauth_client, oauth_client_asking, retries, start_sim};
use casdesk::actions::UserAction;
use casdesk::actions::declared::DECLARED;
use casdesk::api::Client;
use casdesk::api::scope::Scope;
use casdesk::sim::{self, SimHandle};

/// The demo OAuth client, asking for exactly `scopes`.
fn asking(sim: &SimHandle, scopes: Vec<String>) -> Client {
    let (id, jwk) = (sim::DEMO_OAUTH_RSA_CLIENT_ID, sim::DEMO_OAUTH_RSA_JWK);
    oauth_client_asking(sim, id, jwk, scopes, retries(2, 5, 20, 5))
}

#[tokio::test]
async fn every_declared_action_needs_exactly_the_scope_it_declares() {
    // An enabled user and a disabled one of the demo tenant: each action is offered to one.
    let candidates = ["alice@example.com", "ana.garcia-lopez@example.com"];
    for declared in DECLARED {
        let sim = start_sim().await;
        let all = oauth_client(
            &sim,
            sim::DEMO_OAUTH_RSA_CLIENT_ID,
            sim::DEMO_OAUTH_RSA_JWK,
            retries(2, 5, 20, 5),
        );
        let mut target = None;
        for email in candidates {
            let user = all.lookup_user(email, false).await.unwrap();
            if (declared.offered)(&user).is_some() {
                target = user.id.clone();
                break;
            }
        }
        let id = target.unwrap_or_else(|| panic!("a demo user {declared:?} is offered to"));
        let action = UserAction::Declared(declared);
        let without: Vec<String> = Scope::ALL
            .into_iter()
            .filter(|s| *s != declared.scope)
            .map(|s| s.as_str().to_string())
            .collect();
        let refused = action.perform(&asking(&sim, without), &id).await.unwrap_err();
        assert_eq!(
            refused.status(),
            Some(403),
            "{declared:?} without {:?}: {refused}",
            declared.scope
        );
        let every = Scope::ALL.into_iter().map(|s| s.as_str().to_string()).collect();
        assert!(
            action.perform(&asking(&sim, every), &id).await.is_ok(),
            "{declared:?} with every scope"
        );
    }
}
