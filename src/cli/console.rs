//! Opening the console: against a real tenant (`casdesk` with a key file), or with a client
//! another module made ([`start`], which `casdesk demo` uses). It sits above the credentials
//! and below the demo, so neither reaches back into it.

use super::console_args::ConsoleArgs;
use casdesk::console::{self, ConsoleConfig};
use casdesk::ui::theme::Theme;
use casdesk::worker::ClientSource;
use std::process::ExitCode;
use time::UtcOffset;

/// The console against the tenant `args` name (`--demo` goes to `demo.rs` at dispatch, which
/// opens the console through [`start`]).
pub async fn run(args: &ConsoleArgs, local_offset: UtcOffset) -> Result<ExitCode, String> {
    let prepared = super::credentials::prepare(args)?;
    let (tenant, tenant_id) = (prepared.name.clone(), prepared.tenant_id.clone());
    let identity = prepared.identity.clone();
    // The slow part (reading the private key, the TLS roots) waits for the first frame.
    let client = ClientSource::Build(prepared.into_builder());
    open(client, tenant_id, identity, args, tenant, false, local_offset, None).await
}

/// Opens the console with `client` on the demo tenant (`demo`) or one named only by its
/// journals' name; `casdesk demo` comes here.
pub async fn start(
    client: ClientSource,
    tenant_id: String,
    args: &ConsoleArgs,
    tenant: String,
    demo: bool,
    local_offset: UtcOffset,
    greeting: Option<(casdesk::status::Status, String)>,
) -> Result<ExitCode, String> {
    let identity = match demo {
        true => casdesk::audit::Identity::demo(),
        false => casdesk::audit::Identity { tenant: tenant_id.clone(), ..Default::default() },
    };
    open(client, tenant_id, identity, args, tenant, demo, local_offset, greeting).await
}

/// Opens the console with `client`, its audit record naming `identity`; `greeting` is shown
/// in the toast line as it opens.
#[allow(clippy::too_many_arguments)]
async fn open(
    client: ClientSource,
    tenant_id: String,
    identity: casdesk::audit::Identity,
    args: &ConsoleArgs,
    tenant: String,
    demo: bool,
    local_offset: UtcOffset,
    greeting: Option<(casdesk::status::Status, String)>,
) -> Result<ExitCode, String> {
    let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
    let loaded = Theme::load(args.theme.as_deref(), no_color);
    let keymap = args.load_keymap()?;
    let mut notices = loaded.warnings;
    notices.extend(keymap.problems);
    let config = ConsoleConfig {
        client,
        tenant_id,
        mask_codes: args.mask_codes,
        clear_clipboard_after: args.clear_clipboard_after,
        theme: loaded.theme,
        notices,
        greeting,
        demo,
        tenant,
        local_offset,
        code_defaults: args.code_defaults,
        verify_policy: args.verify_policy.clone(),
        keymap: keymap.keymap,
        // The badge names the profile the audit record names: none when its key was replaced.
        profile: identity.profile.clone(),
        identity,
        ticket: args.ticket.clone(),
        note_command: args.note_command.clone(),
    };
    let ended = console::run(config).await.map_err(|e| format!("terminal error: {e}"))?;
    if ended != console::Ended::Quit {
        tracing::info!(?ended, "the console was stopped");
    }
    Ok(ExitCode::from(ended.exit_code()))
}
