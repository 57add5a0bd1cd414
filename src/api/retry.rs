//! When to send a request again, and how long to wait first.
//!
//! 429, 502, 503 and 504 are retried with exponential backoff and jitter within a bounded
//! budget, honouring `Retry-After` when the service sends one (it is not documented, but
//! costs nothing to respect). A request that must not run twice (generating a code replaces the
//! user's previous one) is sent again only when the service surely did not act on it: the
//! connection was refused, or the service answered 429.

use crate::api::error::TransportKind;
use rand::Rng;
use std::time::{Duration, SystemTime};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RetryPolicy {
    /// Sends in all, the first included. 1 means never retry.
    pub max_attempts: u32,
    /// The first backoff; each later one doubles, up to `max_delay`.
    pub base_delay: Duration,
    pub max_delay: Duration,
    /// Most time spent waiting between sends for one call. A `Retry-After` beyond what is left
    /// ends the call at once, with the wait reported, rather than hanging the screen.
    pub budget: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 5,
            base_delay: Duration::from_millis(250),
            max_delay: Duration::from_secs(8),
            budget: Duration::from_secs(30),
        }
    }
}

impl RetryPolicy {
    pub fn never() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }
}

/// Whether sending a request twice can do something once-only twice.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Repeat {
    /// Reads, voids and disables: a second send changes nothing the first did not.
    Safe,
    /// Generating codes or a device registration code, enabling an emergency tokencode: a
    /// second send replaces the code the first one made.
    OnlyIfNotReceived,
}

/// What one send ended in, as far as retrying cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Attempt {
    Status(u16),
    Transport(TransportKind),
}

pub(crate) fn is_retryable(attempt: Attempt, repeat: Repeat) -> bool {
    match attempt {
        // Refused before any work was done.
        Attempt::Status(429) | Attempt::Transport(TransportKind::Connect) => true,
        // A gateway error or a lost answer says nothing about whether the service acted.
        Attempt::Status(502..=504)
        | Attempt::Transport(TransportKind::Timeout | TransportKind::Interrupted) => {
            repeat == Repeat::Safe
        }
        _ => false,
    }
}

impl RetryPolicy {
    /// The wait before retry number `retry` (1 for the first retry): half the exponential step
    /// fixed, half random, so a crowd of clients spreads out but none retries instantly.
    pub(crate) fn backoff(&self, retry: u32, rng: &mut impl Rng) -> Duration {
        let step = self
            .base_delay
            .saturating_mul(2u32.saturating_pow(retry.saturating_sub(1)))
            .min(self.max_delay);
        let half = step / 2;
        half + half.mul_f64(rng.random::<f64>())
    }
}

/// `Retry-After` as delay-seconds or an HTTP-date (RFC 9110 §10.2.3).
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = parse_http_date(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// An HTTP-date as `Date` and `Retry-After` carry it: "Wed, 21 Oct 2015 07:28:00 GMT".
pub(crate) fn parse_http_date(value: &str) -> Option<SystemTime> {
    let format = time::macros::format_description!(
        "[weekday repr:short], [day] [month repr:short] [year] [hour]:[minute]:[second] GMT"
    );
    let at = time::PrimitiveDateTime::parse(value.trim(), format).ok()?.assume_utc();
    Some(SystemTime::from(at))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::SeedableRng;

    #[test]
    fn generation_is_retried_only_when_surely_not_received() {
        use Attempt::*;
        use TransportKind::*;
        for (attempt, safe, once_only) in [
            (Status(429), true, true),
            (Transport(Connect), true, true),
            (Status(502), true, false),
            (Status(503), true, false),
            (Status(504), true, false),
            (Transport(Timeout), true, false),
            (Transport(Interrupted), true, false),
            (Status(500), false, false),
            (Status(400), false, false),
            (Status(403), false, false),
            (Transport(Other), false, false),
        ] {
            assert_eq!(is_retryable(attempt, Repeat::Safe), safe, "{attempt:?} safe");
            assert_eq!(
                is_retryable(attempt, Repeat::OnlyIfNotReceived),
                once_only,
                "{attempt:?} once-only"
            );
        }
    }

    #[test]
    fn backoff_grows_is_capped_and_jittered() {
        let policy = RetryPolicy::default();
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let waits: Vec<Duration> = (1..=8).map(|n| policy.backoff(n, &mut rng)).collect();
        for (n, wait) in waits.iter().enumerate() {
            let step = (policy.base_delay * 2u32.pow(n as u32)).min(policy.max_delay);
            assert!(
                *wait >= step / 2 && *wait <= step,
                "retry {}: {wait:?} not in [{:?}, {step:?}]",
                n + 1,
                step / 2
            );
        }
        let spread: std::collections::HashSet<_> =
            (0..20).map(|_| policy.backoff(3, &mut rng)).collect();
        assert!(spread.len() > 10, "jitter should spread waits");
    }

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_480); // Wed, 21 Oct 2015 07:28:00 GMT
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:30 GMT", now),
            Some(Duration::from_secs(30))
        );
        assert_eq!(parse_retry_after("Wed, 21 Oct 2015 07:27:00 GMT", now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-5", now), None);
    }
}
