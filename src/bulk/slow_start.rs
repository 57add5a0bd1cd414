//! A bulk run's first second: how many calls it may have out before the service first says
//! 429, and the pace it goes to when it does. What follows is `adaptive.rs`.
//!
//! - **Rounds.** Each round of calls is twice the one before, from `initial`. A round is sent
//!   at once and the next waits until all of it is back, so a round with a refusal in it never
//!   grows the next (several runs starting together would otherwise each send a larger round
//!   on the strength of an answer that came back just before the 429 beside it). A call that
//!   failed otherwise ends its round too, but without growth.
//! - **The first 429.** A run that had many answers by then knows the rate the service was
//!   taking (the answers of the last two round trips, or its last round taken in full if that
//!   is more) and goes a little under it. A run refused after a handful of answers (several
//!   runs started together) knows nothing yet, and the few answers it had are luck: it goes to
//!   the same share of its opening rate as every other run that started like it, so runs
//!   starting together start out equal.
//! - **A second look.** A refusal is answered sooner than a call the service works on, so a
//!   lone run against a small burst can look like one of a crowd for a moment; when the rest
//!   of its last round comes back it goes by the measure after all.

use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// A run refused before this many answers has not measured the service's rate.
const MEASURED_AFTER: u64 = 10;
/// A run that has measured the rate goes to this fraction of it at the first 429 (or of the
/// last round the service took in full, if higher)...
const BACK_OFF: f64 = 0.9;
/// ...measured over this many round trips (the end of slow start, when it sent the most).
const MEASURED_OVER: f64 = 2.0;
/// A run that has not goes to this fraction of its opening rate (`initial` calls per round
/// trip), the same for every run started alike.
const OPENING_SHARE: f64 = 0.6;
/// The opening rate's round trip is taken to be at least this: on a fast network a handful of
/// answers come back in a burst the service's bucket absorbed, not at any rate.
const OPENING_ROUND_TRIP: Duration = Duration::from_millis(100);
/// How long answers are remembered for the measure (or `MEASURED_OVER` round trips, if
/// longer).
const WINDOW: Duration = Duration::from_secs(1);

#[derive(Debug)]
pub struct SlowStart {
    initial: usize,
    started: Instant,
    /// When the current round (the calls sent since the last round was all back) began, how
    /// many calls it sent, and how many of them have been answered.
    round_start: Option<Instant>,
    round_sent: usize,
    round_answered: usize,
    /// The calls of the last round that was all answered, none refused: a rate the service
    /// took in full.
    last_full_round: usize,
    answered: u64,
    /// When recent calls were answered, for the measure.
    accepted: VecDeque<Instant>,
    /// When slow start ended on the opening share, for as long as answers from before it may
    /// yet show that the run had measured the rate after all.
    opened: Option<Instant>,
}

impl SlowStart {
    pub fn new(initial: usize, now: Instant) -> Self {
        Self {
            initial,
            started: now,
            round_start: None,
            round_sent: 0,
            round_answered: 0,
            last_full_round: 0,
            answered: 0,
            accepted: VecDeque::new(),
            opened: None,
        }
    }

    /// Whether the current round, of `limit` calls, lets another go with `in_flight` out.
    pub fn round_open(&self, limit: usize, in_flight: usize) -> bool {
        self.round_start.is_none() || self.round_sent < limit || in_flight == 0
    }

    /// A call of a round of `limit` went out.
    pub fn on_send(&mut self, now: Instant, limit: usize) {
        if self.round_start.is_none() || self.round_sent >= limit {
            (self.round_start, self.round_sent, self.round_answered) = (Some(now), 0, 0);
        }
        self.round_sent += 1;
    }

    /// A call was answered, `rtt` being the smoothed round trip.
    pub fn on_success(&mut self, now: Instant, rtt: Duration) {
        self.answered += 1;
        self.accepted.push_back(now);
        let keep = WINDOW.max(rtt.mul_f64(MEASURED_OVER));
        while self.accepted.front().is_some_and(|t| now.duration_since(*t) > keep) {
            self.accepted.pop_front();
        }
    }

    /// In slow start, after `on_success`: the calls the next round may have, once this one
    /// is all answered, none refused. (A round starts only once the one before is all back,
    /// so every answer in slow start is the current round's.)
    pub fn round_answered(&mut self) -> Option<usize> {
        self.round_answered += 1;
        if self.round_start.is_none() || self.round_answered < self.round_sent {
            return None;
        }
        self.last_full_round = self.last_full_round.max(self.round_sent);
        self.round_start = None;
        // Twice as many: a lone run spends its first second here, so it has to be fast (in
        // the model, growing by half instead costs a lone run 0.01 of its limit to spare four
        // runs starting together two refusals in a hundred calls).
        Some(self.round_sent * 2)
    }

    /// The pace slow start ends at, on the first 429.
    pub fn first_pace(&mut self, now: Instant, rtt: Duration) -> f64 {
        if self.answered >= MEASURED_AFTER {
            return self.measured_pace(now, rtt);
        }
        self.opened = Some(now);
        self.initial as f64 / rtt.max(OPENING_ROUND_TRIP).as_secs_f64() * OPENING_SHARE
    }

