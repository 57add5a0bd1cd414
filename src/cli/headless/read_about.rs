//! Reading something about one user by their id, as `activity` and `activity --admin` do: the
//! user looked up first, the read recorded, a failure said.

use crate::cli::tenant::Tenant;
use casdesk::audit::UserResult;
use casdesk::text::sanitize_excerpt;

/// Looks `email` up, then reads something about them by their id (`read`); records the read
/// as `action` for them, and says a failure on stderr (`None`: the command exits 1).
pub(super) async fn read_about<T, Read, Fut>(
    tenant: &Tenant,
    email: &str,
    action: &str,
    read: Read,
) -> Option<T>
where
    Read: FnOnce(String) -> Fut,
    Fut: std::future::Future<Output = Result<T, String>>,
{
    let read = match tenant.client.lookup_user(email, false).await {
        Ok(details) => match details.id {
            Some(id) => read(id).await,
            None => Err("the service gave no user id".into()),
        },
        Err(e) => Err(e.to_string()),
    };
    let result = match &read {
        Ok(_) => UserResult::ok(email),
        Err(e) => UserResult::failed(email, e.clone()),
    };
    tenant.record(action, vec![result]);
    match read {
        Ok(read) => Some(read),
        Err(e) => {
            eprintln!("casdesk: {}: {e}", sanitize_excerpt(email, 80));
            None
        }
    }
}
