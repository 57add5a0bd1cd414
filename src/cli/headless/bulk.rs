//! `casdesk codes generate|void`: bulk runs through the engine the console uses, journaled
//! (see `runs.rs` for finishing interrupted ones), cancellable with Ctrl-C (calls in flight
//! finish and are recorded).

use super::list_run::{Drive, drive, write_in_order};
use super::rows_as_settled::RowsAsSettled;
use super::{Input, Output, Record, Value, exit};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::api::{CodeMode, CodeValidity, Delivery};
use casdesk::bulk::journal::{self, Journal, RunHeader};
use casdesk::bulk::{EngineConfig, Failure, GenerateOptions, Operation, RunOf, UserOutcome};
use clap::{Args, Subcommand, ValueEnum};
use std::collections::HashSet;
use std::process::ExitCode;

#[derive(Subcommand, Debug)]
pub enum CodesCommand {
    /// Generate secure-enrollment or password-reset codes
    Generate(GenerateArgs),
    /// Void outstanding enrollment or password-reset codes
    Void(VoidArgs),
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum ModeArg {
    Enrollment,
    PasswordReset,
}

impl From<ModeArg> for CodeMode {
    fn from(m: ModeArg) -> Self {
        match m {
            ModeArg::Enrollment => CodeMode::Enrollment,
            ModeArg::PasswordReset => CodeMode::PasswordReset,
        }
    }
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum DeliveryArg {
    /// The code comes back in the results (treat the output as secret)
    Display,
    /// The service e-mails the code; the results never hold it
    Email,
}

#[derive(Args, Debug)]
pub struct GenerateArgs {
    #[arg(long, value_enum)]
    mode: ModeArg,
    /// How long codes stay valid, 10m to 24h (e.g. 30m, 2h) [default: the profile's, else the
    /// service's, 10m]
    #[arg(long, value_name = "DURATION")]
    validity: Option<String>,
    /// [default: the profile's, else display]
    #[arg(long, value_enum)]
    delivery: Option<DeliveryArg>,
    /// With --delivery email: send to this address instead of the user's own
    #[arg(long, value_name = "EMAIL")]
    custom_email: Option<String>,
    #[command(flatten)]
    caller: super::caller::CallerArgs,
    #[command(flatten)]
    run: RunArgs,
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

#[derive(Args, Debug)]
pub struct VoidArgs {
    #[arg(long, value_enum)]
    mode: ModeArg,
    #[command(flatten)]
    run: RunArgs,
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

#[derive(Args, Debug, Clone)]
pub struct RunArgs {
    /// At most this many calls in flight (the run adapts below it when the service throttles)
    #[arg(long, default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..=32))]
    concurrency: u16,
}

/// "30m", "2h", "90" (minutes) into a checked validity.
fn parse_validity(text: &str) -> Result<CodeValidity, String> {
    CodeValidity::parse_short(text).map_err(|e| format!("--validity {e}"))
}

impl CodesCommand {
    pub async fn run(self, tenant: &Tenant) -> Result<ExitCode, String> {
        match self {
            Self::Generate(args) => {
                let delivery = args.delivery.unwrap_or(match tenant.code_defaults.delivery {
                    Some(casdesk::config::DeliveryDefault::Email) => DeliveryArg::Email,
                    _ => DeliveryArg::Display,
                });
                if args.custom_email.is_some() && !matches!(delivery, DeliveryArg::Email) {
                    return Err("--custom-email is only used with --delivery email".into());
                }
                if let Some(address) = &args.custom_email
                    && let Some(problem) = casdesk::userlist::email_problem(address)
                {
                    return Err(format!(
                        "--custom-email {address}: not a valid address ({problem})"
                    ));
                }
                let validity = match args.validity.as_deref() {
                    Some(text) => Some(parse_validity(text)?),
                    None => tenant.code_defaults.validity,
                };
                let options = GenerateOptions {
                    validity: validity.map(|v| (v.value(), v.unit())),
                    delivery: Some(match delivery {
                        DeliveryArg::Display => Delivery::Display,
                        DeliveryArg::Email => Delivery::Email,
                    }),
                    custom_email: args.custom_email,
                };
                let op = Operation::Generate { mode: args.mode.into(), options };
                start(tenant, op, (&args.input, Some(&args.caller)), &args.run, &args.output).await
            }
            Self::Void(args) => {
                let op = Operation::Void { mode: args.mode.into() };
                start(tenant, op, (&args.input, None), &args.run, &args.output).await
            }
        }
    }
}

async fn start(
    tenant: &Tenant,
    op: Operation,
    (input, caller): (&Input, Option<&super::caller::CallerArgs>),
    run: &RunArgs,
    output: &Output,
) -> Result<ExitCode, String> {
    let list = input.read()?;
    // Codes hand the caller a way in: verified first, or the override recorded.
    if let (Some(caller), Operation::Generate { .. }) = (caller, &op) {
        let guard = casdesk::verify::Guarded::Codes;
        caller.verify_first(tenant, guard, &list.emails).await?;
    }
    mention_interrupted(tenant);
    let header = RunHeader {
        run_id: uuid::Uuid::new_v4().to_string(),
        started: casdesk::clock::now_rfc3339(),
        tenant: journal::tenant_id(&tenant.client),
        operation: RunOf::Codes(op.clone()),
        users: list.emails.clone(),
    };
    let mut journal = start_journal(&header)?;
    let row = |o: &UserOutcome| record(&op, o);
    let mut rows = RowsAsSettled::open(output)?;
    let mut records: Vec<Record> = Vec::new();
    let mut failed = 0;
    for bad in &list.malformed {
        failed += 1;
        let failure = Failure::new(format!("not sent: line {}: {}", bad.line, bad.reason));
        let outcome = UserOutcome::failed(&bad.text, failure);
        rows.push(&row(&outcome));
        records.push(row(&outcome));
    }
    let how = Drive {
        tenant,
        config: run.engine(),
        row: &row,
        rows: &mut rows,
        in_doubt: HashSet::new(),
    };
    let outcomes = drive(&op, list.emails.clone(), journal.as_mut(), how).await;
    failed += write_in_order(&header.users, outcomes, &row, &mut records);
    output.write(&records)?;
    Ok(exit(failed))
}

/// Starts the journal of a new run and says where it is (no data directory: no journal).
pub(super) fn start_journal(header: &RunHeader) -> Result<Option<Journal>, String> {
    let Some(dir) = journal::default_dir() else { return Ok(None) };
    let journal = Journal::create(&dir, header)
        .map_err(|e| format!("cannot start the run journal in {}: {e}", dir.display()))?;
    eprintln!(
        "casdesk: {} for {} (run {}, journal {})",
        header.operation.describe(),
        users(header.users.len()),
        header.run_id,
        journal.path().display()
    );
    Ok(Some(journal))
}

impl RunArgs {
    pub(super) fn engine(&self) -> EngineConfig {
        EngineConfig { max_concurrency: usize::from(self.concurrency), ..EngineConfig::default() }
    }
}

fn users(n: usize) -> String {
    if n == 1 { "1 user".into() } else { format!("{n} users") }
}

pub(super) fn record(op: &Operation, outcome: &UserOutcome) -> Record {
    let (status, meaning) = outcome.verdict();
    let code = outcome.result.as_ref().map_or(Value::Null, |c| Value::Number(c.code()));
    let message = outcome.message.as_deref().map(str::trim).filter(|m| !m.is_empty());
    let mut record = vec![
        ("email", outcome.email.as_str().into()),
        ("status", status.word().into()),
        ("result_code", code),
        ("meaning", meaning.into()),
        ("service_message", message.map(str::to_string).into()),
    ];
    if matches!(op, Operation::Generate { .. }) {
        let expires = outcome
            .expires
            .and_then(|t| t.format(&time::format_description::well_known::Rfc3339).ok());
        record.push(("code", outcome.code.as_ref().map(|c| c.expose().to_string()).into()));
        record.push(("expires", expires.into()));
        record.push(("link", outcome.link.clone().into()));
    }
    record
}

/// Tells, on stderr, of interrupted runs on this tenant before a new one starts.
pub(super) fn mention_interrupted(tenant: &Tenant) {
    let Some(dir) = journal::default_dir() else { return };
    let ours = journal::tenant_id(&tenant.client);
    let count = journal::unfinished(&dir).iter().filter(|r| r.header.tenant == ours).count();
    if count > 0 {
        eprintln!(
            "casdesk: {count} interrupted run(s) on this tenant can be finished: see `casdesk runs`"
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validity_reads_minutes_and_hours_within_range() {
        assert_eq!(parse_validity("30m").unwrap().minutes(), 30);
        assert_eq!(parse_validity("2h").unwrap().minutes(), 120);
        assert_eq!(parse_validity("45").unwrap().minutes(), 45);
        assert!(parse_validity("5m").is_err());
        assert!(parse_validity("25h").is_err());
        assert!(parse_validity("soon").is_err());
    }
}
