//! Approve and Fingerprint locks, which nothing casdesk can call undoes: RSA's Unlock API
//! (`PATCH v1/users/{id}/methods`) names only TOKEN, SMS and VOICE. They are shown like the
//! others, marked, and `u` on a user with only these says why and what to do instead, rather
//! than doing nothing. RSA's "Authentication Method Lockout" page says Approve and Device
//! Biometrics lock, each on its own, after the tenant's configured number of retries; the pages
//! checked give no unlock for them and no time after which they unlock, so none is claimed.

use super::{LookupScreen, State};
use crate::api::UserDetails;
use crate::app::View;
use crate::status::Status;
use crate::ui::widgets::hanging;
use ratatui::text::{Line, Span};

/// The locked methods of `details` that the Unlock API cannot name.
pub(super) fn without_unlock(details: &UserDetails) -> Vec<&'static str> {
    crate::actions::locked_without_unlock(details)
}

/// "Approve", "Approve and Fingerprint".
fn names(methods: &[&str]) -> String {
    methods.join(" and ")
}

/// The short note under the user's methods: which locks have no unlock.
pub(super) fn note(details: &UserDetails, view: &View) -> Option<Line<'static>> {
    let methods = without_unlock(details);
    (!methods.is_empty()).then(|| {
        Line::styled(format!(" {}: no unlock in RSA's API", names(&methods)), view.theme.muted())
    })
}

/// Why casdesk cannot unlock them, and what to do instead (under a heading naming them).
pub(super) fn explanation(methods: &[&str]) -> String {
    let them = if methods.len() > 1 { "them" } else { "it" };
    format!(
        "RSA's Unlock API takes only Tokencode, SMS and Voice; RSA documents no lock-out period \
         for {them}. Meanwhile: another method, or an emergency access code (5)."
    )
}

impl LookupScreen {
    /// The explanation `u` asked for, while the user it is about is on screen: a heading, then
    /// the words at the pane's full width (it must fit at 80×24).
    pub(super) fn lock_lines(&self, view: &View, width: u16) -> Vec<Line<'static>> {
        let State::Found { details, .. } = &self.state else { return Vec::new() };
        let methods = without_unlock(details);
        if !self.explaining_locks || methods.is_empty() {
            return Vec::new();
        }
        // No blank line before: every line counts at 80×24.
        let mut lines = vec![Line::from(vec![
            Span::raw(" "),
            Status::Warning.span(view.theme),
            Span::raw(format!("  {}: no unlock", methods.join(", "))),
        ])];
        lines.extend(hanging(vec![Span::raw(" ")], &explanation(&methods), width));
        lines
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_explanation_names_the_methods_and_what_to_do_instead() {
        let one = explanation(&["Approve"]);
        assert!(one.starts_with("RSA's Unlock API takes only Tokencode, SMS and Voice"), "{one}");
        assert!(one.contains("no lock-out period for it."), "{one}");
        let two = explanation(&["Approve", "Fingerprint"]);
        assert!(two.contains("no lock-out period for them."), "{two}");
        assert!(two.contains("emergency access code (5)"), "{two}");
        assert_eq!(names(&["Approve", "Fingerprint"]), "Approve and Fingerprint");
    }
}
