//! Which declared actions (`actions/declared/`) are offered on what Lookup shows: on the user
//! found, on the row chosen on their authenticators list, and the forms over that list; each
//! as which of its faces the footer shows. A copyable value, so the keys' state can hold it.

use crate::actions::declared::{DECLARED, Declared, Offer, Target};
use crate::actions::{Item, Row};
use crate::api::{Authenticators, Device, FidoToken, SidToken, UserDetails, UserStatus};
use crate::app::keys::{Action, Binding, Key};

/// At most this many declared actions (a test holds `DECLARED` to it).
const MAX_DECLARED: usize = 32;

/// For each declared action, in `DECLARED`'s order: the face offered, if it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Offers([Option<u8>; MAX_DECLARED]);

impl Offers {
    pub const NONE: Offers = Offers([None; MAX_DECLARED]);

    fn each(offered: impl Fn(&Declared) -> Option<usize>) -> Self {
        let mut offers = Self::NONE;
        for (slot, declared) in offers.0.iter_mut().zip(DECLARED.iter()) {
            *slot = offered(declared).and_then(|face| u8::try_from(face).ok());
        }
        offers
    }

    /// What is offered on the user found.
    pub fn for_user(details: &UserDetails) -> Self {
        Self::each(|d| match d.target {
            Target::User(offered) => offered(details)?.face(),
            _ => None,
        })
    }

    /// What is offered on the row chosen, and the forms over the list.
    pub fn for_row(row: Option<&Row>) -> Self {
        Self::each(|d| match (&d.target, row) {
            (Target::Row(offered), Some(row)) => offered(row)?.face(),
            (Target::Form(form), row) => form.offered_on(row).then_some(0),
            _ => None,
        })
    }

    /// The bindings of what is offered (those not shown in the footer, in the help only),
    /// those acting on a row or a user first and then the forms, or only the one or the other.
    pub fn bindings(self, forms: bool, out: &mut Vec<Binding>) {
        for (face, declared) in self.0.iter().zip(DECLARED.iter()) {
            if matches!(declared.target, Target::Form(_)) != forms {
                continue;
            }
            if let Some(words) = face.and_then(|f| declared.faces.get(usize::from(f))) {
                let key = [Key::Char(declared.key)];
                let binding = Binding::new(&key, Action::Declared(declared.command), *words);
                out.push(if declared.in_footer { binding } else { binding.quiet() });
            }
        }
    }

    /// What users of every status are offered, and nothing: every state the keys can be in.
    pub fn user_samples() -> Vec<Self> {
        let mut samples: Vec<Self> = sample_users().iter().map(Self::for_user).collect();
        samples.push(Self::NONE);
        samples.sort_by_key(|o| o.0);
        samples.dedup();
        samples
    }

    /// What every kind of row is offered, for users enabled and not, and no row.
    pub fn row_samples() -> Vec<Self> {
        let all = sample_authenticators();
        let mut samples = vec![Self::for_row(None)];
        for user in sample_users() {
            for item in crate::actions::items(&all) {
                samples.push(Self::for_row(Some(&Row { user: &user, all: &all, item })));
            }
            // The only device of an enabled user, replaceable.
            let only = Authenticators { devices: all.devices[..1].to_vec(), ..Default::default() };
            let item = Item::Device(&only.devices[0]);
            samples.push(Self::for_row(Some(&Row { user: &user, all: &only, item })));
        }
        samples.sort_by_key(|o| o.0);
        samples.dedup();
        samples
    }
}

/// Why an action on this row is not offered now, where one says (shown under the row).
pub fn reason_not_offered(row: &Row) -> Option<String> {
    DECLARED.iter().find_map(|d| match d.target {
        Target::Row(offered) => match offered(row)? {
            Offer::NotNow { why } => Some(why),
            _ => None,
        },
        _ => None,
    })
}

/// An offer's face as the key asked for it, for the user found.
pub fn for_user(declared: &Declared, details: &UserDetails) -> Option<Offer> {
    match declared.target {
        Target::User(offered) => offered(details),
        _ => None,
    }
}

/// Users in every state an offer may depend on: each status, marked for deletion or not,
/// locked where RSA's API unlocks, where it cannot, or not at all.
fn sample_users() -> Vec<UserDetails> {
    let mut users = Vec::new();
    for user_status in [Some(UserStatus::Enabled), Some(UserStatus::Disabled), None] {
        for mark_deleted in [Some(true), None] {
            for (token, approve) in [(false, false), (true, false), (false, true)] {
                users.push(UserDetails {
                    user_status: user_status.clone(),
                    mark_deleted,
                    is_token_locked: Some(token),
                    is_approve_locked: Some(approve),
                    email_address: Some("sample@example.com".into()),
                    ..UserDetails::default()
                });
            }
        }
    }
    users
}

fn sample_authenticators() -> Authenticators {
    let device = |id: Option<&str>| Device { id: id.map(str::to_string), ..Device::default() };
    let fido = |id: Option<&str>| FidoToken { id: id.map(str::to_string), ..FidoToken::default() };
    let token = |status: Option<&str>, pin_set| SidToken {
        token_serial_number: Some("000123456789".into()),
        token_status: status.map(str::to_string),
        pin_set,
        ..SidToken::default()
    };
    let mut sid_tokens = Vec::new();
    for status in [Some("Enabled"), Some("Disabled"), None] {
        for pin in [Some(false), None] {
            sid_tokens.push(token(status, pin));
        }
    }
    sid_tokens
        .push(SidToken { token_serial_number: Some("not a serial".into()), ..token(None, None) });
    let mut devices = vec![device(Some("d1")), device(Some("d2")), device(None)];
    devices.extend(crate::app::screens::lookup::sample_rows::ds100_and_browsers());
    let mut fido_tokens = vec![fido(Some("f1")), fido(None)];
    fido_tokens.extend(crate::app::screens::lookup::sample_rows::fido_states());
    Authenticators { devices, fido_tokens, sid_tokens }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_declared_action_is_offered_to_someone_and_fits_the_offers_kept() {
        assert!(DECLARED.len() <= MAX_DECLARED, "raise MAX_DECLARED");
        let mut bound = std::collections::HashSet::new();
        for offers in Offers::user_samples().into_iter().chain(Offers::row_samples()) {
            let mut out = Vec::new();
            offers.bindings(false, &mut out);
            offers.bindings(true, &mut out);
            bound.extend(out.into_iter().map(|b| b.action));
        }
        assert_eq!(bound.len(), DECLARED.len(), "each is offered to someone: {bound:?}");
    }
}
