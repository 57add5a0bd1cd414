//! `casdesk demo`: the console against the embedded simulator, over real HTTP on loopback.

use super::console_args::ConsoleArgs;
use super::tenant::Tenant;
use std::process::ExitCode;
use time::UtcOffset;

pub async fn run(args: &ConsoleArgs, local_offset: UtcOffset) -> Result<ExitCode, String> {
    let tenant = Tenant::demo().await?;
    let source = casdesk::worker::ClientSource::Ready(tenant.client.clone());
    let tenant_id = casdesk::bulk::journal::tenant_id(&tenant.client);
    let name = tenant.name.clone();
    let result = super::console::start(source, tenant_id, args, name, true, local_offset).await;
    tenant.close().await;
    result
}