    /// After an answer to a call sent `round_trip` before `now`, once paced: a measured pace,
    /// if the answers from before the opening share was taken now add up to one.
    pub fn second_look(
        &mut self,
        now: Instant,
        round_trip: Duration,
        rtt: Duration,
    ) -> Option<f64> {
        let opened = self.opened?;
        let sent_at = now.checked_sub(round_trip).unwrap_or(now);
        if sent_at >= opened {
            self.opened = None;
            return None;
        }
        if self.answered < MEASURED_AFTER {
            return None;
        }
        self.opened = None;
        Some(self.measured_pace(now, rtt))
    }

    #[cfg(test)]
    pub fn last_full_round(&self) -> usize {
        self.last_full_round
    }

    /// Just under the rate the service was taking at the end of slow start.
    fn measured_pace(&self, now: Instant, rtt: Duration) -> f64 {
        let span = rtt.mul_f64(MEASURED_OVER).min(now.duration_since(self.started));
        let span = span.max(Duration::from_millis(100));
        let recent = self.accepted.iter().filter(|t| now.duration_since(**t) <= span).count();
        // The refusal may come early in a round, before most of its answers: the last round
        // taken in full is a rate the service surely takes.
        let measured = recent as f64 / span.as_secs_f64();
        let taken = self.last_full_round as f64 / rtt.as_secs_f64();
        measured.max(taken) * BACK_OFF
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RTT: Duration = Duration::from_millis(150);

    #[test]
    fn a_round_doubles_once_all_of_it_is_answered() {
        let now = Instant::now();
        let mut s = SlowStart::new(2, now);
        s.on_send(now, 2);
        s.on_send(now, 2);
        assert!(!s.round_open(2, 2));
        s.on_success(now + RTT, RTT);
        assert_eq!(s.round_answered(), None);
        assert!(!s.round_open(2, 1), "the round waits for all its answers");
        s.on_success(now + RTT, RTT);
        assert_eq!(s.round_answered(), Some(4), "two answered, none refused: four next");
        assert!(s.round_open(4, 0));
    }

    #[test]
    fn a_round_with_a_call_that_failed_otherwise_ends_without_growing() {
        let now = Instant::now();
        let mut s = SlowStart::new(2, now);
        s.on_send(now, 2);
        s.on_send(now, 2);
        // One answered; the other failed (a 500, a dropped connection): nothing to report.
        s.on_success(now + RTT, RTT);
        assert_eq!(s.round_answered(), None, "no growth on a round not all answered");
        assert!(!s.round_open(2, 1), "one is still out");
        assert!(s.round_open(2, 0), "both are back: the run goes on");
    }

    #[test]
    fn runs_refused_in_their_first_round_trips_start_out_equal_however_lucky() {
        let start = Instant::now();
        let (mut lucky, mut unlucky) = (SlowStart::new(1, start), SlowStart::new(1, start));
        // One had three answers before its first 429, the other none.
        for i in 1..=3 {
            lucky.on_success(start + RTT.mul_f64(f64::from(i)), RTT);
        }
        let refused = start + RTT * 3;
        let (l, u) = (lucky.first_pace(refused, RTT), unlucky.first_pace(refused, RTT));
        assert!((l - u).abs() < 0.01, "{l} and {u}");
        // One call per 150 ms round trip is 6.7 calls a second; they start at 0.6 of it.
        assert!((l - 4.0).abs() < 0.01, "{l}");
    }

    #[test]
    fn a_run_refused_before_its_last_round_is_answered_goes_by_that_round_after_all() {
        // 25 ms away, a burst of ten: rounds of 1, 2 and 4 are answered, then one call of the
        // round of 8 is refused before any of the other seven come back.
        let rtt = Duration::from_millis(25);
        let start = Instant::now();
        let mut s = SlowStart::new(1, start);
        let mut t = start;
        for round in [1, 2, 4] {
            for _ in 0..round {
                s.on_send(t, round);
            }
            t += rtt;
            for _ in 0..round {
                s.on_success(t, rtt);
                s.round_answered();
            }
        }
        for _ in 0..8 {
            s.on_send(t, 8);
        }
        let opening = s.first_pace(t + rtt, rtt);
        assert!(opening < 10.0, "seven answers look like a crowd starting together: {opening}");
        let back = t + rtt + Duration::from_millis(4);
        let mut second = None;
        for _ in 0..7 {
            s.on_success(back, rtt);
            second = second.or(s.second_look(back, rtt + Duration::from_millis(4), rtt));
        }
        let pace = second.expect("a second look");
        assert!(pace > 100.0, "fourteen answers in two round trips are a measure: {pace}");
    }

    #[test]
    fn a_measured_run_goes_just_under_what_the_service_was_taking() {
        let start = Instant::now();
        let mut s = SlowStart::new(8, start);
        // 40 calls a second accepted for two seconds, then a 429.
        for i in 1..=80 {
            s.on_success(start + Duration::from_millis(25 * i), RTT);
        }
        let pace = s.first_pace(start + Duration::from_secs(2), RTT);
        assert!((34.0..=40.0).contains(&pace), "{pace}");
    }
}
