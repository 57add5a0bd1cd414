//! What is done to one of a user's authenticators: a registered device or FIDO credential
//! removed, a lost phone replaced (removed, then a registration code for the new one), a
//! SecurID 700 hardware token assigned, unassigned, enabled, disabled or its PIN cleared.
//!
//! Each names its authenticator as the lookup listed it (`AuthenticatorRef`), so the question
//! before it and the record after it say exactly what was removed, not an id.

use crate::api::{
    ApiError, AuthenticatorApp, Authenticators, Client, Device, DeviceCodeTarget,
    DeviceRegistrationCode, FidoToken, SidTokenAnswer, UserDetails, UserStatus,
};
use crate::bulk::Failure;
use crate::text::sanitize;

/// A device or FIDO credential of the user, as Authenticator Details gave it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuthenticatorRef {
    /// The id Delete User Device takes.
    pub id: String,
    /// "Alice's Pixel 8 (ANDROID, registered 2026-01-02)": what the user will recognise.
    pub label: String,
    pub kind: AuthenticatorKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuthenticatorKind {
    /// A phone or desktop with the RSA Authenticator app.
    Device,
    /// A FIDO security key or passkey.
    Fido,
    /// A trusted browser (remembered after an MFA sign-in).
    Browser,
}

impl AuthenticatorRef {
    /// `None` when the service gave no id: such a device cannot be removed by the API.
    pub fn of_device(d: &Device) -> Option<Self> {
        let id = d.id.as_deref().map(str::trim).filter(|i| !i.is_empty())?;
        let name = d.name.as_deref().map(sanitize).unwrap_or_else(|| "unnamed device".into());
        let mut about: Vec<String> = d.device_type.as_deref().map(sanitize).into_iter().collect();
        if let Some(date) = d.registered_date.as_deref() {
            about.push(format!("registered {}", sanitize(date.get(..10).unwrap_or(date))));
        }
        let label = if about.is_empty() { name } else { format!("{name} ({})", about.join(", ")) };
        Some(Self { id: sanitize(id), label, kind: AuthenticatorKind::Device })
    }

    pub fn of_fido(f: &FidoToken) -> Option<Self> {
        let id = f.id.as_deref().map(str::trim).filter(|i| !i.is_empty())?;
        let name = f.name.as_deref().map(sanitize).unwrap_or_else(|| "unnamed key".into());
        Some(Self {
            id: sanitize(id),
            label: format!("FIDO key {name}"),
            kind: AuthenticatorKind::Fido,
        })
    }

    /// A trusted browser: "browser Chrome 131 (Chrome on Windows, trusted 2025-10-11)".
    pub fn of_browser(d: &Device) -> Option<Self> {
        let id = d.id.as_deref().map(str::trim).filter(|i| !i.is_empty())?;
        let browser = d.browser.as_deref().or(d.name.as_deref()).map(sanitize);
        let mut about: Vec<String> = Vec::new();
        if let (Some(name), Some(_)) = (d.name.as_deref(), d.browser.as_deref()) {
            about.push(sanitize(name));
        }
        if let Some(date) = d.registered_date.as_deref() {
            about.push(format!("trusted {}", sanitize(date.get(..10).unwrap_or(date))));
        }
        let name = browser.unwrap_or_else(|| "unnamed".into());
        let label = if about.is_empty() {
            format!("browser {name}")
        } else {
            format!("browser {name} ({})", about.join(", "))
        };
        Some(Self { id: sanitize(id), label, kind: AuthenticatorKind::Browser })
    }

    /// Still among `now`'s devices or FIDO credentials (by id)?
    pub fn still_in(&self, now: &Authenticators) -> bool {
        match self.kind {
            AuthenticatorKind::Device | AuthenticatorKind::Browser => {
                now.devices.iter().any(|d| d.id.as_deref() == Some(self.id.as_str()))
            }
            AuthenticatorKind::Fido => {
                now.fido_tokens.iter().any(|f| f.id.as_deref() == Some(self.id.as_str()))
            }
        }
    }
}

/// A change to a SecurID 700 hardware token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TokenChange {
    Assign,
    Unassign,
    Enable,
    Disable,
    ClearPin,
    /// Give a token the user holds a new name (`TokenAction::name`).
    Rename,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenAction {
    pub change: TokenChange,
    /// As checked by `check_token_serial` (the console checks before asking).
    pub serial: String,
    /// Assign: a name for the token, if one was given; rename: the new name.
    pub name: Option<String>,
}

