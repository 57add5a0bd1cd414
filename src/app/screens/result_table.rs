//! A bulk run's per-user results at any size: rows found by address in constant time, status
//! counts kept as outcomes arrive (never recounted per frame), and a filtered view (by status
//! and by a search in the address) that the screen draws a window of. 100,000 rows cost the
//! same per frame as 100.

use super::results::{ResultRow, to_csv};
use crate::actions::ActionOutcome;
use crate::bulk::UserOutcome;
use crate::status::Status;
use crate::userlist::address_key;
use std::collections::HashMap;

pub struct ResultTable {
    rows: Vec<ResultRow>,
    /// Lower-case address → row.
    index: HashMap<String, usize>,
    counts: HashMap<Status, usize>,
    filter: Option<Status>,
    search: String,
    /// Rows in view (all, or those matching the filter and search), in order.
    shown: Vec<usize>,
    /// Rows for elements of answers that named nobody asked for, after the users' rows.
    strays: usize,
    /// Rows for lines of the list that were not addresses (never sent), after the users'.
    skipped: usize,
    /// Users never sent (the run was stopped first), among the FAILED.
    not_sent: usize,
}

/// The statuses a filter steps through, after "all".
const FILTERS: [Status; 4] = [Status::Failed, Status::Warning, Status::Ok, Status::Pending];

impl ResultTable {
    /// Every user pending, in the order given (addresses are already distinct).
    pub fn pending(emails: &[String]) -> Self {
        let rows: Vec<ResultRow> = emails.iter().map(|e| ResultRow::pending(e)).collect();
        let index = emails.iter().enumerate().map(|(i, e)| (address_key(e), i)).collect();
        let counts = HashMap::from([(Status::Pending, rows.len())]);
        let shown = (0..rows.len()).collect();
        Self {
            rows,
            index,
            counts,
            filter: None,
            search: String::new(),
            shown,
            strays: 0,
            skipped: 0,
            not_sent: 0,
        }
    }

    /// A FAILED row for each line of the list that is not an address, so the table and its
    /// export account for every line pasted, not only those sent.
    pub fn with_skipped(mut self, lines: &[crate::userlist::Malformed]) -> Self {
        for bad in lines {
            let mut row = ResultRow::pending(&bad.text);
            let why =
                format!("line {}: not an e-mail address ({}); not sent", bad.line, bad.reason);
            row.record_action(&ActionOutcome {
                email: bad.text.clone(),
                result: Err(crate::bulk::Failure::new(why)),
            });
            *self.counts.entry(row.status()).or_default() += 1;
            self.rows.push(row);
            self.shown.push(self.rows.len() - 1);
            self.skipped += 1;
        }
        self
    }

    /// Rows, the users' and the strays'.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The users asked for (strays and skipped lines not counted).
    pub fn users(&self) -> usize {
        self.rows.len() - self.strays - self.skipped
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    pub fn count(&self, status: Status) -> usize {
        self.counts.get(&status).copied().unwrap_or(0)
    }

    /// Users never sent because the run was stopped first (counted among the FAILED).
    pub fn not_sent(&self) -> usize {
        self.not_sent
    }

    /// Users with an outcome.
    pub fn finished(&self) -> usize {
        self.users() - self.count(Status::Pending)
    }

    /// Records outcomes in the rows of the users they name (a row already finished keeps its
    /// outcome, and an outcome for nobody in the table is dropped); strays get rows of their own.
    pub fn apply(&mut self, outcomes: Vec<UserOutcome>) {
        let mut status_changed = false;
        for outcome in outcomes {
            if outcome.stray.is_some() {
                let row = ResultRow::of(outcome);
                *self.counts.entry(row.status()).or_default() += 1;
                self.rows.push(row);
                self.strays += 1;
                if self.unfiltered() {
                    self.shown.push(self.rows.len() - 1);
                } else {
                    status_changed = true;
                }
                continue;
            }
            let Some(&i) = self.index.get(&address_key(&outcome.email)) else { continue };
            status_changed |= self.finish_row(i, |row| row.record(outcome));
        }
        // Unfiltered, the view is every row already: nothing to redo per answer.
        if status_changed && !self.unfiltered() {
            self.refresh_view();
        }
    }

    /// Records the outcomes of an action run for each user (unlock, disable…) in their rows.
    pub fn apply_actions(&mut self, outcomes: Vec<ActionOutcome>) {
        let mut status_changed = false;
        for outcome in outcomes {
            let Some(&i) = self.index.get(&address_key(&outcome.email)) else { continue };
            status_changed |= self.finish_row(i, |row| row.record_action(&outcome));
        }
        if status_changed && !self.unfiltered() {
            self.refresh_view();
        }
    }

    /// Gives pending row `i` its outcome and moves it between the counts; a row already
    /// finished keeps its outcome. Whether anything changed.
    fn finish_row(&mut self, i: usize, record: impl FnOnce(&mut ResultRow)) -> bool {
        let row = &mut self.rows[i];
        if !row.is_pending() {
            return false;
        }
        record(row);
        self.not_sent += usize::from(row.never_sent());
        let status = row.status();
        *self.counts.entry(Status::Pending).or_default() -= 1;
        *self.counts.entry(status).or_default() += 1;
        true
    }

    /// Rows in view.
    pub fn shown(&self) -> usize {
        self.shown.len()
    }

    /// The `n`th row in view.
    pub fn row(&self, n: usize) -> Option<&ResultRow> {
        self.shown.get(n).map(|&i| &self.rows[i])
    }

    /// Rows in view from `start`, at most `count` of them: what a frame draws.
    pub fn window(&self, start: usize, count: usize) -> impl Iterator<Item = &ResultRow> {
        self.shown.iter().skip(start).take(count).map(|&i| &self.rows[i])
    }

    pub fn filter(&self) -> Option<Status> {
        self.filter
    }

    pub fn search(&self) -> &str {
        &self.search
    }

    /// All → FAILED → WARNING → OK → PENDING → all.
    pub fn next_filter(&mut self) {
        self.filter = match self.filter {
            None => Some(FILTERS[0]),
            Some(s) => {
                FILTERS.iter().position(|f| *f == s).and_then(|i| FILTERS.get(i + 1)).copied()
            }
        };
        self.refresh_view();
    }

    pub fn set_search(&mut self, text: &str) {
        self.search = text.trim().to_ascii_lowercase();
        self.refresh_view();
    }

    fn refresh_view(&mut self) {
        let (filter, search) = (self.filter, &self.search);
        self.shown = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| filter.is_none_or(|f| r.status() == f))
            .filter(|(_, r)| search.is_empty() || r.email.to_ascii_lowercase().contains(search))
            .map(|(i, _)| i)
            .collect();
    }

