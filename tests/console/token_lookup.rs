//! The worker end to end against the simulator: a SecurID 700 token looked up by serial
//! answers its holder and is recorded as a read for them; a rename from the console is sent to
//! the holder's id, recorded under its declared name, and the user looked up again shows it.

use crate::support::simulator::legacy_client;
use casdesk::actions::declared::RENAME_TOKEN;
use casdesk::actions::{Args, TokenAction, TokenChange, UserAction};
use casdesk::api::ClientOptions;
use casdesk::app::msg::{ApiOutcome, ApiRequest, Command, Msg};
use casdesk::audit::AuditLog;
use casdesk::sim::{self, SimConfig};
use casdesk::worker::{ClientSource, Records, Worker};
use std::time::Duration;
use tokio::sync::mpsc;

async fn answer(rx: &mut mpsc::UnboundedReceiver<Msg>, id: u64) -> ApiOutcome {
    loop {
        let msg = tokio::time::timeout(Duration::from_secs(20), rx.recv())
            .await
            .expect("an answer")
            .expect("open");
        match msg {
            Msg::Api(got, outcome) if got == id => return outcome,
            Msg::Retrying(..) => {}
            other => panic!("expected the answer to {id}, got {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_token_looked_up_by_serial_names_its_holder_and_a_rename_reaches_them() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let dir = std::env::temp_dir().join(format!("casdesk-token-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("audit.jsonl");
    let (tx, mut rx) = mpsc::unbounded_channel();
    let records = Records {
        journal_dir: None,
        audit: Some(AuditLog::new(path.clone(), "t")),
        ..Default::default()
    };
    let client = ClientSource::Ready(legacy_client(&sim, ClientOptions::default()));
    let mut worker = Worker::new(client, tx, records);

    worker.execute(Command::Api(1, ApiRequest::TokenLookup { serial: "000412345678".into() }));
    let ApiOutcome::Token(token) = answer(&mut rx, 1).await else { panic!("the token") };
    assert_eq!(token.user_email.as_deref(), Some("john.doe@example.com"));
    let user_id = token.user_id.clone().expect("the holder's id");
    worker.execute(Command::Api(2, ApiRequest::TokenLookup { serial: "000999999999".into() }));
    let ApiOutcome::Failed(failure) = answer(&mut rx, 2).await else { panic!("a 404") };
    assert_eq!(failure.status, Some(404));

    let action = UserAction {
        declared: &RENAME_TOKEN,
        args: Args::Token(TokenAction {
            change: TokenChange::Rename,
            serial: "000412345678".into(),
            name: Some("Desk token".into()),
        }),
    };
    let email = "john.doe@example.com".to_string();
    worker.execute(Command::Api(3, ApiRequest::Act { user_id, email, action }));
    let ApiOutcome::Acted { result, refreshed } = answer(&mut rx, 3).await else {
        panic!("the rename")
    };
    assert!(result.is_ok(), "{result:?}");
    let listed = refreshed.expect("looked up again").expect("read").authenticators.unwrap();
    assert_eq!(listed.sid_tokens[0].token_name.as_deref(), Some("Desk token"));

    let entries = casdesk::audit::read(&path).unwrap().entries;
    let actions: Vec<(&str, &str, bool)> = entries
        .iter()
        .map(|e| (e.action.as_str(), e.users[0].user.as_str(), e.users[0].ok))
        .collect();
    assert_eq!(
        actions,
        [
            ("token lookup", "john.doe@example.com", true),
            ("token lookup", "SecurID token 000999999999", false),
            ("rename SecurID token 000412345678", "john.doe@example.com", true),
            ("lookup", "john.doe@example.com", true),
        ]
    );
    let _ = std::fs::remove_dir_all(&dir);
}
