//! Each declared action's OAuth scope is the one the service requires for its call: a client
//! granted every scope but that one is refused (403), and one granted them all is not. So the
//! declaration, the client's scope request and the simulator's route cannot drift apart.

use crate::support::simulator::{oauth_client, oauth_client_asking, retries, start_sim};
use casdesk::actions::declared::{Args, DECLARED, Declared, Form, Offer, Target};
use casdesk::actions::{Row, TokenAction, TokenChange, UserAction, items};
use casdesk::api::scope::Scope;
use casdesk::api::{Client, PhoneChange};
use casdesk::sim::{self, SimHandle};

/// The demo OAuth client, asking for exactly `scopes`.
fn asking(sim: &SimHandle, scopes: Vec<String>) -> Client {
    let (id, jwk) = (sim::DEMO_OAUTH_RSA_CLIENT_ID, sim::DEMO_OAUTH_RSA_JWK);
    oauth_client_asking(sim, id, jwk, scopes, retries(2, 5, 20, 5))
}

/// Every user of the demo tenant, by address.
fn demo_users() -> Vec<String> {
    let tenant: serde_json::Value =
        serde_json::from_str(include_str!("../../assets/demo-tenant.json")).unwrap();
    tenant["users"]
        .as_array()
        .unwrap()
        .iter()
        .map(|u| u["email"].as_str().unwrap().into())
        .collect()
}

/// The first demo user `declared` is offered on (the user, or a row of theirs), with what it
/// is given there; a form's arguments as an operator would type them.
async fn offered(client: &Client, declared: &'static Declared) -> Option<(String, UserAction)> {
    for email in demo_users() {
        // Some demo users are not synchronised yet: not found by a plain lookup.
        let Ok(user) = client.lookup_user(&email, false).await else { continue };
        let id = user.id.clone().unwrap();
        let args = match declared.target {
            Target::User(offered) => match offered(&user) {
                Some(Offer::Act { args, .. }) => Some(args),
                _ => None,
            },
            Target::Row(offered) => {
                let all = client.user_authenticators(&id).await.unwrap();
                items(&all).into_iter().find_map(|item| {
                    match offered(&Row { user: &user, all: &all, item })? {
                        Offer::Act { args, .. } => Some(args),
                        _ => None,
                    }
                })
            }
            Target::Form(Form::TokenSerial) => Some(Args::Token(TokenAction {
                change: TokenChange::Assign,
                serial: "000555000101".into(),
                name: None,
            })),
            // A new name for the user's first token, if they hold one.
            Target::Form(Form::TokenName) => {
                let all = client.user_authenticators(&id).await.unwrap();
                all.sid_tokens.first().and_then(|t| t.token_serial_number.clone()).map(|serial| {
                    Args::Token(TokenAction {
                        change: TokenChange::Rename,
                        serial,
                        name: Some("Spare desk token".into()),
                    })
                })
            }
            Target::Form(Form::Phones) => Some(Args::Phones(PhoneChange {
                sms: Some("+44 20 7946 0958".into()),
                voice: None,
            })),
        };
        if let Some(args) = args {
            return Some((id, UserAction { declared, args }));
        }
    }
    None
}

#[tokio::test]
async fn every_declared_action_needs_exactly_the_scope_it_declares() {
    for declared in DECLARED.iter().copied() {
        let sim = start_sim().await;
        let all = oauth_client(
            &sim,
            sim::DEMO_OAUTH_RSA_CLIENT_ID,
            sim::DEMO_OAUTH_RSA_JWK,
            retries(2, 5, 20, 5),
        );
        let (id, action) = offered(&all, declared)
            .await
            .unwrap_or_else(|| panic!("a demo user {declared:?} is offered on"));
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
        let sent = action.perform(&asking(&sim, every), &id).await;
        assert!(sent.is_ok(), "{declared:?} with every scope: {sent:?}");
    }
}
