//! Users marked for deletion leave the tenant 7 days after the mark ("Marked users are removed
//! after 7 days", Mark User Deleted). The simulator removes them when the tenant is next read
//! (`Tenant::catch_up`), as the service's nightly job would have by then: a lookup answers 404 and
//! a search no longer finds them. Their past events stay in the logs, as a deleted user's
//! history does at the service.

use crate::sim::tenant::Tenant;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// How long a mark stands before the user is deleted.
pub const DELETION_AFTER: time::Duration = time::Duration::days(7);

impl Tenant {
    /// Catches the tenant up with its clock before it is read: sign-ins demo users make by
    /// themselves, and deletions whose 7 days are over.
    pub fn catch_up(&mut self) {
        self.settle_sign_ins();
        self.purge_marked_users();
    }

    /// Removes every user whose mark for deletion is 7 days old or more.
    fn purge_marked_users(&mut self) {
        let now = self.now();
        self.users.retain(|u| match &u.mark_deleted {
            Some(mark) => !deletion_due(&mark.at, now),
            None => true,
        });
    }
}

/// Whether a mark made at `at` (the service's timestamp form) has run its 7 days by `now`. A
/// mark whose time cannot be read is kept: deleting on a guess is the worse mistake.
fn deletion_due(at: &str, now: OffsetDateTime) -> bool {
    OffsetDateTime::parse(at, &Rfc3339).is_ok_and(|marked| marked + DELETION_AFTER <= now)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::tenant_file::{DEMO_TENANT_JSON, load};

    #[test]
    fn a_mark_runs_seven_days_to_the_second() {
        let at = "2026-12-01T10:00:00.000Z";
        let marked = OffsetDateTime::parse(at, &Rfc3339).unwrap();
        assert!(!deletion_due(at, marked + DELETION_AFTER - time::Duration::seconds(1)));
        assert!(deletion_due(at, marked + DELETION_AFTER));
        assert!(!deletion_due("not a time", marked + time::Duration::days(365)));
    }

    #[test]
    fn the_demos_leavers_are_pending_at_start_and_gone_after_their_seven_days() {
        let mut t = load(DEMO_TENANT_JSON, OffsetDateTime::now_utc()).unwrap();
        let pending: Vec<String> =
            t.users.iter().filter(|u| u.mark_deleted.is_some()).map(|u| u.email.clone()).collect();
        assert!(pending.len() >= 2, "the demo ships pending deletions: {pending:?}");
        let before = t.users.len();
        t.catch_up();
        assert_eq!(t.users.len(), before, "nobody is due at start");
        t.advance_clock(std::time::Duration::from_secs(7 * 24 * 3600));
        t.catch_up();
        assert_eq!(t.users.len(), before - pending.len());
        assert!(pending.iter().all(|e| t.by_email(e).is_none()));
    }
}
