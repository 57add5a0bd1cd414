//! The worker: owns the API client and carries out the console's commands on tokio tasks,
//! answering with messages tagged by request id. The console never waits on it.

use crate::api::{Client, DeviceCodeTarget};
use crate::audit::{AuditLog, UserResult};
use crate::bulk::{Cancel, GenerateOptions, Operation};
use crate::messages::{ApiOutcome, ApiRequest, Command, Failure, Msg, Refreshed, RequestId};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::mpsc::UnboundedSender;
use tokio::sync::watch;

mod bulk_runs;
mod event_log;
pub mod follow;
mod reports;
mod seen;
mod ticket;
pub mod token_lookup;

use bulk_runs::{resume_bulk, run_bulk};

/// The API client, or how to build it. Building one reads and checks the key (an RSA key
/// check and a trial signature) and loads the TLS roots: tens of milliseconds, which the
/// console spends drawing its first frame instead; requests made meanwhile wait for it.
pub enum ClientSource {
    Ready(Client),
    Build(Box<dyn FnOnce() -> Result<Client, String> + Send>),
}

type ClientSlot = watch::Receiver<Option<Result<Client, String>>>;

pub struct Worker {
    client: ClientSlot,
    tx: UnboundedSender<Msg>,
    cancels: HashMap<RequestId, Cancel>,
    records: Arc<Records>,
    seen: Arc<seen::Seen>,
}

/// What the worker writes down besides answering: run journals and the audit trail.
#[derive(Default)]
pub struct Records {
    /// Where bulk runs are journaled; `None` runs them without a journal (tests).
    pub journal_dir: Option<PathBuf>,
    /// Where actions are recorded; `None` records nothing (tests).
    pub audit: Option<AuditLog>,
    /// The console's call's ticket, named in every entry recorded.
    pub ticket: ticket::CallTicket,
    /// The program ticket notes are posted with, if any.
    pub note_command: Option<crate::ticket::post::NoteCommand>,
}

impl Records {
    /// Appends an action to the audit trail; if that fails the console is told, since an
    /// action missing from the trail must not go unnoticed.
    fn audit(&self, tx: &UnboundedSender<Msg>, action: &str, users: Vec<UserResult>) {
        if let Some(log) = &self.audit
            && let Err(e) = log.record_for(self.ticket.get().as_ref(), action, users)
        {
            tracing::warn!(path = %log.path().display(), "audit record not written: {e}");
            let _ = tx.send(Msg::AuditFailed(format!("{}: {e}", log.path().display())));
        }
    }
}

impl Worker {
    /// Must be called within a tokio runtime: a client to build is built on a blocking task.
    pub fn new(source: ClientSource, tx: UnboundedSender<Msg>, records: Records) -> Self {
        let (slot, client) = watch::channel(None);
        match source {
            ClientSource::Ready(c) => {
                let _ = slot.send(Some(Ok(c)));
            }
            ClientSource::Build(build) => {
                let tx = tx.clone();
                tokio::task::spawn_blocking(move || {
                    let built = build();
                    if let Err(problem) = &built {
                        let _ = tx.send(Msg::ClientFailed(problem.clone()));
                    }
                    let _ = slot.send(Some(built));
                });
            }
        }
        let seen = Arc::default();
        Self { client, tx, cancels: HashMap::new(), records: Arc::new(records), seen }
    }

