//! What the Reports screen asks the worker and what comes back: the screen does no I/O, so
//! reading the times kept, generating, downloading and putting the file in place are the
//! worker's (`worker/reports.rs`).

use super::fetch::Saved;
use super::record::Times;
use crate::api::ReportKind;
use std::path::PathBuf;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportRequest {
    /// The times kept for this profile, and where a download is offered.
    Times,
    Generate(ReportKind),
    /// Download now: into a private file of the worker's while `to` is `None` (waiting after a
    /// generate: it is kept until [`ReportRequest::Place`] says where), else to `to`, checked
    /// first not to be there unless `replace`.
    Download {
        kind: ReportKind,
        to: Option<PathBuf>,
        replace: bool,
    },
    /// Put the report held by a download without `to` where the operator said.
    Place {
        kind: ReportKind,
        to: PathBuf,
        replace: bool,
    },
}

/// Why a report call came to nothing, in words ready to show.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportFailure {
    /// 404 on a download: not ready (or none generated).
    NotReady(String),
    /// 429: the words say which limit and when.
    Limit(String),
    /// A file is at the path; nothing was written.
    Exists(PathBuf),
    Other(String),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ReportNews {
    /// The times kept (a problem reading them, in words, beside empty times), and the folder
    /// a download is offered into.
    Times {
        times: Times,
        problem: Option<String>,
        download_dir: PathBuf,
    },
    Generated {
        kind: ReportKind,
        result: Result<(), ReportFailure>,
        times: Times,
    },
    /// Downloaded and held by the worker (`to` was `None`): rows and bytes.
    Held {
        kind: ReportKind,
        result: Result<(u64, u64), ReportFailure>,
        times: Times,
    },
    Saved {
        kind: ReportKind,
        result: Result<Saved, ReportFailure>,
        times: Times,
    },
}

/// `request` answered with `problem` without being sent (no client).
pub fn refused(request: ReportRequest, problem: String) -> ReportNews {
    let failure = ReportFailure::Other(problem);
    let times = Times::default();
    match request {
        ReportRequest::Times => {
            ReportNews::Times { times, problem: None, download_dir: PathBuf::from(".") }
        }
        ReportRequest::Generate(kind) => {
            ReportNews::Generated { kind, result: Err(failure), times }
        }
        ReportRequest::Download { kind, to: None, .. } => {
            ReportNews::Held { kind, result: Err(failure), times }
        }
        ReportRequest::Download { kind, .. } | ReportRequest::Place { kind, .. } => {
            ReportNews::Saved { kind, result: Err(failure), times }
        }
    }
}
