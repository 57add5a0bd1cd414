//! The time range the three log APIs take (authlogs, the user event log, the administration
//! event log): `startTimeAfter` (exclusive) and `endTimeOnOrBefore` (inclusive), in the
//! service's timestamp form. A bad time is a 400 that names it and the usual fix (a `+` not
//! sent as `%2B` arrives as a space); a start not before the end is a 400 too.

use std::collections::HashMap;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// A parameter's value, when given and not empty.
pub fn given<'a>(query: &'a HashMap<String, String>, name: &str) -> Option<&'a str> {
    query.get(name).map(String::as_str).filter(|v| !v.is_empty())
}

/// `startTimeAfter` and `endTimeOnOrBefore`, each when given.
pub fn time_range(
    query: &HashMap<String, String>,
) -> Result<(Option<OffsetDateTime>, Option<OffsetDateTime>), String> {
    let start = time(query, "startTimeAfter")?;
    let end = time(query, "endTimeOnOrBefore")?;
    if let (Some(start), Some(end)) = (start, end)
        && start >= end
    {
        return Err("startTimeAfter must be before endTimeOnOrBefore.".into());
    }
    Ok((start, end))
}

fn time(query: &HashMap<String, String>, name: &str) -> Result<Option<OffsetDateTime>, String> {
    let Some(text) = given(query, name) else { return Ok(None) };
    OffsetDateTime::parse(text, &Rfc3339).map(Some).map_err(|_| {
        format!(
            "Invalid {name} '{text}': expected yyyy-MM-dd'T'HH:mm:ss.SSSXXX such as \
             2025-03-04T09:14:00.000+01:00 (URL-encode '+' as %2B)"
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn query(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect()
    }

    #[test]
    fn times_are_read_a_bare_plus_is_named_and_the_range_must_run_forwards() {
        let (start, end) = time_range(&query(&[
            ("startTimeAfter", "2025-03-04T09:14:00.000+01:00"),
            ("endTimeOnOrBefore", ""),
        ]))
        .unwrap();
        assert_eq!(start.map(|t| t.unix_timestamp()), Some(1_741_076_040));
        assert_eq!(end, None, "empty is not given");
        let bare = time_range(&query(&[("startTimeAfter", "2025-03-04T09:14:00.000 01:00")]));
        assert!(bare.unwrap_err().contains("%2B"));
        let backwards = time_range(&query(&[
            ("startTimeAfter", "2025-03-04T10:00:00Z"),
            ("endTimeOnOrBefore", "2025-03-04T10:00:00Z"),
        ]));
        assert!(backwards.unwrap_err().contains("must be before"));
    }
}
