//! `casdesk unlock`, `casdesk disable`, `casdesk enable` and `casdesk sync`: an action for each
//! user of a list (one address or thousands), each looked up first and acted on only if there
//! is something to do, results in input order.

use super::{Input, Output, Progress, Record, Value, exit};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::actions::each::EachEvent;
use casdesk::actions::{ActionOutcome, Done, UserAction};
use casdesk::api::UnlockMethod;
use casdesk::bulk::{Cancel, Failure};
use casdesk::userlist::address_key;
use clap::{Args, ValueEnum};
use std::collections::HashMap;
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
        act(tenant, &UserAction::Unlock(methods), &self.input, &self.output).await
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
    let cancel = Cancel::default();
    let watcher = super::cancel_on_ctrl_c(&cancel);
    let mut progress = Progress::new(list.emails.len());
    let mut by_user: HashMap<String, ActionOutcome> = HashMap::new();
    let mut emit = |event| {
        if let EachEvent::Done(outcome) = event {
            tenant.record(action.name(), vec![outcome.audit()]);
            progress.advance(1);
            by_user.insert(address_key(&outcome.email), outcome);
        }
    };
    casdesk::actions::each::run(&tenant.client, action, list.emails.clone(), &cancel, &mut emit)
        .await;
    progress.finish();
    watcher.abort();
    let mut records = Vec::with_capacity(list.emails.len() + list.malformed.len());
    let mut attention = 0;
    for email in &list.emails {
        let outcome = by_user.remove(&address_key(email)).unwrap_or_else(|| ActionOutcome {
            email: email.clone(),
            result: Err(Failure::new("no outcome recorded for this user")),
        });
        attention += usize::from(outcome.needs_attention());
        records.push(record(action, &outcome));
    }
    for bad in &list.malformed {
        let failure =
            Failure::new(format!("line {}: not an e-mail address ({})", bad.line, bad.reason));
        attention += 1;
        records
            .push(record(action, &ActionOutcome { email: bad.text.clone(), result: Err(failure) }));
    }
    output.write(&records)?;
    Ok(exit(attention))
}

/// Same columns whatever happened: the user, status, what was done, and the error.
fn record(action: &UserAction, outcome: &ActionOutcome) -> Record {
    let (status, words) = outcome.verdict();
    let (done, error) = match &outcome.result {
        Ok(_) => (Value::from(words), Value::Null),
        Err(_) => (Value::Null, Value::from(words)),
    };
    // Null when it failed: whether anything changed before the failure is not known.
    let changed = match &outcome.result {
        Ok(Done::NothingToDo(_) | Done::CannotDo(_)) => Value::Bool(false),
        Ok(_) => Value::Bool(true),
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
