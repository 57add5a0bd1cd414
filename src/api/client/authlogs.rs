//! `GET v1/users/{id}/authlogs`: the user's 100 most recent authentication events, newest
//! first, optionally within a time range and for one event code. A read: retried freely.

use super::transport::unexpected;
use super::user_admin::check_same_user;
use super::{Client, path_id};
use crate::api::error::ApiError;
use crate::api::model::{AuthLogEntry, entries_of};
use crate::api::retry::Repeat;
use reqwest::Method;
use time::OffsetDateTime;

/// What to ask the log for; every part is optional (nothing: the latest 100 events).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuthLogQuery {
    /// Only events after this moment (`startTimeAfter`).
    pub start_time_after: Option<OffsetDateTime>,
    /// Only events at or before this moment (`endTimeOnOrBefore`).
    pub end_time_on_or_before: Option<OffsetDateTime>,
    /// Only events with this code (`eventCode`).
    pub event_code: Option<String>,
}

impl AuthLogQuery {
    /// The query parameters, in the order the reference lists them. Times keep their offset
    /// (`2025-03-04T09:14:00.000+01:00`); the URL encoder sends its `+` as `%2B`, as the
    /// service demands (a bare `+` reads as a space there, and the call fails with 400).
    pub fn pairs(&self) -> Vec<(&'static str, String)> {
        let mut out = Vec::new();
        if let Some(code) = self.event_code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            out.push(("eventCode", code.to_string()));
        }
        if let Some(t) = self.start_time_after {
            out.push(("startTimeAfter", format_query_time(t)));
        }
        if let Some(t) = self.end_time_on_or_before {
            out.push(("endTimeOnOrBefore", format_query_time(t)));
        }
        out
    }
}

/// `yyyy-MM-dd'T'HH:mm:ss.SSSXXX` with the offset always written as `±hh:mm`.
pub fn format_query_time(t: OffsetDateTime) -> String {
    let f = time::macros::format_description!(
        "[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:3][offset_hour sign:mandatory]:[offset_minute]"
    );
    t.format(&f).unwrap_or_default()
}

impl Client {
    /// `GET v1/users/{id}/authlogs`: at most 100 events, newest first as the service sends
    /// them. An answer with an entry naming another user is refused whole: it is not this
    /// user's log, and showing it as theirs would mislead.
    pub async fn user_auth_logs(
        &self,
        user_id: &str,
        query: &AuthLogQuery,
    ) -> Result<Vec<AuthLogEntry>, ApiError> {
        let id = path_id(user_id, "a user id")?;
        if let (Some(start), Some(end)) = (query.start_time_after, query.end_time_on_or_before)
            && start >= end
        {
            return Err(ApiError::InvalidRequest(
                "the start of the time range must be before its end".into(),
            ));
        }
        let mut url = self.inner.base.with_segments("v1/users", &[id], &["authlogs"]);
        let pairs = query.pairs();
        if !pairs.is_empty() {
            let mut q = url.query_pairs_mut();
            for (name, value) in &pairs {
                q.append_pair(name, value);
            }
        }
        let value: serde_json::Value =
            self.json::<(), _>(Method::GET, url, None, Repeat::Safe).await?;
        let entries =
            entries_of(value).ok_or_else(|| unexpected(200, "expected a list of log events"))?;
        for entry in &entries {
            check_same_user(id, entry.user_id.as_deref())?;
        }
        Ok(entries)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn times_keep_their_offset_and_the_plus_is_escaped_on_the_way_out() {
        let query = AuthLogQuery {
            start_time_after: Some(datetime!(2025-03-04 09:14:00 +01:00)),
            end_time_on_or_before: Some(datetime!(2025-03-04 10:00:00.5 UTC)),
            event_code: Some(" AUTHN_METHOD_FAILED ".into()),
        };
        let pairs = query.pairs();
        assert_eq!(pairs[0], ("eventCode", "AUTHN_METHOD_FAILED".to_string()));
        assert_eq!(pairs[1].1, "2025-03-04T09:14:00.000+01:00");
        assert_eq!(pairs[2].1, "2025-03-04T10:00:00.500+00:00");
        let mut url = url::Url::parse("https://x.example/a").unwrap();
        url.query_pairs_mut().extend_pairs(pairs);
        let q = url.query().unwrap();
        assert!(q.contains("startTimeAfter=2025-03-04T09%3A14%3A00.000%2B01%3A00"), "{q}");
        assert!(!q.contains('+'), "{q}");
        assert!(AuthLogQuery::default().pairs().is_empty());
    }
}
