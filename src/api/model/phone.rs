//! Update SMS / Voice phone numbers (`PATCH v1/users/{id}`): the body names `smsNumber`,
//! `voiceNumber` or both; an empty string clears a number. The page asks for a country code,
//! recommends E.123 international notation (`+1 555 555 5555`) and supports no extensions.
//!
//! What [`check_phone_number`] takes, decided here because the page gives only those words:
//! - a leading `+` and the country code (its first digit is never 0); `0044…` and national
//!   numbers are refused, as the service could not know the country;
//! - digits in groups separated by spaces or hyphens (hyphens and runs of spaces become one
//!   space, the E.123 separator); no brackets (the `(0)` trunk prefix is not dialled from
//!   abroad), dots, letters or control characters;
//! - no extension (`ext`, `x123`, `;ext=`, `#`, or a `,` pause);
//! - 7 to 15 digits with the country code: 15 is the E.164 maximum, and 7 is the shortest in
//!   use (Niue, +683 and four digits);
//! - when the number is grouped, the first group is the country code, so at most 3 digits.
//!
//! The errors name the rule, never the number: they may end up in logs and the audit record.

use super::lenient::opt_string;
use crate::api::error::ApiError;
use serde::{Deserialize, Serialize};

/// Fewest digits, country code included, of a number in use (Niue: +683 and four digits).
pub const MIN_PHONE_DIGITS: usize = 7;
/// Most digits, country code included (E.164).
pub const MAX_PHONE_DIGITS: usize = 15;

/// The example the errors give: a number from Ofcom's range reserved for drama.
const EXAMPLE: &str = "+44 20 7946 0958";

/// What to change. `None` leaves a number as it is; `Some("")` clears it; anything else is
/// the new number, checked by [`PhoneChange::checked`] before it is sent.
#[derive(Clone, Default, PartialEq, Eq, Serialize)]
pub struct PhoneChange {
    #[serde(rename = "smsNumber", skip_serializing_if = "Option::is_none")]
    pub sms: Option<String>,
    #[serde(rename = "voiceNumber", skip_serializing_if = "Option::is_none")]
    pub voice: Option<String>,
}

/// What is asked, never the numbers: a change can reach a log or an error through `{:?}`.
impl std::fmt::Debug for PhoneChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhoneChange")
            .field("sms", &self.sms_edit())
            .field("voice", &self.voice_edit())
            .finish()
    }
}

/// What is done to one number, for people and the audit record (which never holds the digits).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PhoneEdit {
    Unchanged,
    Set,
    Cleared,
}

impl PhoneEdit {
    fn of(value: &Option<String>) -> Self {
        match value.as_deref().map(str::trim) {
            None => Self::Unchanged,
            Some("") => Self::Cleared,
            Some(_) => Self::Set,
        }
    }
}

impl PhoneChange {
    /// Sets or clears the SMS number only (`""` or spaces clear it).
    pub fn sms(number: impl Into<String>) -> Self {
        Self { sms: Some(number.into()), voice: None }
    }

    /// Sets or clears the voice number only.
    pub fn voice(number: impl Into<String>) -> Self {
        Self { sms: None, voice: Some(number.into()) }
    }

    /// The change as it is sent: each number checked and written in E.123 form, a clear as
    /// `""`. At least one of the two must be named. The error says which number broke which
    /// rule.
    pub fn checked(&self) -> Result<PhoneChange, ApiError> {
        if self.sms.is_none() && self.voice.is_none() {
            return Err(ApiError::InvalidRequest(
                "name an SMS number or a voice number to set or clear".into(),
            ));
        }
        let one = |value: &Option<String>, what: &str| -> Result<Option<String>, ApiError> {
            match value.as_deref().map(str::trim) {
                None => Ok(None),
                Some("") => Ok(Some(String::new())),
                Some(number) => check_phone_number(number)
                    .map(Some)
                    .map_err(|e| ApiError::InvalidRequest(format!("the {what} number {e}"))),
            }
        };
        Ok(PhoneChange { sms: one(&self.sms, "SMS")?, voice: one(&self.voice, "voice")? })
    }

    pub fn sms_edit(&self) -> PhoneEdit {
        PhoneEdit::of(&self.sms)
    }

    pub fn voice_edit(&self) -> PhoneEdit {
        PhoneEdit::of(&self.voice)
    }

    /// "SMS changed, voice cleared": what was asked, without the numbers.
    pub fn describe(&self) -> String {
        let mut parts = Vec::new();
        for (what, edit) in [("SMS", self.sms_edit()), ("voice", self.voice_edit())] {
            match edit {
                PhoneEdit::Unchanged => {}
                PhoneEdit::Set => parts.push(format!("{what} changed")),
                PhoneEdit::Cleared => parts.push(format!("{what} cleared")),
            }
        }
        if parts.is_empty() { "nothing changed".into() } else { parts.join(", ") }
    }
}

