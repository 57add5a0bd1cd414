//! The tenant's credentials, from a legacy key file or an OAuth client: everything that can be
//! checked cheaply is checked now (so a wrong file is reported before a screen opens), and the
//! slow part (reading the private key, loading TLS roots) is left to [`Prepared::build`]. With
//! none set up, the error says how to set them up.

use super::console_args::ConsoleArgs;
use casdesk::api::{
    ApiBase, AuthError, Client, Credentials, HELPDESK_SCOPES, KeyFileFields, OAuthClientConfig,
    check_private,
};
use casdesk::audit::Identity;
use casdesk::config::expand_home;
use casdesk::secret::Secret;
use std::path::Path;

/// A tenant ready to connect to.
pub struct Prepared {
    /// For people: the customer name from the key file, or the API URL.
    pub name: String,
    /// For run journals.
    pub tenant_id: String,
    /// What the audit record names: the API URL, the customer, the profile only if its key
    /// was used, and where the key came from.
    pub identity: Identity,
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
    let mut customer = None;
    let (name, url, build): (String, String, Box<dyn FnOnce() -> _ + Send>) = if let Some(path) =
        &args.key_file
    {
        let fields = legacy_fields(path, args)?;
        customer = Some(fields.customer_name.trim().to_string()).filter(|c| !c.is_empty());
        let name = customer.clone().unwrap_or_else(|| fields.admin_rest_api_url.clone());
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
        return Err(how_to_configure(args.config.as_deref()));
    };
    let base = ApiBase::parse(&url).map_err(|e| e.to_string())?;
    let tenant_id = casdesk::bulk::journal::tenant_id_of(base.root());
    let identity = Identity {
        tenant: base.root().to_string(),
        customer,
        profile: profile_used(args),
        credentials: Some(credentials_words(args)),
    };
    Ok(Prepared { name, tenant_id, identity, build })
}

/// What to do when no tenant is set up; `settings` is the settings file in use (`--config`,
/// `CASDESK_CONFIG`, or the platform's).
fn how_to_configure(settings: Option<&std::path::Path>) -> String {
    let config = settings
        .map(std::path::Path::to_path_buf)
        .or_else(casdesk::config::Config::default_path)
        .map(|p| p.display().to_string())
        .unwrap_or_else(|| "config.toml in your config directory".into());
    format!(
        "no tenant configured.

To use casdesk with your tenant, download a legacy Administration API key file
(Cloud Administration Console: Platform > API Access Management > Legacy API Keys >
Administration API Keys > Add, Help Desk Admin role), then either run

    casdesk --key-file /path/to/<id>.key        (or set CASDESK_KEY_FILE)

or save it in {config}:

    key_file = \"/path/to/<id>.key\"

To try casdesk without a tenant:

    casdesk demo"
    )
}

/// The profile, when its key (or OAuth client) was the one used: a key given on the command
/// line or in the environment (in its place, or where it has none) is recorded as that, not
/// as the profile.
pub(super) fn profile_used(args: &ConsoleArgs) -> Option<String> {
    args.profile.clone().filter(|_| !args.sources.key_given)
}

