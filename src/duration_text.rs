//! A length of time as people type it: `90`, `30m`, `2h`, `2 hours`, `3d`. The console's
//! validity fields and the commands' `--validity` read it with this one parser, so the same
//! text means the same thing everywhere, and a text that is not a whole amount (`1.5`) is
//! refused with the reason rather than read as something else.

/// A unit a length of time can be given in.
pub trait TimeUnit: Copy + PartialEq + 'static {
    /// What may follow the number for this unit, lower case (`m`, `min`, `minutes`, …).
    fn suffixes(self) -> &'static [&'static str];
    /// Its length in minutes.
    fn minutes(self) -> u64;
    /// The word for it, singular or plural: "minute", "hours".
    fn word(self, plural: bool) -> &'static str;
}

/// An amount parsed from text: how many of which unit, and whether the text named the unit
/// (when it did not, the caller's choice of unit was used).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Amount<U> {
    pub value: u32,
    pub unit: U,
    pub unit_typed: bool,
}

impl<U: TimeUnit> Amount<U> {
    /// "2 hours", "1 minute".
    pub fn words(&self) -> String {
        format!("{} {}", self.value, self.unit.word(self.value != 1))
    }
}

/// Reads `text` as a whole number of one of `units`, with `default` for a bare number.
/// `Ok(None)` for an empty text (the caller decides what empty means).
pub fn parse<U: TimeUnit>(
    text: &str,
    units: &[U],
    default: U,
) -> Result<Option<Amount<U>>, String> {
    let lower = text.trim().to_ascii_lowercase();
    if lower.is_empty() {
        return Ok(None);
    }
    let digits_end =
        lower.find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ',')).unwrap_or(lower.len());
    let (number, suffix) = lower.split_at(digits_end);
    let suffix = suffix.trim();
    let (unit, unit_typed) = if suffix.is_empty() {
        (default, false)
    } else {
        match units.iter().find(|u| u.suffixes().contains(&suffix)) {
            Some(unit) => (*unit, true),
            None => return Err(not_a_length(text, units)),
        }
    };
    if number.is_empty() {
        return Err(not_a_length(text, units));
    }
    if let Ok(value) = number.parse::<u32>() {
        return Ok(Some(Amount { value, unit, unit_typed }));
    }
    if number.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "\"{}\" is far too long a time",
            crate::text::sanitize_excerpt(text.trim(), 20)
        ));
    }
    // A fraction: never rounded or cut, but said in a smaller unit when it is a whole one.
    let shown = crate::text::sanitize(text.trim());
    let exact = number
        .replace(',', ".")
        .parse::<f64>()
        .ok()
        .and_then(|f| smaller_whole(f, unit, units))
        .map(|(value, smaller)| format!("; {value} {} is the same", smaller.word(value != 1)))
        .unwrap_or_default();
    Err(format!("\"{shown}\": whole {} only{exact}", unit.word(true)))
}

/// `amount` of `unit` as a whole number of the largest smaller unit in `units` it is one of.
fn smaller_whole<U: TimeUnit>(amount: f64, unit: U, units: &[U]) -> Option<(u64, U)> {
    let mut smaller: Vec<U> =
        units.iter().copied().filter(|u| u.minutes() < unit.minutes()).collect();
    smaller.sort_by_key(|u| std::cmp::Reverse(u.minutes()));
    smaller.into_iter().find_map(|smaller| {
        let value = amount * unit.minutes() as f64 / smaller.minutes() as f64;
        (value.is_finite() && value > 0.0 && (value - value.round()).abs() < 1e-9)
            .then_some((value.round() as u64, smaller))
    })
}

/// The text before a unit typed at its end (`"1.5"` of `"1.5h"`) and that unit, whether or
/// not the number reads: a changed unit choice replaces it, so text and choice never disagree.
pub fn typed_unit<U: TimeUnit>(text: &str, units: &[U]) -> Option<(String, U)> {
    let lower = text.trim_end().to_ascii_lowercase();
    let mut found: Option<(usize, U)> = None;
    for unit in units {
        for suffix in unit.suffixes() {
            if lower.ends_with(suffix) && found.is_none_or(|(len, _)| suffix.len() > len) {
                let before = lower[..lower.len() - suffix.len()].chars().last();
                if before.is_none_or(|c| c.is_ascii_digit() || c == ' ' || c == '.' || c == ',') {
                    found = Some((suffix.len(), *unit));
                }
            }
        }
    }
    found.map(|(len, unit)| {
        let kept = text.trim_end();
        (kept[..kept.len() - len].trim_end().to_string(), unit)
    })
}

fn not_a_length<U: TimeUnit>(text: &str, units: &[U]) -> String {
    let examples: Vec<String> =
        units.iter().map(|u| format!("{} ({}{})", u.word(true), 2, u.suffixes()[0])).collect();
    format!(
        "\"{}\" is not a length of time: type a whole number of {}",
        crate::text::sanitize(text.trim()),
        examples.join(" or ")
    )
}

