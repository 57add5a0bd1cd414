//! The OAuth scopes of the Cloud Administration API that casdesk uses (RSA "OAuth 2.0 Based
//! Permissions for the Cloud Administration APIs"), in one list: the client asks for them, the
//! simulator's router requires them per endpoint, and the README's table names them. Each is
//! spelled once, here; the tests below fail when the three disagree.

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Scope {
    UserRead,
    UserManage,
    UserSync,
    UserFactorManage,
    MobileRead,
    MobileManage,
    MobileDelete,
    SidTokenManage,
    /// Retrieve Hardware Token Details (a token by its serial).
    SidTokenRead,
    EmergencyManage,
    AuditUser,
    /// Mark User Deleted (and take the mark away).
    UserDeleteSoft,
    /// Live Verification. The name comes only from INGO-JAVA; RSA's permissions page does not
    /// list it yet, so a client may well be refused it (see [`Scope::OPTIONAL`]).
    UserVerify,
    /// Enable / Disable FIDO Authenticator (suspend a lost key, restore it).
    FidoManage,
    /// Retrieve SecurID DS100 OTP Credential (by the device's serial).
    Ds100Read,
    /// Enable / disable a DS100's OTP credential, clear its PIN.
    Ds100Manage,
    /// Delete a DS100's OTP credential.
    Ds100Delete,
    /// The Administration Event Log (who else acted on a user). Optional: a client made
    /// before casdesk read it keeps every other action.
    AuditAdmin,
    /// Generate and Download Report. RSA's permissions page names no scope for them yet; the
    /// name is casdesk's guess, asked for as optional (see [`Scope::OPTIONAL`]).
    Report,
}

impl Scope {
    /// Every scope a helpdesk console needs for what it does.
    pub const ALL: [Scope; 19] = [
        Scope::UserRead,
        Scope::UserManage,
        Scope::UserSync,
        Scope::UserFactorManage,
        Scope::MobileRead,
        Scope::MobileManage,
        Scope::MobileDelete,
        Scope::SidTokenManage,
        Scope::EmergencyManage,
        Scope::AuditUser,
        Scope::UserDeleteSoft,
        Scope::UserVerify,
        Scope::FidoManage,
        Scope::Ds100Read,
        Scope::Ds100Manage,
        Scope::Ds100Delete,
        Scope::SidTokenRead,
        Scope::AuditAdmin,
        Scope::Report,
    ];

    /// Asked for with the rest but not needed by anything else: a client refused one of these
    /// asks again without them before it falls back to [`Scope::CORE`], so a client made for
    /// the previous casdesk keeps every action it had.
    pub const OPTIONAL: [Scope; 9] = [
        Scope::UserDeleteSoft,
        Scope::UserVerify,
        Scope::FidoManage,
        Scope::Ds100Read,
        Scope::Ds100Manage,
        Scope::Ds100Delete,
        Scope::SidTokenRead,
        Scope::AuditAdmin,
        Scope::Report,
    ];

    /// What casdesk asked for before it unlocked, disabled, synced, read sign-in logs and
    /// managed tokens: a client made then is allowed these.
    pub const CORE: [Scope; 5] = [
        Scope::UserRead,
        Scope::UserFactorManage,
        Scope::MobileRead,
        Scope::MobileManage,
        Scope::EmergencyManage,
    ];

    /// As the service spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::UserRead => "rsa.user.read",
            Scope::UserManage => "rsa.user.manage",
            Scope::UserSync => "rsa.user.sync",
            Scope::UserFactorManage => "rsa.user.factor.manage",
            Scope::MobileRead => "rsa.authenticator.mobile.read",
            Scope::MobileManage => "rsa.authenticator.mobile.manage",
            Scope::MobileDelete => "rsa.authenticator.mobile.delete",
            Scope::SidTokenManage => "rsa.authenticator.sidtoken.manage",
            Scope::EmergencyManage => "rsa.authenticator.emergency.manage",
            Scope::AuditUser => "rsa.audit.user",
            Scope::UserDeleteSoft => "rsa.user.delete.soft",
            Scope::UserVerify => "rsa.user.verify",
            Scope::FidoManage => "rsa.authenticator.fido.manage",
            Scope::Ds100Read => "rsa.authenticator.ds100.read",
            Scope::Ds100Manage => "rsa.authenticator.ds100.manage",
            Scope::Ds100Delete => "rsa.authenticator.ds100.delete",
            Scope::SidTokenRead => "rsa.authenticator.sidtoken.read",
            Scope::AuditAdmin => "rsa.audit.admin",
            Scope::Report => "rsa.report.manage",
        }
    }
}

const fn names<const N: usize>(scopes: [Scope; N]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = scopes[i].as_str();
        i += 1;
    }
    out
}

/// [`Scope::ALL`] as the token request spells them.
pub const HELPDESK_SCOPES: &[&str] = &names(Scope::ALL);

/// [`Scope::ALL`] less [`Scope::OPTIONAL`]: asked for when the whole list is refused.
pub fn required_scopes() -> Vec<&'static str> {
    Scope::ALL.into_iter().filter(|s| !Scope::OPTIONAL.contains(s)).map(Scope::as_str).collect()
}

/// [`Scope::CORE`], asked for when even [`required_scopes`] are refused, so such a client keeps working
/// for lookups and codes, and only the newer actions are refused (each with the service's 403).
pub const CORE_SCOPES: &[&str] = &names(Scope::CORE);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::routes::ENDPOINTS;

    #[test]
    fn the_client_asks_for_every_scope_the_service_requires_and_no_other() {
        for endpoint in ENDPOINTS {
            assert!(
                Scope::ALL.contains(&endpoint.scope),
                "{} {} needs {}, which casdesk does not ask for",
                endpoint.method,
                endpoint.path,
                endpoint.scope.as_str()
            );
        }
        for scope in Scope::ALL {
            assert!(
                ENDPOINTS.iter().any(|e| e.scope == scope),
                "casdesk asks for {}, which no endpoint it calls needs",
                scope.as_str()
            );
        }
        assert!(Scope::CORE.iter().all(|s| Scope::ALL.contains(s)));
        assert!(Scope::OPTIONAL.iter().all(|s| Scope::ALL.contains(s) && !Scope::CORE.contains(s)));
    }

    #[test]
    fn the_readme_names_every_scope_casdesk_asks_for() {
        let readme = include_str!("../../README.md");
        for scope in Scope::ALL {
            let row = format!("| `{}` |", scope.as_str());
            assert!(readme.contains(&row), "the README's scope table lacks {}", scope.as_str());
        }
    }

    #[test]
    fn each_scope_is_spelled_once() {
        let mut spelled: Vec<&str> = HELPDESK_SCOPES.to_vec();
        spelled.sort_unstable();
        spelled.dedup();
        assert_eq!(spelled.len(), Scope::ALL.len());
        assert!(spelled.iter().all(|s| s.starts_with("rsa.")));
    }
}
