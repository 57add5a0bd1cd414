//! The bulk engine against the simulator over loopback: every user ends with one outcome
//! through rate limits, faults and cancellation; generation is never repeated; the journal
//! holds every outcome (never a code) and tells a resumed run exactly what is left.

use crate::support::simulator::{calls, legacy_client, retries};
use casdesk::api::*;
use casdesk::bulk::journal::{Journal, RecordedRun, RunHeader};
use casdesk::bulk::{Cancel, EngineConfig, Event, GenerateOptions, Operation, UserOutcome};
use casdesk::sim::{self, Fault, RateLimit, SimConfig, SimHandle};
use std::collections::HashSet;
use std::time::Duration;

const VOID: &str = "POST /v1/users/voidVerifyCode";
const GENERATE_ENROLL: &str = "POST /v1/users/generateVerifyCode/enroll";

fn client(sim: &SimHandle) -> Client {
    legacy_client(sim, retries(4, 5, 40, 10))
}

fn users(n: usize) -> Vec<String> {
    (0..n).map(|i| format!("user{i:05}@bulk.example.com")).collect()
}

/// Runs the engine; returns every outcome it reported and whether `last` came exactly once,
/// at the end.
async fn run(
    sim: &SimHandle,
    op: &Operation,
    list: Vec<String>,
    config: &EngineConfig,
    cancel: &Cancel,
    journal: Option<&mut Journal>,
) -> (Vec<UserOutcome>, casdesk::bulk::Report) {
    let mut outcomes = Vec::new();
    let mut lasts = Vec::new();
    let mut emit = |event| {
        if let Event::Batch { outcomes: batch, last } = event {
            lasts.push(last);
            outcomes.extend(batch);
        }
    };
    let report =
        casdesk::bulk::run(&client(sim), op, list, config, cancel, journal, &mut emit).await;
    assert_eq!(lasts.iter().filter(|l| **l).count(), 1, "one last event");
    assert_eq!(lasts.last(), Some(&true), "and it comes last");
    (outcomes, report)
}

fn assert_each_once(outcomes: &[UserOutcome], list: &[String]) {
    assert_eq!(outcomes.len(), list.len(), "one outcome per user");
    let seen: HashSet<&str> = outcomes.iter().map(|o| o.email.as_str()).collect();
    assert_eq!(seen.len(), list.len(), "no user twice");
    assert!(list.iter().all(|u| seen.contains(u.as_str())), "no user lost");
}