impl TimeUnit for crate::api::ValidityUnit {
    fn suffixes(self) -> &'static [&'static str] {
        match self {
            Self::Minutes => &["m", "min", "mins", "minute", "minutes"],
            Self::Hours => &["h", "hr", "hrs", "hour", "hours"],
        }
    }
    fn minutes(self) -> u64 {
        match self {
            Self::Minutes => 1,
            Self::Hours => 60,
        }
    }
    fn word(self, plural: bool) -> &'static str {
        match (self, plural) {
            (Self::Minutes, false) => "minute",
            (Self::Minutes, true) => "minutes",
            (Self::Hours, false) => "hour",
            (Self::Hours, true) => "hours",
        }
    }
}

impl TimeUnit for crate::api::EacExpiryUnit {
    fn suffixes(self) -> &'static [&'static str] {
        match self {
            Self::Minutes => &["m", "min", "mins", "minute", "minutes"],
            Self::Hours => &["h", "hr", "hrs", "hour", "hours"],
            Self::Days => &["d", "day", "days"],
        }
    }
    fn minutes(self) -> u64 {
        match self {
            Self::Minutes => 1,
            Self::Hours => 60,
            Self::Days => 24 * 60,
        }
    }
    fn word(self, plural: bool) -> &'static str {
        match (self, plural) {
            (Self::Minutes, false) => "minute",
            (Self::Minutes, true) => "minutes",
            (Self::Hours, false) => "hour",
            (Self::Hours, true) => "hours",
            (Self::Days, false) => "day",
            (Self::Days, true) => "days",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::api::ValidityUnit;

    const UNITS: [ValidityUnit; 2] = [ValidityUnit::Minutes, ValidityUnit::Hours];

    fn read(text: &str, default: ValidityUnit) -> Result<Option<(u32, ValidityUnit)>, String> {
        parse(text, &UNITS, default).map(|a| a.map(|a| (a.value, a.unit)))
    }

    #[test]
    fn numbers_with_and_without_units() {
        use ValidityUnit::*;
        assert_eq!(read("90", Minutes), Ok(Some((90, Minutes))));
        assert_eq!(read("2", Hours), Ok(Some((2, Hours))));
        assert_eq!(read("30m", Hours), Ok(Some((30, Minutes))));
        assert_eq!(read(" 2 H ", Minutes), Ok(Some((2, Hours))));
        assert_eq!(read("2 hours", Minutes), Ok(Some((2, Hours))));
        assert_eq!(read("45 min", Hours), Ok(Some((45, Minutes))));
        assert_eq!(read("", Hours), Ok(None));
        assert_eq!(read("   ", Hours), Ok(None));
    }

    #[test]
    fn fractions_are_refused_with_the_whole_equivalent() {
        let error = read("1.5", ValidityUnit::Hours).unwrap_err();
        assert!(error.contains("whole hours only"), "{error}");
        assert!(error.contains("90 minutes is the same"), "{error}");
        let error = read("1,5h", ValidityUnit::Minutes).unwrap_err();
        assert!(error.contains("90 minutes"), "{error}");
        let error = read("10.5", ValidityUnit::Minutes).unwrap_err();
        assert!(error.contains("whole minutes only"), "{error}");
        assert!(!error.contains("the same"), "{error}");
    }

    #[test]
    fn a_fraction_is_said_in_the_largest_whole_smaller_unit() {
        use crate::api::EacExpiryUnit::*;
        let units = [Minutes, Hours, Days];
        let error = parse("1.5d", &units, Hours).unwrap_err();
        assert!(error.contains("36 hours is the same"), "{error}");
        let error = parse("0.25d", &units, Hours).unwrap_err();
        assert!(error.contains("6 hours is the same"), "{error}");
    }

    #[test]
    fn a_number_too_big_is_not_called_a_fraction() {
        let error = read("5000000000h", ValidityUnit::Minutes).unwrap_err();
        assert!(error.contains("far too long"), "{error}");
        assert!(!error.contains("the same"), "{error}");
    }

    #[test]
    fn the_unit_typed_is_found_whether_the_number_reads_or_not() {
        assert_eq!(typed_unit("1.5h", &UNITS), Some(("1.5".into(), ValidityUnit::Hours)));
        assert_eq!(typed_unit("30 min", &UNITS), Some(("30".into(), ValidityUnit::Minutes)));
        assert_eq!(typed_unit("90", &UNITS), None);
        assert_eq!(typed_unit("xh", &UNITS), None, "a unit follows a number");
    }

    #[test]
    fn other_text_says_what_to_type() {
        for text in ["abc", "2x", "h", "-5", "2hh", "1e3"] {
            let error = read(text, ValidityUnit::Minutes).unwrap_err();
            assert!(error.contains("not a length of time") || error.contains("whole"), "{error}");
        }
        let error = read("\u{1b}[31m5", ValidityUnit::Minutes).unwrap_err();
        assert!(!error.contains('\u{1b}'), "the text is sanitised before it is shown");
    }

    proptest::proptest! {
        /// Whatever is typed, the parser either gives the number written, in the unit written
        /// (or the default), or refuses: it never reads a different number.
        #[test]
        fn never_reads_another_number(text in "[0-9 .,a-z]{0,8}") {
            if let Ok(Some(amount)) = read(&text, ValidityUnit::Hours) {
                let digits: String =
                    text.chars().filter(|c| !c.is_whitespace()).take_while(char::is_ascii_digit).collect();
                proptest::prop_assert_eq!(digits.parse::<u32>().ok(), Some(amount.0));
            }
        }
    }
}
