//! A sign-in the simulator plays for a demo user, with what follows from the tenant's state:
//! three wrong tokencodes in a row lock TOKEN (as CAS's default lockout), a disabled user, a
//! locked method or Approve with no registered device fail. Each is recorded in the user's
//! authentication log. A failure with another method than TOKEN is a wrong code (SMS, voice,
//! anything else) or, for Approve, the user denying the push; only TOKEN counts towards a lock.

use crate::sim::auth_event::{AuthEvent, code, event_at};
use crate::sim::model::User;
use crate::sim::tenant::{TOKENCODE_LOCKOUT, Tenant};
use time::OffsetDateTime;

/// The method a user signs in with when none is named: the last they signed in with, else
/// Approve with a registered phone, else a tokencode.
pub fn usual_method(user: &User) -> String {
    let last = user.last_authentication.as_ref().map(|l| l.method.trim().to_ascii_uppercase());
    match last.filter(|m| !m.is_empty() && m != "UNKNOWN") {
        Some(method) => method,
        None if !user.devices.is_empty() => "APPROVE".into(),
        None => "TOKEN".into(),
    }
}

/// What a simulated sign-in does (for [`crate::sim::SimControl::simulate_sign_in`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignIn {
    /// Signs in with this method (`TOKEN`, `APPROVE`, `SMS`, `VOICE`, `FIDO`…), unless the
    /// user is disabled, the method locked or (for `APPROVE`) no device is registered.
    Succeed(String),
    /// Types a wrong tokencode: the third in a row locks TOKEN.
    WrongTokencode,
    /// A policy refuses access (the policy's name).
    DeniedByPolicy(String),
    /// Fails with this method: a wrong tokencode for `TOKEN` (as [`SignIn::WrongTokencode`]),
    /// the push denied for `APPROVE`, a wrong code for any other.
    Fails(String),
}

impl SignIn {
    /// `TOKEN`'s failure is the one the lockout counts: one path for both spellings.
    fn plain(&self) -> &SignIn {
        match self {
            SignIn::Fails(method) if method == "TOKEN" => &SignIn::WrongTokencode,
            other => other,
        }
    }
}

impl Tenant {
    /// A sign-in by the user now, with what follows from the tenant's state; `None` if there
    /// is no such user. Returns the codes recorded (a lockout records two events).
    pub fn sign_in(&mut self, user_id: &str, attempt: &SignIn) -> Option<Vec<String>> {
        self.sign_in_at(self.now(), user_id, attempt)
    }

    /// [`Self::sign_in`] as of `at`: one the tenant notices after it was due (`after_fix.rs`).
    pub fn sign_in_at(
        &mut self,
        now: OffsetDateTime,
        user_id: &str,
        attempt: &SignIn,
    ) -> Option<Vec<String>> {
        let attempt = attempt.plain();
        let user = self.by_id(user_id)?.clone();
        let app = Some("Workday".to_string());
        let base = |code: &str, text: String, level| AuthEvent {
            application: app.clone(),
            source_ip: Some("203.0.113.24".into()),
            ..event_at(now, user_id, code, text, level)
        };
        let locked = |m: &str| match m {
            "TOKEN" => user.locks.token,
            "SMS" => user.locks.sms,
            "VOICE" => user.locks.voice,
            "APPROVE" => user.locks.approve,
            "FINGERPRINT" | "BIOMETRICS" => user.locks.fingerprint,
            _ => false,
        };
        let mut events = Vec::new();
        if !user.enabled || user.mark_deleted.is_some() {
            events.push(base(
                code::USER_DISABLED,
                "Authentication failed. User is disabled.".into(),
                "WARN",
            ));
        } else {
            match attempt {
                SignIn::Succeed(method) if locked(method) => events.push(AuthEvent {
                    method: Some(method.clone()),
                    ..base(
                        code::REFUSED_LOCKED,
                        format!("Authentication failed. The {method} method is locked."),
                        "WARN",
                    )
                }),
                SignIn::Succeed(method) if method == "APPROVE" && user.devices.is_empty() => events
                    .push(AuthEvent {
                        method: Some(method.clone()),
                        ..base(
                            code::NO_DEVICE,
                            "Authentication failed. User does not have a registered device.".into(),
                            "WARN",
                        )
                    }),
                SignIn::Succeed(method) => {
                    self.failures.remove(user_id);
                    let device = user.devices.first().filter(|_| method == "APPROVE");
                    events.push(AuthEvent {
                        method: Some(method.clone()),
                        device_name: device.map(|d| d.name.clone()),
                        device_id: device.map(|d| d.id.clone()),
                        policy: Some("All users - MFA".into()),
                        details: Some(format!("Assurance level HIGH satisfied with {method}")),
                        ..base(
                            code::SIGN_IN_OK,
                            format!("User authenticated successfully using {method}."),
                            "INFO",
                        )
                    })
                }
                SignIn::WrongTokencode if user.locks.token => events.push(AuthEvent {
                    method: Some("TOKEN".into()),
                    ..base(
                        code::REFUSED_LOCKED,
                        "Authentication failed. The TOKEN method is locked.".into(),
                        "WARN",
                    )
                }),
                SignIn::WrongTokencode => {
                    let count = self.failures.entry(user_id.to_string()).or_default();
                    *count += 1;
                    let count = *count;
                    events.push(AuthEvent {
                        method: Some("TOKEN".into()),
                        details: Some(format!("Failed attempt {count} of {TOKENCODE_LOCKOUT}")),
                        ..base(
                            code::WRONG_TOKENCODE,
                            "Authentication failed. Invalid tokencode.".into(),
                            "WARN",
                        )
                    });
                    if count >= TOKENCODE_LOCKOUT {
                        self.failures.remove(user_id);
                        if let Some(u) = self.by_id_mut(user_id) {
                            u.locks.token = true;
                        }
                        events.push(AuthEvent {
                            method: Some("TOKEN".into()),
                            ..base(
                                code::METHOD_LOCKED,
                                format!(
                                    "Authentication method TOKEN locked after {TOKENCODE_LOCKOUT} consecutive failed attempts."
                                ),
                                "ERROR",
                            )
                        });
                    }
                }
                SignIn::Fails(method) => {
                    let (code, text) = if locked(method) {
                        (
                            code::REFUSED_LOCKED,
                            format!("Authentication failed. The {method} method is locked."),
                        )
                    } else if method == "APPROVE" {
                        (
                            code::APPROVE_DENIED,
                            "Authentication failed. User denied the Approve request.".into(),
                        )
                    } else {
                        (code::WRONG_CODE, format!("Authentication failed. Invalid {method} code."))
                    };
                    events.push(AuthEvent {
                        method: Some(method.clone()),
                        ..base(code, text, "WARN")
                    })
                }
                SignIn::DeniedByPolicy(policy) => events.push(AuthEvent {
                    policy: Some(policy.clone()),
                    ..base(
                        code::POLICY_DENIED,
                        format!("Access denied by policy {policy}."),
                        "WARN",
                    )
                }),
            }
        }
        let codes = events.iter().map(|e| e.code.clone()).collect();
        for event in events {
            self.push_event(event);
        }
        Some(codes)
    }
}
