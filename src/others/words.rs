//! The plain words for an administration log entry: who ("anna.berg (Help Desk)"), what
//! ("generated an enrollment code") and when ("3 min ago"). Activity keys casdesk does not
//! know are said as given, sanitised; every field from the service is sanitised here.

use crate::api::AdminLogEntry;
use crate::text::sanitize_excerpt;

/// "anna.berg (Help Desk)"; "an administrator" when the entry names nobody.
pub fn actor(entry: &AdminLogEntry) -> String {
    let name = entry
        .admin_user_name
        .as_deref()
        .map(|n| sanitize_excerpt(n.trim(), 60))
        .filter(|n| !n.is_empty())
        .unwrap_or_else(|| "an administrator".into());
    match entry.admin_user_role.as_deref().map(role_short).filter(|r| !r.is_empty()) {
        Some(role) => format!("{name} ({role})"),
        None => name,
    }
}

/// "Help Desk Administrator" → "Help Desk", "Super Administrator" → "Super Admin"; others
/// sanitised, without a trailing " Administrator".
pub fn role_short(role: &str) -> String {
    let role = sanitize_excerpt(role.trim(), 40);
    if role.eq_ignore_ascii_case("Super Administrator") {
        return "Super Admin".into();
    }
    match role.strip_suffix(" Administrator") {
        Some(short) if !short.trim().is_empty() => short.trim().to_string(),
        _ => role,
    }
}

/// What the entry says was done, in plain words.
pub fn plain(entry: &AdminLogEntry) -> String {
    let key = entry.activity_key.as_deref().unwrap_or_default().trim();
    let detail = entry
        .target_object2_name
        .as_deref()
        .or(entry.target_object2_id.as_deref())
        .map(|d| sanitize_excerpt(d.trim(), 40))
        .filter(|d| !d.is_empty());
    let with = |base: &str, what: &str| match &detail {
        Some(d) => format!("{base} {what} {d}"),
        None => format!("{base} a {what}"),
    };
    let phone = |verb: &str| match detail.as_deref() {
        Some(d) if d.eq_ignore_ascii_case("VOICE") => format!("{verb} the voice number"),
        Some(d) if d.eq_ignore_ascii_case("SMS") => format!("{verb} the SMS number"),
        _ => format!("{verb} a phone number"),
    };
    match key.to_ascii_uppercase().as_str() {
        "GENERATE_ENROLLMENT_CODE" => "generated an enrollment code".into(),
        "GENERATE_PASSWORD_RESET_CODE" => "generated a password reset code".into(),
        "VOID_ENROLLMENT_CODE" => "voided the enrollment code".into(),
        "VOID_PASSWORD_RESET_CODE" => "voided the password reset code".into(),
        "ENABLE_USER" => "enabled the user".into(),
        "DISABLE_USER" => "disabled the user".into(),
        "UNLOCK_USER_METHOD" => match &detail {
            Some(m) => format!("unlocked {m}"),
            None => "unlocked the user".into(),
        },
        "SYNCHRONIZE_USER" => "synchronised the user".into(),
        "ENABLE_EMERGENCY_TOKENCODE" => "enabled an emergency tokencode".into(),
        "DISABLE_EMERGENCY_TOKENCODE" => "disabled the emergency tokencode".into(),
        "GENERATE_DEVICE_REGISTRATION_CODE" => "issued a device registration code".into(),
        "DELETE_USER_DEVICE" => with("deleted", "device"),
        "ASSIGN_SID_TOKEN" => with("assigned", "token"),
        "UNASSIGN_SID_TOKEN" => with("unassigned", "token"),
        "ENABLE_SID_TOKEN" => with("enabled", "token"),
        "DISABLE_SID_TOKEN" => with("disabled", "token"),
        "CLEAR_SID_TOKEN_PIN" => match &detail {
            Some(d) => format!("cleared the PIN of token {d}"),
            None => "cleared a token's PIN".into(),
        },
        "UPDATE_USER_PHONE_NUMBER" => phone("changed"),
        "CLEAR_USER_PHONE_NUMBER" => phone("cleared"),
        "UPDATE_SID_TOKEN_NAME" => with("renamed", "token"),
        "MARK_USER_DELETED" => "marked the user for deletion".into(),
        "UNMARK_USER_DELETED" => "took the user's deletion mark away".into(),
        "DISABLE_FIDO_AUTHENTICATOR" => with("suspended", "FIDO key"),
        "ENABLE_FIDO_AUTHENTICATOR" => with("restored", "FIDO key"),
        "ENABLE_DS100_OTP" => with("enabled the OTP of", "DS100"),
        "DISABLE_DS100_OTP" => with("disabled the OTP of", "DS100"),
        "CLEAR_DS100_OTP_PIN" => with("cleared the PIN of", "DS100"),
        "DELETE_DS100_OTP" => with("deleted the OTP credential of", "DS100"),
        "" => match entry.activity_code.as_deref().map(|c| sanitize_excerpt(c.trim(), 40)) {
            Some(code) if !code.is_empty() => format!("did {code}"),
            _ => "did something the log does not name".into(),
        },
        _ => format!("did {}", sanitize_excerpt(key, 60)),
    }
}