/// A number fit to send, in E.123 international form (`+44 20 7946 0958`): see the module
/// notes for the rules. The error completes "the SMS number …" and names the broken rule.
pub fn check_phone_number(number: &str) -> Result<String, String> {
    let trimmed = number.trim();
    if trimmed.is_empty() {
        return Err("is empty (to remove a number, clear it)".into());
    }
    if trimmed.chars().any(char::is_control) {
        return Err("cannot contain control characters".into());
    }
    let lower = trimmed.to_lowercase();
    if lower.contains("ext") || lower.contains(['x', '#', ';', ',']) {
        return Err("cannot have an extension: the service does not support them".into());
    }
    if trimmed.contains(['(', ')']) {
        return Err(format!(
            "cannot contain brackets: write it in international form without the (0), \
             e.g. {EXAMPLE}"
        ));
    }
    let Some(rest) = trimmed.strip_prefix('+') else {
        if trimmed.starts_with("00") {
            return Err(format!("needs + instead of the 00 international prefix, e.g. {EXAMPLE}"));
        }
        return Err(format!("needs a country code after a +, e.g. {EXAMPLE}"));
    };
    if let Some(bad) = rest.chars().find(|c| !(c.is_ascii_digit() || *c == ' ' || *c == '-')) {
        let what = if bad.is_alphabetic() { "letters" } else { "that character" };
        return Err(format!(
            "can only have digits after the +, separated by spaces, not {what}, e.g. {EXAMPLE}"
        ));
    }
    let groups: Vec<&str> = rest.split([' ', '-']).filter(|g| !g.is_empty()).collect();
    let Some(country) = groups.first() else {
        return Err(format!("needs a country code after a +, e.g. {EXAMPLE}"));
    };
    if country.starts_with('0') {
        return Err(format!(
            "needs a country code after the +; none starts with 0, e.g. {EXAMPLE}"
        ));
    }
    if groups.len() > 1 && country.len() > 3 {
        return Err(format!(
            "starts with a group of {} digits, but a country code has 1 to 3: put a space \
             after it, e.g. {EXAMPLE}",
            country.len()
        ));
    }
    let digits: usize = groups.iter().map(|g| g.len()).sum();
    if digits < MIN_PHONE_DIGITS {
        return Err(format!(
            "is too short: {digits} digits with the country code, at least {MIN_PHONE_DIGITS} \
             are needed, e.g. {EXAMPLE}"
        ));
    }
    if digits > MAX_PHONE_DIGITS {
        return Err(format!(
            "is too long: {digits} digits with the country code, at most {MAX_PHONE_DIGITS} \
             (E.164)"
        ));
    }
    Ok(format!("+{}", groups.join(" ")))
}

/// Each run of a `+` and digits, spaces or hyphens holding at least [`MIN_PHONE_DIGITS`]
/// digits, or of that many digits, replaced by `[number]`: for error texts that go to logs and
/// the audit record, in case the service quotes a number back.
pub fn redact_phone_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        let starts = chars[i] == '+' || chars[i].is_ascii_digit();
        if starts {
            let mut end = i + 1;
            while end < chars.len() && (chars[end].is_ascii_digit() || " -.()".contains(chars[end]))
            {
                end += 1;
            }
            // Separators at the end belong to the text around the number.
            while end > i + 1 && !chars[end - 1].is_ascii_digit() {
                end -= 1;
            }
            let digits = chars[i..end].iter().filter(|c| c.is_ascii_digit()).count();
            // Part of an identifier (a UUID's groups, a timestamp) is not a number.
            let word = |c: Option<&char>| c.is_some_and(|c| c.is_alphanumeric() || *c == '_');
            let before = i.checked_sub(1).map(|b| &chars[b]);
            let glued = word(before)
                || before == Some(&'-')
                || word(chars.get(end))
                || (chars.get(end) == Some(&'-') && word(chars.get(end + 1)));
            if digits >= MIN_PHONE_DIGITS && !glued {
                out.push_str("[number]");
                i = end;
                continue;
            }
        }
        out.push(chars[i]);
        i += 1;
    }
    out
}

