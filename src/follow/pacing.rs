//! How often the log is read while following, and how following backs off when the service
//! throttles it: the `Retry-After` it sends, else twice the last wait, up to a cap; back to the
//! usual pace after the next good read.

use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Pacing {
    /// Between reads, normally.
    pub every: Duration,
    /// The longest wait casdesk chooses itself (a `Retry-After` the service sends is obeyed
    /// even when longer).
    pub longest_wait: Duration,
    /// Following stops after this long, whatever happens.
    pub stop_after: Duration,
}

impl Default for Pacing {
    fn default() -> Self {
        Self {
            every: Duration::from_secs(5),
            longest_wait: Duration::from_secs(60),
            stop_after: Duration::from_secs(15 * 60),
        }
    }
}

/// The wait before the next read.
#[derive(Clone, Debug)]
pub struct Backoff {
    pacing: Pacing,
    last: Duration,
}

impl Backoff {
    pub fn new(pacing: Pacing) -> Self {
        Self { pacing, last: pacing.every }
    }

    /// After a good read: the usual pace again.
    pub fn after_read(&mut self) -> Duration {
        self.last = self.pacing.every;
        self.last
    }

    /// After a 429: what the service asked for, else twice the last wait (up to the cap).
    /// Never quicker than the usual pace.
    pub fn after_throttle(&mut self, retry_after: Option<Duration>) -> Duration {
        self.last = match retry_after {
            Some(asked) => asked.max(self.pacing.every),
            None => self.doubled(),
        };
        self.last
    }

    /// After a read that failed for another passing reason (a gateway error, a timeout).
    pub fn after_failure(&mut self) -> Duration {
        self.last = self.doubled();
        self.last
    }

    fn doubled(&self) -> Duration {
        self.last.saturating_mul(2).min(self.pacing.longest_wait).max(self.pacing.every)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn throttled_reads_back_off_by_doubling_up_to_the_cap_or_as_the_service_asks() {
        let s = Duration::from_secs;
        let mut b = Backoff::new(Pacing { every: s(5), longest_wait: s(30), ..Pacing::default() });
        let waits: Vec<_> = (0..4).map(|_| b.after_throttle(None)).collect();
        assert_eq!(waits, [s(10), s(20), s(30), s(30)]);
        assert_eq!(b.after_read(), s(5));
        assert_eq!(b.after_throttle(Some(s(120))), s(120), "the service's word is obeyed");
        assert_eq!(b.after_throttle(Some(s(1))), s(5), "but never quicker than the usual pace");
        assert_eq!(b.after_failure(), s(10));
    }
}
