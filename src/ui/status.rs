//! Status as symbol + word + colour, never colour alone: it must read on a monochrome terminal,
//! under `NO_COLOR`, and to someone who cannot tell red from green.

use crate::api::ResultCode;
use crate::ui::theme::Theme;
use ratatui::text::Span;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Status {
    Ok,
    Failed,
    Warning,
    Pending,
}

impl Status {
    pub fn symbol(self) -> &'static str {
        match self {
            Self::Ok => "✓",
            Self::Failed => "✗",
            Self::Warning => "⚠",
            Self::Pending => "…",
        }
    }

    pub fn word(self) -> &'static str {
        match self {
            Self::Ok => "OK",
            Self::Failed => "FAILED",
            Self::Warning => "WARNING",
            Self::Pending => "PENDING",
        }
    }

    /// "✓ OK", styled by the theme.
    pub fn span(self, theme: &Theme) -> Span<'static> {
        Span::styled(format!("{} {}", self.symbol(), self.word()), theme.status(self))
    }

    /// How a per-user result reads: done, nothing to do, or not done.
    pub fn of_result(code: ResultCode) -> Self {
        if code.is_success() {
            Self::Ok
        } else if code.is_nothing_to_do() || matches!(code, ResultCode::Unknown(_)) {
            Self::Warning
        } else {
            Self::Failed
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_status_has_its_own_symbol_and_word() {
        let all = [Status::Ok, Status::Failed, Status::Warning, Status::Pending];
        let symbols: std::collections::HashSet<_> = all.iter().map(|s| s.symbol()).collect();
        let words: std::collections::HashSet<_> = all.iter().map(|s| s.word()).collect();
        assert_eq!((symbols.len(), words.len()), (4, 4));
        assert_eq!(Status::Ok.span(&Theme::monochrome()).content, "✓ OK");
    }

    #[test]
    fn result_codes_map_to_the_status_a_helpdesk_expects() {
        assert_eq!(Status::of_result(ResultCode::Generated), Status::Ok);
        assert_eq!(Status::of_result(ResultCode::EnrollmentVoided), Status::Ok);
        assert_eq!(Status::of_result(ResultCode::EnrollmentNothingToVoid), Status::Warning);
        assert_eq!(Status::of_result(ResultCode::Unknown(1999)), Status::Warning);
        assert_eq!(Status::of_result(ResultCode::InvalidUser), Status::Failed);
        assert_eq!(Status::of_result(ResultCode::EmailNotConfigured), Status::Failed);
    }
}
