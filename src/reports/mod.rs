//! Reports (RSA's Generate and Download Report APIs): the users, hardware tokens and MFA
//! clients reports of the whole tenant. The service allows a generate once every 8 hours and a
//! download once every 15 minutes per tenant; casdesk keeps when it did each, per profile, to
//! say so before sending ([`record`], [`limits`]), and words the service's 429 ([`words`]).
//! The client calls are `Client::generate_report` and `Client::download_report`.
//!
//! Not guarded by the caller-verification policy: a report is asked for by the operator, not
//! for a caller, and issues no credential. The audit record says a report was generated or
//! downloaded and where it was written, never what it holds ([`audit_result`]).

pub mod exchange;
pub mod fetch;
pub mod limits;
pub mod record;
pub mod wait;
pub mod words;

use crate::api::ReportKind;
use crate::audit::UserResult;

/// The audit record's action for a generate.
pub const GENERATED: &str = "generate report";
/// The audit record's action for a download.
pub const DOWNLOADED: &str = "download report";

/// What the record names in place of a user: "users report".
pub fn record_name(kind: ReportKind) -> String {
    format!("{} report", kind.words())
}

/// One report action as the audit record keeps it: ok with what came of it, or the error.
pub fn audit_result(kind: ReportKind, result: Result<String, String>) -> UserResult {
    let name = record_name(kind);
    match result {
        Ok(outcome) => UserResult::ok(&name).with_outcome(outcome),
        Err(error) => UserResult::failed(&name, error),
    }
}

/// Whether an audit action is a report's (not about any one user: no call, no note line).
pub fn is_report_action(action: &str) -> bool {
    action == GENERATED || action == DOWNLOADED
}