impl TokenChange {
    pub fn question(self, serial: &str, who: &str) -> String {
        match self {
            Self::Assign => format!("Assign SecurID token {serial} to {who}?"),
            Self::Unassign => format!(
                "Unassign SecurID token {serial} from {who}? It goes back to the unassigned \
                 tokens and gives them no more tokencodes."
            ),
            Self::Enable => format!("Enable SecurID token {serial} of {who}?"),
            Self::Disable => format!(
                "Disable SecurID token {serial} of {who}? No tokencodes from it until enabled."
            ),
            Self::ClearPin => format!(
                "Clear the PIN of SecurID token {serial} of {who}? They set a new one at the \
                 next sign-in."
            ),
            Self::Rename => format!("Rename SecurID token {serial} of {who}?"),
        }
    }

    pub fn doing(self, serial: &str) -> String {
        match self {
            Self::Assign => format!("Assigning SecurID token {serial}"),
            Self::Unassign => format!("Unassigning SecurID token {serial}"),
            Self::Enable => format!("Enabling SecurID token {serial}"),
            Self::Disable => format!("Disabling SecurID token {serial}"),
            Self::ClearPin => format!("Clearing the PIN of SecurID token {serial}"),
            Self::Rename => format!("Renaming SecurID token {serial}"),
        }
    }
}

impl TokenAction {
    pub async fn perform(
        &self,
        client: &Client,
        user_id: &str,
    ) -> Result<SidTokenAnswer, ApiError> {
        let serial = self.serial.as_str();
        match self.change {
            TokenChange::Assign => client.assign_token(user_id, serial, self.name.as_deref()).await,
            TokenChange::Unassign => client.unassign_token(user_id, serial).await,
            TokenChange::Enable => client.enable_token(user_id, serial).await,
            TokenChange::Disable => client.disable_token(user_id, serial).await,
            TokenChange::ClearPin => client.clear_token_pin(user_id, serial).await,
            TokenChange::Rename => {
                client.rename_token(user_id, serial, self.name.as_deref().unwrap_or("")).await
            }
        }
    }
}

/// The question before removing `old`: what it is, and what the user loses.
pub fn removal_question(old: &AuthenticatorRef, who: &str) -> String {
    match old.kind {
        AuthenticatorKind::Device => format!(
            "Remove {} from {who}? It can no longer approve sign-ins or give tokencodes.",
            old.label
        ),
        AuthenticatorKind::Fido => {
            format!("Remove {} from {who}? It can no longer be used to sign in.", old.label)
        }
        AuthenticatorKind::Browser => format!(
            "Forget the trusted {} of {who}? Signing in from it asks for MFA again.",
            old.label
        ),
    }
}

pub fn replace_question(old: &AuthenticatorRef, who: &str) -> String {
    format!(
        "Replace {who}'s phone: 1) remove {}, 2) make a device registration code for the new \
         one (RSA Authenticator for iOS and Android). Go on?",
        old.label
    )
}

/// Why the service would refuse the new phone's code once `old_id` is removed, if it would: it
/// makes device registration codes only for an enabled user with no registered device. Asked
/// before anything is removed, so a replacement is not offered that can only stop half-way.
pub fn replace_blocker(user: &UserDetails, now: &Authenticators, old_id: &str) -> Option<String> {
    if user.user_status == Some(UserStatus::Disabled) || user.mark_deleted == Some(true) {
        return Some(
            "Replacing needs the user enabled: the service makes no registration code for a \
             disabled user."
                .into(),
        );
    }
    // A trusted browser is no device to the service's registration code.
    let other = now
        .devices
        .iter()
        .find(|d| !d.is_browser() && d.id.as_deref().map(str::trim) != Some(old_id))?;
    let name = other.name.as_deref().map(sanitize).unwrap_or_else(|| "unnamed device".into());
    Some(format!(
        "Replacing needs this to be their only device: they also have {name}, and the service \
         makes a registration code only for a user with none. Remove the other first, or give \
         an enrollment code (screen 2)."
    ))
}

