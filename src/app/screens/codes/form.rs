//! The Codes form: what it holds, how keys change it, and the requests it makes. The request
//! is a function of what the form draws and nothing else: a field that is not drawn (the
//! custom address under DISPLAY) is not sent, and a validity is sent exactly as typed or
//! refused with the reason.

use crate::api::{CodeMode, CodeValidity, Delivery, GenerateCodeRequest, ValidityUnit};
use crate::app::duration_field::DurationField;
use crate::app::form::{Field as FormField, FieldKind, FormCursor};
use crate::app::keys::cycle;
use crate::duration_text::TimeUnit;
use crate::text::sanitize;
use crate::userlist::{UserList, email_problem};
use tui_input::Input;
use tui_input::backend::crossterm::EventHandler;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Field {
    Mode,
    Users,
    Validity,
    Unit,
    Delivery,
    CustomEmail,
    Results,
}

impl FormField for Field {
    fn kind(self) -> FieldKind {
        match self {
            Self::Users | Self::Validity | Self::CustomEmail => FieldKind::Text,
            Self::Mode | Self::Unit | Self::Delivery => FieldKind::Choice,
            Self::Results => FieldKind::Table,
        }
    }
}

pub(super) const UNITS: [ValidityUnit; 2] = ValidityUnit::ALL;

/// What the service does with no validity: the documented default.
pub(super) const DEFAULT_MINUTES: u32 = 10;

pub(super) struct CodesForm {
    pub mode: CodeMode,
    pub users: Input,
    pub validity: DurationField<ValidityUnit>,
    pub delivery: Delivery,
    pub custom_email: Input,
    pub cursor: FormCursor<Field>,
}

impl Default for CodesForm {
    fn default() -> Self {
        Self {
            mode: CodeMode::Enrollment,
            users: Input::default(),
            validity: DurationField::new(&UNITS, ValidityUnit::Minutes),
            delivery: Delivery::Display,
            custom_email: Input::default(),
            cursor: FormCursor::new(Field::Users),
        }
    }
}

/// One run's requests and what they ask, as the confirmation and results state it.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct Asked {
    pub requests: Vec<GenerateCodeRequest>,
    pub validity: Option<CodeValidity>,
    pub delivery: Delivery,
    pub custom_email: Option<String>,
}

impl Asked {
    /// "2 hours" or "10 minutes (service default)".
    pub fn validity_words(&self) -> String {
        validity_words(self.validity)
    }

    /// "shown on screen", "e-mailed to each user", "e-mailed to help@example.com".
    pub fn delivery_words(&self) -> String {
        match (self.delivery, &self.custom_email) {
            (Delivery::Display, _) => "shown on screen".into(),
            (Delivery::Email, None) => "e-mailed to the user's own address".into(),
            (Delivery::Email, Some(address)) => format!("e-mailed to {}", sanitize(address)),
        }
    }

    /// The validity asked for, in minutes (the service's default when none was given).
    pub fn minutes(&self) -> u32 {
        self.validity.map_or(DEFAULT_MINUTES, CodeValidity::minutes)
    }
}

pub(super) fn validity_words(validity: Option<CodeValidity>) -> String {
    match validity {
        Some(v) => format!("{} {}", v.value(), v.unit().word(v.value() != 1)),
        None => format!("{DEFAULT_MINUTES} minutes (service default)"),
    }
}

impl CodesForm {
    pub fn fields(&self, results: bool) -> Vec<Field> {
        let mut fields =
            vec![Field::Mode, Field::Users, Field::Validity, Field::Unit, Field::Delivery];
        if self.delivery == Delivery::Email {
            fields.push(Field::CustomEmail);
        }
        if results {
            fields.push(Field::Results);
        }
        fields
    }

    fn focused_input(&mut self) -> Option<&mut Input> {
        match self.cursor.focus() {
            Field::Users => Some(&mut self.users),
            Field::Validity => Some(&mut self.validity.input),
            Field::CustomEmail => Some(&mut self.custom_email),
            _ => None,
        }
    }

    /// A key typed into the focused field.
    pub fn type_key(&mut self, key: &crossterm::event::KeyEvent) {
        if self.cursor.is(Field::Validity) {
            self.validity.type_key(key);
        } else if let Some(input) = self.focused_input() {
            input.handle_event(&crossterm::event::Event::Key(*key));
        }
    }

    pub fn toggle(&mut self, forward: bool) {
        match self.cursor.focus() {
            Field::Mode => {
                self.mode =
                    cycle(&[CodeMode::Enrollment, CodeMode::PasswordReset], self.mode, forward)
            }
            Field::Unit => self.validity.change_unit(forward),
            Field::Delivery => {
                self.delivery =
                    cycle(&[Delivery::Display, Delivery::Email], self.delivery, forward);
                let fields = self.fields(false);
                self.cursor.keep_within(&fields, Field::Delivery);
            }
            _ => {}
        }
    }

    /// The validity the form sends (`None`: the service's default), or why it cannot.
    pub fn validity(&self) -> Result<Option<CodeValidity>, String> {
        CodeValidity::parse_with_unit(self.validity.input.value(), self.validity.unit)
            .map_err(|e| format!("Validity {e}."))
    }

    /// The custom address the form sends: only under EMAIL, where it is drawn.
    fn custom_email(&self) -> Result<Option<String>, String> {
        match (self.delivery, self.custom_email.value().trim()) {
            (Delivery::Email, "") | (Delivery::Display, _) => Ok(None),
            (Delivery::Email, address) => match email_problem(address) {
                Some(problem) => {
                    Err(format!("The custom e-mail address is not valid ({problem})."))
                }
                None => Ok(Some(address.to_string())),
            },
        }
    }

    /// Checks the form and builds one request per user, or says what is wrong.
    pub fn asked(&self) -> Result<Asked, String> {
        let emails = self.users()?;
        if emails.is_empty() {
            return Err("Type at least one e-mail address.".into());
        }
        let validity = self.validity()?;
        let custom_email = self.custom_email()?;
        let requests = emails
            .into_iter()
            .map(|email| GenerateCodeRequest {
                email,
                validity,
                delivery: Some(self.delivery),
                custom_email: custom_email.clone(),
            })
            .collect();
        Ok(Asked { requests, validity, delivery: self.delivery, custom_email })
    }

    /// The addresses in the users field, or the first that is not one.
    fn users(&self) -> Result<Vec<String>, String> {
        let text = self.users.value().replace([',', ';', ' ', '\t'], "\n");
        let list = UserList::parse(&text);
        match list.malformed.first() {
            Some(bad) => {
                Err(format!("\"{}\" is not a valid e-mail address ({}).", bad.text, bad.reason))
            }
            None => Ok(list.emails),
        }
    }

    /// The line under the form: what Enter would ask for, or what stops it, as the fields
    /// read now (an empty users field is not yet a fault: it is where the form starts; nor is
    /// an address half typed, while it is being typed).
    pub fn preview(&self) -> Result<String, String> {
        if !(self.cursor.is(Field::Users) && self.cursor.editing()) {
            self.users()?;
        }
        let validity = self.validity()?;
        let custom_email = self.custom_email()?;
        let asked = Asked { requests: Vec::new(), validity, delivery: self.delivery, custom_email };
        Ok(format!(
            "Enter asks: {} codes, {}, {}.",
            self.mode.label(),
            asked.validity_words(),
            asked.delivery_words()
        ))
    }
}
