//! The Emergency screen's words: what Enter would send, and what a failure means.

use super::EmergencyScreen;
use crate::duration_text::TimeUnit;
use crate::messages::Failure;

impl EmergencyScreen {
    /// The line under the form: what Enter would ask for as the fields read now, or why it
    /// cannot.
    pub(super) fn preview(&self) -> Result<String, String> {
        let options = self.options()?;
        let validity = match options.expiry() {
            Some((value, unit)) => format!("valid {value} {}", unit.word(value != 1)),
            None => "valid as long as the tenant sets".into(),
        };
        let once = match self.one_time {
            None => "single use or not as the tenant sets",
            Some(true) => "single use",
            Some(false) => "usable more than once",
        };
        Ok(format!(
            "Enter enables a code {validity}, {once}. (1 minute to 7 days; settings your \
             company locked win.)"
        ))
    }
}

/// What a failure means here, in plain words, when the status says more than the message.
pub(super) fn explain(enabling: bool, failure: &Failure) -> Option<&'static str> {
    let message = failure.message.to_ascii_lowercase();
    Some(match failure.status {
        Some(400) if message.contains("disabled") => {
            "The user is disabled: enable the user first, then the emergency tokencode."
        }
        Some(404) if !enabling && message.contains("emergency") => {
            "That code is no longer the user's current one (replaced or already disabled)."
        }
        Some(404) => "The service no longer knows this user; look them up again on screen 1.",
        Some(403) => "The service refused: the API key may lack the Help Desk Administrator role.",
        _ => return None,
    })
}
