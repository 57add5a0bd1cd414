//! `casdesk demo`: the console against the embedded simulator, over real HTTP on loopback.

use super::ConsoleArgs;
use super::tenant::Tenant;
use std::process::ExitCode;
use time::UtcOffset;

pub async fn run(args: &ConsoleArgs, local_offset: UtcOffset) -> Result<ExitCode, String> {
    let tenant = Tenant::demo().await?;
    let result =
        super::console::start(tenant.client.clone(), args, tenant.name.clone(), true, local_offset)
            .await;
    tenant.close().await;
    result
}
