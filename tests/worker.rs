//! The worker builds the API client after the console's first frame: requests made meanwhile
//! wait for it, and if it cannot be built every request still gets an answer.

use casdesk::api::{Client, ClientOptions, CodeMode, Credentials, LegacyKeyFile};
use casdesk::app::msg::{ApiOutcome, ApiRequest, Command, Msg};
use casdesk::sim::{self, SimConfig};
use casdesk::worker::{ClientSource, Records, Worker};
use std::time::Duration;
use tokio::sync::mpsc;

async fn next(rx: &mut mpsc::UnboundedReceiver<Msg>) -> Msg {
    tokio::time::timeout(Duration::from_secs(20), rx.recv())
        .await
        .expect("an answer")
        .expect("open")
}

#[tokio::test]
async fn requests_made_before_the_client_is_built_wait_for_it() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let json = sim.demo_key_file_json();
    let (tx, mut rx) = mpsc::unbounded_channel();
    let build = Box::new(move || {
        std::thread::sleep(Duration::from_millis(200));
        let key = LegacyKeyFile::parse(&json).map_err(|e| e.to_string())?;
        Client::with_options(Credentials::Legacy(key), ClientOptions::default())
            .map_err(|e| e.to_string())
    });
    let mut worker = Worker::new(ClientSource::Build(build), tx, Records::default());
    let lookup = ApiRequest::Lookup { email: "alice@example.com".into(), search_unsynched: false };
    worker.execute(Command::Api(1, lookup));
    match next(&mut rx).await {
        Msg::Api(1, ApiOutcome::User { details, .. }) => {
            assert_eq!(details.email_address.as_deref(), Some("alice@example.com"))
        }
        other => panic!("expected the user, got {other:?}"),
    }
}

#[tokio::test]
async fn a_client_that_cannot_be_built_fails_every_request_visibly() {
    let (tx, mut rx) = mpsc::unbounded_channel();
    let build = Box::new(|| Err("demo.key: the key cannot sign with RS256".to_string()));
    let mut worker = Worker::new(ClientSource::Build(build), tx, Records::default());
    let emails = vec!["a@example.com".to_string(), "b@example.com".to_string()];
    worker.execute(Command::Api(7, ApiRequest::Void { mode: CodeMode::Enrollment, emails }));
    let mut saw_fatal = false;
    loop {
        match next(&mut rx).await {
            Msg::ClientFailed(problem) => {
                assert!(problem.contains("cannot sign"));
                saw_fatal = true;
            }
            Msg::Api(7, ApiOutcome::Batch { outcomes, last }) => {
                assert!(last);
                assert_eq!(outcomes.len(), 2, "every user gets an outcome");
                assert!(outcomes.iter().all(|o| o.result.as_ref().is_err_and(|f| {
                    f.message.contains("not sent") && f.message.contains("cannot sign")
                })));
                break;
            }
            other => panic!("unexpected {other:?}"),
        }
    }
    // The console is told once, whichever arrives first.
    if !saw_fatal {
        assert!(matches!(next(&mut rx).await, Msg::ClientFailed(_)));
    }
}
