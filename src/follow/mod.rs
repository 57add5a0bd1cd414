//! Following a user's sign-ins as they happen (issue 21 items 2 and 5), pure: given the
//! authentication-log entries each read of `GET v1/users/{id}/authlogs` brings, it keeps what
//! is new (`tail.rs`: each event once, even two in the same millisecond), and answers two
//! questions of it:
//!
//! - **the sign-in challenge** (`challenge.rs`): did the caller, asked to sign in at `T`,
//!   succeed from a registered device (`registered.rs` says what that can honestly mean) after
//!   `T` and within the limit? Failures meanwhile are told in plain words;
//! - **confirming a fix** (`confirm.rs`): did the user sign in successfully after the fix?
//!
//! An administrator's event never counts as the user's sign-in (`event.rs`). Times are the
//! service's own (the events'); the caller turns them into local time. How often to read and
//! how to back off on 429 is `pacing.rs`; what the console asks the worker and hears back is
//! `request.rs`. The reading itself is the worker's (`worker/follow.rs`), shared by the
//! `follow` and `challenge` commands.

mod challenge;
mod confirm;
mod event;
mod pacing;
#[cfg(test)]
mod properties;
mod registered;
mod request;
mod tail;

pub use challenge::{Challenge, ChallengeEnd, ChallengeNews, DEFAULT_LIMIT, Verified};
pub use confirm::{Confirm, Confirmed};
pub use event::{Followed, is_admin_event};
pub use pacing::{Backoff, Pacing};
pub use registered::Registered;
pub use request::{ChallengeSpec, FollowNews, FollowRequest, Stop};
pub use tail::{OVERLAP, Tail, Taken};