/// "just now", "3 min ago", "2 h ago", "3 days ago"; a time in the future (clocks apart)
/// reads as "just now".
pub fn ago(elapsed: time::Duration) -> String {
    let minutes = elapsed.whole_minutes();
    if minutes < 1 {
        "just now".into()
    } else if minutes < 60 {
        format!("{minutes} min ago")
    } else if minutes < 48 * 60 {
        format!("{} h ago", minutes / 60)
    } else {
        format!("{} days ago", minutes / (24 * 60))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(key: &str, detail: Option<&str>) -> AdminLogEntry {
        AdminLogEntry {
            admin_user_name: Some("anna.berg".into()),
            admin_user_role: Some("Help Desk Administrator".into()),
            activity_key: Some(key.into()),
            target_object2_name: detail.map(Into::into),
            ..Default::default()
        }
    }

    #[test]
    fn known_keys_read_as_words_and_unknown_ones_as_given_but_clean() {
        assert_eq!(plain(&entry("GENERATE_ENROLLMENT_CODE", None)), "generated an enrollment code");
        assert_eq!(plain(&entry("disable_user", None)), "disabled the user");
        assert_eq!(plain(&entry("ASSIGN_SID_TOKEN", Some("000123"))), "assigned token 000123");
        assert_eq!(plain(&entry("ASSIGN_SID_TOKEN", None)), "assigned a token");
        assert_eq!(
            plain(&entry("UPDATE_USER_PHONE_NUMBER", Some("VOICE"))),
            "changed the voice number"
        );
        assert_eq!(plain(&entry("UNLOCK_USER_METHOD", Some("TOKEN"))), "unlocked TOKEN");
        assert_eq!(plain(&entry("MARK_USER_DELETED", None)), "marked the user for deletion");
        assert_eq!(
            plain(&entry("DISABLE_FIDO_AUTHENTICATOR", Some("YubiKey"))),
            "suspended FIDO key YubiKey"
        );
        assert_eq!(
            plain(&entry("DISABLE_DS100_OTP", Some("140100080"))),
            "disabled the OTP of DS100 140100080"
        );
        assert_eq!(plain(&entry("RESET_\x1b[2JTHING", None)), "did RESET_THING");
        let mut bare = entry("", None);
        bare.activity_code = Some("ADM-9".into());
        assert_eq!(plain(&bare), "did ADM-9");
        bare.activity_code = None;
        assert_eq!(plain(&bare), "did something the log does not name");
    }

    #[test]
    fn who_is_the_name_and_a_short_role() {
        assert_eq!(actor(&entry("X", None)), "anna.berg (Help Desk)");
        let mut marcus = entry("X", None);
        marcus.admin_user_name = Some("marcus.reed".into());
        marcus.admin_user_role = Some("Super Administrator".into());
        assert_eq!(actor(&marcus), "marcus.reed (Super Admin)");
        marcus.admin_user_role = None;
        marcus.admin_user_name = Some("  ".into());
        assert_eq!(actor(&marcus), "an administrator");
        assert_eq!(role_short("Administrator"), "Administrator");
        assert_eq!(role_short("Read-Only Administrator"), "Read-Only");
    }

    #[test]
    fn how_long_ago() {
        let m = time::Duration::minutes;
        assert_eq!(ago(time::Duration::seconds(-30)), "just now");
        assert_eq!(ago(m(3)), "3 min ago");
        assert_eq!(ago(m(60)), "1 h ago");
        assert_eq!(ago(m(47 * 60 + 59)), "47 h ago");
        assert_eq!(ago(m(3 * 24 * 60)), "3 days ago");
    }
}