    /// Starts `command`; returns at once. Copy and Quit belong to the event loop, not here.
    pub fn execute(&mut self, command: Command) {
        match command {
            Command::Api(id, request) => {
                tracing::debug!(id, request = request.summary(), "request");
                let cancel = Cancel::default();
                self.cancels.retain(|_, c| !c.is_finished());
                self.cancels.insert(id, cancel.clone());
                let tx = self.tx.clone();
                let mut slot = self.client.clone();
                let records = Arc::clone(&self.records);
                let seen = Arc::clone(&self.seen);
                let task = async move {
                    let ready = slot.wait_for(Option::is_some).await.ok().and_then(|c| c.clone());
                    let client = match ready {
                        Some(Ok(client)) => client,
                        Some(Err(problem)) => return refuse(id, request, problem, &tx),
                        None => return,
                    };
                    let observer_tx = tx.clone();
                    let client = client.observed(Arc::new(move |notice| {
                        let _ = observer_tx.send(Msg::Retrying(id, notice));
                    }));
                    run_api(client, id, request, cancel, (&records, &seen), tx).await;
                };
                supervise(id, self.tx.clone(), task);
            }
            Command::Cancel(id) => {
                tracing::info!(id, "cancel asked");
                if let Some(cancel) = self.cancels.get(&id) {
                    cancel.cancel();
                }
            }
            Command::ReadFile(id, path) => {
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let _ = tx.send(Msg::FileLoaded(id, read_list_file(&path).await));
                });
            }
            Command::WriteFile(id, path, contents) => {
                let tx = self.tx.clone();
                tokio::spawn(async move {
                    let result = tokio::fs::write(&path, contents)
                        .await
                        .map(|_| std::path::absolute(&path).unwrap_or(path.clone()))
                        .map_err(|e| format!("cannot write {}: {e}", path.display()));
                    let _ = tx.send(Msg::FileWritten(id, result));
                });
            }
            Command::TicketNote { email, since, offset } => {
                let records = Arc::clone(&self.records);
                ticket::make_note(records, (email, since, offset), self.tx.clone());
            }
            Command::Ticket(ticket) => self.records.ticket.set(ticket),
            Command::ConfirmedWorking { email, at, how } => {
                let record = crate::call_record::confirmed_working(&email, at, &how);
                self.records.audit(&self.tx, crate::call_record::CONFIRMED_WORKING, vec![record]);
            }
            Command::CallerVerified { verified, lasts } => {
                let record = UserResult::ok(&verified.email).with_outcome(verified.how.words());
                if let Some(log) = &self.records.audit {
                    log.remember_caller(verified, lasts);
                }
                self.records.audit(&self.tx, "verified caller", vec![record]);
            }
            Command::Copy(_) | Command::CopyNote(_) | Command::ClearClipboard | Command::Quit => {}
        }
    }
}

/// Answers `request` with `problem` (the client could not be built), in the shape the asking
/// screen expects, so every user of a bulk request still gets an outcome.
fn refuse(id: RequestId, request: ApiRequest, problem: String, tx: &UnboundedSender<Msg>) {
    let failure = Failure::new(format!("not sent: {problem}"));
    let _ = tx.send(Msg::Api(id, request.refused(failure)));
}

/// Runs `task`; if it panics, the console gets an error for `id` instead of a silent hang.
fn supervise(
    id: RequestId,
    tx: UnboundedSender<Msg>,
    task: impl Future<Output = ()> + Send + 'static,
) {
    let handle = tokio::spawn(task);
    tokio::spawn(async move {
        if let Err(e) = handle.await
            && e.is_panic()
        {
            let _ = tx.send(Msg::Api(
                id,
                ApiOutcome::Failed(Failure::new(
                    "internal error: the request stopped unexpectedly",
                )),
            ));
        }
    });
}

/// Lists larger than this are refused rather than read into memory.
const MAX_LIST_FILE_BYTES: u64 = 32 * 1024 * 1024;

