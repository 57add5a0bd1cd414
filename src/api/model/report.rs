//! The three reports of Generate and Download Report, as the path, people and commands name
//! them.

/// A report the service makes (`POST v1/report/{kind}/generate`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReportKind {
    Users,
    HardwareTokens,
    MfaClients,
}

impl ReportKind {
    pub const ALL: [ReportKind; 3] =
        [ReportKind::Users, ReportKind::HardwareTokens, ReportKind::MfaClients];

    /// As the path spells it: `users`, `hardware_tokens`, `mfa_clients`.
    pub const fn path(self) -> &'static str {
        match self {
            ReportKind::Users => "users",
            ReportKind::HardwareTokens => "hardware_tokens",
            ReportKind::MfaClients => "mfa_clients",
        }
    }

    /// As commands take it: `users`, `hardware-tokens`, `mfa-clients`.
    pub const fn command(self) -> &'static str {
        match self {
            ReportKind::Users => "users",
            ReportKind::HardwareTokens => "hardware-tokens",
            ReportKind::MfaClients => "mfa-clients",
        }
    }

    /// For people, as a sentence goes on: "users", "hardware tokens", "MFA clients".
    pub const fn words(self) -> &'static str {
        match self {
            ReportKind::Users => "users",
            ReportKind::HardwareTokens => "hardware tokens",
            ReportKind::MfaClients => "MFA clients",
        }
    }

    /// As a heading starts: "Users", "Hardware tokens", "MFA clients".
    pub const fn title(self) -> &'static str {
        match self {
            ReportKind::Users => "Users",
            ReportKind::HardwareTokens => "Hardware tokens",
            ReportKind::MfaClients => "MFA clients",
        }
    }

    /// Any of the three spellings, any case.
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim().to_ascii_lowercase();
        Self::ALL.into_iter().find(|k| text == k.path() || text == k.command())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_spelling_reads_back() {
        for kind in ReportKind::ALL {
            assert_eq!(ReportKind::parse(kind.path()), Some(kind));
            assert_eq!(ReportKind::parse(&kind.command().to_uppercase()), Some(kind));
        }
        assert_eq!(ReportKind::parse("browsers"), None);
    }
}
