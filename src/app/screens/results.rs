//! Per-user result rows, shared by the Codes and Bulk void screens. Every user sent gets a row
//! before the first call goes out, and every row ends with a visible outcome: the service's
//! result, the call's error, or "no result" when the service left the user out of its answer.

use crate::api::ResultCode;
use crate::app::msg::Failure;
use crate::bulk::UserOutcome;
use crate::secret::Secret;
use crate::text::{csv_cell, sanitize};
use crate::ui::status::Status;
use crate::ui::theme::Theme;
use crate::ui::widgets::wrapped_after;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Span;
use ratatui::widgets::Paragraph;
use std::collections::HashMap;
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Pending,
    Done(ResultCode),
    Failed(Failure),
}

#[derive(Clone, Debug)]
pub struct ResultRow {
    pub email: String,
    pub outcome: Outcome,
    /// Only for displayed codes.
    pub code: Option<Secret>,
    pub expires: Option<OffsetDateTime>,
    pub link: Option<String>,
    /// The service's own words, when it gave any beyond the code.
    pub message: Option<String>,
}

impl ResultRow {
    pub fn pending(email: &str) -> Self {
        Self {
            email: email.to_string(),
            outcome: Outcome::Pending,
            code: None,
            expires: None,
            link: None,
            message: None,
        }
    }

    pub fn is_pending(&self) -> bool {
        self.outcome == Outcome::Pending
    }

    /// The status cell and the words beside it.
    pub fn status_and_detail(&self) -> (Status, String) {
        match &self.outcome {
            Outcome::Pending => (Status::Pending, "waiting".into()),
            Outcome::Done(code) => {
                let mut detail = format!("{} {}", code.code(), code.meaning());
                if let Some(message) =
                    self.message.as_deref().filter(|m| !code.is_success() && !m.trim().is_empty())
                {
                    detail.push_str(&format!(": {}", sanitize(message.trim())));
                }
                (Status::of_result(*code), detail)
            }
            Outcome::Failed(f) => f.status_and_words(),
        }
    }

    /// Takes `outcome` as this row's result.
    pub fn record(&mut self, outcome: UserOutcome) {
        self.outcome = match outcome.result {
            Ok(code) => Outcome::Done(code),
            Err(failure) => Outcome::Failed(failure),
        };
        self.code = outcome.code;
        self.expires = outcome.expires;
        self.link = outcome.link;
        self.message = outcome.message;
    }

    pub fn status(&self) -> Status {
        self.status_and_detail().0
    }
}

/// One row's outcome in full, wrapped: tables cut long results short, so the selected row is
/// also shown whole beneath them.
pub fn draw_whole_result(frame: &mut Frame, area: Rect, row: &ResultRow, theme: &Theme) {
    let (status, detail) = row.status_and_detail();
    let prefix = vec![
        Span::raw(" "),
        status.span(theme),
        Span::styled(format!("  {}: ", sanitize(&row.email)), theme.text()),
    ];
    // The address is long, so later lines start under the status word, not under the text.
    let lines = wrapped_after(prefix, &detail, area.width, 3);
    frame.render_widget(Paragraph::new(lines), area);
}

/// Finds the row for `email` among those still pending (case-insensitively, as the service
/// matches addresses).
fn pending_rows(rows: &[ResultRow], emails: &[String]) -> HashMap<String, Vec<usize>> {
    let wanted: std::collections::HashSet<String> =
        emails.iter().map(|e| e.to_ascii_lowercase()).collect();
    let mut index: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, row) in rows.iter().enumerate() {
        let key = row.email.to_ascii_lowercase();
        if row.is_pending() && wanted.contains(&key) {
            index.entry(key).or_default().push(i);
        }
    }
    index
}

fn take(index: &mut HashMap<String, Vec<usize>>, email: &str) -> Option<usize> {
    let slots = index.get_mut(&email.to_ascii_lowercase())?;
    if slots.is_empty() { None } else { Some(slots.remove(0)) }
}

/// Records one call's per-user outcomes in the pending rows of the users they name.
pub fn apply_outcomes(rows: &mut [ResultRow], outcomes: Vec<UserOutcome>) {
    let emails: Vec<String> = outcomes.iter().map(|o| o.email.clone()).collect();
    let mut index = pending_rows(rows, &emails);
    for outcome in outcomes {
        if let Some(i) = take(&mut index, &outcome.email) {
            rows[i].record(outcome);
        }
    }
}

