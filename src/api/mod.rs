//! The Cloud Administration API, typed: one method per endpoint on [`Client`].
//!
//! ```no_run
//! # async fn demo() -> Result<(), casdesk::api::ApiError> {
//! use casdesk::api::{Client, Credentials, LegacyKeyFile};
//! let key = LegacyKeyFile::load(std::path::Path::new("admin-api.key"))?;
//! let client = Client::new(Credentials::Legacy(key))?;
//! let user = client.lookup_user("jane.doe@example.com", false).await?;
//! println!("{:?}", user.display_name());
//! # Ok(()) }
//! ```

mod auth;
mod base_url;
mod ca_bundle;
mod client;
mod error;
mod error_body;
mod jwk;
mod keyfile;
pub mod model;
mod oauth;
mod result_code;
mod retry;
pub mod scope;
mod status_error;
mod token;
mod verify_refusal;

pub use auth::{Credentials, LEGACY_TOKEN_LIFETIME_SECS};
pub use base_url::{ApiBase, redact_userinfo};
pub use ca_bundle::CaBundle;
pub use client::{AdminActivity, MAX_ADMIN_LOG_PAGES};
pub use client::{
    AuthLogQuery, Client, ClientOptions, Downloaded, RetryNotice, RetryObserver, format_query_time,
};
pub use client::{EventLogProgress, EventLogRange, MAX_EVENT_LOG_PAGES, UserEventLog};
pub use error::{
    ApiError, AuthError, ErrorBody, StatusError, TransportError, TransportKind, VerifyRefusal,
};
pub use keyfile::{KeyFileFields, LegacyKeyFile, check_private};
pub use model::*;
pub use oauth::OAuthClientConfig;
pub use result_code::ResultCode;
pub use retry::{Repeat, RetryPolicy};
pub use scope::{CORE_SCOPES, HELPDESK_SCOPES, Scope, required_scopes};