async fn read_list_file(path: &PathBuf) -> Result<Vec<u8>, String> {
    let shown = path.display();
    let meta = tokio::fs::metadata(path).await.map_err(|e| format!("cannot open {shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("{shown} is not a file"));
    }
    if meta.len() > MAX_LIST_FILE_BYTES {
        return Err(format!("{shown} is larger than {} MiB", MAX_LIST_FILE_BYTES / 1024 / 1024));
    }
    // Bytes, not text: UTF-16 and Windows-1252 exports are decoded by the list reader.
    tokio::fs::read(path).await.map_err(|e| format!("cannot read {shown}: {e}"))
}

async fn run_api(
    client: Client,
    id: RequestId,
    request: ApiRequest,
    cancelled: Cancel,
    (records, seen): (&Records, &seen::Seen),
    tx: UnboundedSender<Msg>,
) {
    let send = |outcome| {
        let _ = tx.send(Msg::Api(id, outcome));
    };
    match request {
        ApiRequest::Lookup { email, search_unsynched } => {
            let found = look_up(&client, &email, search_unsynched, (records, seen), &tx).await;
            send(match found {
                Ok(Refreshed { details, authenticators }) => {
                    ApiOutcome::User { details, authenticators }
                }
                Err(failure) => ApiOutcome::Failed(failure),
            });
        }
        ApiRequest::Search { part, page, page_size } => {
            let found = client.search_users(&part, page, page_size).await;
            // Who the operator was shown, as a lookup records who was looked up.
            let seen = match &found {
                Ok(matches) => matches
                    .elements
                    .iter()
                    .filter_map(|u| u.email_address.as_deref())
                    .map(UserResult::ok)
                    .collect(),
                Err(e) => vec![UserResult::failed(&format!("*{part}*"), e.to_string())],
            };
            if !seen.is_empty() {
                records.audit(&tx, "search", seen);
            }
            send(match found {
                Ok(matches) => ApiOutcome::Matches(Box::new(matches)),
                Err(e) => ApiOutcome::Failed(Failure::from(e)),
            });
        }
        ApiRequest::TokenLookup { serial } => {
            send(token_lookup::run(&client, &serial, records, &tx).await);
        }
        ApiRequest::Act { user_id, email, action } => {
            // A sync is recorded with what it changed against the user as last looked up.
            let before = seen.get(&user_id);
            let result = action.perform(&client, &user_id).await.map_err(Failure::from);
            let result = result.map(|acted| match &before {
                Some(before) => acted.compared_with(before),
                None => acted,
            });
            let outcome = crate::actions::ActionOutcome {
                email: email.clone(),
                result: result.clone().map(crate::actions::Done::Acted),
            };
            let mut recorded = outcome.audit();
            // The service may quote a number back in its error; the record keeps none.
            if matches!(action.args, crate::actions::Args::Phones(_)) {
                recorded.error = recorded.error.map(|e| crate::api::redact_phone_numbers(&e));
            }
            records.audit(&tx, &action.record_name(), vec![recorded]);
            // Looked up again whatever happened: a failed change may still have been made.
            let refreshed = Some(look_up(&client, &email, false, (records, seen), &tx).await);
            send(ApiOutcome::Acted { result, refreshed });
        }
        ApiRequest::ActOnEach { action, emails } => {
            run_bulk(&client, action, emails, &cancelled, (id, &tx), records).await;
        }
        ApiRequest::Generate { mode, users } => {
            let options = users.first().map(GenerateOptions::of).unwrap_or_default();
            let emails = users.into_iter().map(|u| u.email).collect();
            let op = Operation::Generate { mode, options };
            run_bulk(&client, op, emails, &cancelled, (id, &tx), records).await;
        }
        ApiRequest::Void { mode, emails } => {
            let op = Operation::Void { mode };
            run_bulk(&client, op, emails, &cancelled, (id, &tx), records).await;
        }
        ApiRequest::Resume { run } => {
            resume_bulk(&client, *run, &cancelled, (id, &tx), records).await
        }
        ApiRequest::DeviceCode { target, app } => {
            let issued = client.device_registration_code(&target, app).await;
            let who = match &target {
                DeviceCodeTarget::Email(v) | DeviceCodeTarget::Username(v) => v.as_str(),
            };
            let result = match &issued {
                Ok(code) => {
                    UserResult::ok(who).with_outcome(crate::audit::device_code_outcome(code))
                }
                Err(e) => UserResult::failed(who, e.to_string()),
            };
            records.audit(&tx, "device registration code", vec![result]);
            send(ApiOutcome::DeviceCode(issued.map_err(Failure::from)));
        }
        ApiRequest::EnableEac { user_id, email, options } => {
            let enabled = client.enable_emergency_tokencode(&user_id, &options).await;
            let result = match &enabled {
                Ok(eac) => UserResult::ok(&email).with_outcome(crate::audit::eac_outcome(eac)),
                Err(e) => UserResult::failed(&email, e.to_string()),
            };
            records.audit(&tx, "enable emergency tokencode", vec![result]);
            send(ApiOutcome::EacEnabled(enabled.map_err(Failure::from)));
        }
        ApiRequest::StartVerification { user_id, email } => {
            let started = client.start_verification(&user_id).await;
            let result = match &started {
                Ok(_) => UserResult::ok(&email).with_outcome("prompted the user's device"),
                Err(e) => UserResult::failed(&email, e.to_string()),
            };
            records.audit(&tx, "start live verification", vec![result]);
            send(ApiOutcome::Verification(started.map_err(Failure::from)));
        }
        ApiRequest::VerificationStatus { user_id } => {
            let status = client.verification_status(&user_id).await;
            send(ApiOutcome::Verification(status.map_err(Failure::from)));
        }
        ApiRequest::CancelVerification { user_id, email } => {
            let cancelled = client.cancel_verification(&user_id).await;
            let result = match &cancelled {
                Ok(_) => UserResult::ok(&email).with_outcome("cancelled"),
                Err(e) => UserResult::failed(&email, e.to_string()),
            };
            records.audit(&tx, "cancel live verification", vec![result]);
            send(ApiOutcome::Verification(cancelled.map_err(Failure::from)));
        }
        ApiRequest::AuthLogs { user_id, email, query } => {
            let read = client.user_auth_logs(&user_id, &query).await;
            // A read, but of someone's sign-in history: who looked is worth recording.
            let result = match &read {
                Ok(_) => UserResult::ok(&email),
                Err(e) => UserResult::failed(&email, e.to_string()),
            };
            records.audit(&tx, "sign-in activity", vec![result]);
            send(ApiOutcome::AuthLogs(read.map_err(Failure::from)));
        }
        ApiRequest::DisableEac { user_id, email, eac_id } => {
            let disabled = client.disable_emergency_tokencode(&user_id, &eac_id).await;
            let result = match &disabled {
                Ok(()) => UserResult::ok(&email).with_outcome(crate::audit::EAC_DISABLED),
                Err(e) => UserResult::failed(&email, e.to_string()),
            };
            records.audit(&tx, "disable emergency tokencode", vec![result]);
            send(ApiOutcome::EacDisabled(disabled.map_err(Failure::from)));
        }
        // A read the console makes by itself after each lookup: the lookup is recorded, not
        // this.
        ApiRequest::AdminActivity { user_id, after, until } => {
            let read = client.admin_activity_on(&user_id, after, until).await;
            send(ApiOutcome::AdminActivity(read.map_err(Failure::from)));
        }
        ApiRequest::Follow(request) => {
            follow::for_console(&client, (id, &request), &cancelled, records, &tx).await
        }
        ApiRequest::UserEventLog { range } => {
            event_log::read(&client, (id, range), &cancelled, records, &tx).await
        }
        ApiRequest::Report(request, offset) => {
            send(reports::for_console(&client, request, (records, offset), &tx).await)
        }
    }
}

/// A user's details and authenticators (the authenticators may fail on their own), audited as
/// a lookup.
async fn look_up(
    client: &Client,
    email: &str,
    search_unsynched: bool,
    (records, seen): (&Records, &seen::Seen),
    tx: &UnboundedSender<Msg>,
) -> Result<Refreshed, Failure> {
    let found = client.lookup_user(email, search_unsynched).await;
    let result = match &found {
        Ok(_) => UserResult::ok(email),
        Err(e) => UserResult::failed(email, e.to_string()),
    };
    records.audit(tx, "lookup", vec![result]);
    let details = found.map_err(Failure::from)?;
    seen.remember(&details);
    let authenticators = match details.id.as_deref() {
        Some(user_id) => client.user_authenticators(user_id).await.map_err(Failure::from),
        None => {
            Err(Failure::new("the service gave no user id, so authenticators cannot be listed"))
        }
    };
    Ok(Refreshed { details: Box::new(details), authenticators })
}