/// The second step of a replacement, once the old device is gone: a code for the new phone.
/// Its failure is part of the outcome, not an error: the removal stands. A code the answer
/// says is for another address is refused (and not shown).
pub async fn code_for_new_phone(
    client: &Client,
    email: &str,
) -> Result<DeviceRegistrationCode, Failure> {
    let target = DeviceCodeTarget::Email(email.to_string());
    let code = client
        .device_registration_code(&target, AuthenticatorApp::IosAndroid)
        .await
        .map_err(Failure::from)?;
    match code.email.as_deref().map(str::trim) {
        Some(named) if !named.eq_ignore_ascii_case(email.trim()) => Err(Failure::new(format!(
            "the service answered with a code for {}, not this user; it is not shown",
            sanitize(named)
        ))
        .uncertain()),
        _ => Ok(code),
    }
}

/// After a replacement failed at its first step: what was and was not done.
pub fn replace_failed_words(old: &AuthenticatorRef, failure: &Failure) -> String {
    if failure.uncertain {
        format!(
            "Not known whether {} was removed (no clear answer), so no code was made; the user \
             as looked up again shows whether it is still registered.",
            old.label
        )
    } else if failure.status == Some(404) {
        format!("The service did not find {} (removed already?), so no code was made.", old.label)
    } else {
        format!("{} is still registered and no code was made.", old.label)
    }
}

/// The words for a code that could not be made after the old device was removed.
pub fn no_code_words(old: &AuthenticatorRef, failure: &Failure) -> String {
    if failure.uncertain {
        format!(
            "removed {}; not known whether a code was made for the new phone (no clear answer: \
             {}). Ask again on screen 4 (Device code): a new code replaces it.",
            old.label, failure.message
        )
    } else {
        format!(
            "removed {}, but no code was made for the new phone: {}. Make one on screen 4 \
             (Device code) or give an enrollment code on screen 2.",
            old.label, failure.message
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_device_is_named_as_the_user_knows_it_and_needs_an_id() {
        let d = Device {
            id: Some("dev-1".into()),
            name: Some("Alice's Pixel\x1b[2J 8".into()),
            device_type: Some("ANDROID".into()),
            registered_date: Some("2026-01-02T10:00:00.000+00:00".into()),
            ..Device::default()
        };
        let r = AuthenticatorRef::of_device(&d).unwrap();
        assert_eq!(r.label, "Alice's Pixel 8 (ANDROID, registered 2026-01-02)");
        assert_eq!(r.id, "dev-1");
        assert!(AuthenticatorRef::of_device(&Device { id: Some(" ".into()), ..d }).is_none());
        let q = removal_question(&r, "alice@example.com");
        assert!(q.starts_with("Remove Alice's Pixel 8 (ANDROID"), "{q}");
    }

    #[test]
    fn a_failed_first_step_says_nothing_else_was_done() {
        let old = AuthenticatorRef {
            id: "d".into(),
            label: "Old phone".into(),
            kind: AuthenticatorKind::Device,
        };
        let refused = Failure::new("HTTP 403");
        assert_eq!(
            replace_failed_words(&old, &refused),
            "Old phone is still registered and no code was made."
        );
        let unclear = replace_failed_words(&old, &Failure::new("timeout").uncertain());
        assert!(unclear.starts_with("Not known whether Old phone was removed"), "{unclear}");
        let gone = Failure { status: Some(404), ..Failure::new("HTTP 404") };
        assert!(replace_failed_words(&old, &gone).contains("did not find Old phone"));
    }

    #[test]
    fn a_replacement_is_offered_only_when_the_service_would_make_the_code() {
        let phone = |id: &str, name: &str| Device {
            id: Some(id.into()),
            name: Some(name.into()),
            ..Device::default()
        };
        let enabled = UserDetails { user_status: Some(UserStatus::Enabled), ..Default::default() };
        let one = Authenticators { devices: vec![phone("a", "Old")], ..Default::default() };
        assert_eq!(replace_blocker(&enabled, &one, "a"), None);
        let two = Authenticators {
            devices: vec![phone("a", "Old"), phone("b", "Tablet")],
            ..Default::default()
        };
        let why = replace_blocker(&enabled, &two, "a").unwrap();
        assert!(why.contains("they also have Tablet"), "{why}");
        let disabled =
            UserDetails { user_status: Some(UserStatus::Disabled), ..Default::default() };
        assert!(replace_blocker(&disabled, &one, "a").unwrap().contains("enabled"));
    }
}
