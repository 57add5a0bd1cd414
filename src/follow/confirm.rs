//! Confirming a fix (issue 21 item 5): after a fix at `F`, the user's next successful sign-in
//! after `F` (by the service's clock) says the fix worked: "confirmed working at 10:07". Any
//! method counts here: the question is whether the user can sign in again, not who is calling.
//! An administrator's event never counts, and the earliest success after `F` is the one kept,
//! whatever order events arrive in.

use super::event::Followed;
use time::OffsetDateTime;

#[derive(Clone, Debug)]
pub struct Confirm {
    fixed_at: OffsetDateTime,
    confirmed: Option<Confirmed>,
}

/// The sign-in that showed the fix works.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Confirmed {
    pub at: OffsetDateTime,
    /// As a person says it: "tokencode", "Approve push on \"iPhone 15\"".
    pub how: String,
}

impl Confirm {
    pub fn new(fixed_at: OffsetDateTime) -> Self {
        Self { fixed_at, confirmed: None }
    }

    /// Takes one event; `Some` when it is the first success after the fix seen so far (or an
    /// earlier one than that, which an event written late can be).
    pub fn observe(&mut self, e: &Followed) -> Option<Confirmed> {
        let at = e.at.filter(|at| *at > self.fixed_at && e.is_sign_in())?;
        let how = e.how();
        // The earliest wins; two at the same second, the same one whatever their order.
        if self.confirmed.as_ref().is_some_and(|c| (c.at, &c.how) <= (at, &how)) {
            return None;
        }
        let confirmed = Confirmed { at, how };
        self.confirmed = Some(confirmed.clone());
        Some(confirmed)
    }

    pub fn confirmed(&self) -> Option<&Confirmed> {
        self.confirmed.as_ref()
    }
}

#[cfg(test)]
mod tests {
    use super::super::event::sample::entry;
    use super::*;
    use time::macros::datetime;

    fn event(id: &str, at: &str, code: &str) -> Followed {
        Followed::new(entry(id, at, code, "TOKEN"))
    }

    #[test]
    fn the_next_success_after_the_fix_confirms_it() {
        let mut c = Confirm::new(datetime!(2025-03-04 10:05 UTC));
        assert_eq!(c.observe(&event("a", "2025-03-04T10:04:00Z", "AUTHN_SUCCESS")), None, "before");
        assert_eq!(c.observe(&event("u", "2025-03-04T10:05:01Z", "ADMIN_METHOD_UNLOCKED")), None);
        assert_eq!(
            c.observe(&event("f", "2025-03-04T10:06:00Z", "AUTHN_FAILED_METHOD_LOCKED")),
            None
        );
        let ok = c.observe(&event("b", "2025-03-04T10:07:00Z", "AUTHN_SUCCESS")).unwrap();
        assert_eq!((ok.at, ok.how.as_str()), (datetime!(2025-03-04 10:07 UTC), "tokencode"));
        assert_eq!(c.observe(&event("c", "2025-03-04T10:08:00Z", "AUTHN_SUCCESS")), None);
        let earlier = c.observe(&event("d", "2025-03-04T10:06:30Z", "AUTHN_SUCCESS"));
        assert_eq!(earlier.map(|e| e.at), Some(datetime!(2025-03-04 10:06:30 UTC)));
        assert_eq!(c.confirmed().unwrap().at, datetime!(2025-03-04 10:06:30 UTC));
    }
}
