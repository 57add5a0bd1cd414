//! What an action is given besides the user: nothing, the methods to unlock, the authenticator
//! chosen on the user's list, or what a form took. The declaration says what to do with it;
//! this says what it names, for the audit record and the results.

use crate::actions::{AuthenticatorRef, Ds100Ref, TokenAction};
use crate::api::{PhoneChange, UnlockMethod};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Args {
    None,
    /// Unlock these of the user's methods (those of them that are locked, in a bulk run).
    Methods(Vec<UnlockMethod>),
    /// A registered device or FIDO credential, as the lookup listed it.
    Authenticator(AuthenticatorRef),
    /// A lost or new phone: the old device, and the user's address the code for the new one
    /// is asked for by (it is shown, not sent anywhere).
    ReplacePhone {
        old: AuthenticatorRef,
        email: String,
    },
    /// A SecurID 700 hardware token, and what is done to it.
    Token(TokenAction),
    /// The user's SMS and voice numbers (as checked by `PhoneChange::checked`).
    Phones(PhoneChange),
    /// A SecurID DS100 and its OTP credential, as the lookup listed it.
    Ds100(Ds100Ref),
}

impl Args {
    /// What the audit record names besides the action: which authenticator or token, or what
    /// changed (never the numbers: the record is not the place for them).
    pub fn names(&self) -> Option<String> {
        match self {
            Self::Authenticator(old) | Self::ReplacePhone { old, .. } => Some(old.label.clone()),
            Self::Token(token) => Some(token.serial.clone()),
            Self::Phones(change) => Some(format!("({})", change.describe())),
            Self::Ds100(ds100) => Some(ds100.label.clone()),
            Self::None | Self::Methods(_) => None,
        }
    }

    /// Whether a report starts with what it names (a token's serial); a removal's outcome
    /// names the device itself.
    pub fn in_headline(&self) -> bool {
        matches!(self, Self::Token(_) | Self::Ds100(_))
    }
}
