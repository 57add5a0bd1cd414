//! `casdesk unlock`, `casdesk disable`, `casdesk enable` and `casdesk sync`: an action for each
//! user of a list (one address or thousands), each looked up first and acted on only if there
//! is something to do, results in input order.

use super::list_run::{Drive, drive, write_in_order};
use super::rows_as_settled::RowsAsSettled;
use super::{Input, Output, Record, Value, exit};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::actions::declared::{DECLARED, Declared, ListWords};
use casdesk::actions::{ActionOutcome, Done, UserAction};
use casdesk::api::UnlockMethod;
use casdesk::bulk::journal::{self, RunHeader};
use casdesk::bulk::{EngineConfig, Failure, RunOf};
use clap::{ArgMatches, Args, FromArgMatches, Subcommand, ValueEnum};
use std::collections::HashSet;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct UnlockArgs {
    /// The methods to unlock, where locked (comma-separated)
    #[arg(long, value_enum, value_delimiter = ',', default_value = "token,sms,voice")]
    methods: Vec<MethodArg>,
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    #[command(flatten)]
    input: Input,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum MethodArg {
    Token,
    Sms,
    Voice,
}

impl UnlockArgs {
    pub async fn run(&self, tenant: &Tenant) -> Result<ExitCode, String> {
        let methods = self
            .methods
            .iter()
            .map(|m| match m {
                MethodArg::Token => UnlockMethod::Token,
                MethodArg::Sms => UnlockMethod::Sms,
                MethodArg::Voice => UnlockMethod::Voice,
            })
            .fold(Vec::new(), |mut all, m| {
                if !all.contains(&m) {
                    all.push(m);
                }
                all
            });
        act(tenant, &UserAction::unlock(methods), &self.input, &self.output).await
    }
}

impl ListArgs {
    pub async fn run(&self, tenant: &Tenant, action: UserAction) -> Result<ExitCode, String> {
        act(tenant, &action, &self.input, &self.output).await
    }
}

async fn act(
    tenant: &Tenant,
    action: &UserAction,
    input: &Input,
    output: &Output,
) -> Result<ExitCode, String> {
    let list = input.read()?;
    super::bulk::mention_interrupted(tenant);
    let header = RunHeader {
        run_id: uuid::Uuid::new_v4().to_string(),
        started: casdesk::clock::now_rfc3339(),
        tenant: journal::tenant_id(&tenant.client),
        operation: RunOf::Each { action: action.clone() },
        users: list.emails.clone(),
    };
    let mut journal = super::bulk::start_journal(&header)?;
    let row = |o: &ActionOutcome| record(action, o);
    let mut rows = RowsAsSettled::open(output)?;
    let mut junk = Vec::with_capacity(list.malformed.len());
    for bad in &list.malformed {
        let failure =
            Failure::new(format!("line {}: not an e-mail address ({})", bad.line, bad.reason));
        let outcome = ActionOutcome { email: bad.text.clone(), result: Err(failure) };
        rows.push(&row(&outcome));
        junk.push(row(&outcome));
    }
    let how = Drive {
        tenant,
        config: EngineConfig::default(),
        row: &row,
        rows: &mut rows,
        in_doubt: HashSet::new(),
    };
    let outcomes = drive(action, list.emails.clone(), journal.as_mut(), how).await;
    let mut records = Vec::with_capacity(list.emails.len() + junk.len());
    // The list's users in input order, then its lines that are not addresses.
    let mut attention = write_in_order(&header.users, outcomes, &row, &mut records);
    attention += junk.len();
    records.extend(junk);
    output.write(&records)?;
    Ok(exit(attention))
}

/// Same columns whatever happened: the user, status, what was done, and the error.
pub(super) fn record(action: &UserAction, outcome: &ActionOutcome) -> Record {
    let (status, words) = outcome.verdict();
    let (done, error) = match &outcome.result {
        Ok(_) => (Value::from(words), Value::Null),
        Err(_) => (Value::Null, Value::from(words)),
    };
    // Null when it failed: whether anything changed before the failure is not known.
    let changed = match &outcome.result {
        Ok(Done::NothingToDo(_) | Done::CannotDo(_)) => Value::Bool(false),
        // As an interrupted run's journal recorded it: whether it changed anything is not kept.
        Ok(Done::Recorded(..)) => Value::Null,
        Ok(Done::Acted(_)) => Value::Bool(true),
        Err(_) => Value::Null,
    };
    vec![
        ("email", outcome.email.as_str().into()),
        ("status", status.word().into()),
        ("action", action.name().into()),
        ("changed", changed),
        ("result", done),
        ("error", error),
    ]
}

/// `casdesk <command>` for every declared action that runs over a list (`sync`, …): one
/// subcommand each, named, described and run from its declaration, so adding an action adds
/// its command without a line here.
#[derive(Debug)]
pub struct DeclaredCommand {
    pub action: &'static Declared,
    pub args: ListArgs,
}

/// Those whose command is the list run alone (`unlock` has its own, taking `--methods`).
fn over_lists() -> impl Iterator<Item = (&'static Declared, &'static ListWords, &'static str)> {
    DECLARED.iter().filter_map(|d| {
        let list = d.list.as_ref()?;
        Some((*d, list, list.command_help?))
    })
}

impl FromArgMatches for DeclaredCommand {
    fn from_arg_matches(matches: &ArgMatches) -> Result<Self, clap::Error> {
        let Some((name, inner)) = matches.subcommand() else {
            return Err(clap::Error::new(clap::error::ErrorKind::MissingSubcommand));
        };
        let action =
            over_lists().find(|(d, ..)| d.command == name).map(|(d, ..)| d).ok_or_else(|| {
                clap::Error::raw(clap::error::ErrorKind::InvalidSubcommand, name.to_string())
            })?;
        Ok(Self { action, args: ListArgs::from_arg_matches(inner)? })
    }

    fn update_from_arg_matches(&mut self, matches: &ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(matches)?;
        Ok(())
    }
}

impl Subcommand for DeclaredCommand {
    fn augment_subcommands(command: clap::Command) -> clap::Command {
        over_lists().fold(command, |command, (declared, _, help)| {
            // About set after the arguments: theirs would replace it.
            let one = ListArgs::augment_args(clap::Command::new(declared.command));
            command.subcommand(one.about(help).long_about(None))
        })
    }

    fn augment_subcommands_for_update(command: clap::Command) -> clap::Command {
        Self::augment_subcommands(command)
    }

    fn has_subcommand(name: &str) -> bool {
        over_lists().any(|(d, ..)| d.command == name)
    }
}
