//! The Reports screen's calls: the times kept for this profile (beside the audit record, in
//! `reports.json`), generate, download (held in a private file of the worker's while waiting
//! for a report just generated, or straight to the operator's file), and putting a held report
//! where the operator said. Each generate and download is recorded in the audit record with
//! where it was written, never what it holds.

use super::Records;
use crate::api::{Client, ReportKind};
use crate::messages::{ApiOutcome, Msg};
use crate::reports::exchange::{ReportFailure, ReportNews, ReportRequest};
use crate::reports::fetch::{self, FetchError, Saved};
use crate::reports::limits::Limit;
use crate::reports::record::{Store, Times};
use crate::reports::words::{Refused, limit_words, not_ready_words, refused};
use crate::reports::{self, audit_result};
use std::path::PathBuf;
use time::OffsetDateTime;
use tokio::sync::mpsc::UnboundedSender;

/// Where the times are kept: beside the audit record (none in tests that record nothing).
fn store(records: &Records) -> Option<Store> {
    let log = records.audit.as_ref()?;
    Some(Store::at(log.path().with_file_name("reports.json"), log.profile(), log.tenant()))
}

/// Where a report downloaded while waiting is held until the operator says where it goes.
fn held(records: &Records, kind: ReportKind) -> PathBuf {
    let dir = match &records.audit {
        Some(log) => log.path().with_file_name("reports"),
        None => std::env::temp_dir().join(format!("casdesk-reports-{}", std::process::id())),
    };
    dir.join(format!("{}.csv.held", kind.path()))
}

/// The folder a held report goes in, made private to the user (it names people).
fn private_dir(file: &std::path::Path) {
    if let Some(dir) = file.parent() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        if let Err(e) = builder.create(dir) {
            tracing::warn!("cannot make {}: {e}", dir.display());
        }
    }
}

/// The user's download folder, else the data directory, else here.
fn download_dir(records: &Records) -> PathBuf {
    directories::UserDirs::new()
        .and_then(|u| u.download_dir().map(PathBuf::from))
        .or_else(|| records.audit.as_ref().and_then(|l| l.path().parent().map(PathBuf::from)))
        .unwrap_or_else(|| PathBuf::from("."))
}

fn load(store: Option<&Store>) -> (Times, Option<String>) {
    match store.map(Store::load) {
        Some(Ok(times)) => (times, None),
        Some(Err(problem)) => (Times::default(), Some(problem)),
        None => (Times::default(), None),
    }
}

fn note(
    store: Option<&Store>,
    kind: ReportKind,
    change: impl FnOnce(&mut crate::reports::record::KindTimes),
) {
    if let Some(store) = store
        && let Err(e) = store.update(kind, change)
    {
        tracing::warn!("{e}");
    }
}

