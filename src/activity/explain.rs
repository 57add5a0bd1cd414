//! One event in plain words. Known event codes are read first; failing that, the service's
//! own description is searched for the words CAS uses ("locked", "invalid tokencode",
//! "registered device", "policy", "disabled"); failing that, the event level decides only
//! whether it went well. The service's text is always shown beside these words, never
//! replaced by them.

use crate::api::AuthLogEntry;

/// What kind of event it is, as far as a helpdesk cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Kind {
    SignedIn,
    WrongTokencode,
    /// A wrong one-time code by SMS or voice (or another method's code).
    WrongCode,
    /// The method locked (after too many failures).
    Locked,
    /// A sign-in refused because the method was already locked.
    RefusedLocked,
    NoDevice,
    Policy,
    UserDisabled,
    ApproveDenied,
    OtherFailure,
    /// Something an administrator did (unlock, enable, sync, a code).
    Admin,
    Unlocked,
    Other,
}

/// How the event went, for the status word and colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    Success,
    Failure,
    Locked,
    Change,
    Other,
}

impl Outcome {
    /// Symbol and word: never colour alone.
    pub fn label(self) -> &'static str {
        match self {
            Self::Success => "✓ OK",
            Self::Failure => "✗ FAILED",
            Self::Locked => "✗ LOCKED",
            Self::Change => "• ADMIN",
            Self::Other => "· EVENT",
        }
    }

    /// The word alone, for scripts.
    pub fn word(self) -> &'static str {
        match self {
            Self::Success => "OK",
            Self::Failure => "FAILED",
            Self::Locked => "LOCKED",
            Self::Change => "ADMIN",
            Self::Other => "EVENT",
        }
    }
}

impl Kind {
    pub fn outcome(self) -> Outcome {
        match self {
            Self::SignedIn => Outcome::Success,
            Self::Locked => Outcome::Locked,
            Self::Admin | Self::Unlocked => Outcome::Change,
            Self::Other => Outcome::Other,
            _ => Outcome::Failure,
        }
    }

