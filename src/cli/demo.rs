//! `casdesk demo`: the console against the embedded simulator, over real HTTP on loopback.

use super::ConsoleArgs;
use casdesk::api::{Client, Credentials, LegacyKeyFile};
use casdesk::sim::{self, RateLimit, SimConfig};
use std::process::ExitCode;
use time::UtcOffset;

pub async fn run(args: &ConsoleArgs, local_offset: UtcOffset) -> Result<ExitCode, String> {
    // The demo tenant throttles like a real one would, so its 429 handling can be seen.
    let config = SimConfig {
        rate_limit: Some(RateLimit { per_second: 20.0, burst: 40 }),
        ..SimConfig::default()
    };
    let handle =
        sim::start(config).await.map_err(|e| format!("cannot start the demo tenant: {e}"))?;
    let key = LegacyKeyFile::parse(&handle.demo_key_file_json()).map_err(|e| e.to_string())?;
    let client = Client::new(Credentials::Legacy(key)).map_err(|e| e.to_string())?;
    let result = super::console::start(
        client,
        args,
        "Example Corp (demo tenant)".into(),
        true,
        local_offset,
    )
    .await;
    handle.shutdown().await;
    result
}
