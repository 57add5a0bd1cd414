//! An access token, however it was got (signed here from a key file, or issued by the OAuth
//! token endpoint), and when to renew it. Apart from both ways of getting one, so neither
//! refers to the other for it.

use crate::secret::Secret;

/// Renew a cached token this long before it expires, so none expires in flight.
pub(crate) const RENEW_BEFORE_EXPIRY_SECS: i64 = 120;

#[derive(Clone, Debug)]
pub(crate) struct Token {
    pub bearer: Secret,
    /// Unix seconds.
    pub issued_at: i64,
    pub expires_at: i64,
}

impl Token {
    /// Renewed two minutes before expiry, or halfway through a shorter life, so a token that
    /// lives two minutes or less is still reused.
    pub(crate) fn usable_at(&self, now: i64) -> bool {
        let margin = RENEW_BEFORE_EXPIRY_SECS.min((self.expires_at - self.issued_at) / 2);
        now < self.expires_at - margin
    }
}
