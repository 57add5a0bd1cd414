//! How a [`Status`] is drawn: its symbol and word, styled by the theme. The status itself is in
//! `crate::status`, where the engine and the commands use it too.

pub use crate::status::Status;
use crate::ui::theme::Theme;
use ratatui::text::Span;

impl Status {
    /// "✓ OK", styled by the theme.
    pub fn span(self, theme: &Theme) -> Span<'static> {
        Span::styled(format!("{} {}", self.symbol(), self.word()), theme.status(self))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_span_is_the_symbol_and_the_word() {
        assert_eq!(Status::Ok.span(&Theme::monochrome()).content, "✓ OK");
        assert_eq!(Status::Warning.span(&Theme::monochrome()).content, "⚠ WARNING");
    }
}