/// What Update SMS / Voice answers. The page shows no answer; this reads the User Details
/// fields it most plausibly carries (`id`, `smsNumber`, `voiceNumber`), each `None` when left
/// out. An empty answer reads as all `None`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhoneAnswer {
    #[serde(default, deserialize_with = "opt_string")]
    pub id: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub email_address: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub sms_number: Option<String>,
    #[serde(default, deserialize_with = "opt_string")]
    pub voice_number: Option<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_the_documented_one_and_leaves_out_what_is_unchanged() {
        let both = PhoneChange { sms: Some("+1 555 555 5555".into()), voice: Some(String::new()) };
        assert_eq!(
            serde_json::to_string(&both.checked().unwrap()).unwrap(),
            r#"{"smsNumber":"+1 555 555 5555","voiceNumber":""}"#
        );
        let voice = PhoneChange::voice("+44 20 7946 0958").checked().unwrap();
        assert_eq!(serde_json::to_string(&voice).unwrap(), r#"{"voiceNumber":"+44 20 7946 0958"}"#);
        let clear = PhoneChange::sms("   ").checked().unwrap();
        assert_eq!(serde_json::to_string(&clear).unwrap(), r#"{"smsNumber":""}"#);
        let none = PhoneChange::default().checked().unwrap_err().to_string();
        assert!(none.contains("SMS number or a voice number"), "{none}");
    }

    #[test]
    fn numbers_are_normalised_to_e123() {
        for (given, sent) in [
            ("+1 555 555 5555", "+1 555 555 5555"),
            ("  +1   555 555  5555 ", "+1 555 555 5555"),
            ("+15555555555", "+15555555555"),
            ("+49-30-901820", "+49 30 901820"),
            ("+ 44 20 7946 0958", "+44 20 7946 0958"),
            ("+683 4002", "+683 4002"),
            ("+1 234 567 890 12345", "+1 234 567 890 12345"),
        ] {
            assert_eq!(check_phone_number(given).as_deref(), Ok(sent), "{given:?}");
        }
    }

    #[test]
    fn each_rule_has_its_own_words() {
        for (given, words) in [
            ("555 555 5555", "needs a country code after a +, e.g. +44 20 7946 0958"),
            ("0044 20 7946 0958", "needs + instead of the 00"),
            ("+0 20 7946 0958", "none starts with 0"),
            ("+1 555 555 5555 ext 12", "cannot have an extension"),
            ("+1 555 555 5555 x12", "cannot have an extension"),
            ("+1 555 555 5555;ext=12", "cannot have an extension"),
            ("+1 555 555 5555#12", "cannot have an extension"),
            ("+1 555 555 5555,12", "cannot have an extension"),
            ("+44 (0)20 7946 0958", "cannot contain brackets"),
            ("+1 555 CALL NOW", "not letters"),
            ("+1.555.555.5555", "not that character"),
            ("+1 555 +555 5555", "not that character"),
            ("+1 555\n555 5555", "control characters"),
            ("+4420 7946 0958", "a group of 4 digits"),
            ("+1 555 01", "too short: 6 digits"),
            ("+1 234 567 890 123456", "too long: 16 digits"),
            ("+", "needs a country code"),
            (" ", "is empty"),
        ] {
            let error = check_phone_number(given).unwrap_err();
            assert!(error.contains(words), "{given:?}: {error}");
            assert!(!error.contains("555"), "the error never repeats the number: {error}");
        }
        let named = PhoneChange::voice("5555555").checked().unwrap_err().to_string();
        assert!(named.starts_with("the voice number needs a country code"), "{named}");
    }

    #[test]
    fn the_description_says_what_changed_without_the_numbers() {
        let change = PhoneChange { sms: Some("+1 555 555 5555".into()), voice: Some("".into()) };
        assert_eq!(change.describe(), "SMS changed, voice cleared");
        assert_eq!(PhoneChange::voice("+1 555 555 5555").describe(), "voice changed");
        assert_eq!(change.sms_edit(), PhoneEdit::Set);
        assert_eq!(PhoneChange::default().voice_edit(), PhoneEdit::Unchanged);
    }

    #[test]
    fn numbers_in_text_are_redacted_and_the_rest_kept() {
        assert_eq!(
            redact_phone_numbers("HTTP 400 Bad Request: Invalid phone number +1 555 555 5555."),
            "HTTP 400 Bad Request: Invalid phone number [number]."
        );
        assert_eq!(redact_phone_numbers("number 15555555555 (x)"), "number [number] (x)");
        assert_eq!(redact_phone_numbers("+44 (0)20 7946-0958"), "[number]");
        for kept in [
            "HTTP 404: User 1234 not found",
            "User 54082ac6-4713-6368-2251-df813c41159f not found",
            "at 2024-11-28T04:12:06.000Z",
        ] {
            assert_eq!(redact_phone_numbers(kept), kept);
        }
    }

    #[test]
    fn answers_are_read_leniently() {
        let a: PhoneAnswer = serde_json::from_str(
            r#"{"id":"u1","smsNumber":"+1 555 555 5555","voiceNumber":null,"other":[1]}"#,
        )
        .unwrap();
        assert_eq!(a.id.as_deref(), Some("u1"));
        assert_eq!(a.sms_number.as_deref(), Some("+1 555 555 5555"));
        assert_eq!(a.voice_number, None);
        let a: PhoneAnswer = serde_json::from_str("{}").unwrap();
        assert_eq!(a, PhoneAnswer::default());
    }
}