    pub fn is_failure(self) -> bool {
        matches!(self.outcome(), Outcome::Failure | Outcome::Locked)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Explained {
    pub kind: Kind,
    /// For the person on the phone: what happened and, for a failure, what to do.
    pub plain: String,
    /// Where in the console to fix it ("u on Lookup"); not for a script's output.
    pub console_hint: Option<&'static str>,
}

impl Explained {
    pub fn outcome(&self) -> Outcome {
        self.kind.outcome()
    }

    /// The plain words with the console's hint, as the Activity screen shows them.
    pub fn on_screen(&self) -> String {
        match self.console_hint {
            Some(hint) => format!("{} ({hint})", self.plain),
            None => self.plain.clone(),
        }
    }
}

/// The method as a person says it: `TOKEN` is "tokencode", `APPROVE` "Approve (push)".
pub fn method_words(method: &str) -> String {
    match method.trim().to_ascii_uppercase().as_str() {
        "TOKEN" | "TOKENCODE" | "SECURID_TOKEN" => "tokencode".into(),
        "APPROVE" | "PUSH" => "Approve push".into(),
        "SMS" => "SMS code".into(),
        "VOICE" => "voice-call code".into(),
        "FIDO" | "FIDO2" => "security key (FIDO)".into(),
        "FINGERPRINT" | "BIOMETRICS" | "EYES" => "device biometrics".into(),
        "EMERGENCY_TOKENCODE" | "EMERGENCY" => "emergency tokencode".into(),
        "PASSWORD" | "LDAP_PASSWORD" => "password".into(),
        "" => "an unnamed method".into(),
        other => crate::text::sanitize_excerpt(other, 30),
    }
}

/// What `entry` means.
pub fn explain(entry: &AuthLogEntry) -> Explained {
    let kind = classify(entry);
    let method = entry.method.as_deref().map(method_words);
    let with = |prefix: &str| match &method {
        Some(m) => format!("{prefix} {m}"),
        None => prefix.to_string(),
    };
    let method_or = |fallback: &str| method.clone().unwrap_or_else(|| fallback.to_string());
    let plain = match kind {
        Kind::SignedIn => with("Signed in with"),
        Kind::WrongTokencode => "Wrong tokencode (PIN + token code, or the app's code)".into(),
        Kind::WrongCode => format!("Wrong {} entered", method_or("one-time code")),
        Kind::Locked => {
            format!("{} locked: too many failures", capitalise(&method_or("the method")))
        }
        Kind::RefusedLocked => format!("Refused: {} is locked", method_or("the method")),
        Kind::NoDevice => format!("No registered device for {}", method_or("this method")),
        Kind::Policy => match entry.policy_name.as_deref().map(str::trim).filter(|p| !p.is_empty())
        {
            Some(policy) => format!(
                "Refused by policy \"{}\" (not a credential problem)",
                crate::text::sanitize_excerpt(policy, 50)
            ),
            None => "Refused by an access policy (not a credential problem)".into(),
        },
        Kind::UserDisabled => "The user is disabled".into(),
        Kind::ApproveDenied => "The Approve request was denied on the phone".into(),
        Kind::OtherFailure => with("Sign-in failed using"),
        Kind::Unlocked => format!("An administrator unlocked {}", method_or("a method")),
        Kind::Admin => admin_words(entry),
        Kind::Other => "Recorded by the service".into(),
    };
    let console_hint = match kind {
        Kind::Locked => Some("u on Lookup"),
        Kind::RefusedLocked => Some("unlock on Lookup, u"),
        Kind::NoDevice => Some("see screen 4"),
        Kind::UserDisabled => Some("enable them on Lookup, d"),
        _ => None,
    };
    Explained { kind, plain, console_hint }
}

/// What an administrator did, by the simulator's codes or the service's words.
fn admin_words(entry: &AuthLogEntry) -> String {
    let code = entry.event_code.as_deref().unwrap_or("").trim().to_ascii_uppercase();
    let text = entry.event_description.as_deref().unwrap_or("").to_ascii_lowercase();
    let is = |c: &str, words: &str| code == c || (!words.is_empty() && text.contains(words));
    if is("ADMIN_USER_ENABLED", "enabled the user") {
        "An administrator enabled the user".into()
    } else if is("ADMIN_USER_DISABLED", "disabled the user") {
        "An administrator disabled the user: no sign-in until enabled".into()
    } else if is("ADMIN_USER_SYNCHRONIZED", "synchronized") {
        "Synchronised from the identity source".into()
    } else if is("ADMIN_USER_MARKED_DELETED", "marked the user for deletion") {
        "An administrator marked the user for deletion: deleted 7 days later unless undeleted"
            .into()
    } else if is("ADMIN_USER_DELETION_MARK_REMOVED", "deletion mark") {
        "An administrator took the deletion mark away".into()
    } else if is("ADMIN_VERIFY_CODE_GENERATED", "generated") {
        "An administrator generated a verification code".into()
    } else if is("ADMIN_VERIFY_CODE_VOIDED", "voided") {
        "An administrator voided a verification code".into()
    } else if is("ADMIN_EMERGENCY_TOKENCODE_ENABLED", "enabled an emergency") {
        "An administrator enabled an emergency tokencode".into()
    } else if is("ADMIN_EMERGENCY_TOKENCODE_DISABLED", "disabled the emergency") {
        "An administrator disabled the emergency tokencode".into()
    } else if is("ADMIN_DEVICE_REGISTRATION_CODE", "registration code") {
        "An administrator issued a device registration code".into()
    } else if is("ADMIN_DEVICE_DELETED", "deleted the device") {
        "An administrator deleted a registered device".into()
    } else if is("ADMIN_SID_TOKEN_UNASSIGNED", "unassigned the securid token") {
        "An administrator took a SecurID hardware token from the user".into()
    } else if is("ADMIN_SID_TOKEN_ASSIGNED", "assigned the securid token") {
        "An administrator assigned a SecurID hardware token".into()
    } else if is("ADMIN_SID_TOKEN_ENABLED", "enabled the securid token") {
        "An administrator enabled a SecurID hardware token".into()
    } else if is("ADMIN_SID_TOKEN_DISABLED", "disabled the securid token") {
        "An administrator disabled a SecurID hardware token: no tokencodes from it until enabled"
            .into()
    } else if is("ADMIN_SID_TOKEN_PIN_CLEARED", "cleared the pin") {
        "An administrator cleared a SecurID token's PIN: the user sets a new one at the next sign-in"
            .into()
    } else if is("ADMIN_SID_TOKEN_RENAMED", "renamed the securid token") {
        "An administrator renamed a SecurID hardware token".into()
    } else if is("ADMIN_PHONE_NUMBER_CHANGED", "") || phone_words(&text, "changed the") {
        format!("An administrator changed the user's {} number", phone_kind(entry, &text))
    } else if is("ADMIN_PHONE_NUMBER_CLEARED", "") || phone_words(&text, "cleared the") {
        let kind = phone_kind(entry, &text);
        format!(
            "An administrator cleared the user's {kind} number: no {kind} tokencodes until one is set"
        )
    } else {
        "A change by an administrator".into()
    }
}

/// "… changed the SMS phone number", "… cleared the voice phone number".
fn phone_words(text: &str, verb: &str) -> bool {
    text.contains(verb) && text.contains("phone number")
}

/// "SMS" or "voice", by the event's method or its words.
fn phone_kind(entry: &AuthLogEntry, text: &str) -> &'static str {
    let voice = entry.method.as_deref().is_some_and(|m| m.eq_ignore_ascii_case("VOICE"))
        || text.contains("voice");
    if voice { "voice" } else { "SMS" }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn classify(entry: &AuthLogEntry) -> Kind {
    let code = entry.event_code.as_deref().unwrap_or("").trim().to_ascii_uppercase();
    let by_code = match code.as_str() {
        "AUTHN_SUCCESS" => Some(Kind::SignedIn),
        "AUTHN_FAILED_INVALID_TOKENCODE" => Some(Kind::WrongTokencode),
        "AUTHN_FAILED_INVALID_CODE" => Some(Kind::WrongCode),
        "AUTHN_METHOD_LOCKED" => Some(Kind::Locked),
        "AUTHN_FAILED_METHOD_LOCKED" => Some(Kind::RefusedLocked),
        "AUTHN_FAILED_NO_REGISTERED_DEVICE" => Some(Kind::NoDevice),
        "AUTHN_DENIED_BY_POLICY" => Some(Kind::Policy),
        "AUTHN_FAILED_USER_DISABLED" => Some(Kind::UserDisabled),
        "AUTHN_FAILED_APPROVE_DENIED" => Some(Kind::ApproveDenied),
        "ADMIN_METHOD_UNLOCKED" => Some(Kind::Unlocked),
        c if c.starts_with("ADMIN_") => Some(Kind::Admin),
        _ => None,
    };
    if let Some(kind) = by_code {
        return kind;
    }
    let text = entry.event_description.as_deref().unwrap_or("").to_ascii_lowercase();
    let has = |words: &[&str]| words.iter().any(|w| text.contains(w));
    let failed = has(&["fail", "denied", "invalid", "incorrect", "wrong", "rejected", "refused"]);
    let admin =
        entry.event_type.as_deref().is_some_and(|t| t.to_ascii_uppercase().contains("ADMIN"));
    if has(&["unlocked"]) {
        Kind::Unlocked
    } else if has(&["locked", "lockout", "locked out"]) {
        if failed { Kind::RefusedLocked } else { Kind::Locked }
    } else if has(&["not registered", "no registered", "registered device", "no device"]) {
        Kind::NoDevice
    } else if has(&["policy"]) && (failed || has(&["not allowed", "blocked"])) {
        Kind::Policy
    } else if has(&["disabled"]) && failed {
        Kind::UserDisabled
    } else if has(&["tokencode", "passcode"]) && failed {
        Kind::WrongTokencode
    } else if failed {
        Kind::OtherFailure
    } else if admin {
        Kind::Admin
    } else if has(&["success", "authenticated"]) {
        Kind::SignedIn
    } else {
        match entry.event_level.as_deref().map(str::to_ascii_uppercase).as_deref() {
            Some("ERROR" | "WARN" | "WARNING" | "FAILURE") => Kind::OtherFailure,
            _ => Kind::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(code: &str, description: &str, method: Option<&str>) -> AuthLogEntry {
        AuthLogEntry {
            event_code: Some(code.into()),
            event_description: Some(description.into()),
            method: method.map(str::to_string),
            ..AuthLogEntry::default()
        }
    }

    #[test]
    fn known_codes_say_which_method_and_what_to_do() {
        let e = explain(&entry("AUTHN_METHOD_LOCKED", "x", Some("TOKEN")));
        assert_eq!(e.kind, Kind::Locked);
        assert_eq!(e.on_screen(), "Tokencode locked: too many failures (u on Lookup)");
        assert_eq!(e.plain, "Tokencode locked: too many failures", "no console keys in scripts");
        assert_eq!(e.outcome().label(), "✗ LOCKED");
        let e = explain(&entry("AUTHN_FAILED_NO_REGISTERED_DEVICE", "x", Some("APPROVE")));
        assert_eq!(e.on_screen(), "No registered device for Approve push (see screen 4)");
        let mut p = entry("AUTHN_DENIED_BY_POLICY", "x", None);
        p.policy_name = Some("Partners only\u{1b}[2J".into());
        let e = explain(&p);
        assert_eq!(e.plain, "Refused by policy \"Partners only\" (not a credential problem)");
        assert_eq!(
            explain(&entry("AUTHN_SUCCESS", "", Some("FIDO"))).plain,
            "Signed in with security key (FIDO)"
        );
        assert_eq!(
            explain(&entry("ADMIN_METHOD_UNLOCKED", "", Some("SMS"))).outcome(),
            Outcome::Change
        );
        let enabled = explain(&entry("ADMIN_USER_ENABLED", "", None));
        assert_eq!(
            (enabled.kind, enabled.plain.as_str()),
            (Kind::Admin, "An administrator enabled the user")
        );
        assert_eq!(
            explain(&entry("ADMIN_X", "Administrator voided the code", None)).plain,
            "An administrator voided a verification code"
        );
        assert_eq!(explain(&entry("ADMIN_X", "", None)).plain, "A change by an administrator");
        assert_eq!(
            explain(&entry("ADMIN_PHONE_NUMBER_CLEARED", "", Some("VOICE"))).plain,
            "An administrator cleared the user's voice number: no voice tokencodes until one is set"
        );
        assert_eq!(
            explain(&entry("ADMIN_Y", "Administrator changed the SMS phone number.", None)).plain,
            "An administrator changed the user's SMS number"
        );
    }

    #[test]
    fn unknown_codes_are_read_from_the_services_words() {
        let cases = [
            ("Authentication failed. Incorrect passcode.", Kind::WrongTokencode),
            ("User locked out after 5 attempts", Kind::Locked),
            ("Authentication failed: method is locked", Kind::RefusedLocked),
            ("Device not registered for user", Kind::NoDevice),
            ("Access denied by policy Contractors", Kind::Policy),
            ("Authentication failed. User is disabled.", Kind::UserDisabled),
            ("Authentication failed", Kind::OtherFailure),
            ("User authenticated successfully", Kind::SignedIn),
            ("Something else", Kind::Other),
        ];
        for (text, kind) in cases {
            assert_eq!(explain(&entry("E123", text, None)).kind, kind, "{text}");
        }
        let mut level = entry("", "", None);
        level.event_level = Some("ERROR".into());
        assert_eq!(explain(&level).kind, Kind::OtherFailure);
        assert_eq!(explain(&AuthLogEntry::default()).kind, Kind::Other);
    }
}