pub(super) async fn for_console(
    client: &Client,
    request: ReportRequest,
    (records, offset): (&Records, time::UtcOffset),
    tx: &UnboundedSender<Msg>,
) -> ApiOutcome {
    let store = store(records);
    let store = store.as_ref();
    let news = match request {
        ReportRequest::Times => {
            let (times, problem) = load(store);
            ReportNews::Times { times, problem, download_dir: download_dir(records) }
        }
        ReportRequest::Generate(kind) => {
            let sent = client.generate_report(kind).await;
            let now = OffsetDateTime::now_utc();
            let result = match &sent {
                Ok(()) => {
                    note(store, kind, |t| t.generated = Some(now));
                    Ok(())
                }
                Err(e) => {
                    Err(match refused(e, Limit::Generate, load(store).0.of(kind).generated, now) {
                        Refused::Limit { until } => ReportFailure::Limit(limit_words(
                            kind,
                            Limit::Generate,
                            until,
                            now,
                            offset,
                        )),
                        _ => ReportFailure::Other(e.to_string()),
                    })
                }
            };
            let recorded = result.as_ref().map(|()| "generated".to_string()).map_err(words);
            records.audit(tx, reports::GENERATED, vec![audit_result(kind, recorded)]);
            ReportNews::Generated { kind, result, times: load(store).0 }
        }
        ReportRequest::Download { kind, to: None, .. } => {
            let file = held(records, kind);
            private_dir(&file);
            let got = fetch::download_to_file(client, kind, &file).await;
            let now = OffsetDateTime::now_utc();
            let result = match got {
                Ok(d) => {
                    note(store, kind, |t| {
                        t.downloaded = Some(now);
                        t.rows = Some(d.rows);
                    });
                    let outcome = format!("downloaded ({} rows), held until saved", d.rows);
                    records.audit(tx, reports::DOWNLOADED, vec![audit_result(kind, Ok(outcome))]);
                    Ok((d.rows, d.bytes))
                }
                Err(e) => Err(failed(kind, e, store, now, offset, (records, tx))),
            };
            ReportNews::Held { kind, result, times: load(store).0 }
        }
        ReportRequest::Download { kind, to: Some(to), replace } => {
            let got = fetch::download(client, kind, &to, replace).await;
            let now = OffsetDateTime::now_utc();
            let result = match got {
                Ok(saved) => {
                    note(store, kind, |t| t.downloaded = Some(now));
                    saved_now(store, kind, &saved, (records, tx));
                    Ok(saved)
                }
                Err(e) => Err(failed(kind, e, store, now, offset, (records, tx))),
            };
            ReportNews::Saved { kind, result, times: load(store).0 }
        }
        ReportRequest::Place { kind, to, replace } => {
            let from = held(records, kind);
            let rows = load(store).0.of(kind).rows;
            let result = match fetch::place(&from, &to, replace) {
                Ok(()) => {
                    let bytes = std::fs::metadata(&to).map(|m| m.len()).unwrap_or(0);
                    let path = std::path::absolute(&to).unwrap_or(to);
                    let saved = Saved { path, rows: rows.unwrap_or(0), bytes };
                    saved_now(store, kind, &saved, (records, tx));
                    Ok(saved)
                }
                Err(FetchError::Exists(p)) => Err(ReportFailure::Exists(p)),
                Err(e) => Err(ReportFailure::Other(e.to_string())),
            };
            ReportNews::Saved { kind, result, times: load(store).0 }
        }
    };
    ApiOutcome::Report(news)
}

/// A report written to the operator's file: kept (where, how many rows) and recorded.
fn saved_now(
    store: Option<&Store>,
    kind: ReportKind,
    saved: &Saved,
    (records, tx): (&Records, &UnboundedSender<Msg>),
) {
    let (path, rows) = (saved.path.clone(), saved.rows);
    note(store, kind, |t| {
        t.written_to = Some(path);
        t.rows = Some(rows);
    });
    let outcome = format!("written to {}, {} rows", saved.path.display(), saved.rows);
    records.audit(tx, reports::DOWNLOADED, vec![audit_result(kind, Ok(outcome))]);
}

/// A download that came to nothing, in words; recorded, except a file that was there (nothing
/// was sent) and a report not ready yet (the screen asks again: one record per wait would say
/// nothing).
fn failed(
    kind: ReportKind,
    e: FetchError,
    store: Option<&Store>,
    now: OffsetDateTime,
    offset: time::UtcOffset,
    (records, tx): (&Records, &UnboundedSender<Msg>),
) -> ReportFailure {
    let failure = match e {
        FetchError::Exists(p) => return ReportFailure::Exists(p),
        FetchError::Io(e) => ReportFailure::Other(e),
        FetchError::Api(e) => {
            match refused(&e, Limit::Download, load(store).0.of(kind).downloaded, now) {
                Refused::NotReady => return ReportFailure::NotReady(not_ready_words(kind, &e)),
                Refused::Limit { until } => {
                    ReportFailure::Limit(limit_words(kind, Limit::Download, until, now, offset))
                }
                Refused::Other => ReportFailure::Other(e.to_string()),
            }
        }
    };
    records.audit(tx, reports::DOWNLOADED, vec![audit_result(kind, Err(words(&failure)))]);
    failure
}

fn words(f: &ReportFailure) -> String {
    match f {
        ReportFailure::NotReady(w) | ReportFailure::Limit(w) | ReportFailure::Other(w) => w.clone(),
        ReportFailure::Exists(p) => format!("{} exists; not replaced", p.display()),
    }
}
