//! Sign-in activity in plain words: what each authentication-log event means for the person
//! on the phone (`explain`), and one line that sums up what happened lately (`summary`).
//! Pure functions of the entries and the clock: the console, the `activity` command and the
//! tests all read the same words.

pub mod explain;
pub mod summary;

pub use explain::{Explained, Kind, Outcome, explain, method_words};
pub use summary::{filtered_note, summarize};

use time::{OffsetDateTime, UtcOffset};

/// `09:14` on the same day as `now` (both at `offset`), `2 Mar 09:14` otherwise, and the year
/// too when it is not this year's.
pub fn short_time(t: OffsetDateTime, now: OffsetDateTime, offset: UtcOffset) -> String {
    let (t, now) = (t.to_offset(offset), now.to_offset(offset));
    let hm = format!("{:02}:{:02}", t.hour(), t.minute());
    if t.date() == now.date() {
        hm
    } else if t.year() == now.year() {
        format!("{} {} {hm}", t.day(), month(t.month()))
    } else {
        format!("{} {} {} {hm}", t.day(), month(t.month()), t.year())
    }
}

/// `2025-03-04 09:14:02 +01:00`: the full time at the operator's offset (for tables).
pub fn full_time(t: OffsetDateTime, offset: UtcOffset) -> String {
    let t = t.to_offset(offset);
    let (h, m, _) = offset.as_hms();
    format!(
        "{}-{:02}-{:02} {:02}:{:02}:{:02} {}{:02}:{:02}",
        t.year(),
        u8::from(t.month()),
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        if offset.is_negative() { '-' } else { '+' },
        h.unsigned_abs(),
        m.unsigned_abs()
    )
}

fn month(m: time::Month) -> &'static str {
    use time::Month::*;
    match m {
        January => "Jan",
        February => "Feb",
        March => "Mar",
        April => "Apr",
        May => "May",
        June => "Jun",
        July => "Jul",
        August => "Aug",
        September => "Sep",
        October => "Oct",
        November => "Nov",
        December => "Dec",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::{datetime, offset};

    #[test]
    fn times_are_told_at_the_operators_offset() {
        let now = datetime!(2025-03-04 12:00 UTC);
        let t = datetime!(2025-03-04 08:14:30 UTC);
        assert_eq!(short_time(t, now, offset!(+01:00)), "09:14");
        assert_eq!(short_time(datetime!(2025-03-02 08:14 UTC), now, offset!(UTC)), "2 Mar 08:14");
        assert_eq!(
            short_time(datetime!(2024-12-31 23:00 UTC), now, offset!(UTC)),
            "31 Dec 2024 23:00"
        );
        // Late in the evening UTC is tomorrow in Tokyo.
        assert_eq!(short_time(datetime!(2025-03-03 23:30 UTC), now, offset!(+09:00)), "08:30");
        assert_eq!(full_time(t, offset!(-05:30)), "2025-03-04 02:44:30 -05:30");
    }
}
