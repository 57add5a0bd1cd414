//! What the console and the commands say about a report call the service refused: a 429 in
//! words (which limit, and when it may be tried again), a download that is not ready, and the
//! warning before sending when this machine's record says the service would refuse.

use super::limits::{Limit, TooSoon, when_words};
use crate::api::{ApiError, ReportKind};
use std::path::PathBuf;
use time::{OffsetDateTime, UtcOffset};

/// What a refusal was, for the caller to act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refused {
    /// 429: the limit; when it may be tried again, where known.
    Limit { until: Option<OffsetDateTime> },
    /// 404 on a download: none generated, or not ready yet.
    NotReady,
    /// Anything else.
    Other,
}

/// What `error` (from a call of `limit`'s kind) was; `last` is this machine's last such call,
/// used for when when the service does not say (`Retry-After`).
pub fn refused(
    error: &ApiError,
    limit: Limit,
    last: Option<OffsetDateTime>,
    now: OffsetDateTime,
) -> Refused {
    match error.status() {
        Some(429) => {
            let asked = match error {
                ApiError::Status(s) => s.retry_after,
                _ => None,
            };
            let until = match asked {
                Some(wait) => time::Duration::try_from(wait).ok().map(|w| now + w),
                None => last.map(|l| l + limit.every()).filter(|u| *u > now),
            };
            Refused::Limit { until }
        }
        Some(404) if limit == Limit::Download => Refused::NotReady,
        _ => Refused::Other,
    }
}

/// A 429 in words: "The service refused: a users report may be generated once every 8 hours
/// per tenant; try again at 18:02 (in 7 h 59 min)."
pub fn limit_words(
    kind: ReportKind,
    limit: Limit,
    until: Option<OffsetDateTime>,
    now: OffsetDateTime,
    offset: UtcOffset,
) -> String {
    let verb = match limit {
        Limit::Generate => "generated",
        Limit::Download => "downloaded",
    };
    let rule = format!(
        "The service refused: a {} report may be {verb} {} per tenant",
        kind.words(),
        limit.rule()
    );
    match until {
        Some(until) => format!("{rule}; try again at {}.", when_words(until, now, offset)),
        None => format!(
            "{rule}, and someone (another administrator or client) {} it less than {} ago; \
             try again later.",
            limit.done(),
            match limit {
                Limit::Generate => "8 hours",
                Limit::Download => "15 minutes",
            }
        ),
    }
}

/// Before sending: "The users report was generated here at 10:02; the service allows it once
/// every 8 hours, so it would refuse until 18:02 (in 7 h 59 min)."
pub fn too_soon_words(
    kind: ReportKind,
    limit: Limit,
    soon: TooSoon,
    now: OffsetDateTime,
    offset: UtcOffset,
) -> String {
    format!(
        "The {} report was {} from here at {}; the service allows that {}, so it would refuse \
         until {}.",
        kind.words(),
        limit.done(),
        super::limits::at_words(soon.last, now, offset),
        limit.rule(),
        when_words(soon.until, now, offset)
    )
}

/// A download answered 404.
pub fn not_ready_words(kind: ReportKind, error: &ApiError) -> String {
    let said = match error {
        ApiError::Status(s) => s.server_message().map(crate::text::sanitize),
        _ => None,
    };
    let base = format!(
        "No {} report is ready to download: none has been generated, or it is still being made",
        kind.words()
    );
    match said {
        Some(said) if !said.is_empty() => format!("{base} (the service said: {said})"),
        _ => format!("{base}."),
    }
}

/// `users-report-2026-12-08-1002.csv` in `dir`: what a download is offered as.
pub fn default_path(
    dir: &std::path::Path,
    kind: ReportKind,
    now: OffsetDateTime,
    offset: UtcOffset,
) -> PathBuf {
    let t = now.to_offset(offset);
    dir.join(format!("{}-report-{}-{:02}{:02}.csv", kind.command(), t.date(), t.hour(), t.minute()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::StatusError;
    use time::macros::datetime;

    #[test]
    fn a_429_says_when_from_the_service_or_from_here() {
        let now = datetime!(2026-12-08 10:00 UTC);
        let mut e =
            StatusError::answered(429, r#"{"code":"429 TOO_MANY_REQUESTS","description":"x"}"#);
        e.retry_after = Some(std::time::Duration::from_secs(3600));
        let e = ApiError::Status(e);
        let r = refused(&e, Limit::Generate, None, now);
        assert_eq!(r, Refused::Limit { until: Some(now + time::Duration::hours(1)) });
        let plain = ApiError::Status(StatusError::answered(429, "{}"));
        let last = now - time::Duration::hours(2);
        let r = refused(&plain, Limit::Generate, Some(last), now);
        assert_eq!(r, Refused::Limit { until: Some(last + time::Duration::hours(8)) });
        let words = limit_words(
            ReportKind::Users,
            Limit::Generate,
            Some(now + time::Duration::hours(6)),
            now,
            UtcOffset::UTC,
        );
        assert_eq!(
            words,
            "The service refused: a users report may be generated once every 8 hours per tenant; try again at 16:00 (in 6 h 00 min)."
        );
        let words = limit_words(ReportKind::MfaClients, Limit::Download, None, now, UtcOffset::UTC);
        assert!(
            words.contains(
                "someone (another administrator or client) downloaded it less than 15 minutes ago"
            ),
            "{words}"
        );
        let nf = ApiError::Status(StatusError::answered(
            404,
            r#"{"code":"404 NOT_FOUND","description":"still"}"#,
        ));
        assert_eq!(refused(&nf, Limit::Download, None, now), Refused::NotReady);
        assert_eq!(refused(&nf, Limit::Generate, None, now), Refused::Other);
    }
}
