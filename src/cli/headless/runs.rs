//! `casdesk runs` and `casdesk resume`: the bulk runs that did not finish (killed, SSH
//! dropped, machine restarted), and finishing one with only the users not yet done.

use super::bulk::RunArgs;
use super::list_run::{Drive, drive, write_in_order};
use super::rows_as_settled::RowsAsSettled;
use super::{Output, Record, exit};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::actions::ActionOutcome;
use casdesk::bulk::journal::{self, RecordedRun};
use casdesk::bulk::{RunOf, Settled, UserOutcome, Work};
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
    /// A generate run hands out codes: the callers of the users still to send, verified
    #[command(flatten)]
    caller: super::caller::CallerArgs,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

/// Any loopback address: journals name every simulator on this machine as one tenant.
fn demo_url() -> url::Url {
    url::Url::parse("http://127.0.0.1/").expect("a fixed URL")
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
    // A demo run is finished against the demo tenant, which needs saying: `resume` alone
    // would look for a configured one.
    let demo = runs.iter().any(|r| r.header.tenant == journal::tenant_id_of(&demo_url()));
    println!("\nFinish one with: casdesk resume <run>  (the first characters of <run> are enough)");
    if demo {
        println!(
            "A run on the demo tenant (simulator on this machine): casdesk --demo resume <run>"
        );
    }
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
        Some(id) => {
            // The whole id, or its first characters when no other run starts with them.
            let mut starting: Vec<RecordedRun> =
                runs.into_iter().filter(|r| r.header.run_id.starts_with(id.as_str())).collect();
            match starting.len() {
                1 => starting.remove(0),
                0 => return Err(format!("no interrupted run {id} (see `casdesk runs`)")),
                n => {
                    return Err(format!(
                        "{n} interrupted runs start with {id}: give more of it (see `casdesk runs`)"
                    ));
                }
            }
        }
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
    match run.header.operation.clone() {
        RunOf::Codes(op) => {
            // A generate carried on hands out codes as the first run did.
            if matches!(op, casdesk::bulk::Operation::Generate { .. }) {
                let guard = casdesk::verify::Guarded::Codes;
                args.caller.verify_first(tenant, guard, &run.to_send()).await?;
            }
            let row = |o: &UserOutcome| super::bulk::record(&op, o);
            finish(tenant, args, &run, op.clone(), &row).await
        }
        RunOf::Each { action } => {
            let row = |o: &ActionOutcome| super::user_action::record(&action, o);
            finish(tenant, args, &run, action.clone(), &row).await
        }
    }
}

/// Sends what is left of `run` and writes every user's row, earlier ones included.
async fn finish<W: Work>(
    tenant: &Tenant,
    args: &ResumeArgs,
    run: &RecordedRun,
    work: W,
    row: &(dyn Fn(&W::Outcome) -> Record + Sync),
) -> Result<ExitCode, String> {
    let (mut journal, prepared) =
        casdesk::bulk::resume::prepare::<W::Outcome>(run, &casdesk::clock::now_rfc3339())
            .map_err(|e| format!("cannot reopen {}: {e}", run.path.display()))?;
    let mut earlier: HashMap<String, W::Outcome> =
        prepared.earlier.into_iter().map(|o| (address_key(o.email()), o)).collect();
    eprintln!(
        "casdesk: resuming run {} ({}): {} of {} users done, {} to send{}",
        run.header.run_id,
        work.describe(),
        earlier.len(),
        run.header.users.len(),
        prepared.to_send.len(),
        in_doubt_words(prepared.in_doubt.len()),
    );
    let mut rows = RowsAsSettled::open(&args.output)?;
    for outcome in earlier.values() {
        rows.push(&row(outcome));
    }
    let how = Drive {
        tenant,
        config: args.run_args.engine(),
        row,
        rows: &mut rows,
        in_doubt: prepared.in_doubt,
    };
    let mut outcomes = drive(&work, prepared.to_send, Some(&mut journal), how).await;
    earlier.extend(outcomes.by_user);
    outcomes.by_user = earlier;
    let mut records = Vec::new();
    let failed = write_in_order(&run.header.users, outcomes, row, &mut records);
    args.output.write(&records)?;
    Ok(exit(failed))
}

/// ", 3 of them read back first (their call was in flight when the run stopped)".
fn in_doubt_words(n: usize) -> String {
    match n {
        0 => String::new(),
        n => format!(
            ", {n} of them settled by what the service says now (their call was in flight when the run stopped)"
        ),
    }
}
