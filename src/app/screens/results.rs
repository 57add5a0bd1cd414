//! Per-user result rows, shared by the Codes and Bulk screens. Every user sent gets a row
//! before the first call goes out, and every row ends with a visible outcome: the service's
//! result, the call's error, or "no answer" when the service left the user out of its answer.
//! An element of an answer that names nobody asked for gets a row of its own (a stray).

use crate::actions::ActionOutcome;
use crate::api::ResultCode;
use crate::bulk::UserOutcome;
use crate::bulk::outcome::{Stray, verdict};
use crate::messages::Failure;
use crate::secret::Secret;
use crate::text::{csv_cell, sanitize};
use crate::ui::status::Status;
use crate::ui::theme::Theme;
use crate::ui::widgets::wrapped_after;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use time::OffsetDateTime;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Pending,
    Done(ResultCode),
    Failed(Failure),
    /// An action for each user (unlock, disable…): its status and what it did.
    Acted(Status, String),
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
    /// Not a user asked for: an element of an answer that could not be matched to one.
    pub stray: Option<Stray>,
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
            stray: None,
        }
    }

    /// A finished row for `outcome`.
    pub fn of(outcome: UserOutcome) -> Self {
        let mut row = Self::pending(&outcome.email);
        row.record(outcome);
        row
    }

    pub fn is_pending(&self) -> bool {
        self.outcome == Outcome::Pending
    }

    /// The status cell and the words beside it.
    pub fn status_and_detail(&self) -> (Status, String) {
        match &self.outcome {
            Outcome::Pending => (Status::Pending, "waiting".into()),
            Outcome::Done(code) => {
                let (status, words) = verdict(Ok(*code), self.stray);
                let mut detail = format!("{} {words}", code.code());
                if let Some(message) =
                    self.message.as_deref().filter(|m| status != Status::Ok && !m.trim().is_empty())
                {
                    detail.push_str(&format!(": {}", sanitize(message.trim())));
                }
                (status, detail)
            }
            Outcome::Failed(f) => verdict(Err(f), self.stray),
            Outcome::Acted(status, words) => (*status, words.clone()),
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
        self.stray = outcome.stray;
    }

    /// Takes an action's outcome as this row's result.
    pub fn record_action(&mut self, outcome: &ActionOutcome) {
        let (status, words) = outcome.verdict();
        self.outcome = Outcome::Acted(status, words);
    }

    pub fn status(&self) -> Status {
        self.status_and_detail().0
    }

    /// Never sent: the run was stopped (or could not go on) before this user's turn. Such a
    /// user is FAILED, but nothing was asked of the service for them.
    pub fn never_sent(&self) -> bool {
        match &self.outcome {
            Outcome::Failed(failure) => failure.never_sent(),
            // An action's row keeps the failure's words only.
            Outcome::Acted(_, words) => crate::bulk::outcome::reads_never_sent(words),
            Outcome::Pending | Outcome::Done(_) => false,
        }
    }
}

/// One row's outcome in full, wrapped: tables cut long results short, so the selected row is
/// also shown whole beneath them.
pub fn draw_whole_result(frame: &mut Frame, area: Rect, row: &ResultRow, theme: &Theme) {
    frame.render_widget(Paragraph::new(whole_result_lines(row, theme, area.width)), area);
}

/// One row's outcome in full, wrapped to `width`.
pub fn whole_result_lines(row: &ResultRow, theme: &Theme, width: u16) -> Vec<Line<'static>> {
    let (status, detail) = row.status_and_detail();
    let prefix = vec![
        Span::raw(" "),
        status.span(theme),
        Span::styled(format!("  {}: ", sanitize(&row.email)), theme.text()),
    ];
    // The address is long, so later lines start under the status word, not under the text.
    wrapped_after(prefix, &detail, width, 3)
}

/// The rows as CSV, never with a code: email, status, result code, its documented meaning (or
/// the error), and the service's own words.
pub fn to_csv(rows: &[ResultRow]) -> String {
    let mut out = String::from("email,status,result_code,meaning,service_message\n");
    for row in rows {
        let (code, meaning) = match &row.outcome {
            Outcome::Done(c) => (c.code().to_string(), verdict(Ok(*c), row.stray).1),
            Outcome::Failed(f) => (String::new(), verdict(Err(f), row.stray).1),
            Outcome::Pending => (String::new(), "not sent".to_string()),
            Outcome::Acted(_, words) => (String::new(), words.clone()),
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

/// "✓ OK 3   ⚠ WARNING 1   ✗ FAILED 0   … PENDING 2": a run's counts (`count` gives each
/// status's), each status a symbol and a word as well as a colour.
pub fn count_spans(count: impl Fn(Status) -> usize, theme: &Theme) -> Vec<Span<'static>> {
    let mut spans = vec![Span::raw(" ")];
    for status in [Status::Ok, Status::Warning, Status::Failed, Status::Pending] {
        let n = count(status);
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
    use crate::api::GenerateCodeResult;
    use crate::bulk::{Answers, per_user};

    fn generated(asked: &[&str], json: serde_json::Value) -> Vec<ResultRow> {
        let results: Vec<GenerateCodeResult> = serde_json::from_value(json).unwrap();
        let asked: Vec<String> = asked.iter().map(|e| e.to_string()).collect();
        per_user(&asked, Ok(Answers::Generated(results))).into_iter().map(ResultRow::of).collect()
    }

    #[test]
    fn csv_never_carries_codes_and_defuses_formulas() {
        let r = generated(
            &["=cmd@x.com"],
            serde_json::json!([
                {"status": 1000, "userDetailsRequestForVerifyCodeGeneration": {"email": "=cmd@x.com"}, "verify_code": "629211156"}
            ]),
        );
        assert!(r[0].code.is_some());
        let csv = to_csv(&r);
        assert!(!csv.contains("629211156"), "{csv}");
        assert!(csv.starts_with("email,status,result_code,meaning,service_message\n"), "{csv}");
        assert!(csv.contains("'=cmd@x.com,OK,1000,Code generated,"), "{csv}");
    }

    #[test]
    fn a_stray_row_says_so_and_never_shows_its_code() {
        let r = generated(
            &["a@x.com"],
            serde_json::json!([
                {"status": 1000, "userDetailsRequestForVerifyCodeGeneration": {"email": "other@x.com"}, "verify_code": "629211156"}
            ]),
        );
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].status(), Status::Warning, "asked, and not answered for");
        let (status, detail) = r[1].status_and_detail();
        assert_eq!(status, Status::Warning);
        assert!(
            detail.starts_with("1000 the service answered for an address not asked for"),
            "{detail}"
        );
        assert!(r[1].code.is_none());
        let csv = to_csv(&r);
        assert!(!csv.contains("629211156"), "{csv}");
        let stray = csv.lines().find(|l| l.starts_with("other@x.com,")).expect("a stray row");
        assert!(stray.starts_with("other@x.com,WARNING,1000,"), "{csv}");
        assert!(stray.contains("the service answered for an address not asked for"), "{csv}");
    }
}