/// Where the key (or OAuth client) and the API URL came from, and what of a profile's they
/// replaced, for the audit record: "key file /k/other.key (--key-file or CASDESK_KEY_FILE),
/// in place of profile production's key file".
pub(super) fn credentials_words(args: &ConsoleArgs) -> String {
    let sources = &args.sources;
    let settings = match &args.profile {
        Some(profile) => format!("profile {profile}"),
        None => "the settings file".to_string(),
    };
    let key = match (&args.key_file, &args.oauth) {
        (Some(path), _) => format!("key file {}", path.display()),
        (None, Some(oauth)) => format!("OAuth client {}", oauth.client_id),
        (None, None) => "no key".to_string(),
    };
    let mut words = if sources.key_given {
        format!("{key} (--key-file or CASDESK_KEY_FILE)")
    } else {
        format!("{key} ({settings})")
    };
    if let Some(replaced) = sources.key_replaced {
        words.push_str(&format!(", in place of {settings}'s {replaced}"));
    }
    if args.api_url.is_some() {
        let from_key = args.key_file.is_some();
        match (sources.api_url_given, sources.api_url_replaced) {
            (true, true) => words.push_str(&format!(
                "; API URL from --api-url or CASDESK_API_URL, in place of {settings}'s"
            )),
            (true, false) if from_key => words.push_str(
                "; API URL from --api-url or CASDESK_API_URL, in place of the key file's",
            ),
            (true, false) => words.push_str("; API URL from --api-url or CASDESK_API_URL"),
            (false, _) if from_key => {
                words.push_str(&format!("; API URL from {settings}, in place of the key file's"))
            }
            (false, _) => words.push_str(&format!("; API URL from {settings}")),
        }
    }
    words
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::Cli;

    /// The arguments `argv` and the settings `file` give, as a command would run with them.
    fn args(file: &str, argv: &[&str]) -> ConsoleArgs {
        let path = std::env::temp_dir().join(format!("casdesk-cred-{}.toml", uuid::Uuid::new_v4()));
        std::fs::write(&path, file).unwrap();
        let mut all = vec!["casdesk", "--config", path.to_str().unwrap()];
        all.extend(argv);
        let parsed = Cli::try_parse_merged(all).unwrap().console_args().with_config();
        let _ = std::fs::remove_file(&path);
        parsed.unwrap()
    }

    const OAUTH: &str = "[profiles.p.oauth]\nclient_id = \"helpdesk\"\n\
        private_jwk_file = \"/k/c.jwk\"\nissuer_url = \"https://co.auth.securid.com/oauth\"\n";

    #[test]
    fn the_words_say_where_the_key_and_url_came_from_and_what_they_replaced() {
        let keyed = "[profiles.p]\nkey_file = \"/k/p.key\"\n";
        let a = args(keyed, &[]);
        assert_eq!(profile_used(&a).as_deref(), Some("p"));
        assert_eq!(credentials_words(&a), "key file /k/p.key (profile p)");

        let a = args(keyed, &["--key-file", "/k/other.key"]);
        assert_eq!(profile_used(&a), None);
        assert_eq!(
            credentials_words(&a),
            "key file /k/other.key (--key-file or CASDESK_KEY_FILE), in place of profile p's key \
             file"
        );

        let a =
            args(OAUTH, &["--api-url", "https://co.access.securid.com/AdminInterface/restapi/"]);
        assert_eq!(profile_used(&a).as_deref(), Some("p"));
        assert_eq!(
            credentials_words(&a),
            "OAuth client helpdesk (profile p); API URL from --api-url or CASDESK_API_URL"
        );
        let a = args(OAUTH, &["--key-file", "/k/other.key"]);
        assert_eq!(profile_used(&a), None, "its OAuth client was replaced");
        assert!(credentials_words(&a).ends_with("in place of profile p's OAuth client"));

        let a = args("key_file = \"/k/top.key\"\n", &[]);
        assert_eq!(profile_used(&a), None);
        assert_eq!(credentials_words(&a), "key file /k/top.key (the settings file)");
    }

    /// Every way the key and the API URL can come from a profile or the command line: the
    /// profile is named exactly when the key came from it, and the words name the key used
    /// and say "in place of" exactly when a flag replaced something of the profile's.
    #[test]
    fn the_profile_is_named_exactly_when_its_key_was_used() {
        let url = "https://co.access.securid.com/AdminInterface/restapi/";
        for profile_key in ["", "key_file = \"/k/p.key\"\n", OAUTH] {
            for profile_url in [false, true] {
                for (flag_key, flag_url) in
                    [(false, false), (true, false), (false, true), (true, true)]
                {
                    let api_url = format!("api_url = \"{url}\"\n");
                    let api_url = if profile_url { api_url.as_str() } else { "" };
                    let file = match profile_key {
                        OAUTH => format!("[profiles.p]\n{api_url}{OAUTH}"),
                        key => format!("[profiles.p]\n{api_url}{key}"),
                    };
                    let mut argv = Vec::new();
                    if flag_key {
                        argv.extend(["--key-file", "/k/flag.key"]);
                    }
                    if flag_url {
                        argv.extend(["--api-url", url]);
                    }
                    let a = args(&file, &argv);
                    let words = credentials_words(&a);
                    let case = format!("{file:?} {argv:?}: {words}");
                    assert_eq!(profile_used(&a).is_none(), flag_key, "{case}");
                    let replaced_key = flag_key && !profile_key.is_empty();
                    let replaced = replaced_key || (flag_url && profile_url);
                    let replaced_in_words = words.contains("in place of profile p's");
                    assert_eq!(replaced_in_words, replaced, "{case}");
                    if flag_key {
                        assert!(words.starts_with("key file /k/flag.key (--key-file"), "{case}");
                    }
                }
            }
        }
    }
}