const VOID_ENROLLMENT: Operation = Operation::Void { mode: CodeMode::Enrollment };

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_429_storm_never_ends_a_user_failed_while_the_run_goes_on() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    // Signed in first, so every refusal below is the void call's own.
    client(&sim).lookup_user("alice@example.com", false).await.unwrap();
    // More refusals in a row than the 20 re-queues a call used to be allowed.
    sim.control().inject(Fault::TooManyRequests, 24);
    let list = users(250);
    let (outcomes, report) = run(
        &sim,
        &VOID_ENROLLMENT,
        list.clone(),
        &EngineConfig::default(),
        &Cancel::default(),
        None,
    )
    .await;
    assert_each_once(&outcomes, &list);
    assert!(report.requeued >= 24, "every refusal went back in the queue: {report:?}");
    let failed: Vec<_> = outcomes.iter().filter(|o| o.result.is_err()).collect();
    assert!(failed.is_empty(), "no user ends with the 429: {:?}", failed.first());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rate_limited_void_run_ends_with_every_user_once_and_adapts() {
    let sim = sim::start(SimConfig {
        rate_limit: Some(RateLimit { per_second: 50.0, burst: 5 }),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let list = users(1000);
    let config = EngineConfig { batch_size: 10, max_concurrency: 12, ..EngineConfig::default() };
    let (outcomes, report) =
        run(&sim, &VOID_ENROLLMENT, list.clone(), &config, &Cancel::default(), None).await;
    assert_each_once(&outcomes, &list);
    // Unknown addresses: the service's answer for each, not an error of the run.
    assert!(outcomes.iter().all(|o| o.result == Ok(ResultCode::InvalidUser)), "{:?}", outcomes[0]);
    assert!(report.throttled > 0, "the limit was reached: {report:?}");
    assert!(report.calls >= 100, "{report:?}");
    eprintln!("{report:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn faults_mid_run_leave_no_user_without_an_outcome() {
    let sim = sim::start(SimConfig { fault_rate: 0.1, fault_seed: 7, ..SimConfig::default() })
        .await
        .unwrap();
    let list = users(2000);
    let config = EngineConfig { batch_size: 20, ..EngineConfig::default() };
    let (outcomes, _) =
        run(&sim, &VOID_ENROLLMENT, list.clone(), &config, &Cancel::default(), None).await;
    assert_each_once(&outcomes, &list);
    assert!(sim.control().stats().faults_injected > 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn generation_that_may_have_reached_the_service_is_never_sent_again() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    sim.control().inject(Fault::DropConnection, 1);
    let op = Operation::Generate {
        mode: CodeMode::Enrollment,
        options: GenerateOptions { delivery: Some(Delivery::Display), ..Default::default() },
    };
    let list = vec!["alice@example.com".to_string(), "john.doe@example.com".to_string()];
    let config = EngineConfig { batch_size: 1, initial_concurrency: 1, ..EngineConfig::default() };
    let (outcomes, report) = run(&sim, &op, list.clone(), &config, &Cancel::default(), None).await;
    assert_each_once(&outcomes, &list);
    assert_eq!(calls(&sim, GENERATE_ENROLL), 2, "one call per user, none repeated");
    assert_eq!(report.calls, 2);
    let dropped = outcomes.iter().find(|o| o.result.is_err()).expect("the dropped call's user");
    assert!(dropped.result.as_ref().unwrap_err().uncertain, "{dropped:?}");
    assert!(outcomes.iter().any(|o| o.is_success() && o.code.is_some()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_sends_nothing_new_and_reports_the_rest_as_not_sent() {
    let sim = sim::start(SimConfig { latency: Duration::from_millis(50), ..SimConfig::default() })
        .await
        .unwrap();
    let list = users(400);
    let config = EngineConfig { batch_size: 10, initial_concurrency: 2, max_concurrency: 2 };
    let cancel = Cancel::default();
    let stopper = cancel.clone();
    let control = sim.control();
    // Cancelled once the first call has reached the service (not after a fixed time, which a
    // loaded machine may spend before anything is sent): that call finishes and is recorded.
    tokio::spawn(async move {
        while control.stats().by_endpoint.get(VOID).copied().unwrap_or(0) == 0 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        stopper.cancel();
    });
    let (outcomes, report) =
        run(&sim, &VOID_ENROLLMENT, list.clone(), &config, &cancel, None).await;
    assert_each_once(&outcomes, &list);
    assert!(report.cancelled);
    let sent = outcomes.iter().filter(|o| o.result.is_ok()).count();
    let not_sent = outcomes
        .iter()
        .filter(|o| o.result.as_ref().is_err_and(|f| f.message.contains("cancelled")))
        .count();
    assert_eq!(sent + not_sent, list.len());
    assert!(sent > 0 && not_sent > 0, "sent {sent}, not sent {not_sent}");
    assert_eq!(calls(&sim, VOID) as usize * 10, sent, "every call made was recorded");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_journal_records_every_outcome_but_never_a_code() {
    let sim = sim::start(SimConfig::default()).await.unwrap();
    let dir = std::env::temp_dir().join(format!("casdesk-bulk-{}", uuid::Uuid::new_v4()));
    let op = Operation::Generate {
        mode: CodeMode::Enrollment,
        options: GenerateOptions { delivery: Some(Delivery::Display), ..Default::default() },
    };
    let list = vec!["alice@example.com".to_string(), "nobody@example.com".to_string()];
    let header = RunHeader {
        run_id: "run-1".into(),
        started: "2026-11-22T10:00:00Z".into(),
        tenant: sim.admin_rest_api_url(),
        operation: op.clone().into(),
        users: list.clone(),
    };
    let mut journal = Journal::create(&dir, &header).unwrap();
    let (outcomes, _) = run(
        &sim,
        &op,
        list.clone(),
        &EngineConfig::default(),
        &Cancel::default(),
        Some(&mut journal),
    )
    .await;
    let code = outcomes[0].code.as_ref().expect("alice's code").expose().to_string();
    let text = std::fs::read_to_string(journal.path()).unwrap();
    assert!(!text.contains(&code), "no code in the journal");
    let recorded = RecordedRun::read(journal.path()).unwrap();
    assert!(recorded.finished);
    assert_eq!(recorded.done_count(), 2);
    assert_eq!(recorded.outcomes["alice@example.com"].status, Some(1000));
    assert_eq!(recorded.outcomes["nobody@example.com"].status, Some(1002));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(journal.path()).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the journal is private");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
