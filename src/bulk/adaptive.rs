//! How fast a bulk run sends. Two limits, both learned from the service:
//!
//! - **Calls in flight**, additive increase / multiplicative decrease as TCP does: each success
//!   streak as long as the limit adds one call; a 429 halves it. This bounds the load when the
//!   service is slow.
//! - **Calls per second**, which only a rate limit needs: unpaced until the first 429, then the
//!   rate the service was accepting just before it (slightly under), creeping up by a small
//!   fraction per success until the next 429 measures it again. On loopback a single call in
//!   flight can outrun any limit, so concurrency alone cannot find it.
//!
//! A 429 storm cuts each limit once, however many calls in flight see it. When the service
//! names a wait (`Retry-After`), nothing new is sent until it has passed.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Adaptive {
    limit: usize,
    max: usize,
    streak: usize,
    /// Calls per second; `None` until the service first says 429.
    pace: Option<f64>,
    /// The pace was set from less than a whole window: find the rate quickly.
    probing: bool,
    next_slot: Option<Instant>,
    /// When recent calls succeeded, to measure the rate the service accepts.
    accepted: VecDeque<Instant>,
    started: Instant,
    paused_until: Option<Instant>,
    last_cut: Option<Instant>,
    /// 429s seen, for the report.
    pub throttled: u64,
}

/// The window over which the accepted rate is measured.
const WINDOW: Duration = Duration::from_secs(1);
/// A storm is one cut: 429s within this long of a cut are the same storm.
const STORM: Duration = Duration::from_millis(500);
/// After a 429, send at this fraction of the rate measured.
const BACK_OFF: f64 = 0.95;
/// Each success raises the pace by this fraction (about 12% a second at 40 calls/s).
const CREEP: f64 = 0.003;
/// Until a 429 has been measured over a whole window (the first comes during the opening
/// burst, which says little about the rate), the pace grows this much faster.
const PROBE: f64 = 0.02;

impl Adaptive {
    pub fn new(initial: usize, max: usize, now: Instant) -> Self {
        let max = max.max(1);
        Self {
            limit: initial.clamp(1, max),
            max,
            streak: 0,
            pace: None,
            probing: false,
            next_slot: None,
            accepted: VecDeque::new(),
            started: now,
            paused_until: None,
            last_cut: None,
            throttled: 0,
        }
    }

    pub fn limit(&self) -> usize {
        self.limit
    }

    pub fn pace(&self) -> Option<f64> {
        self.pace
    }

    /// May a call start at `now`, with `in_flight` calls already out?
    pub fn may_send(&self, now: Instant, in_flight: usize) -> bool {
        in_flight < self.limit
            && self.paused_until.is_none_or(|until| now >= until)
            && self.next_slot.is_none_or(|slot| now >= slot)
    }

    /// The next moment worth checking again, if waiting on time (a pause or the pace).
    pub fn wake_at(&self, now: Instant) -> Option<Instant> {
        [self.paused_until, self.next_slot].into_iter().flatten().filter(|t| *t > now).max()
    }

    /// A call started: the next may start one pace interval later.
    pub fn on_send(&mut self, now: Instant) {
        if let Some(pace) = self.pace {
            let from = self.next_slot.map_or(now, |slot| slot.max(now));
            self.next_slot = Some(from + Duration::from_secs_f64(1.0 / pace));
        }
    }

    pub fn on_success(&mut self, now: Instant) {
        self.accepted.push_back(now);
        while self.accepted.front().is_some_and(|t| now.duration_since(*t) > WINDOW) {
            self.accepted.pop_front();
        }
        self.streak += 1;
        if self.streak >= self.limit {
            self.limit = (self.limit + 1).min(self.max);
            self.streak = 0;
        }
        if let Some(pace) = &mut self.pace {
            *pace *= 1.0 + if self.probing { PROBE } else { CREEP };
        }
    }

