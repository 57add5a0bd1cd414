//! What a sync changed: the user's details before it and as the identity source gave them, in
//! words ("name George Miller → George Miller-Hayes"), so the helpdesk sees that HR's change
//! has arrived rather than hunting for it.

use crate::api::UserDetails;
use crate::text::sanitize_excerpt;

/// Each field people recognise that differs, as "field old → new".
pub fn changes(before: &UserDetails, after: &UserDetails) -> Vec<String> {
    let status = |d: &UserDetails| d.user_status.as_ref().map(|s| s.as_str().to_string());
    let fields: [(&str, Option<String>, Option<String>); 5] = [
        ("name", before.display_name(), after.display_name()),
        ("e-mail", before.email_address.clone(), after.email_address.clone()),
        ("username", before.principal_username.clone(), after.principal_username.clone()),
        ("identity source", before.identity_source.clone(), after.identity_source.clone()),
        ("status", status(before), status(after)),
    ];
    // Compared as drawn: a difference nobody could see on screen is not reported.
    let shown = |v: Option<String>| v.map(|v| sanitize_excerpt(&v, 60));
    fields
        .into_iter()
        .map(|(field, old, new)| (field, shown(old), shown(new)))
        .filter(|(_, old, new)| new.is_some() && old != new)
        .map(|(field, old, new)| {
            format!("{field} {} → {}", old.as_deref().unwrap_or("(none)"), new.unwrap_or_default())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(last: &str, source: &str) -> UserDetails {
        serde_json::from_value(serde_json::json!({
            "firstName": "George", "lastName": last, "emailAddress": "george@example.com",
            "identitySource": source, "userStatus": "Enabled"
        }))
        .unwrap()
    }

    #[test]
    fn only_what_differs_is_named() {
        let before = user("Miller", "Corporate AD");
        assert!(changes(&before, &before).is_empty());
        let after = user("Miller-Hayes", "Corporate AD");
        assert_eq!(changes(&before, &after), ["name George Miller → George Miller-Hayes"]);
        // Escape sequences are not drawn, so they are not a change either.
        let moved = user("Miller\u{1b}[2J", "HR Cloud");
        assert_eq!(changes(&before, &moved), ["identity source Corporate AD → HR Cloud"]);
    }

    #[test]
    fn a_field_the_answer_leaves_out_is_not_a_change() {
        let before = user("Miller", "Corporate AD");
        let mut after = before.clone();
        after.identity_source = None;
        assert!(changes(&before, &after).is_empty());
    }
}
