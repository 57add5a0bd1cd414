//! `casdesk runs` and `casdesk resume`: the bulk runs that did not finish (killed, SSH
//! dropped, machine restarted), and finishing one with only the users not yet done.

use super::bulk::{RunArgs, drive, write_in_order};
use super::{Output, exit};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::bulk::UserOutcome;
use casdesk::bulk::journal::{self, RecordedRun};
use casdesk::userlist::address_key;
use clap::Args;
use std::collections::HashMap;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ResumeArgs {
    /// The run to finish (see `casdesk runs`) [default: the newest interrupted run]
    run: Option<String>,
    #[command(flatten)]
    run_args: RunArgs,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

/// `casdesk runs`: the interrupted runs, newest first.
pub fn list() -> Result<ExitCode, String> {
    let dir = journal::default_dir().ok_or("no data directory for run journals")?;
    let runs = journal::unfinished(&dir);
    if runs.is_empty() {
        println!("No interrupted runs (journals in {}).", dir.display());
        return Ok(ExitCode::SUCCESS);
    }
    println!(
        "{:<36}  {:<20}  {:<32}  {:>7}  {:>7}  tenant",
        "run", "started", "operation", "done", "users"
    );
    for run in &runs {
        println!(
            "{:<36}  {:<20}  {:<32}  {:>7}  {:>7}  {}",
            run.header.run_id,
            run.header.started.chars().take(19).collect::<String>(),
            run.header.operation.describe(),
            run.done_count(),
            run.header.users.len(),
            run.header.tenant
        );
    }
    println!("\nFinish one with: casdesk resume <run>");
    Ok(ExitCode::SUCCESS)
}

/// `casdesk resume`: finishes an interrupted run, then prints every user's outcome, the
/// earlier ones from the journal (codes generated before the interruption are not kept, by
/// design, and so not shown again).
pub async fn resume(tenant: &Tenant, args: &ResumeArgs) -> Result<ExitCode, String> {
    let dir = journal::default_dir().ok_or("no data directory for run journals")?;
    let ours = journal::tenant_id(&tenant.client);
    let runs = journal::unfinished(&dir);
    let run: RecordedRun = match &args.run {
        Some(id) => runs
            .into_iter()
            .find(|r| r.header.run_id == *id)
            .ok_or_else(|| format!("no interrupted run {id} (see `casdesk runs`)"))?,
        None => runs
            .into_iter()
            .find(|r| r.header.tenant == ours)
            .ok_or("no interrupted run on this tenant (see `casdesk runs`)")?,
    };
    if run.header.tenant != ours {
        return Err(format!(
            "run {} was sent to {}, not to this tenant ({ours}); resume it with that tenant's key",
            run.header.run_id, run.header.tenant
        ));
    }
    let (mut journal, prepared) =
        casdesk::bulk::resume::prepare(&run, &casdesk::clock::now_rfc3339())
            .map_err(|e| format!("cannot reopen {}: {e}", run.path.display()))?;
    let op = run.header.operation.clone();
    let mut earlier: HashMap<String, UserOutcome> =
        prepared.earlier.into_iter().map(|o| (address_key(&o.email), o)).collect();
    let to_send = prepared.to_send;
    eprintln!(
        "casdesk: resuming run {} ({}): {} of {} users done, {} to send",
        run.header.run_id,
        op.describe(),
        earlier.len(),
        run.header.users.len(),
        to_send.len()
    );
    let mut outcomes = drive(tenant, &op, to_send, &args.run_args, Some(&mut journal)).await;
    earlier.extend(outcomes.by_user);
    outcomes.by_user = earlier;
    let mut records = Vec::new();
    let failed = write_in_order(&op, &run.header.users, outcomes, &mut records);
    args.output.write(&records)?;
    Ok(exit(failed))
}
