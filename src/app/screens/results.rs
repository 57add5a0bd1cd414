//! Per-user result rows, shared by the Codes and Bulk void screens. Every user sent gets a row
//! before the first call goes out, and every row ends with a visible outcome: the service's
//! result, the call's error, or "no result" when the service left the user out of its answer.

use crate::api::{GenerateCodeResult, ResultCode, VoidResult};
use crate::app::msg::Failure;
use crate::secret::Secret;
use crate::text::sanitize;
use crate::ui::status::Status;
use crate::ui::theme::Theme;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
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
            Outcome::Failed(f) if f.uncertain => {
                (Status::Warning, format!("unknown outcome, check before retrying: {}", f.message))
            }
            Outcome::Failed(f) => (Status::Failed, f.message.clone()),
        }
    }

    pub fn status(&self) -> Status {
        self.status_and_detail().0
    }
}

/// One row's outcome in full, wrapped: tables cut long results short, so the selected row is
/// also shown whole beneath them.
pub fn draw_whole_result(frame: &mut Frame, area: Rect, row: &ResultRow, theme: &Theme) {
    let (status, detail) = row.status_and_detail();
    let line = Line::from(vec![
        Span::raw(" "),
        status.span(theme),
        Span::styled(format!("  {}: ", sanitize(&row.email)), theme.text()),
        Span::raw(detail),
    ]);
    frame.render_widget(Paragraph::new(line).wrap(Wrap { trim: false }), area);
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

fn fail_rest(rows: &mut [ResultRow], index: HashMap<String, Vec<usize>>, failure: &Failure) {
    for i in index.into_values().flatten() {
        rows[i].outcome = Outcome::Failed(failure.clone());
    }
}

fn take(index: &mut HashMap<String, Vec<usize>>, email: &str) -> Option<usize> {
    let slots = index.get_mut(&email.to_ascii_lowercase())?;
    if slots.is_empty() { None } else { Some(slots.remove(0)) }
}

/// Records one call's answer for the users it carried (`emails`): each result goes to the
/// pending row of the address it names (or, if it names none, of the address at its position);
/// rows the answer left out, or all of them when the call failed, get a failure.
fn apply<T>(
    rows: &mut [ResultRow],
    emails: &[String],
    results: Result<Vec<T>, Failure>,
    email_of: impl Fn(&T) -> Option<String>,
    record: impl Fn(&mut ResultRow, T),
) {
    let mut index = pending_rows(rows, emails);
    match results {
        Err(failure) => fail_rest(rows, index, &failure),
        Ok(results) => {
            for (position, result) in results.into_iter().enumerate() {
                let email = email_of(&result).or_else(|| emails.get(position).cloned());
                if let Some(i) = email.and_then(|e| take(&mut index, &e)) {
                    record(&mut rows[i], result);
                }
            }
            fail_rest(rows, index, &Failure::new("no result from the service for this user"));
        }
    }
}

/// Records one generate call's answer.
pub fn apply_generated(
    rows: &mut [ResultRow],
    emails: &[String],
    results: Result<Vec<GenerateCodeResult>, Failure>,
) {
    let email_of = |r: &GenerateCodeResult| r.email().map(str::to_string);
    apply(rows, emails, results, email_of, |row, result| {
        row.outcome = Outcome::Done(result.status);
        row.expires = result.expires_at();
        row.code = result.verify_code.filter(|c| !c.is_empty());
        row.link = result.verification_link;
        row.message = result.error_message;
    });
}

/// Records one void call's answer.
pub fn apply_voided(
    rows: &mut [ResultRow],
    emails: &[String],
    results: Result<Vec<VoidResult>, Failure>,
) {
    apply(
        rows,
        emails,
        results,
        |r| r.user_email.clone(),
        |row, result| {
            row.outcome = Outcome::Done(result.status);
            row.message = result.error_message;
        },
    );
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

/// Quotes a cell when needed, and defuses spreadsheet formulas (a cell starting with = + - @).
fn csv_cell(text: &str) -> String {
    let text = sanitize(text);
    let text = if text.starts_with(['=', '+', '-', '@']) { format!("'{text}") } else { text };
    if text.contains([',', '"', '\n']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(emails: &[&str]) -> Vec<ResultRow> {
        emails.iter().map(|e| ResultRow::pending(e)).collect()
    }

    #[test]
    fn every_user_ends_with_an_outcome_even_when_the_service_omits_one() {
        let mut r = rows(&["a@x.com", "B@x.com", "c@x.com"]);
        let results: Vec<VoidResult> = serde_json::from_value(serde_json::json!([
            {"status": 1014, "user_email": "b@x.com"},
            {"status": 1013, "user_email": "a@x.com", "errorMessage": "No enrollment code found to void."}
        ]))
        .unwrap();
        let emails: Vec<String> = r.iter().map(|r| r.email.clone()).collect();
        apply_voided(&mut r, &emails, Ok(results));
        assert_eq!(r[0].outcome, Outcome::Done(ResultCode::EnrollmentNothingToVoid));
        assert_eq!(r[1].outcome, Outcome::Done(ResultCode::EnrollmentVoided));
        assert!(matches!(&r[2].outcome, Outcome::Failed(f) if f.message.contains("no result")));
        assert!(r.iter().all(|row| !row.is_pending()));
    }

    #[test]
    fn a_failed_call_fails_only_its_own_users() {
        let mut r = rows(&["a@x.com", "b@x.com"]);
        apply_generated(
            &mut r,
            &["a@x.com".to_string()],
            Err(Failure { uncertain: true, ..Failure::new("connection broke") }),
        );
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
        apply_generated(&mut r, &["=cmd@x.com".to_string()], Ok(results));
        let csv = to_csv(&r);
        assert!(!csv.contains("629211156"), "{csv}");
        assert!(csv.starts_with("email,status,result_code,meaning,service_message\n"), "{csv}");
        assert!(csv.contains("'=cmd@x.com,OK,1000,Code generated,"), "{csv}");
    }
}
