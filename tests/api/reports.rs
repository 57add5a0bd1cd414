//! The client's Generate and Download Report against the simulator: the CSV streamed to a
//! writer with its rows counted, a change made just before in the report, not ready and the
//! limits as the library words them, a web page in place of the CSV refused, and a file never
//! replaced unasked.

use crate::support::simulator::{legacy_client, start_sim};
use casdesk::api::{ApiError, ClientOptions, Credentials, LegacyKeyFile, ReportKind, RetryPolicy};
use casdesk::reports::fetch::{self, FetchError};
use casdesk::reports::limits::Limit;
use casdesk::reports::words::{Refused, limit_words, refused};
use std::time::Duration;
use time::{OffsetDateTime, UtcOffset};

#[tokio::test]
async fn generate_then_download_streams_the_csv_with_the_change_made_just_before() {
    let sim = start_sim().await;
    let client = legacy_client(&sim, ClientOptions::default());
    let alice = client.lookup_user("alice@example.com", false).await.unwrap();
    client.set_user_status(alice.id.as_deref().unwrap(), false).await.unwrap();
    client.generate_report(ReportKind::Users).await.unwrap();
    let mut csv = Vec::new();
    let e = client.download_report(ReportKind::Users, &mut csv).await.unwrap_err();
    assert_eq!(e.status(), Some(404), "not ready yet: {e}");
    assert_eq!(refused(&e, Limit::Download, None, OffsetDateTime::now_utc()), Refused::NotReady);
    assert!(csv.is_empty(), "nothing of a refusal is written");
    sim.control().advance_clock(Duration::from_secs(5));
    let got = client.download_report(ReportKind::Users, &mut csv).await.unwrap();
    let text = String::from_utf8(csv).unwrap();
    assert_eq!(got.bytes, text.len() as u64);
    assert_eq!(got.rows, text.lines().count() as u64 - 1, "rows after the header");
    assert!(got.suggested_name.unwrap().starts_with("users-report-"));
    let row = text.lines().find(|l| l.starts_with("alice@example.com,")).unwrap();
    assert!(row.contains(",Disabled,"), "{row}");
    sim.shutdown().await;
}

#[tokio::test]
async fn a_429_is_returned_at_once_and_said_in_words() {
    let sim = start_sim().await;
    let client = legacy_client(&sim, ClientOptions::default());
    client.generate_report(ReportKind::MfaClients).await.unwrap();
    let started = std::time::Instant::now();
    let e = client.generate_report(ReportKind::MfaClients).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(2), "not waited out");
    assert!(e.is_rate_limited(), "{e}");
    assert_eq!(sim.control().stats().too_many_requests, 1, "sent once, not retried");
    let now = OffsetDateTime::now_utc();
    let Refused::Limit { until: Some(until) } = refused(&e, Limit::Generate, None, now) else {
        panic!("a limit with a time: {e}")
    };
    assert!(until - now > time::Duration::hours(7));
    let words =
        limit_words(ReportKind::MfaClients, Limit::Generate, Some(until), now, UtcOffset::UTC);
    assert!(words.starts_with("The service refused: a MFA clients report may be generated once every 8 hours per tenant; try again at "), "{words}");
    assert!(words.contains("(in 7 h 59 min)") || words.contains("(in 8 h 00 min)"), "{words}");
    sim.shutdown().await;
}

#[tokio::test]
async fn a_file_is_written_privately_and_never_replaced_unasked() {
    let sim = start_sim().await;
    let client = legacy_client(&sim, ClientOptions::default());
    client.generate_report(ReportKind::HardwareTokens).await.unwrap();
    sim.control().advance_clock(Duration::from_secs(6));
    let dir = std::env::temp_dir().join(format!("casdesk-api-report-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let to = dir.join("tokens.csv");
    std::fs::write(&to, "mine").unwrap();
    let e = fetch::download(&client, ReportKind::HardwareTokens, &to, false).await.unwrap_err();
    assert!(matches!(e, FetchError::Exists(_)), "{e}");
    assert_eq!(std::fs::read_to_string(&to).unwrap(), "mine");
    assert_eq!(
        sim.control().stats().by_endpoint.keys().filter(|k| k.contains("download")).count(),
        0,
        "nothing sent"
    );
    let saved = fetch::download(&client, ReportKind::HardwareTokens, &to, true).await.unwrap();
    let text = std::fs::read_to_string(&to).unwrap();
    assert!(text.starts_with("Serial Number,"));
    assert_eq!(saved.rows, text.lines().count() as u64 - 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&to).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600, "the report names people");
    }
    assert!(!fetch::partial_beside(&to).exists(), "no partial file left");
    let _ = std::fs::remove_dir_all(dir);
    sim.shutdown().await;
}

/// A captive portal or gateway answering 200 with a page: not a CSV.
#[tokio::test]
async fn a_web_page_in_place_of_the_csv_is_an_error() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let sim = start_sim().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/AdminInterface/restapi/", listener.local_addr().unwrap());
    tokio::spawn(async move {
        let (mut socket, _) = listener.accept().await.unwrap();
        let mut buf = [0u8; 4096];
        let _ = socket.read(&mut buf).await;
        let body = "<html><body>Please sign in</body></html>";
        let answer = format!(
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        socket.write_all(answer.as_bytes()).await.unwrap();
    });
    let mut key: serde_json::Value = serde_json::from_str(&sim.demo_key_file_json()).unwrap();
    key["adminRestApiUrl"] = serde_json::Value::String(url);
    let key = LegacyKeyFile::parse(&key.to_string()).unwrap();
    let options = ClientOptions { retry: RetryPolicy::never(), ..ClientOptions::default() };
    let client = casdesk::api::Client::with_options(Credentials::Legacy(key), options).unwrap();
    let mut out = Vec::new();
    let e = client.download_report(ReportKind::Users, &mut out).await.unwrap_err();
    assert!(matches!(e, ApiError::UnexpectedBody { status: 200, .. }), "{e}");
    assert!(e.to_string().contains("a web page instead of the CSV report"), "{e}");
    assert!(out.is_empty());
    sim.shutdown().await;
}