/// The rows as CSV, never with a code: email, status, result code, its documented meaning (or
/// the error), and the service's own words.
pub fn to_csv(rows: &[ResultRow]) -> String {
    let mut out = String::from("email,status,result_code,meaning,service_message\n");
    for row in rows {
        let (code, meaning) = match &row.outcome {
            Outcome::Done(c) => (c.code().to_string(), c.meaning().to_string()),
            Outcome::Failed(f) => (String::new(), f.message.clone()),
            Outcome::Pending => (String::new(), "not sent".to_string()),
        };
        let said = row.message.as_deref().unwrap_or("").trim();
        out.push_str(&format!(
            "{},{},{},{},{}\n",
            csv_cell(&row.email),
            row.status().word(),
            code,
            csv_cell(&meaning),
            csv_cell(said)
        ));
    }
    out
}

/// "✓ OK 3   ⚠ WARNING 1   ✗ FAILED 0   … PENDING 2": a run's counts, each status a symbol and
/// a word as well as a colour.
pub fn count_spans(table: &super::result_table::ResultTable, theme: &Theme) -> Vec<Span<'static>> {
    let mut spans = vec![Span::raw(" ")];
    for status in [Status::Ok, Status::Warning, Status::Failed, Status::Pending] {
        let n = table.count(status);
        spans.push(Span::styled(
            format!("{} {} {n}", status.symbol(), status.word()),
            theme.status(status),
        ));
        spans.push(Span::raw("   "));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::{GenerateCodeResult, VoidResult};
    use crate::bulk::{Answers, per_user};

    fn rows(emails: &[&str]) -> Vec<ResultRow> {
        emails.iter().map(|e| ResultRow::pending(e)).collect()
    }

    fn list(emails: &[&str]) -> Vec<String> {
        emails.iter().map(|e| e.to_string()).collect()
    }

    #[test]
    fn outcomes_fill_the_rows_they_name_whatever_the_case() {
        let mut r = rows(&["a@x.com", "B@x.com", "c@x.com"]);
        let results: Vec<VoidResult> = serde_json::from_value(serde_json::json!([
            {"status": 1014, "user_email": "b@x.com"},
            {"status": 1013, "user_email": "a@x.com", "errorMessage": "No enrollment code found to void."}
        ]))
        .unwrap();
        let outcomes = per_user(&list(&["a@x.com", "B@x.com"]), Ok(Answers::Voided(results)));
        apply_outcomes(&mut r, outcomes);
        assert_eq!(r[0].outcome, Outcome::Done(ResultCode::EnrollmentNothingToVoid));
        assert_eq!(r[1].outcome, Outcome::Done(ResultCode::EnrollmentVoided));
        assert!(r[2].is_pending(), "a user of another call is untouched");
    }

    #[test]
    fn a_failed_call_fails_only_its_own_users() {
        let mut r = rows(&["a@x.com", "b@x.com"]);
        let failure = Failure { uncertain: true, ..Failure::new("connection broke") };
        apply_outcomes(&mut r, per_user(&list(&["a@x.com"]), Err(failure)));
        assert_eq!(r[0].status(), Status::Warning, "uncertain generation is not a plain failure");
        assert!(r[1].is_pending());
    }

    #[test]
    fn csv_never_carries_codes_and_defuses_formulas() {
        let mut r = rows(&["=cmd@x.com"]);
        let results: Vec<GenerateCodeResult> = serde_json::from_value(serde_json::json!([
            {"status": 1000, "userDetailsRequestForVerifyCodeGeneration": {"email": "=cmd@x.com"}, "verify_code": "629211156"}
        ]))
        .unwrap();
        apply_outcomes(&mut r, per_user(&list(&["=cmd@x.com"]), Ok(Answers::Generated(results))));
        assert!(r[0].code.is_some());
        let csv = to_csv(&r);
        assert!(!csv.contains("629211156"), "{csv}");
        assert!(csv.starts_with("email,status,result_code,meaning,service_message\n"), "{csv}");
        assert!(csv.contains("'=cmd@x.com,OK,1000,Code generated,"), "{csv}");
    }
}
