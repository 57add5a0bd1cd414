//! A length-of-time field with its unit choice beside it (Codes' validity, Emergency's): what
//! is typed is read as the commands read it (`30m`, `2h`, or a number in the unit chosen), a
//! unit typed moves the choice with it, and changing the choice rewrites the unit typed, so
//! the text and the choice drawn never disagree.

use super::keys::cycle;
use super::screens::VALIDITY_WIDTH;
use crate::duration_text::{Amount, TimeUnit};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

pub struct DurationField<U: TimeUnit> {
    pub input: Input,
    pub unit: U,
    units: &'static [U],
}

impl<U: TimeUnit> DurationField<U> {
    pub fn new(units: &'static [U], unit: U) -> Self {
        Self { input: Input::default(), unit, units }
    }

    /// The text as typed, with `unit` for a bare number.
    pub fn set(&mut self, text: String, unit: U) {
        self.input = Input::new(text);
        self.unit = unit;
    }

    /// What the field reads as: `Ok(None)` when empty, or why it is not a length of time.
    pub fn amount(&self) -> Result<Option<Amount<U>>, String> {
        crate::duration_text::parse(self.input.value(), self.units, self.unit)
    }

    /// A key typed into the field. It holds at most [`VALIDITY_WIDTH`] characters, all in view,
    /// so no part of what is sent is scrolled out of sight.
    pub fn type_key(&mut self, key: &crossterm::event::KeyEvent) {
        let before = self.input.clone();
        self.input.handle_event(&crossterm::event::Event::Key(*key));
        if self.input.value().chars().count() > VALIDITY_WIDTH {
            self.input = before;
        }
        self.follow_typed_unit();
    }

    /// A unit typed at the end of the text moves the choice with it, whether the number reads
    /// or not.
    fn follow_typed_unit(&mut self) {
        if let Some((_, unit)) = crate::duration_text::typed_unit(self.input.value(), self.units) {
            self.unit = unit;
        }
    }

    /// Pasted text: its first line, in place of what the field held, when it fits the field
    /// (else nothing changes, and the reason is returned to be shown).
    pub fn paste(&mut self, text: &str) -> Result<(), String> {
        let normalised = crate::userlist::normalise_newlines(text);
        let line = normalised.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or("");
        let line = crate::text::sanitize(line);
        if line.chars().count() > VALIDITY_WIDTH {
            return Err(format!(
                "Not pasted: a validity is at most {VALIDITY_WIDTH} characters (30m, 2h, 90)."
            ));
        }
        self.input = Input::new(line);
        self.follow_typed_unit();
        Ok(())
    }

    /// The next (or previous) unit; a unit typed in the field follows it.
    pub fn change_unit(&mut self, forward: bool) {
        let unit = cycle(self.units, self.unit, forward);
        // Whether or not the number reads, a unit typed is replaced by the one chosen.
        if let Some((number, _)) = crate::duration_text::typed_unit(self.input.value(), self.units)
        {
            self.input = Input::new(format!("{number}{}", unit.suffixes()[0]));
        }
        self.unit = unit;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::EacExpiryUnit;
    use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    const UNITS: [EacExpiryUnit; 3] =
        [EacExpiryUnit::Minutes, EacExpiryUnit::Hours, EacExpiryUnit::Days];

    fn typed(field: &mut DurationField<EacExpiryUnit>, text: &str) {
        for c in text.chars() {
            field.type_key(&KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
    }

    #[test]
    fn the_unit_typed_and_the_choice_follow_each_other() {
        let mut field = DurationField::new(&UNITS, EacExpiryUnit::Hours);
        typed(&mut field, "3d");
        assert_eq!(field.unit, EacExpiryUnit::Days, "typing a unit moves the choice");
        field.change_unit(false);
        assert_eq!((field.input.value(), field.unit), ("3h", EacExpiryUnit::Hours));
        let mut fraction = DurationField::new(&UNITS, EacExpiryUnit::Hours);
        typed(&mut fraction, "1.5h");
        fraction.change_unit(true);
        assert_eq!((fraction.input.value(), fraction.unit), ("1.5d", EacExpiryUnit::Days));
        let mut bare = DurationField::new(&UNITS, EacExpiryUnit::Hours);
        typed(&mut bare, "12");
        bare.change_unit(true);
        assert_eq!((bare.input.value(), bare.unit), ("12", EacExpiryUnit::Days));
    }

    #[test]
    fn a_paste_takes_the_place_of_the_text_when_it_fits() {
        let mut field = DurationField::new(&UNITS, EacExpiryUnit::Hours);
        field.paste("  3d\nignored").unwrap();
        assert_eq!((field.input.value(), field.unit), ("3d", EacExpiryUnit::Days));
        assert!(field.paste("a very long text").is_err());
        assert_eq!(field.input.value(), "3d", "a paste that does not fit changes nothing");
    }

    #[test]
    fn it_holds_no_more_than_is_in_view() {
        let mut field = DurationField::new(&UNITS, EacExpiryUnit::Hours);
        typed(&mut field, "1234567890");
        assert_eq!(field.input.value(), "12345678");
    }
}
