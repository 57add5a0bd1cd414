//! A token bucket: `burst` calls may arrive at once, then `per_second` calls per second.

use crate::sim::config::RateLimit;
use std::time::{Duration, Instant};

/// The longest wait ever suggested, so a bucket that never refills still gives a finite answer.
const MAX_WAIT: Duration = Duration::from_secs(3600);

#[derive(Debug)]
pub struct Bucket {
    limit: RateLimit,
    tokens: f64,
    last: Instant,
}

impl Bucket {
    /// A full bucket.
    pub fn new(limit: RateLimit, now: Instant) -> Self {
        Self { limit, tokens: f64::from(limit.burst), last: now }
    }

    /// Takes a token, or says how long until one is available.
    pub fn take(&mut self, now: Instant) -> Result<(), Duration> {
        let rate = sane_rate(self.limit.per_second);
        let capacity = f64::from(self.limit.burst);
        let elapsed = now.saturating_duration_since(self.last).as_secs_f64();
        self.tokens = (self.tokens + elapsed * rate).min(capacity);
        self.last = now;
        if self.tokens >= 1.0 {
            self.tokens -= 1.0;
            return Ok(());
        }
        if rate <= 0.0 {
            return Err(MAX_WAIT);
        }
        let wait = (1.0 - self.tokens) / rate;
        Err(Duration::try_from_secs_f64(wait).unwrap_or(MAX_WAIT).min(MAX_WAIT))
    }
}

fn sane_rate(r: f64) -> f64 {
    if r.is_finite() && r > 0.0 { r } else { 0.0 }
}

/// `Retry-After` in whole seconds, rounded up, at least 1.
pub fn retry_after_secs(wait: Duration) -> u64 {
    wait.as_secs_f64().ceil().max(1.0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn burst_then_refill() {
        let t0 = Instant::now();
        let mut b = Bucket::new(RateLimit { per_second: 2.0, burst: 3 }, t0);
        assert!(b.take(t0).is_ok());
        assert!(b.take(t0).is_ok());
        assert!(b.take(t0).is_ok());
        let wait = b.take(t0).unwrap_err();
        assert!(wait <= Duration::from_millis(500) && wait > Duration::ZERO);
        assert_eq!(retry_after_secs(wait), 1);
        assert!(b.take(t0 + Duration::from_millis(600)).is_ok());
    }

    #[test]
    fn zero_rate_never_panics() {
        let t0 = Instant::now();
        let mut b = Bucket::new(RateLimit { per_second: 0.0, burst: 0 }, t0);
        assert_eq!(b.take(t0), Err(MAX_WAIT));
        let mut b = Bucket::new(RateLimit { per_second: f64::NAN, burst: 1 }, t0);
        assert!(b.take(t0).is_ok());
        assert!(b.take(t0).is_err());
    }
}
