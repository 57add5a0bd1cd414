//! Every Admin API endpoint the simulator serves, one line each: the method, the path, the
//! OAuth scope a token needs for it (RSA "OAuth 2.0 Based Permissions"; spelled once, in
//! `api::scope`) and its handler. Adding
//! an endpoint is a line here and a handler file.

use crate::api::Scope;
use crate::sim::adminlog;
use crate::sim::reports;
use crate::sim::state::{ADMIN_PREFIX, AppState};
use crate::sim::usereventlog;
use crate::sim::{
    authlogs, codes, device_code, ds100, emergency, phones, search, token_serial, tokens,
    user_admin, users, verify, void,
};
use axum::http::Method;
use axum::routing::{MethodRouter, delete, get, patch, post, put};

pub struct Endpoint {
    pub method: &'static str,
    /// Under [`ADMIN_PREFIX`], in axum's `{param}` syntax.
    pub path: &'static str,
    pub scope: Scope,
    pub handler: fn() -> MethodRouter<AppState>,
}

#[rustfmt::skip]
pub const ENDPOINTS: &[Endpoint] = &[
    Endpoint { method: "POST", path: "/v1/users/lookup", scope: Scope::UserRead, handler: || post(users::lookup) },
    Endpoint { method: "POST", path: "/v2/users/search", scope: Scope::UserRead, handler: || post(search::search) },
    Endpoint { method: "GET", path: "/v2/users/{id}/devices", scope: Scope::MobileRead, handler: || get(users::devices) },
    Endpoint { method: "DELETE", path: "/v1/users/{id}/devices/{deviceId}", scope: Scope::MobileDelete, handler: || delete(tokens::delete_device) },
    Endpoint { method: "PATCH", path: "/v1/users/{id}/sidTokens/assign", scope: Scope::SidTokenManage, handler: || patch(tokens::assign) },
    Endpoint { method: "PATCH", path: "/v1/users/{id}/sidTokens/unassign", scope: Scope::SidTokenManage, handler: || patch(tokens::unassign) },
    Endpoint { method: "PATCH", path: "/v1/users/{id}/sidTokens/enable", scope: Scope::SidTokenManage, handler: || patch(tokens::enable) },
    Endpoint { method: "PATCH", path: "/v1/users/{id}/sidTokens/disable", scope: Scope::SidTokenManage, handler: || patch(tokens::disable) },
    Endpoint { method: "PATCH", path: "/v2/users/{id}/sidTokens/clearPin", scope: Scope::SidTokenManage, handler: || patch(tokens::clear_pin) },
    Endpoint { method: "POST", path: "/v1/sidTokens/lookup", scope: Scope::SidTokenRead, handler: || post(token_serial::lookup) },
    Endpoint { method: "PATCH", path: "/v1/users/{id}/sidTokens/updateName", scope: Scope::SidTokenManage, handler: || patch(token_serial::update_name) },
    Endpoint { method: "POST", path: "/v1/users/generateVerifyCode/enroll", scope: Scope::UserFactorManage, handler: || post(codes::enroll) },
    Endpoint { method: "POST", path: "/v1/users/generateVerifyCode/resetPassword", scope: Scope::UserFactorManage, handler: || post(codes::reset_password) },
    Endpoint { method: "POST", path: "/v1/users/voidVerifyCode", scope: Scope::UserFactorManage, handler: || post(void::void_codes) },
    Endpoint { method: "POST", path: "/v1/users/deviceRegistrationCode", scope: Scope::MobileManage, handler: || post(device_code::issue) },
    Endpoint { method: "PUT", path: "/v2/users/{id}/emergencyTokencode", scope: Scope::EmergencyManage, handler: || put(emergency::enable) },
    Endpoint { method: "DELETE", path: "/v1/users/{id}/emergencyTokencode/{eacId}", scope: Scope::EmergencyManage, handler: || delete(emergency::disable) },
    Endpoint { method: "PATCH", path: "/v1/users/{id}/methods", scope: Scope::UserFactorManage, handler: || patch(user_admin::unlock) },
    Endpoint { method: "PATCH", path: "/v1/users/{id}", scope: Scope::UserFactorManage, handler: || patch(phones::update) },
    Endpoint { method: "PUT", path: "/v1/users/{id}/userStatus", scope: Scope::UserManage, handler: || put(user_admin::set_status) },
    Endpoint { method: "POST", path: "/v1/users/{id}/sync", scope: Scope::UserSync, handler: || post(user_admin::sync) },
    Endpoint { method: "PUT", path: "/v1/users/{id}/markDeleted", scope: Scope::UserDeleteSoft, handler: || put(user_admin::mark_deleted) },
    Endpoint { method: "GET", path: "/v1/users/{id}/authlogs", scope: Scope::AuditUser, handler: || get(authlogs::authlogs) },
    Endpoint { method: "POST", path: "/v1/users/{id}/verify/start", scope: Scope::UserVerify, handler: || post(verify::start) },
    Endpoint { method: "GET", path: "/v1/users/{id}/verify/status", scope: Scope::UserVerify, handler: || get(verify::status) },
    Endpoint { method: "POST", path: "/v1/users/{id}/verify/code", scope: Scope::UserVerify, handler: || post(verify::code) },
    Endpoint { method: "POST", path: "/v1/users/{id}/verify/cancel", scope: Scope::UserVerify, handler: || post(verify::cancel) },
    Endpoint { method: "PATCH", path: "/v1/fido/{id}/authenticators/{authenticatorId}/enable", scope: Scope::FidoManage, handler: || patch(ds100::fido_enable) },
    Endpoint { method: "PATCH", path: "/v1/fido/{id}/authenticators/{authenticatorId}/disable", scope: Scope::FidoManage, handler: || patch(ds100::fido_disable) },
    Endpoint { method: "POST", path: "/v1/ds100/lookup", scope: Scope::Ds100Read, handler: || post(ds100::lookup) },
    Endpoint { method: "PATCH", path: "/v1/ds100/enable/otp", scope: Scope::Ds100Manage, handler: || patch(ds100::enable_otp) },
    Endpoint { method: "PATCH", path: "/v1/ds100/disable/otp", scope: Scope::Ds100Manage, handler: || patch(ds100::disable_otp) },
    Endpoint { method: "PATCH", path: "/v1/ds100/clearPin/otp", scope: Scope::Ds100Manage, handler: || patch(ds100::clear_pin) },
    Endpoint { method: "DELETE", path: "/v1/ds100/delete/otp", scope: Scope::Ds100Delete, handler: || delete(ds100::delete) },
    Endpoint { method: "GET", path: "/v1/usereventlog/exportlogs", scope: Scope::AuditUser, handler: || get(usereventlog::export) },
    Endpoint { method: "GET", path: "/v1/adminlog/exportlogs", scope: Scope::AuditAdmin, handler: || get(adminlog::exportlogs) },
    Endpoint { method: "POST", path: "/v1/report/{kind}/generate", scope: Scope::Report, handler: || post(reports::generate) },
    Endpoint { method: "GET", path: "/v1/report/{kind}/download", scope: Scope::Report, handler: || get(reports::download) },
];

/// The scope an OAuth token needs for `method` on the matched route template.
pub fn required_scope(method: &Method, template: &str) -> Option<&'static str> {
    let path = template.strip_prefix(ADMIN_PREFIX)?;
    ENDPOINTS
        .iter()
        .find(|e| e.method == method.as_str() && e.path == path)
        .map(|e| e.scope.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn live_verification_needs_its_own_scope() {
        for (method, path) in [
            (Method::POST, "/v1/users/{id}/verify/start"),
            (Method::GET, "/v1/users/{id}/verify/status"),
            (Method::POST, "/v1/users/{id}/verify/code"),
            (Method::POST, "/v1/users/{id}/verify/cancel"),
        ] {
            let template = format!("{ADMIN_PREFIX}{path}");
            assert_eq!(required_scope(&method, &template), Some("rsa.user.verify"), "{path}");
        }
        assert_eq!(Scope::UserVerify.as_str(), "rsa.user.verify");
    }
}