    /// The rows in view as CSV (never with codes).
    pub fn shown_csv(&self) -> String {
        let rows: Vec<ResultRow> = self.shown.iter().map(|&i| self.rows[i].clone()).collect();
        to_csv(&rows)
    }

    /// Whether the view is all the rows.
    pub fn unfiltered(&self) -> bool {
        self.filter.is_none() && self.search.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ResultCode;
    use crate::bulk::Failure;
    use crate::bulk::outcome::{Stray, StrayKind};

    fn done(email: &str, code: i64) -> UserOutcome {
        let mut o = UserOutcome::failed(email, Failure::new(""));
        o.result = Ok(ResultCode::from_code(code));
        o
    }

    fn table(n: usize) -> ResultTable {
        let emails: Vec<String> = (0..n).map(|i| format!("u{i}@x.com")).collect();
        ResultTable::pending(&emails)
    }

    #[test]
    fn counts_follow_outcomes_and_a_finished_row_keeps_its_outcome() {
        let mut t = table(4);
        t.apply(vec![done("U0@x.com", 1014), done("u1@x.com", 1013), done("u2@x.com", 1002)]);
        assert_eq!(
            (
                t.count(Status::Ok),
                t.count(Status::Warning),
                t.count(Status::Failed),
                t.count(Status::Pending)
            ),
            (1, 1, 1, 1)
        );
        t.apply(vec![done("u0@x.com", 1002), done("stranger@x.com", 1014)]);
        assert_eq!(t.count(Status::Ok), 1, "not counted twice; an outcome for nobody dropped");
        assert_eq!(t.finished(), 3);
        assert_eq!(t.len(), 4);
    }

    #[test]
    fn strays_get_rows_of_their_own_counted_as_warnings() {
        let mut t = table(2);
        let mut stray = done("u0@x.com", 1000);
        stray.stray = Some(Stray { kind: StrayKind::Duplicate, withheld_code: true });
        t.apply(vec![done("u0@x.com", 1000), stray]);
        assert_eq!((t.users(), t.len()), (2, 3), "one stray row");
        assert_eq!(t.row(0).unwrap().status(), Status::Ok, "the first answer counts");
        assert_eq!(t.row(2).unwrap().status(), Status::Warning);
        assert_eq!((t.count(Status::Ok), t.count(Status::Warning)), (1, 1));
        assert_eq!(t.finished(), 1, "strays are not users");
        assert_eq!(t.shown(), 3, "shown at once");
        t.next_filter();
        t.next_filter(); // WARNING
        assert_eq!(t.window(0, 9).count(), 1);
    }

    #[test]
    fn filter_and_search_narrow_the_view_and_export() {
        let mut t = table(30);
        t.apply(
            (0..30)
                .map(|i| done(&format!("u{i}@x.com"), if i % 3 == 0 { 1002 } else { 1014 }))
                .collect(),
        );
        t.next_filter(); // FAILED
        assert_eq!(t.filter(), Some(Status::Failed));
        assert_eq!(t.shown(), 10);
        t.set_search("U1");
        // u12, u15, u18 are failed and contain "u1"
        assert_eq!(
            t.window(0, 100).map(|r| r.email.as_str()).collect::<Vec<_>>(),
            ["u12@x.com", "u15@x.com", "u18@x.com"]
        );
        assert_eq!(t.shown_csv().lines().count(), 4, "header and the three shown");
        for _ in 0..4 {
            t.next_filter();
        }
        assert_eq!(t.filter(), None, "back to all after PENDING");
        t.set_search("");
        assert!(t.unfiltered() && t.shown() == 30);
    }

    #[test]
    fn a_window_is_only_the_rows_asked_for() {
        let t = table(100_000);
        let window: Vec<_> = t.window(99_990, 50).collect();
        assert_eq!(window.len(), 10);
        assert_eq!(window[0].email, "u99990@x.com");
    }
}
