//! The tenant's credentials, from a legacy key file or an OAuth client: everything that can be
//! checked cheaply is checked now (so a wrong file is reported before a screen opens), and the
//! slow part (reading the private key, loading TLS roots) is left to [`Prepared::build`].

use super::console_args::ConsoleArgs;
use casdesk::api::{
    ApiBase, AuthError, Client, Credentials, HELPDESK_SCOPES, KeyFileFields, OAuthClientConfig,
    check_private,
};
use casdesk::config::expand_home;
use casdesk::secret::Secret;
use std::path::Path;

/// A tenant ready to connect to.
pub struct Prepared {
    /// For people: the customer name from the key file, or the API URL.
    pub name: String,
    /// For run journals and the audit record.
    pub tenant_id: String,
    build: Box<dyn FnOnce() -> Result<Client, String> + Send>,
}

impl Prepared {
    /// Builds the client (parses the private key, sets up TLS): tens of milliseconds.
    pub fn build(self) -> Result<Client, String> {
        (self.build)()
    }

    pub fn into_builder(self) -> Box<dyn FnOnce() -> Result<Client, String> + Send> {
        self.build
    }
}

/// Reads and checks what `args` (flags, environment, settings file) name.
pub fn prepare(args: &ConsoleArgs) -> Result<Prepared, String> {
    let options = args.client_options()?;
    let (name, url, build): (String, String, Box<dyn FnOnce() -> _ + Send>) = if let Some(path) =
        &args.key_file
    {
        let fields = legacy_fields(path, args)?;
        let name = if fields.customer_name.is_empty() {
            fields.admin_rest_api_url.clone()
        } else {
            fields.customer_name.clone()
        };
        let url = fields.admin_rest_api_url.clone();
        let shown = path.display().to_string();
        let build = Box::new(move || {
            let key = fields.into_key_file().map_err(|e| format!("{shown}: {e}"))?;
            Client::with_options(Credentials::Legacy(key), options).map_err(|e| e.to_string())
        });
        (name, url, build)
    } else if let Some(oauth) = &args.oauth {
        let Some(url) = args.api_url.clone() else {
            return Err("an OAuth profile needs api_url: the Administration API REST URL shown \
                            with the OAuth client in the Cloud Administration Console"
                .into());
        };
        let jwk_path = expand_home(&oauth.private_jwk_file);
        if !args.allow_shared_key_file {
            check_private(&jwk_path).map_err(|e| e.to_string())?;
        }
        let jwk = std::fs::read_to_string(&jwk_path)
            .map_err(|e| format!("cannot read the OAuth key {}: {e}", jwk_path.display()))?;
        let config = OAuthClientConfig {
            issuer_url: oauth.issuer_url.clone(),
            client_id: oauth.client_id.clone(),
            private_jwk: Secret::new(jwk),
            scopes: oauth
                .scopes
                .clone()
                .unwrap_or_else(|| HELPDESK_SCOPES.iter().map(|s| s.to_string()).collect()),
            admin_rest_api_url: url.clone(),
        };
        let shown = jwk_path.display().to_string();
        let build = Box::new(move || {
            Client::with_options(Credentials::OAuth(config), options)
                .map_err(|e| format!("{shown}: {e}"))
        });
        (url.clone(), url, build)
    } else {
        return Err(super::console::how_to_configure(args.config.as_deref()));
    };
    let tenant_id = ApiBase::parse(&url)
        .map(|base| casdesk::bulk::journal::tenant_id_of(base.root()))
        .map_err(|e| e.to_string())?;
    Ok(Prepared { name, tenant_id, build })
}

/// The key file's fields, every one checked; `--api-url` (or the profile's) wins over its URL.
fn legacy_fields(path: &Path, args: &ConsoleArgs) -> Result<KeyFileFields, String> {
    if !args.allow_shared_key_file {
        check_private(path).map_err(|e| e.to_string())?;
    }
    let mut fields = KeyFileFields::load(path).map_err(|e| match e {
        AuthError::KeyFileUnreadable { .. } => e.to_string(),
        other => format!("{}: {other}", path.display()),
    })?;
    if let Some(url) = &args.api_url {
        fields.admin_rest_api_url = url.clone();
    }
    Ok(fields)
}
