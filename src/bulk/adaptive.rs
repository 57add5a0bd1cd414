//! How fast a bulk run sends, learned from the service's 429s alone. The limit is the
//! tenant's, shared with every other operator's run, and no run knows of the others; so each
//! must find its share from what it is told, quickly and without taking more than others.
//!
//! - **Slow start.** Until the first 429, calls in flight grow by one per answer (doubling
//!   each round trip), unpaced: nothing is known of the limit yet.
//! - **A 429 storm** (429s within one round trip of a cut are one storm) cuts the pace to a
//!   little under the rate this run was being answered at over the last second, or under its
//!   pace if that is lower. With a token bucket in front of the service the answered rates of
//!   the runs sharing it add up to the limit, so the cut lands each run just under its share.
//!   Calls in flight are set to what the pace needs over one round trip, and some spare.
//! - **Between storms the pace grows with time**, by a fraction of itself and by a fixed
//!   amount per second. The fixed part is the same for every run whatever its rate (additive
//!   increase, as in TCP's AIMD): a run that got less gains on one that got more, so shares
//!   converge. The fractional part finds a large limit quickly. Growth follows the clock, not
//!   answers, so a starved run is not starved of growth too. After a quiet spell (no 429 for
//!   `QUIET`) it grows fast again: another run may have ended and freed its share.
//! - **A storm soon after the last** means the cut was not enough (others are growing into the
//!   same limit): each such cut goes deeper.
//! - **Intervals are jittered**, so runs paced alike do not fall into step with each other and
//!   the service's refills, with the same one refused every time.
//!
//! A 429 never waits out a backoff of its own: the call goes back in the run's queue and out
//! again at the run's pace (see `engine.rs`). When the service names a wait (`Retry-After`),
//! nothing new is sent until it has passed.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

#[derive(Debug)]
pub struct Adaptive {
    limit: usize,
    /// In slow start, the limit as grown by fractions of a call per answer.
    growing: f64,
    max: usize,
    /// Calls per second; `None` until the service first says 429.
    pace: Option<f64>,
    /// When the pace last grew.
    grown_at: Instant,
    next_slot: Option<Instant>,
    /// When recent calls were answered, to measure the rate the service accepts.
    accepted: VecDeque<Instant>,
    started: Instant,
    paused_until: Option<Instant>,
    last_cut: Option<Instant>,
    /// Smoothed round trip of a call.
    round_trip: Option<Duration>,
    /// The last cut came before a whole window had been measured (the opening burst says
    /// little about the rate): grow faster until the next.
    probing: bool,
    /// Storms in a row, each within `QUIET` of the one before: the cut deepens with each, as
    /// the last one was not enough (others share the limit and are growing too).
    in_a_row: u32,
    /// 429s seen, for the report.
    pub throttled: u64,
}

/// The window over which the accepted rate is measured.
const WINDOW: Duration = Duration::from_secs(1);
/// The accepted rate is never measured over less than this (the opening burst).
const MIN_SPAN: Duration = Duration::from_millis(250);
/// A storm is one cut: 429s within this long of a cut (or one round trip, if longer) are the
/// same storm.
const STORM: Duration = Duration::from_millis(250);
/// After a 429, send at this fraction of the rate the service was accepting...
const BACK_OFF: f64 = 0.9;
/// ...and, for each storm that follows another within `IN_A_ROW`, this fraction again (up to
/// four times): the last cut was not enough, as others are sharing the limit.
const DEEPER: f64 = 0.7;
const IN_A_ROW: Duration = Duration::from_millis(800);
/// In slow start, calls in flight grow by this much per answer: 1 doubles them each round trip.
/// Gentler starts overshoot a shared limit less but cost a lone run too much of its first
/// second (measured: 0.5 and 0.34 took a lone run from 0.94 of its limit to 0.84 and 0.79).
const SLOW_START_STEP: f64 = 1.0;
/// Growth per second between storms: this fraction of the pace...
const GROW_FRACTION: f64 = 0.05;
/// ...and this many calls per second more, the same for every run (fairness comes from it).
const GROW_CALLS: f64 = 1.0;
/// The fraction while probing: after a cut measured on less than a window, or after `QUIET`.
const PROBE_FRACTION: f64 = 0.5;
/// How much each pace interval varies, either way.
const JITTER: f64 = 0.3;
/// A run not refused for this long probes (grows fast) again: capacity may have been freed
/// (another run ended).
const QUIET: Duration = Duration::from_millis(1500);
/// Never slower than this: a run always makes progress, even after a storm in which the
/// service took nothing.
const MIN_PACE: f64 = 2.0;

