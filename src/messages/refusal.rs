//! A request answered without being sent, in the shape the asking screen expects (every user
//! of a list with an outcome), and which requests hand a caller something that needs them
//! verified first. The worker refuses with it when there is no client; the console, when the
//! verification policy says the caller is not verified.

use super::{ApiOutcome, ApiRequest, Failure};
use crate::api::DeviceCodeTarget;
use crate::bulk::Operation;
use crate::bulk::UserOutcome;
use crate::bulk::journal::RunOf;
use crate::verify::Guarded;

impl ApiRequest {
    /// This request answered with `failure`, never sent.
    pub fn refused(self, failure: Failure) -> ApiOutcome {
        let everyone = |emails: Vec<String>| ApiOutcome::Batch {
            outcomes: emails.iter().map(|e| UserOutcome::failed(e, failure.clone())).collect(),
            last: true,
        };
        match self {
            ApiRequest::Lookup { .. }
            | ApiRequest::Search { .. }
            | ApiRequest::TokenLookup { .. } => ApiOutcome::Failed(failure),
            ApiRequest::Generate { users, .. } => {
                everyone(users.into_iter().map(|u| u.email).collect())
            }
            ApiRequest::Void { emails, .. } => everyone(emails),
            ApiRequest::Resume { run } => everyone(run.to_send()),
            ApiRequest::DeviceCode { .. } => ApiOutcome::DeviceCode(Err(failure)),
            ApiRequest::EnableEac { .. } => ApiOutcome::EacEnabled(Err(failure)),
            ApiRequest::DisableEac { .. } => ApiOutcome::EacDisabled(Err(failure)),
            ApiRequest::AuthLogs { .. } => ApiOutcome::AuthLogs(Err(failure)),
            ApiRequest::AdminActivity { .. } => ApiOutcome::AdminActivity(Err(failure)),
            ApiRequest::Act { .. } => ApiOutcome::Acted { result: Err(failure), refreshed: None },
            ApiRequest::ActOnEach { emails, .. } => ApiOutcome::Each {
                outcomes: emails
                    .into_iter()
                    .map(|email| crate::actions::ActionOutcome {
                        email,
                        result: Err(failure.clone()),
                    })
                    .collect(),
                last: true,
            },
            ApiRequest::StartVerification { .. }
            | ApiRequest::VerificationStatus { .. }
            | ApiRequest::CancelVerification { .. } => ApiOutcome::Verification(Err(failure)),
            ApiRequest::Follow(_) => ApiOutcome::Follow(crate::follow::FollowNews::Stopped(
                crate::follow::Stop::Failed(failure),
            )),
            ApiRequest::UserEventLog { .. } => {
                ApiOutcome::EventLog(super::EventLogNews::Read(Err(failure)))
            }
            ApiRequest::Report(request, _) => {
                ApiOutcome::Report(crate::reports::exchange::refused(request, failure.message))
            }
        }
    }

    /// What this request hands the caller that the verification policy may guard, and for
    /// whom (addresses, or the username a device code is asked by); `None` for the rest
    /// (looking up, reading activity, voiding, unlocking need nothing).
    pub fn guarded(&self) -> Option<(Guarded, Vec<&str>)> {
        match self {
            ApiRequest::Generate { users, .. } => {
                Some((Guarded::Codes, users.iter().map(|u| u.email.as_str()).collect()))
            }
            ApiRequest::DeviceCode { target, .. } => {
                let (DeviceCodeTarget::Email(who) | DeviceCodeTarget::Username(who)) = target;
                Some((Guarded::DeviceCode, vec![who.as_str()]))
            }
            ApiRequest::EnableEac { email, .. } => Some((Guarded::Emergency, vec![email.as_str()])),
            ApiRequest::Act { action, email, .. } => {
                action.declared.guard.map(|g| (g, vec![email.as_str()]))
            }
            ApiRequest::ActOnEach { action, emails } => {
                action.declared.guard.map(|g| (g, emails.iter().map(String::as_str).collect()))
            }
            // A generate carried on after a restart hands out codes as the first run did.
            ApiRequest::Resume { run } => match &run.header.operation {
                RunOf::Codes(Operation::Generate { .. }) => {
                    Some((Guarded::Codes, run.header.users.iter().map(String::as_str).collect()))
                }
                _ => None,
            },
            ApiRequest::Lookup { .. }
            | ApiRequest::Search { .. }
            | ApiRequest::TokenLookup { .. }
            | ApiRequest::Void { .. }
            | ApiRequest::DisableEac { .. }
            | ApiRequest::AuthLogs { .. }
            | ApiRequest::StartVerification { .. }
            | ApiRequest::VerificationStatus { .. }
            | ApiRequest::CancelVerification { .. }
            | ApiRequest::Follow(_)
            | ApiRequest::UserEventLog { .. }
            | ApiRequest::AdminActivity { .. } => None,
            // A report is the operator's, for no caller, and issues no credential.
            ApiRequest::Report(..) => None,
        }
    }
}
