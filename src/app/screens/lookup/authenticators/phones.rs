//! The SMS and voice numbers form (`n` on the authenticators list): the numbers as the lookup
//! shows them, changed or emptied (an empty field clears the number), each checked (E.123 with
//! a country code) before anything is asked or sent. Only the numbers that differ are sent.

use crate::actions::UserAction;
use crate::actions::declared::{Args, SET_PHONES};
use crate::api::{PhoneChange, UserDetails};
use crate::text::sanitize;
use tui_input::Input;

pub struct PhoneForm {
    pub sms: Input,
    pub voice: Input,
    /// The cursor is in the voice field (else the SMS one).
    pub on_voice: bool,
}

impl PhoneForm {
    pub fn of(details: &UserDetails) -> Self {
        let shown = |n: &Option<String>| Input::new(n.as_deref().map(sanitize).unwrap_or_default());
        Self {
            sms: shown(&details.sms_number),
            voice: shown(&details.voice_number),
            on_voice: false,
        }
    }

    pub fn field(&mut self) -> &mut Input {
        if self.on_voice { &mut self.voice } else { &mut self.sms }
    }

    /// Enter in the form: the change to ask about, or why there is none to send.
    pub fn change(&self, details: &UserDetails) -> Result<UserAction, String> {
        let change = PhoneChange {
            sms: edit(self.sms.value(), &details.sms_number),
            voice: edit(self.voice.value(), &details.voice_number),
        };
        if change.sms.is_none() && change.voice.is_none() {
            return Err("Nothing changed: edit a number, or empty it to clear it.".into());
        }
        match change.checked() {
            Ok(checked) => Ok(UserAction { declared: &SET_PHONES, args: Args::Phones(checked) }),
            Err(e) => Err(crate::text::capitalised(&e.to_string())),
        }
    }
}

/// A field's value against the number on file: `None` when it is the same.
fn edit(typed: &str, now: &Option<String>) -> Option<String> {
    let typed = typed.trim();
    let now = now.as_deref().map(str::trim).unwrap_or("");
    // Compared without spaces: "+44 20 7946 0958" is "+442079460958".
    let bare = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    (bare(typed) != bare(now)).then(|| typed.to_string())
}

#[cfg(test)]
mod tests {
    use super::edit;

    #[test]
    fn only_a_number_that_differs_is_sent_and_spacing_is_not_a_difference() {
        let now = Some("+44 20 7946 0958".to_string());
        assert_eq!(edit("+442079460958", &now), None);
        assert_eq!(edit(" +44 20 7946 0959 ", &now), Some("+44 20 7946 0959".into()));
        assert_eq!(edit("", &now), Some(String::new()), "emptied: cleared");
        assert_eq!(edit("", &None), None, "nothing to clear");
    }
}
