//! Finding a user by part of their address: the search sent from the field (or from a lookup
//! that found nobody), the page of matches to pick from, and going back to it after a pick.

use super::{LookupScreen, State};
use crate::api::{SearchPage, UserDetails};
use crate::app::Cx;
use crate::messages::{Answer, ApiOutcome, ApiRequest, Failure, Msg};
use crate::text::sanitize;

/// Matches shown at a time: a page fits an 80×24 terminal with the field and the footer.
pub(super) const PAGE_SIZE: u32 = 10;

/// The last search's matches, kept while the operator looks at one of them.
pub(super) struct Matches {
    /// What was searched for, as typed.
    pub part: String,
    pub page: Box<SearchPage>,
    pub selected: usize,
}

impl Matches {
    pub(super) fn chosen(&self) -> Option<&UserDetails> {
        self.page.elements.get(self.selected)
    }
}

/// What to search for when a lookup of `email` found nobody: the part before the `@` (a typo
/// in the domain is the commonest miss), or all of it if that is empty.
pub(super) fn similar_to(email: &str) -> String {
    match email.trim().split_once('@') {
        Some((local, _)) if !local.trim().is_empty() => local.trim().to_string(),
        _ => email.trim().to_string(),
    }
}

impl LookupScreen {
    pub(super) fn search(&mut self, part: String, page: u32, cx: &mut Cx) {
        let id = cx.request(ApiRequest::Search { part: part.clone(), page, page_size: PAGE_SIZE });
        self.state = State::Searching { id, part, page, retry: None };
        self.stop_typing();
        self.report = None;
    }

    /// Another page of the matches on screen (`by` pages on), if there is one.
    pub(super) fn turn_page(&mut self, forward: bool, cx: &mut Cx) {
        let Some(m) = &self.matches else { return };
        let current = m.page.page_number;
        let next = match forward {
            true if m.page.has_next() => current + 1,
            false if current > 0 => current - 1,
            _ => return,
        };
        self.search(m.part.clone(), next, cx);
    }

    pub(super) fn move_selection(&mut self, down: bool) {
        if let Some(m) = &mut self.matches {
            let last = m.page.elements.len().saturating_sub(1);
            m.selected =
                if down { (m.selected + 1).min(last) } else { m.selected.saturating_sub(1) };
        }
    }

    /// Looks the chosen match up as if its address had been typed; the list stays for `b`.
    pub(super) fn pick(&mut self, cx: &mut Cx) {
        let Some(email) =
            self.matches.as_ref().and_then(Matches::chosen).and_then(|u| u.email_address.clone())
        else {
            return;
        };
        self.input = tui_input::Input::new(sanitize(&email));
        self.look_up(email, false, cx);
    }

    /// A match as `details` (just looked up) show them now, so the list does not go on
    /// showing a user as locked after they were unlocked.
    pub(super) fn refresh_match(&mut self, details: &UserDetails) {
        let Some(m) = &mut self.matches else { return };
        if let Some(shown) =
            m.page.elements.iter_mut().find(|u| u.id.is_some() && u.id == details.id)
        {
            *shown = details.clone();
        }
    }

    pub(super) fn back_to_matches(&mut self) {
        if self.matches.is_some() {
            self.state = State::Picking;
            self.take_question();
            self.report = None;
        }
    }

    /// A search answered: the matches to pick from (one match is still a list: the operator
    /// sees who it is before anything is looked up).
    pub(super) fn on_search_answer(&mut self, msg: &mut Option<Msg>) {
        let State::Searching { id, part, retry, .. } = &mut self.state else { return };
        match Msg::take_answer(msg, *id) {
            Some(Answer::Retrying(notice)) => *retry = Some(notice),
            Some(Answer::Outcome(ApiOutcome::Matches(page))) => {
                let part = std::mem::take(part);
                self.matches = Some(Matches { part, page, selected: 0 });
                self.state = State::Picking;
            }
            Some(Answer::Outcome(outcome)) => {
                let failure = match outcome {
                    ApiOutcome::Failed(failure) => failure,
                    other => Failure::new(format!("unexpected answer: {other:?}")),
                };
                self.state = State::SearchFailed { part: std::mem::take(part), failure };
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::similar_to;

    #[test]
    fn similar_addresses_are_searched_by_the_part_before_the_at() {
        assert_eq!(similar_to("jane.doe@exmaple.com"), "jane.doe");
        assert_eq!(similar_to(" @example.com "), "@example.com");
        assert_eq!(similar_to("garcia"), "garcia");
    }
}
