//! `GET v1/usereventlog/exportlogs`: the tenant-wide User Event Log, a page at a time, and
//! every page of a time range read in turn. A read: retried freely, and a 429 is waited out
//! by the transport's backoff between pages as for any call.

use super::Client;
use super::authlogs::format_query_time;
use super::transport::unexpected;
use crate::api::error::ApiError;
use crate::api::model::{MAX_EVENT_LOG_PAGE_SIZE, UserEventEntry, UserEventPage};
use crate::api::retry::Repeat;
use reqwest::Method;
use std::collections::HashSet;
use time::OffsetDateTime;

/// The most pages one read goes through (100 events each): past it the read stops and says
/// it is incomplete rather than paging on without end.
pub const MAX_EVENT_LOG_PAGES: u64 = 200;

/// A time range of the log: after `start` (exclusive), up to `end` (inclusive).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventLogRange {
    pub start: OffsetDateTime,
    pub end: OffsetDateTime,
}

/// Where a read of every page stands, after each page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EventLogProgress {
    pub pages_read: u64,
    /// As the last page answered (`None` if it did not say).
    pub total_pages: Option<u64>,
    pub events: usize,
}

/// Every event of a range, newest first, each once.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserEventLog {
    pub entries: Vec<UserEventEntry>,
    pub pages_read: u64,
    /// Every page was read (not stopped at [`MAX_EVENT_LOG_PAGES`] or by the caller).
    pub complete: bool,
}

/// `t` rounded up to a whole millisecond: the query carries milliseconds, and cutting the end
/// short would leave out what happened in its last fraction of one.
fn up_to_the_millisecond(t: OffsetDateTime) -> OffsetDateTime {
    let below = t.nanosecond() % 1_000_000;
    if below == 0 { t } else { t + time::Duration::nanoseconds(i64::from(1_000_000 - below)) }
}

impl Client {
    /// One page (zero-based `page_number`) of `range`, `page_size` events at most (1 to 100).
    pub async fn user_event_log_page(
        &self,
        range: &EventLogRange,
        page_number: u64,
        page_size: u32,
    ) -> Result<UserEventPage, ApiError> {
        if range.start >= range.end {
            return Err(ApiError::InvalidRequest(
                "the start of the time range must be before its end".into(),
            ));
        }
        if !(1..=MAX_EVENT_LOG_PAGE_SIZE).contains(&page_size) {
            return Err(ApiError::InvalidRequest(format!(
                "an event log page holds 1 to {MAX_EVENT_LOG_PAGE_SIZE} events, not {page_size}"
            )));
        }
        let mut url = self.inner.base.endpoint("v1/usereventlog/exportlogs");
        // The encoder sends the offset's `+` as `%2B`, as the service demands.
        url.query_pairs_mut()
            .append_pair("startTimeAfter", &format_query_time(range.start))
            .append_pair("endTimeOnOrBefore", &format_query_time(up_to_the_millisecond(range.end)))
            .append_pair("pageSize", &page_size.to_string())
            .append_pair("pageNumber", &page_number.to_string());
        let value: serde_json::Value =
            self.json::<(), _>(Method::GET, url, None, Repeat::Safe).await?;
        UserEventPage::from_value(value)
            .ok_or_else(|| unexpected(200, "expected a page of user events"))
    }

    /// Every page of `range`, in order, 100 events a page; `progress` is told after each page
    /// and answers whether to carry on. An event seen on an earlier page (the log moved
    /// between pages) is kept once.
    pub async fn user_event_log(
        &self,
        range: &EventLogRange,
        mut progress: impl FnMut(EventLogProgress) -> bool,
    ) -> Result<UserEventLog, ApiError> {
        let mut log = UserEventLog::default();
        let mut seen = HashSet::new();
        loop {
            let page =
                self.user_event_log_page(range, log.pages_read, MAX_EVENT_LOG_PAGE_SIZE).await?;
            log.pages_read += 1;
            let count = page.entries.len();
            for entry in page.entries {
                let fresh = match entry.event.event_id.as_deref() {
                    Some(id) => seen.insert(id.to_string()),
                    None => true,
                };
                if fresh {
                    log.entries.push(entry);
                }
            }
            let carry_on = progress(EventLogProgress {
                pages_read: log.pages_read,
                total_pages: page.total_pages,
                events: log.entries.len(),
            });
            // Without totals, a short page is the last; an empty page always is.
            let last = match page.total_pages {
                Some(total) => log.pages_read >= total,
                None => count < MAX_EVENT_LOG_PAGE_SIZE as usize,
            };
            if last || count == 0 {
                log.complete = true;
                return Ok(log);
            }
            if !carry_on || log.pages_read >= MAX_EVENT_LOG_PAGES {
                return Ok(log);
            }
        }
    }
}
