//! The user being worked on, as a lookup found them.

use crate::api::UserDetails;

/// The user the helpdesk person is working on, carried from screen to screen.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub email: String,
    pub details: UserDetails,
}

impl CurrentUser {
    /// The user a lookup found. The address and username are carried into other screens'
    /// fields and sent back to the service, so they are stripped of anything it should not
    /// have sent (escape sequences, control characters) here, once.
    pub fn new(email: &str, mut details: UserDetails) -> Self {
        details.principal_username =
            details.principal_username.as_deref().map(crate::text::sanitize);
        Self { email: crate::text::sanitize(email), details }
    }

    pub fn id(&self) -> Option<&str> {
        self.details.id.as_deref()
    }
}
