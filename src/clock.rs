//! Time as casdesk tells it: the one spelling of "now" that journals and the audit record write
//! (RFC 3339, UTC), and the injectable clock screens draw countdowns by. Apart from the worker,
//! the audit record and the console, so none of them reaches into another for it.

use time::{OffsetDateTime, UtcOffset};

pub fn now_rfc3339() -> String {
    OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

/// What time it is, injectable so screens with countdowns snapshot the same way every run.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    pub now: OffsetDateTime,
    pub local_offset: UtcOffset,
}

impl Clock {
    pub fn system(local_offset: UtcOffset) -> Self {
        Self { now: OffsetDateTime::now_utc(), local_offset }
    }
}
