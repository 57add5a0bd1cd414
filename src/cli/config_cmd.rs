//! `casdesk config init|show|check`: start a settings file, see what is in effect, and prove a
//! profile works against its tenant, with a diagnosis in words when it does not.

use super::console_args::ConsoleArgs;
use super::options::{ConfigArg, LookArgs, ProfileArgs};
use casdesk::api::{ApiError, TransportKind};
use casdesk::audit::UserResult;
use casdesk::config::Config;
use clap::Subcommand;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum ConfigCommand {
    /// Write a commented settings file to start from
    Init {
        /// Replace an existing settings file
        #[arg(long)]
        force: bool,
        // Where to write it: its own option here, not a tenant's.
        #[command(flatten)]
        file: ConfigArg,
    },
    /// Show the settings in effect: the profile, its tenant, and where casdesk keeps things
    Show {
        #[command(flatten)]
        profile: ProfileArgs,
        // What the console would use, its keymap checked.
        #[command(flatten)]
        look: LookArgs,
    },
    /// Prove the profile works: sign in and look an address up; say what is wrong if not
    Check {
        /// The address to look up (one that does not exist proves the profile works too)
        #[arg(long, default_value = "casdesk-config-check@example.com")]
        email: String,
        #[command(flatten)]
        profile: ProfileArgs,
    },
}

const TEMPLATE: &str = r#"# casdesk settings. Flags and environment variables (CASDESK_*) win over this file.
# Settings at the top apply to every profile; a profile overrides what it names.

# theme = "default"              # default, light, high-contrast, colorblind, or a theme file
# mask_codes = false             # show codes as dots until `v` (screen sharing)
# clear_clipboard_after = 30     # seconds
# ca_bundle = "/etc/ssl/company-ca.pem"   # behind a TLS-inspecting proxy

# The profile used when none is named with --profile or CASDESK_PROFILE.
default_profile = "production"

[profiles.production]
# The legacy Administration API key file (Cloud Administration Console: Platform >
# API Access Management > Legacy API Keys > Administration API Keys > Add, Help Desk Admin
# role). Keep it readable by you only: chmod 600.
key_file = "~/keys/production.key"
# validity = "30m"               # default validity of generated codes (10m to 24h)
# delivery = "display"           # or "email"

# [profiles.staging]
# api_url = "https://staging.access.securid.com/AdminInterface/restapi/"
# oauth = { client_id = "casdesk", private_jwk_file = "~/keys/staging.jwk", issuer_url = "https://staging.auth.securid.com/oauth" }
"#;

pub async fn run(command: ConfigCommand, args: ConsoleArgs) -> Result<ExitCode, String> {
    let path = args.config.clone().or_else(Config::default_path);
    match command {
        ConfigCommand::Init { force, .. } => init(path, force),
        ConfigCommand::Show { .. } => show(path, args.with_config()?),
        ConfigCommand::Check { email, .. } => check(args.with_config()?, &email).await,
    }
}

fn init(path: Option<PathBuf>, force: bool) -> Result<ExitCode, String> {
    let path = path.ok_or("no config directory on this machine: pass --config PATH")?;
    if path.exists() && !force {
        return Err(format!(
            "{} already exists; `casdesk config show` shows it, --force replaces it",
            path.display()
        ));
    }
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    std::fs::write(&path, TEMPLATE).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    println!("Wrote {}.", path.display());
    println!("Put your key file's path in it, then prove it works: casdesk config check");
    Ok(ExitCode::SUCCESS)
}

