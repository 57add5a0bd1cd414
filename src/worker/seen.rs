//! The users as the worker last looked them up, by id: what a sync is compared against, so the
//! audit record (and the ticket note drawn from it) says what the sync changed ("name George
//! Miller → George Miller-Hayes"), as the screen does, instead of only "synchronised".

use crate::api::UserDetails;
use std::collections::HashMap;
use std::sync::Mutex;

/// Enough for a day at the console; past it the oldest half is forgotten (a sync of a user
/// forgotten is recorded without the comparison, never with a wrong one).
const MOST: usize = 256;

#[derive(Default)]
pub(super) struct Seen {
    users: Mutex<HashMap<String, (u64, UserDetails)>>,
}

impl Seen {
    pub(super) fn remember(&self, details: &UserDetails) {
        let Some(id) = details.id.clone() else { return };
        let mut users = self.users.lock().unwrap_or_else(|e| e.into_inner());
        let next = users.values().map(|(n, _)| n + 1).max().unwrap_or(0);
        if users.len() >= MOST && !users.contains_key(&id) {
            let mut ages: Vec<u64> = users.values().map(|(n, _)| *n).collect();
            ages.sort_unstable();
            let cut = ages[ages.len() / 2];
            users.retain(|_, (n, _)| *n >= cut);
        }
        users.insert(id, (next, details.clone()));
    }

    /// The user with this id as last looked up, if remembered.
    pub(super) fn get(&self, id: &str) -> Option<UserDetails> {
        let users = self.users.lock().unwrap_or_else(|e| e.into_inner());
        users.get(id).map(|(_, details)| details.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(id: usize, last: &str) -> UserDetails {
        serde_json::from_value(serde_json::json!({"id": id.to_string(), "lastName": last})).unwrap()
    }

    #[test]
    fn the_last_lookup_of_each_id_is_kept_and_the_oldest_go_first() {
        let seen = Seen::default();
        seen.remember(&user(1, "Miller"));
        seen.remember(&user(1, "Miller-Hayes"));
        assert_eq!(seen.get("1").and_then(|u| u.last_name).as_deref(), Some("Miller-Hayes"));
        for id in 2..=MOST + 1 {
            seen.remember(&user(id, "X"));
        }
        assert!(seen.get("1").is_none(), "the oldest forgotten first");
        assert!(seen.get(&(MOST + 1).to_string()).is_some());
        assert!(seen.users.lock().unwrap().len() <= MOST);
        let mut nameless = user(0, "Y");
        nameless.id = None;
        seen.remember(&nameless);
        assert!(seen.get("").is_none(), "a user without an id is not kept");
    }
}
