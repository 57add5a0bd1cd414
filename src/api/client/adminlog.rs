//! `GET v1/adminlog/exportlogs` (Administration Event Log): the tenant's administrators'
//! actions, read a page of 100 at a time. The log is tenant-wide (the API has no per-user
//! filter), so "who acted on this user" reads every page of the window and keeps the entries
//! whose `targetObject1Id` is the user's. A read: retried freely, 429s waited out as every
//! call's are.

use super::transport::unexpected;
use super::{Client, format_query_time};
use crate::api::auth::Credentials;
use crate::api::error::ApiError;
use crate::api::model::{AdminLogEntry, AdminLogPage, MAX_ADMIN_LOG_PAGE_SIZE};
use crate::api::retry::Repeat;
use reqwest::Method;
use time::OffsetDateTime;

/// Pages read at most for one question (10 000 entries): a busier window is cut short, and
/// said so.
pub const MAX_ADMIN_LOG_PAGES: u64 = 100;

/// The entries on one user in a window, and whether the window held more than was read.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AdminActivity {
    /// Oldest first, as the service sends them.
    pub entries: Vec<AdminLogEntry>,
    pub pages_read: u64,
    /// More pages than [`MAX_ADMIN_LOG_PAGES`]: older or newer entries may be missing.
    pub cut_short: bool,
    /// The name the service gives casdesk's own calls, as far as casdesk can tell (see
    /// [`caller_name`]).
    pub own_name: String,
}

/// The name casdesk's own calls are logged under, as far as it can tell: the legacy key's
/// access ID, or the OAuth client's id. A real tenant may log the administrator who made the
/// key instead; casdesk cannot know that name, so its own entries would then read as others'.
pub(super) fn caller_name(credentials: &Credentials) -> String {
    match credentials {
        Credentials::Legacy(key) => key.access_id.clone(),
        Credentials::OAuth(config) => config.client_id.clone(),
    }
}

impl Client {
    /// The name this client's calls are logged under, as far as it can tell.
    pub fn caller_name(&self) -> &str {
        &self.inner.caller
    }

    /// One page (zero-based) of the log between `after` (exclusive) and `until` (inclusive).
    pub async fn admin_log_page(
        &self,
        after: OffsetDateTime,
        until: OffsetDateTime,
        page: u64,
        page_size: u32,
    ) -> Result<AdminLogPage, ApiError> {
        if after >= until {
            return Err(ApiError::InvalidRequest(
                "the start of the time range must be before its end".into(),
            ));
        }
        let mut url = self.inner.base.endpoint("v1/adminlog/exportlogs");
        // The encoder sends each `+` of an offset as %2B, as the service demands.
        url.query_pairs_mut()
            .append_pair("startTimeAfter", &format_query_time(after))
            .append_pair("endTimeOnOrBefore", &format_query_time(until))
            .append_pair("pageSize", &page_size.clamp(1, MAX_ADMIN_LOG_PAGE_SIZE).to_string())
            .append_pair("pageNumber", &page.to_string());
        let value: serde_json::Value =
            self.json::<(), _>(Method::GET, url, None, Repeat::Safe).await?;
        AdminLogPage::from_value(value)
            .ok_or_else(|| unexpected(200, "expected a page of administration events"))
    }

    /// Every entry on `user_id` between `after` and `until`, reading page after page until
    /// the last (as the service counts them, or a short page when it does not say).
    pub async fn admin_activity_on(
        &self,
        user_id: &str,
        after: OffsetDateTime,
        until: OffsetDateTime,
    ) -> Result<AdminActivity, ApiError> {
        let mut out =
            AdminActivity { own_name: self.caller_name().to_string(), ..Default::default() };
        let size = MAX_ADMIN_LOG_PAGE_SIZE;
        loop {
            let page = self.admin_log_page(after, until, out.pages_read, size).await?;
            out.pages_read += 1;
            let short = page.entries.len() < size as usize;
            out.entries.extend(page.entries.into_iter().filter(|e| e.targets(user_id)));
            let last = match page.total_pages {
                Some(total) => out.pages_read >= total,
                None => short,
            };
            if last {
                return Ok(out);
            }
            if out.pages_read >= MAX_ADMIN_LOG_PAGES {
                out.cut_short = true;
                return Ok(out);
            }
        }
    }
}
