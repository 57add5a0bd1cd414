//! `casdesk` with a key file: the console against a real tenant.

use super::ConsoleArgs;
use casdesk::api::Client;
use casdesk::console::{self, ConsoleConfig};
use casdesk::ui::theme::Theme;
use std::process::ExitCode;
use time::UtcOffset;

pub fn how_to_configure() -> String {
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
    let tenant = super::tenant::Tenant::connect(args).await?;
    let demo = tenant.demo.is_some();
    let result = start(tenant.client.clone(), args, tenant.name.clone(), demo, local_offset).await;
    tenant.close().await;
    result
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