impl Adaptive {
    pub fn new(initial: usize, max: usize, now: Instant) -> Self {
        let max = max.max(1);
        Self {
            limit: initial.clamp(1, max),
            growing: initial.clamp(1, max) as f64,
            max,
            pace: None,
            grown_at: now,
            next_slot: None,
            accepted: VecDeque::new(),
            started: now,
            paused_until: None,
            last_cut: None,
            round_trip: None,
            probing: false,
            in_a_row: 0,
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
        self.grow(now);
        if let Some(pace) = self.pace {
            let from = self.next_slot.map_or(now, |slot| slot.max(now));
            // Each interval a little longer or shorter at random: runs paced alike would
            // otherwise fall into step with each other and the service's refills, and the same
            // one would be refused every time.
            let jitter = rand::random_range(1.0 - JITTER..=1.0 + JITTER);
            self.next_slot = Some(from + Duration::from_secs_f64(jitter / pace));
        }
    }

    /// A call was answered (not refused) after `round_trip`.
    pub fn on_success(&mut self, now: Instant, round_trip: Duration) {
        self.accepted.push_back(now);
        while self.accepted.front().is_some_and(|t| now.duration_since(*t) > WINDOW) {
            self.accepted.pop_front();
        }
        self.round_trip = Some(match self.round_trip {
            Some(rtt) => rtt.mul_f64(0.875) + round_trip.mul_f64(0.125),
            None => round_trip,
        });
        match self.pace {
            // Slow start: one more in flight per answer.
            None => {
                self.growing = (self.growing + SLOW_START_STEP).min(self.max as f64);
                self.limit = self.growing as usize;
            }
            Some(_) => {
                self.grow(now);
                self.limit = self.in_flight_for_pace();
            }
        }
    }

    /// The service answered 429; `wait` is how long it asked for, if it did.
    pub fn on_throttled(&mut self, now: Instant, asked_wait: Option<Duration>) {
        self.throttled += 1;
        if let Some(wait) = asked_wait {
            let until = now + wait;
            self.paused_until = Some(self.paused_until.map_or(until, |p| p.max(until)));
        }
        let storm = self.round_trip.unwrap_or(STORM).max(STORM);
        if self.last_cut.is_some_and(|t| now.duration_since(t) < storm) {
            return;
        }
        let again = self.last_cut.is_some_and(|t| now.duration_since(t) < IN_A_ROW);
        self.in_a_row = if again { self.in_a_row + 1 } else { 0 };
        self.last_cut = Some(now);
        self.grow(now);
        let deeper = DEEPER.powi(self.in_a_row.min(4) as i32);
        let accepted = self.accepted_rate(now) * BACK_OFF * deeper;
        let pace = self.pace.map_or(accepted, |pace| pace.min(accepted));
        self.pace = Some(pace.max(MIN_PACE));
        self.probing = now.duration_since(self.started) < WINDOW;
        self.limit = self.in_flight_for_pace();
        tracing::debug!(limit = self.limit, pace = ?self.pace, "throttled: slowing down");
    }

    /// The pace as it has grown since it last did.
    fn grow(&mut self, now: Instant) {
        let dt = now.saturating_duration_since(self.grown_at).as_secs_f64();
        self.grown_at = now;
        let quiet = self.last_cut.is_some_and(|t| now.duration_since(t) >= QUIET);
        let fraction = if self.probing || quiet { PROBE_FRACTION } else { GROW_FRACTION };
        if let Some(pace) = &mut self.pace {
            *pace = *pace * (1.0 + fraction * dt) + GROW_CALLS * dt;
        }
    }

    /// Enough calls in flight to keep the pace over one round trip, and two spare for a slow
    /// answer.
    fn in_flight_for_pace(&self) -> usize {
        let (Some(pace), Some(rtt)) = (self.pace, self.round_trip) else { return self.limit };
        ((pace * rtt.as_secs_f64()).ceil() as usize + 2).clamp(1, self.max)
    }

    /// Answered calls per second over the last window (or since the start, if shorter).
    fn accepted_rate(&self, now: Instant) -> f64 {
        let span = now.duration_since(self.started).min(WINDOW).max(MIN_SPAN);
        let recent = self.accepted.iter().filter(|t| now.duration_since(**t) <= span).count();
        recent as f64 / span.as_secs_f64()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RTT: Duration = Duration::from_millis(150);

    #[test]
    fn slow_start_adds_one_call_in_flight_per_answer_up_to_the_cap() {
        let now = Instant::now();
        let mut a = Adaptive::new(2, 4, now);
        a.on_success(now, RTT);
        assert_eq!(a.limit(), 3);
        for _ in 0..20 {
            a.on_success(now, RTT);
        }
        assert_eq!(a.limit(), 4, "never above the cap");
        assert!(a.may_send(now, 3) && !a.may_send(now, 4));
        assert_eq!(a.pace(), None, "unpaced until a 429");
    }

    #[test]
    fn a_429_paces_just_under_the_rate_the_service_was_accepting() {
        let start = Instant::now();
        let mut a = Adaptive::new(8, 16, start);
        // 40 calls a second accepted for two seconds, then a 429.
        for i in 1..=80 {
            a.on_success(start + Duration::from_millis(25 * i), RTT);
        }
        let now = start + Duration::from_secs(2);
        a.on_throttled(now, None);
        let pace = a.pace().unwrap();
        assert!((34.0..=40.0).contains(&pace), "{pace}");
        // 36 calls a second over 150 ms is 6 in flight, and two spare.
        assert_eq!(a.limit(), 8);
        // Calls now go out one pace interval apart.
        assert!(a.may_send(now, 0));
        a.on_send(now);
        assert!(!a.may_send(now + Duration::from_millis(10), 0));
        assert!(a.may_send(now + Duration::from_millis(30), 0));
        // More 429s from the same storm change nothing but the count.
        a.on_throttled(now + Duration::from_millis(20), None);
        assert!((a.pace().unwrap() - pace).abs() < 0.5);
        assert_eq!(a.throttled, 2);
    }

    #[test]
    fn between_storms_every_run_gains_the_same_calls_per_second_so_shares_converge() {
        let start = Instant::now();
        let (mut small, mut large) = (Adaptive::new(1, 16, start), Adaptive::new(1, 16, start));
        small.pace = Some(2.0);
        large.pace = Some(8.0);
        let later = start + Duration::from_secs(2);
        small.grow(later);
        large.grow(later);
        let (s, l) = (small.pace().unwrap(), large.pace().unwrap());
        assert!(s - 2.0 >= 2.0 * GROW_CALLS, "the fixed part is every run's: {s}");
        assert!(l / s < 8.0 / 2.0, "the ratio shrinks: {l} / {s}");
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
        assert!(a.pace().unwrap() >= MIN_PACE, "never stopped altogether");
        assert!(a.limit() >= 1, "never below one call");
    }
}
