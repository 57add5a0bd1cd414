//! User Search v2 (`POST v2/users/search?pageSize=&pageNumber=`): users whose address contains
//! a piece of text, a page at a time.

use super::lenient::vec_skip_bad;
use super::user::UserDetails;
use serde::{Deserialize, Serialize};

/// The documented largest page.
pub const MAX_SEARCH_PAGE_SIZE: u32 = 25;

#[derive(Serialize)]
pub(crate) struct SearchRequest<'a> {
    #[serde(rename = "emailLike")]
    pub email_like: &'a str,
}

/// One page of matches, in the service's order (ascending by address).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SearchPage {
    #[serde(default)]
    pub total_pages: Option<u64>,
    #[serde(default)]
    pub total_elements: Option<u64>,
    /// A malformed element is dropped rather than costing the page.
    #[serde(default, deserialize_with = "vec_skip_bad")]
    pub elements: Vec<UserDetails>,
    /// Zero-based: the page asked for (the service does not echo it).
    #[serde(skip)]
    pub page_number: u32,
}

impl SearchPage {
    /// Whether a page follows this one.
    pub fn has_next(&self) -> bool {
        self.total_pages.is_some_and(|pages| u64::from(self.page_number) + 1 < pages)
    }

    /// "1–10 of 23" (the numbers people count with, one-based), or "none".
    pub fn range_text(&self, page_size: u32) -> String {
        if self.elements.is_empty() {
            return match self.total_elements {
                Some(n) if n > 0 => format!("past the last of {n}"),
                _ => "none".to_string(),
            };
        }
        let first = u64::from(self.page_number) * u64::from(page_size) + 1;
        let last = first + self.elements.len() as u64 - 1;
        match self.total_elements {
            Some(total) => format!("{first}–{last} of {total}"),
            None => format!("{first}–{last}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(json: &str, number: u32) -> SearchPage {
        let mut page: SearchPage = serde_json::from_str(json).unwrap();
        page.page_number = number;
        page
    }

    #[test]
    fn pages_and_ranges() {
        let two = r#"{"totalPages":3,"totalElements":23,"elements":[{"emailAddress":"a@x.com"},{"emailAddress":"b@x.com"}]}"#;
        assert!(page(two, 0).has_next());
        assert!(!page(two, 2).has_next());
        assert_eq!(page(two, 1).range_text(10), "11–12 of 23");
        let none = r#"{"totalPages":0,"totalElements":0,"elements":[]}"#;
        assert_eq!(page(none, 0).range_text(10), "none");
        assert!(!page(none, 0).has_next());
    }

    #[test]
    fn a_bad_element_costs_only_itself() {
        let mixed = r#"{"elements":[{"emailAddress":"a@x.com"}, 7, {"emailAddress":"b@x.com"}]}"#;
        let p = page(mixed, 0);
        assert_eq!(p.elements.len(), 2);
        assert_eq!(p.total_pages, None);
        assert!(!p.has_next());
    }
}