fn show(path: Option<PathBuf>, args: ConsoleArgs) -> Result<ExitCode, String> {
    let file = match &path {
        Some(p) if p.exists() => p.display().to_string(),
        Some(p) => format!("{} (not there yet: casdesk config init)", p.display()),
        None => "none".into(),
    };
    let line = |name: &str, value: String| println!("{name:<15}{value}");
    line("Settings file", file);
    line("Profile", args.profile.clone().unwrap_or_else(|| "(none: top-level settings)".into()));
    match (&args.key_file, &args.oauth) {
        (Some(key), _) => line("Key file", key.display().to_string()),
        (None, Some(oauth)) => line(
            "OAuth client",
            format!(
                "{} ({}), key {}",
                oauth.client_id,
                casdesk::api::redact_userinfo(&oauth.issuer_url),
                oauth.private_jwk_file.display()
            ),
        ),
        (None, None) => line("Credentials", "none: set key_file in a profile".into()),
    }
    if let Some(url) = &args.api_url {
        line("API URL", casdesk::api::redact_userinfo(url));
    }
    let tenant = super::credentials::prepare(&args);
    if let Ok(prepared) = &tenant {
        line("Tenant", format!("{} ({})", prepared.name, prepared.tenant_id));
    }
    line("Theme", args.theme.clone().unwrap_or_else(|| "default".into()));
    let mut problems: Vec<String> = tenant.as_ref().err().cloned().into_iter().collect();
    match args.load_keymap() {
        Ok(loaded) => {
            line("Keymap", args.keymap.clone().unwrap_or_else(|| "built-in keys".into()));
            problems.extend(loaded.problems);
            problems.extend(keymap_conflicts(loaded.keymap, args.mask_codes));
        }
        Err(e) => problems.push(e),
    }
    // Shown so that every console option `config show` takes is reflected in what it says.
    line("Codes", if args.mask_codes { "masked until v".into() } else { "shown".into() });
    line(
        "Clipboard",
        args.clear_clipboard_after
            .map_or_else(|| "not emptied".into(), |s| format!("emptied {s}s after a copy")),
    );
    line(
        "Code defaults",
        format!(
            "validity {}, delivery {}",
            args.code_defaults.validity.map_or("the service's (10m)".into(), |v| format!(
                "{} {}",
                v.value(),
                v.unit().wire()
            )),
            args.code_defaults.delivery.map_or("display", |d| match d {
                casdesk::config::DeliveryDefault::Display => "display",
                casdesk::config::DeliveryDefault::Email => "email",
            })
        ),
    );
    line("Caller checks", args.verify_policy.describe());
    if let Some(bundle) = &args.ca_bundle {
        line("CA bundle", bundle.display().to_string());
    }
    let dir = |d: Option<PathBuf>| d.map_or("none".into(), |d| d.display().to_string());
    line("Logs", dir(casdesk::logging::default_dir()));
    line("Run journals", dir(casdesk::bulk::journal::default_dir()));
    for problem in &problems {
        line("Problem", problem.clone());
    }
    Ok(if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// What a keymap makes ambiguous, as the console would report it at start-up.
fn keymap_conflicts(keymap: casdesk::app::keymap::KeyMap, mask_codes: bool) -> Vec<String> {
    let clock = casdesk::app::Clock::system(time::UtcOffset::UTC);
    let theme = casdesk::ui::theme::Theme::default_dark();
    let mut app = casdesk::app::App::new(theme, false, "", clock);
    app.set_masking(mask_codes);
    app.set_keymap(keymap)
}

/// How the audit trail names the lookup `config check` makes.
const CHECK_ACTION: &str = "lookup (config check)";

async fn check(args: ConsoleArgs, email: &str) -> Result<ExitCode, String> {
    let prepared = super::credentials::prepare(&args)?;
    let name = prepared.name.clone();
    // As the audit record names it: not a profile whose key a --key-file replaced.
    match &prepared.identity.profile {
        Some(profile) => println!("Checking {name} (profile {profile})…"),
        None => println!("Checking {name}…"),
    }
    let identity = prepared.identity.clone();
    let client = prepared.build()?;
    let answer = client.lookup_user(email, false).await.map(|_| ());
    // A lookup is an action on the tenant, whatever its purpose.
    let outcome = match &answer {
        Ok(()) => UserResult::ok(email),
        Err(e) => UserResult::failed(email, e.to_string()),
    };
    let audit = super::tenant::audit_for(identity);
    super::tenant::record(audit.as_ref(), CHECK_ACTION, vec![outcome]);
    let context = Context {
        clock_correction_secs: client.clock_correction_secs(),
        url_overridden: args.api_url.is_some() && args.key_file.is_some(),
        oauth: args.key_file.is_none(),
        host: client.base_url().host_str().unwrap_or("the service").to_string(),
    };
    match diagnose(&answer, &context) {
        Verdict::Works(note) => {
            println!("✓ The profile works: casdesk signed in and looked {email} up ({note}).");
            if let Some(clock) = clock_note(context.clock_correction_secs) {
                println!("  Note: {clock}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Verdict::Broken { problem, fixes } => {
            tracing::warn!(profile = args.profile.as_deref(), "config check: {problem}");
            println!("✗ {problem}");
            for fix in fixes {
                println!("  • {fix}");
            }
            Ok(ExitCode::from(1))
        }
    }
}

/// What is known besides the answer.
struct Context {
    /// As learnt by the client from the service's clock.
    clock_correction_secs: i64,
    /// An API URL replaces the key file's: the token's audience is then not the key's own.
    url_overridden: bool,
    oauth: bool,
    host: String,
}

#[derive(Debug, PartialEq)]
enum Verdict {
    Works(String),
    Broken { problem: String, fixes: Vec<String> },
}

/// More than this and the machine's clock would have made tokens fail without correction.
const SKEW_WORTH_MENTIONING_SECS: i64 = 60;

fn clock_note(correction: i64) -> Option<String> {
    (correction.abs() > SKEW_WORTH_MENTIONING_SECS).then(|| {
        format!(
            "this machine's clock is {}s {} the service's; casdesk corrects for it, but tokens \
             made by other tools will fail: set the clock (NTP)",
            correction.abs(),
            if correction > 0 { "behind" } else { "ahead of" }
        )
    })
}

fn diagnose(answer: &Result<(), ApiError>, context: &Context) -> Verdict {
    let broken = |problem: String, fixes: Vec<String>| Verdict::Broken { problem, fixes };
    let error = match answer {
        Ok(()) => return Verdict::Works("found".into()),
        Err(ApiError::Status(s)) if s.status == 404 => {
            return Verdict::Works("no such user, which is fine".into());
        }
        Err(e) => e,
    };
    let text = error.to_string();
    match error {
        ApiError::Status(s) if s.status == 401 || text.to_ascii_lowercase().contains("token") => {
            let mut fixes = Vec::new();
            if let Some(clock) = clock_note(context.clock_correction_secs) {
                fixes.push(format!("Clock skew: {clock}."));
            }
            if context.url_overridden {
                fixes.push(
                    "Wrong audience: api_url (or --api-url, CASDESK_API_URL) replaces the key \
                     file's adminRestApiUrl, and the service only accepts tokens made for its \
                     own URL. Remove the override, or use the key file of that tenant."
                        .into(),
                );
            }
            fixes.push(if context.oauth {
                "Client mismatch: the client_id, the private JWK and the issuer_url must be the \
                 ones registered together in the Cloud Administration Console, with the \
                 helpdesk scopes."
                    .into()
            } else {
                "Key mismatch: the key was deleted or replaced in the Cloud Administration \
                 Console, or belongs to another tenant. Download a new key file."
                    .into()
            });
            broken(format!("The service refused casdesk's token ({text})."), fixes)
        }
        ApiError::Status(s) if s.status == 403 => broken(
            format!("Signed in, but not allowed to look users up ({text})."),
            vec![if context.oauth {
                "The OAuth client needs the rsa.user.read scope (and the other helpdesk scopes)."
                    .into()
            } else {
                "The key's administrator role needs at least Help Desk Admin.".into()
            }],
        ),
        ApiError::Transport(t) if t.detail.to_ascii_lowercase().contains("certificate") => broken(
            format!("TLS: {}'s certificate is not trusted ({text}).", context.host),
            vec![
                "Behind a proxy that inspects HTTPS? Give casdesk your company's CA certificates: \
                 --ca-bundle FILE (or ca_bundle in the profile)."
                    .into(),
            ],
        ),
        ApiError::Transport(t)
            if matches!(t.kind, TransportKind::Connect | TransportKind::Timeout) =>
        {
            broken(
                format!("Network: cannot reach {} ({text}).", context.host),
                vec![
                    "Check the API URL, DNS and the firewall; an HTTPS proxy is taken from \
                     HTTPS_PROXY."
                        .into(),
                ],
            )
        }
        ApiError::Auth(_) => broken(
            format!("The credentials cannot be used ({text})."),
            vec![
                "Check the key file, or the OAuth client's settings, named by the profile.".into(),
            ],
        ),
        _ => broken(format!("The lookup failed: {text}."), Vec::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use casdesk::api::{ErrorBody, StatusError, TransportError};

    fn context() -> Context {
        Context {
            clock_correction_secs: 0,
            url_overridden: false,
            oauth: false,
            host: "co.access.securid.com".into(),
        }
    }

    fn status(status: u16, body: &str) -> Result<(), ApiError> {
        Err(ApiError::Status(StatusError {
            status,
            body: ErrorBody::parse(body.as_bytes()),
            retry_after: None,
            attempts: 1,
            earlier_attempt_may_have_acted: false,
        }))
    }

    fn transport(kind: TransportKind, detail: &str) -> Result<(), ApiError> {
        Err(ApiError::Transport(TransportError {
            kind,
            detail: detail.into(),
            attempts: 1,
            earlier_attempt_may_have_acted: false,
        }))
    }

    fn problem_and_fixes(verdict: Verdict) -> (String, String) {
        match verdict {
            Verdict::Broken { problem, fixes } => (problem, fixes.join("\n")),
            Verdict::Works(note) => panic!("expected a diagnosis, got works ({note})"),
        }
    }

    #[test]
    fn the_template_is_a_valid_settings_file() {
        let resolved = Config::parse(TEMPLATE).unwrap().resolve(None).unwrap();
        assert_eq!(resolved.profile.as_deref(), Some("production"));
        assert!(resolved.settings.key_file.is_some());
    }

    #[test]
    fn found_or_not_found_both_prove_the_profile() {
        assert!(matches!(diagnose(&Ok(()), &context()), Verdict::Works(_)));
        let missing = status(404, r#"{"message":"User x not found"}"#);
        assert!(matches!(diagnose(&missing, &context()), Verdict::Works(_)));
    }

    #[test]
    fn a_refused_token_names_key_mismatch_audience_and_skew() {
        let refused = status(403, r#"{"message":"Access token is invalid"}"#);
        let (problem, fixes) = problem_and_fixes(diagnose(&refused, &context()));
        assert!(problem.contains("refused casdesk's token"), "{problem}");
        assert!(fixes.contains("Key mismatch") && !fixes.contains("Wrong audience"), "{fixes}");
        let skewed = Context { clock_correction_secs: -300, url_overridden: true, ..context() };
        let (_, fixes) = problem_and_fixes(diagnose(&refused, &skewed));
        assert!(fixes.contains("Clock skew: this machine's clock is 300s ahead of"), "{fixes}");
        assert!(fixes.contains("Wrong audience"), "{fixes}");
        let oauth = Context { oauth: true, ..context() };
        let (_, fixes) = problem_and_fixes(diagnose(&status(401, ""), &oauth));
        assert!(fixes.contains("Client mismatch"), "{fixes}");
    }

    #[test]
    fn tls_network_and_role_problems_are_told_apart() {
        let tls = transport(TransportKind::Connect, "invalid peer certificate: UnknownIssuer");
        let (problem, fixes) = problem_and_fixes(diagnose(&tls, &context()));
        assert!(problem.starts_with("TLS: co.access.securid.com"), "{problem}");
        assert!(fixes.contains("--ca-bundle"), "{fixes}");
        let down = transport(TransportKind::Connect, "Connection refused (os error 111)");
        let (problem, _) = problem_and_fixes(diagnose(&down, &context()));
        assert!(problem.starts_with("Network: cannot reach"), "{problem}");
        let role = status(403, r#"{"message":"Forbidden"}"#);
        let (problem, fixes) = problem_and_fixes(diagnose(&role, &context()));
        assert!(problem.contains("not allowed") && fixes.contains("Help Desk Admin"), "{problem}");
    }
}
