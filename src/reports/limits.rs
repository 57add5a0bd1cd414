//! The service's two limits on reports, and their arithmetic: a report may be generated once
//! every 8 hours and downloaded once every 15 minutes (RSA's page). casdesk keeps when it last
//! did each (`record.rs`) so it can say before sending that the service would refuse.

use time::{Duration, OffsetDateTime, UtcOffset};

/// Which of the two limits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    Generate,
    Download,
}

impl Limit {
    /// How long after one the next is allowed.
    pub const fn every(self) -> Duration {
        match self {
            Limit::Generate => Duration::hours(8),
            Limit::Download => Duration::minutes(15),
        }
    }

    /// "once every 8 hours", "once every 15 minutes".
    pub const fn rule(self) -> &'static str {
        match self {
            Limit::Generate => "once every 8 hours",
            Limit::Download => "once every 15 minutes",
        }
    }

    /// "generated", "downloaded".
    pub const fn done(self) -> &'static str {
        match self {
            Limit::Generate => "generated",
            Limit::Download => "downloaded",
        }
    }
}

/// When the next is allowed after one at `last` (none yet: any time).
pub fn next_allowed(last: Option<OffsetDateTime>, limit: Limit) -> Option<OffsetDateTime> {
    last.map(|l| l + limit.every())
}

/// Too soon after the last one: until when.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TooSoon {
    pub last: OffsetDateTime,
    pub until: OffsetDateTime,
}

/// Whether one may be sent at `now`, the last having been at `last`. A last time in the
/// future (a clock set back) counts from now: the service's clock decides, not this one.
pub fn check(
    now: OffsetDateTime,
    last: Option<OffsetDateTime>,
    limit: Limit,
) -> Result<(), TooSoon> {
    let Some(last) = last else { return Ok(()) };
    let last = last.min(now);
    let until = last + limit.every();
    if now < until { Err(TooSoon { last, until }) } else { Ok(()) }
}

/// "18:02 (in 7 h 59 min)": when, in local time (with the date when not today), and how long
/// until then. The time is rounded up to the minute, so it is never before the limit lifts.
pub fn when_words(until: OffsetDateTime, now: OffsetDateTime, offset: UtcOffset) -> String {
    let shown = round_up_to_minute(until).to_offset(offset);
    let today = now.to_offset(offset).date();
    let at = if shown.date() == today {
        format!("{:02}:{:02}", shown.hour(), shown.minute())
    } else {
        format!("{} {:02}:{:02}", shown.date(), shown.hour(), shown.minute())
    };
    format!("{at} (in {})", wait_words(until - now))
}

/// "7 h 59 min", "14 min", "under a minute", rounded up to the minute.
pub fn wait_words(wait: Duration) -> String {
    let secs = wait.whole_seconds().max(0);
    if secs < 60 {
        return if secs == 0 { "no time".into() } else { "under a minute".into() };
    }
    let minutes = (secs + 59) / 60;
    match minutes {
        m if m < 60 => format!("{m} min"),
        m => format!("{} h {:02} min", m / 60, m % 60),
    }
}

/// A time, in local `offset`, as the Reports screen and the commands show it: "10:02" today,
/// "2026-12-07 10:02" another day.
pub fn at_words(t: OffsetDateTime, now: OffsetDateTime, offset: UtcOffset) -> String {
    let local = t.to_offset(offset);
    if local.date() == now.to_offset(offset).date() {
        format!("{:02}:{:02}", local.hour(), local.minute())
    } else {
        format!("{} {:02}:{:02}", local.date(), local.hour(), local.minute())
    }
}

fn round_up_to_minute(t: OffsetDateTime) -> OffsetDateTime {
    let floor = t.replace_second(0).and_then(|t| t.replace_nanosecond(0)).unwrap_or(t);
    if floor == t { t } else { floor + Duration::minutes(1) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use time::macros::datetime;

    #[test]
    fn the_limits_in_words() {
        let now = datetime!(2026-12-08 10:00:30 UTC);
        let e = check(now, Some(now - Duration::hours(1)), Limit::Generate).unwrap_err();
        assert_eq!(e.until, now + Duration::hours(7));
        assert_eq!(when_words(e.until, now, UtcOffset::UTC), "17:01 (in 7 h 00 min)");
        let later = datetime!(2026-12-08 20:00 UTC);
        assert_eq!(when_words(later, now, UtcOffset::UTC), "20:00 (in 10 h 00 min)");
        let tomorrow = datetime!(2026-12-09 01:00 UTC);
        assert!(when_words(tomorrow, now, UtcOffset::UTC).starts_with("2026-12-09 01:00"));
        assert_eq!(wait_words(Duration::seconds(30)), "under a minute");
        assert_eq!(wait_words(Duration::seconds(61)), "2 min");
        assert!(check(now, None, Limit::Download).is_ok());
    }

    fn moment() -> impl Strategy<Value = OffsetDateTime> {
        (1_700_000_000i64..1_900_000_000)
            .prop_map(|s| OffsetDateTime::from_unix_timestamp(s).unwrap())
    }

    proptest! {
        /// For every last time and now: refused exactly while less than the period has passed,
        /// the refusal says the period's end, and the wait said is never zero nor over it.
        #[test]
        fn refused_exactly_within_the_period(last in moment(), gap in -100_000i64..100_000, download in any::<bool>()) {
            let limit = if download { Limit::Download } else { Limit::Generate };
            let now = last + Duration::seconds(gap);
            match check(now, Some(last), limit) {
                Ok(()) => prop_assert!(now - last >= limit.every()),
                Err(e) => {
                    prop_assert!(gap < 0 || now - last < limit.every());
                    prop_assert!(e.until > now && e.until - now <= limit.every());
                    prop_assert_eq!(e.until, e.last + limit.every());
                    let words = wait_words(e.until - now);
                    prop_assert!(words != "no time");
                    // Shown time is never before the limit lifts.
                    prop_assert!(round_up_to_minute(e.until) >= e.until);
                }
            }
        }
    }
}
