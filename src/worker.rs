//! The worker: owns the API client and carries out the console's commands on tokio tasks,
//! answering with messages tagged by request id. The console never waits on it.

use crate::api::{Client, MAX_USERS_PER_CALL};
use crate::app::msg::{ApiOutcome, ApiRequest, Command, Failure, Msg, RequestId};
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tokio::sync::mpsc::UnboundedSender;

pub struct Worker {
    client: Client,
    tx: UnboundedSender<Msg>,
    cancelled: HashMap<RequestId, Arc<AtomicBool>>,
}

impl Worker {
    pub fn new(client: Client, tx: UnboundedSender<Msg>) -> Self {
        Self { client, tx, cancelled: HashMap::new() }
    }

    /// Starts `command`; returns at once. Copy and Quit belong to the event loop, not here.
    pub fn execute(&mut self, command: Command) {
        match command {
            Command::Api(id, request) => {
                let flag = Arc::new(AtomicBool::new(false));
                self.cancelled.retain(|_, f| Arc::strong_count(f) > 1);
                self.cancelled.insert(id, flag.clone());
                let tx = self.tx.clone();
                let observer_tx = self.tx.clone();
                let client = self.client.observed(Arc::new(move |notice| {
                    let _ = observer_tx.send(Msg::Retrying(id, notice));
                }));
                supervise(id, self.tx.clone(), run_api(client, id, request, flag, tx));
            }
            Command::Cancel(id) => {
                if let Some(flag) = self.cancelled.get(&id) {
                    flag.store(true, Ordering::SeqCst);
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
            Command::Copy(_) | Command::Quit => {}
        }
    }
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

async fn read_list_file(path: &PathBuf) -> Result<String, String> {
    let shown = path.display();
    let meta = tokio::fs::metadata(path).await.map_err(|e| format!("cannot open {shown}: {e}"))?;
    if !meta.is_file() {
        return Err(format!("{shown} is not a file"));
    }
    if meta.len() > MAX_LIST_FILE_BYTES {
        return Err(format!("{shown} is larger than {} MiB", MAX_LIST_FILE_BYTES / 1024 / 1024));
    }
    let bytes = tokio::fs::read(path).await.map_err(|e| format!("cannot read {shown}: {e}"))?;
    String::from_utf8(bytes).map_err(|_| format!("{shown} is not UTF-8 text"))
}

async fn run_api(
    client: Client,
    id: RequestId,
    request: ApiRequest,
    cancelled: Arc<AtomicBool>,
    tx: UnboundedSender<Msg>,
) {
    let send = |outcome| {
        let _ = tx.send(Msg::Api(id, outcome));
    };
    match request {
        ApiRequest::Lookup { email, search_unsynched } => {
            match client.lookup_user(&email, search_unsynched).await {
                Ok(details) => {
                    let authenticators = match details.id.as_deref() {
                        Some(user_id) => {
                            client.user_authenticators(user_id).await.map_err(Failure::from)
                        }
                        None => Err(Failure::new(
                            "the service gave no user id, so authenticators cannot be listed",
                        )),
                    };
                    send(ApiOutcome::User { details: Box::new(details), authenticators });
                }
                Err(e) => send(ApiOutcome::Failed(e.into())),
            }
        }
        ApiRequest::Generate { mode, users } => {
            let chunks: Vec<_> = users.chunks(MAX_USERS_PER_CALL).collect();
            for (index, chunk) in chunks.iter().enumerate() {
                let emails: Vec<String> = chunk.iter().map(|u| u.email.clone()).collect();
                let last = index + 1 == chunks.len();
                if cancelled.load(Ordering::SeqCst) {
                    let rest: Vec<String> = chunks[index..]
                        .iter()
                        .flat_map(|c| c.iter().map(|u| u.email.clone()))
                        .collect();
                    send(ApiOutcome::Generated {
                        emails: rest,
                        results: Err(cancelled_failure()),
                        last: true,
                    });
                    return;
                }
                let results = client.generate_codes(mode, chunk).await.map_err(Failure::from);
                send(ApiOutcome::Generated { emails, results, last });
            }
        }
        ApiRequest::Void { mode, emails } => {
            let chunks: Vec<_> = emails.chunks(MAX_USERS_PER_CALL).collect();
            for (index, chunk) in chunks.iter().enumerate() {
                let last = index + 1 == chunks.len();
                if cancelled.load(Ordering::SeqCst) {
                    let rest: Vec<String> = chunks[index..].concat();
                    send(ApiOutcome::Voided {
                        emails: rest,
                        results: Err(cancelled_failure()),
                        last: true,
                    });
                    return;
                }
                let results = client.void_codes(mode, chunk).await.map_err(Failure::from);
                send(ApiOutcome::Voided { emails: chunk.to_vec(), results, last });
            }
        }
        ApiRequest::DeviceCode { target, app } => {
            send(ApiOutcome::DeviceCode(
                client.device_registration_code(&target, app).await.map_err(Failure::from),
            ));
        }
        ApiRequest::EnableEac { user_id, options } => {
            send(ApiOutcome::EacEnabled(
                client.enable_emergency_tokencode(&user_id, &options).await.map_err(Failure::from),
            ));
        }
        ApiRequest::DisableEac { user_id, eac_id } => {
            send(ApiOutcome::EacDisabled(
                client.disable_emergency_tokencode(&user_id, &eac_id).await.map_err(Failure::from),
            ));
        }
    }
}

fn cancelled_failure() -> Failure {
    Failure::new("not sent: the run was cancelled")
}
