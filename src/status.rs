//! Status as symbol + word (+ colour, which the console adds): never colour alone, so it reads
//! on a monochrome terminal, under `NO_COLOR`, to someone who cannot tell red from green, and
//! in a script's CSV. Here, apart from the drawing, so the bulk engine and the commands can
//! name a status without reaching into the console's drawing code.

use crate::api::ResultCode;

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

    /// How a per-user result reads: done, nothing to do or not known, or not done. A code the
    /// documents do not name is never success: the service may or may not have acted.
    pub fn of_result(code: ResultCode) -> Self {
        if code.is_success() {
            Self::Ok
        } else if code.is_nothing_to_do() || code.is_unrecognised() {
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
    }

    #[test]
    fn result_codes_map_to_the_status_a_helpdesk_expects() {
        assert_eq!(Status::of_result(ResultCode::Generated), Status::Ok);
        assert_eq!(Status::of_result(ResultCode::EnrollmentVoided), Status::Ok);
        assert_eq!(Status::of_result(ResultCode::EnrollmentNothingToVoid), Status::Warning);
        assert_eq!(Status::of_result(ResultCode::Unknown(1099)), Status::Warning);
        assert_eq!(Status::of_result(ResultCode::missing()), Status::Warning);
        assert_eq!(Status::of_result(ResultCode::InvalidUser), Status::Failed);
        assert_eq!(Status::of_result(ResultCode::EmailNotConfigured), Status::Failed);
    }
}
