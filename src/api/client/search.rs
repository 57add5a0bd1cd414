//! Finding users by part of their address (User Search v2).

use super::{Client, non_empty};
use crate::api::error::ApiError;
use crate::api::model::{MAX_SEARCH_PAGE_SIZE, SearchPage, SearchRequest};
use crate::api::retry::Repeat;
use reqwest::Method;

impl Client {
    /// `POST v2/users/search?pageSize=&pageNumber=` with `{"emailLike": part}`: page
    /// `page_number` (zero-based) of the users whose address contains `part`.
    pub async fn search_users(
        &self,
        part: &str,
        page_number: u32,
        page_size: u32,
    ) -> Result<SearchPage, ApiError> {
        let part = non_empty(part, "part of an address")?;
        if !(1..=MAX_SEARCH_PAGE_SIZE).contains(&page_size) {
            return Err(ApiError::InvalidRequest(format!(
                "a search page holds 1 to {MAX_SEARCH_PAGE_SIZE} users, not {page_size}"
            )));
        }
        let mut url = self.inner.base.endpoint("v2/users/search");
        url.query_pairs_mut()
            .append_pair("pageSize", &page_size.to_string())
            .append_pair("pageNumber", &page_number.to_string());
        let body = SearchRequest { email_like: part };
        let mut page: SearchPage = self.json(Method::POST, url, Some(&body), Repeat::Safe).await?;
        // Every match must contain what was asked for: anything else is not an answer to this
        // search, and picking it would open the wrong person.
        let wanted = part.to_lowercase();
        if let Some(stray) = page.elements.iter().find(|u| {
            !u.email_address.as_deref().is_some_and(|e| e.to_lowercase().contains(&wanted))
        }) {
            let named = stray.email_address.as_deref().unwrap_or("a user with no address");
            return Err(ApiError::AnsweredForSomeoneElse {
                asked: format!(
                    "addresses containing {:?}",
                    crate::text::sanitize_excerpt(part, 60)
                ),
                named: crate::text::sanitize_excerpt(named, 80),
            });
        }
        page.page_number = page_number;
        Ok(page)
    }
}