    /// The service answered 429; `wait` is how long it asked for, if it did.
    pub fn on_throttled(&mut self, now: Instant, asked_wait: Option<Duration>) {
        self.throttled += 1;
        self.streak = 0;
        if let Some(wait) = asked_wait {
            let until = now + wait;
            self.paused_until = Some(self.paused_until.map_or(until, |p| p.max(until)));
        }
        if self.last_cut.is_some_and(|t| now.duration_since(t) < STORM) {
            return;
        }
        self.last_cut = Some(now);
        self.limit = (self.limit / 2).max(1);
        self.pace = Some((self.accepted_rate(now) * BACK_OFF).max(0.5));
        tracing::debug!(limit = self.limit, pace = ?self.pace, "throttled: slowing down");
        self.probing = now.duration_since(self.started) < WINDOW;
    }

    /// Successful calls per second over the last window (or since the start, if shorter).
    fn accepted_rate(&self, now: Instant) -> f64 {
        let span = now.duration_since(self.started).min(WINDOW).max(Duration::from_millis(250));
        let recent = self.accepted.iter().filter(|t| now.duration_since(**t) <= span).count();
        recent as f64 / span.as_secs_f64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn concurrency_grows_by_one_per_streak_up_to_the_cap() {
        let now = Instant::now();
        let mut a = Adaptive::new(2, 4, now);
        a.on_success(now);
        assert_eq!(a.limit(), 2);
        a.on_success(now);
        assert_eq!(a.limit(), 3);
        for _ in 0..20 {
            a.on_success(now);
        }
        assert_eq!(a.limit(), 4, "never above the cap");
        assert!(a.may_send(now, 3) && !a.may_send(now, 4));
        assert_eq!(a.pace(), None, "unpaced until a 429");
    }

    #[test]
    fn a_429_paces_at_the_rate_the_service_was_accepting() {
        let start = Instant::now();
        let mut a = Adaptive::new(8, 8, start);
        // 40 calls a second accepted for two seconds, then a 429.
        for i in 1..=80 {
            a.on_success(start + Duration::from_millis(25 * i));
        }
        let now = start + Duration::from_secs(2);
        a.on_throttled(now, None);
        let pace = a.pace().unwrap();
        assert!((36.0..=40.0).contains(&pace), "{pace}");
        assert_eq!(a.limit(), 4);
        // Calls now go out one pace interval apart.
        assert!(a.may_send(now, 0));
        a.on_send(now);
        assert!(!a.may_send(now + Duration::from_millis(10), 0));
        assert!(a.may_send(now + Duration::from_millis(30), 0));
        // More 429s from the same storm change nothing but the count.
        a.on_throttled(now + Duration::from_millis(20), None);
        assert_eq!(a.pace().unwrap(), pace);
        assert_eq!(a.throttled, 2);
        // Successes creep the pace up.
        a.on_success(now + Duration::from_millis(40));
        assert!(a.pace().unwrap() > pace && a.pace().unwrap() < pace * 1.01);
    }

    #[test]
    fn a_429_in_the_opening_burst_probes_quickly_for_the_rate() {
        let start = Instant::now();
        let mut a = Adaptive::new(4, 8, start);
        for _ in 0..5 {
            a.on_success(start + Duration::from_millis(10));
        }
        a.on_throttled(start + Duration::from_millis(20), None);
        let pace = a.pace().unwrap();
        for i in 0..10 {
            a.on_success(start + Duration::from_millis(100 + i));
        }
        assert!(a.pace().unwrap() > pace * 1.2, "probing grows fast");
    }

    #[test]
    fn retry_after_pauses_everything_until_it_has_passed() {
        let now = Instant::now();
        let mut a = Adaptive::new(2, 2, now);
        a.on_throttled(now, Some(Duration::from_secs(2)));
        assert!(!a.may_send(now + Duration::from_secs(1), 0));
        assert_eq!(a.wake_at(now), Some(now + Duration::from_secs(2)).max(a.wake_at(now)));
        assert!(a.may_send(now + Duration::from_millis(2001), 0));
        a.on_throttled(now + Duration::from_secs(5), None);
        a.on_throttled(now + Duration::from_secs(9), None);
        assert_eq!(a.limit(), 1, "never below one call");
        assert!(a.pace().unwrap() >= 0.5, "never stopped altogether");
    }
}
