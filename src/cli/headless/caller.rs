//! The caller-verification policy for commands: a command that hands the caller something
//! the policy guards (codes, a device registration code, an emergency tokencode, removing a
//! device, replacing a phone, changing phone numbers, unassigning a token) refuses to send it
//! unless the caller is verified first (`--verified live` or `--verified sign-in`, one user)
//! or the operator records why not (`--override REASON`, one reason for the whole list). The
//! verification is recorded in the audit trail and stamped on the action's own records.

use crate::cli::tenant::Tenant;
use casdesk::audit::UserResult;
use casdesk::text::sanitize_excerpt;
use casdesk::verify::{Guarded, How, Reason, Verified};
use clap::{Args, ValueEnum};
use std::time::Duration;
use time::{OffsetDateTime, UtcOffset};

/// How long to wait for Live Verification before giving up (the service's session is shorter).
const LIVE_AT_MOST: Duration = Duration::from_secs(5 * 60);
const POLL: Duration = Duration::from_secs(2);

#[derive(Args, Debug, Clone, Default)]
#[command(next_help_heading = "Caller verification")]
pub struct CallerArgs {
    /// Verify the caller first (one user): `live` (Live Verification: their registered device
    /// approves) or `sign-in` (they sign in now from a registered device, within 2 minutes)
    #[arg(long, value_enum, conflicts_with = "override_reason")]
    verified: Option<VerifyHow>,
    /// Go on without verifying the caller, recording why: `callback` (called back on the
    /// number on file), `manager`, `in-person`, or your own words (one reason for the list)
    #[arg(long = "override", value_name = "REASON")]
    override_reason: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum VerifyHow {
    Live,
    SignIn,
}

impl CallerArgs {
    /// Whether `action` may be sent for `users` under the tenant's policy: verifies the caller
    /// or records the override first when it is guarded; else why nothing is sent.
    pub async fn verify_first(
        &self,
        tenant: &Tenant,
        action: Guarded,
        users: &[String],
    ) -> Result<(), String> {
        let policy = &tenant.verify_policy;
        if !policy.guards(action) || users.is_empty() {
            return Ok(());
        }
        let how = match (&self.override_reason, self.verified) {
            (Some(words), _) => How::Override(reason(words)?),
            (None, Some(how)) => {
                let [user] = users else {
                    return Err(format!(
                        "--verified verifies one caller; for a list of {} users give one \
                         --override REASON for all of them",
                        users.len()
                    ));
                };
                match how {
                    VerifyHow::Live => live(tenant, user).await?,
                    VerifyHow::SignIn => sign_in(tenant, user, tenant.local_offset).await?,
                }
            }
            (None, None) => {
                return Err(format!(
                    "{} needs a verified caller (this profile's verify_caller policy). Add \
                     --verified live or --verified sign-in (one user), or --override REASON. \
                     Nothing was sent.",
                    action.words()
                ));
            }
        };
        let now = OffsetDateTime::now_utc();
        let mut records = Vec::with_capacity(users.len());
        for user in users {
            let verified = Verified::new(user, None, how.clone(), now);
            records.push(UserResult::ok(user).with_outcome(verified.how.words()));
            if let Some(log) = &tenant.audit {
                log.remember_caller(verified, policy.lasts);
            }
        }
        tenant.record("verified caller", records);
        Ok(())
    }
}

/// `callback`, `manager`, `in-person`, or the operator's words.
fn reason(words: &str) -> Result<Reason, String> {
    match words.trim().to_ascii_lowercase().as_str() {
        "callback" | "call-back" => Ok(Reason::Callback),
        "manager" => Ok(Reason::ManagerApproval),
        "in-person" | "in person" => Ok(Reason::SeenInPerson),
        _ => Reason::other(words)
            .ok_or_else(|| "--override: say why the caller was not verified".into()),
    }
}

/// Live Verification: prompts the user's device and waits for their answer.
async fn live(tenant: &Tenant, email: &str) -> Result<How, String> {
    use casdesk::api::VerifyStatus;
    let shown = sanitize_excerpt(email, 80);
    let client = &tenant.client;
    let user = client.lookup_user(email, false).await.map_err(|e| format!("{shown}: {e}"))?;
    let id = user.id.ok_or_else(|| format!("{shown}: the service gave no user id"))?;
    let mut session = client.start_verification(&id).await.map_err(|e| format!("{shown}: {e}"))?;
    eprintln!("casdesk: Live Verification: asked {shown} to approve on their device");
    let started = std::time::Instant::now();
    loop {
        match session.status.clone().unwrap_or(VerifyStatus::Pending) {
            VerifyStatus::Verified => return Ok(How::LiveVerification),
            VerifyStatus::Denied => {
                return Err(format!(
                    "{shown} denied the Live Verification prompt: do not go on (whoever asked \
                     may not be them). Nothing was sent."
                ));
            }
            VerifyStatus::Expired | VerifyStatus::Cancelled => {
                return Err(format!(
                    "{shown} did not answer the Live Verification prompt in time. Nothing was sent."
                ));
            }
            VerifyStatus::Pending | VerifyStatus::Other(_) => {}
        }
        if started.elapsed() >= LIVE_AT_MOST {
            let _ = client.cancel_verification(&id).await;
            return Err(format!("no answer from {shown} in 5 minutes. Nothing was sent."));
        }
        tokio::time::sleep(POLL).await;
        session = client.verification_status(&id).await.map_err(|e| format!("{shown}: {e}"))?;
    }
}

/// The sign-in challenge: the user signs in now from a registered device.
async fn sign_in(tenant: &Tenant, email: &str, offset: UtcOffset) -> Result<How, String> {
    let pacing = super::follow::pacing(2.0, 5)?;
    let (verdict, verified) =
        super::follow::run_challenge(tenant, email, pacing, offset, |line| eprintln!("{line}"))
            .await?;
    if verified { Ok(How::SignIn) } else { Err(format!("{verdict}. Nothing was sent.")) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_override_names_a_usual_reason_or_keeps_the_operators_words() {
        assert_eq!(reason("Callback"), Ok(Reason::Callback));
        assert_eq!(reason("in-person"), Ok(Reason::SeenInPerson));
        assert_eq!(reason("ticket 5120: HR"), Ok(Reason::Other("ticket 5120: HR".into())));
        assert!(reason("  ").is_err());
    }
}
