//! `casdesk` with a key file: the console against a real tenant.

use super::ConsoleArgs;
use casdesk::api::{AuthError, Client, Credentials, LegacyKeyFile};
use casdesk::console::{self, ConsoleConfig};
use casdesk::ui::theme::Theme;
use std::process::ExitCode;
use time::UtcOffset;

fn how_to_configure() -> String {
    let config = casdesk::config::Config::default_path()
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

pub async fn run(args: &ConsoleArgs, local_offset: UtcOffset) -> Result<ExitCode, String> {
    let Some(path) = &args.key_file else {
        return Err(how_to_configure());
    };
    let key = LegacyKeyFile::load(path).map_err(|e| match e {
        AuthError::KeyFileUnreadable { .. } => e.to_string(),
        other => format!("{}: {other}", path.display()),
    })?;
    let tenant = if key.customer_name.is_empty() {
        key.admin_rest_api_url.clone()
    } else {
        key.customer_name.clone()
    };
    let client = Client::new(Credentials::Legacy(key)).map_err(|e| e.to_string())?;
    start(client, args, tenant, false, local_offset).await
}

/// Opens the console with `client`; shared with `casdesk demo`.
pub async fn start(
    client: Client,
    args: &ConsoleArgs,
    tenant: String,
    demo: bool,
    local_offset: UtcOffset,
) -> Result<ExitCode, String> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let loaded = Theme::load(args.theme.as_deref(), no_color);
    let config = ConsoleConfig {
        client,
        theme: loaded.theme,
        notices: loaded.warnings,
        demo,
        tenant,
        local_offset,
    };
    console::run(config).await.map_err(|e| format!("terminal error: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
