//! Who is on the phone: before a change that would hand a credential to whoever is calling
//! (a new enrollment code, a registration code for "my new phone", an emergency tokencode), the
//! caller is verified as the user, or the operator records why that could not be done. Pure:
//! the policy, what counts as verified and for how long; the console and the commands ask it
//! before anything is sent.

mod caller;
mod policy;

pub use caller::{How, Reason, Refusal, Verifications, Verified};
pub use policy::{Guarded, Policy, PolicySettings};
