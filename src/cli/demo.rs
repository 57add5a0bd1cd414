//! `casdesk demo`: the console against the embedded simulator, over real HTTP on loopback.

use super::console_args::ConsoleArgs;
use super::tenant::Tenant;
use std::process::ExitCode;
use time::UtcOffset;

pub async fn run(args: &ConsoleArgs, local_offset: UtcOffset) -> Result<ExitCode, String> {
    let tenant = Tenant::demo(super::demo_state::Holder::Console).await?;
    let state = tenant.demo_state.as_ref();
    // A restored tenant has its own history; these are for a tenant as shipped.
    if let Some(sim) = &tenant.demo
        && !state.is_some_and(|s| s.restored)
    {
        fresh_sign_ins(&sim.control());
    }
    let greeting = state.map(|s| s.greeting());
    let source = casdesk::worker::ClientSource::Ready(tenant.client.clone());
    let tenant_id = casdesk::bulk::journal::tenant_id(&tenant.client);
    let name = tenant.name.clone();
    let result =
        super::console::start(source, tenant_id, args, name, true, local_offset, greeting).await;
    tenant.close().await;
    result
}

/// Sign-ins made as the demo starts, so Activity has something from this very minute: Noah
/// has just typed two wrong tokencodes (one more locks him out); Olivia signed in fine.
fn fresh_sign_ins(control: &casdesk::sim::SimControl) {
    use casdesk::sim::SignIn;
    control.simulate_sign_in("olivia.brown@example.com", SignIn::Succeed("APPROVE".into()));
    for _ in 0..2 {
        control.simulate_sign_in("noah.taylor@example.com", SignIn::WrongTokencode);
    }
}
