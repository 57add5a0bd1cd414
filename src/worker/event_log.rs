//! Reads every page of the tenant-wide User Event Log for the Failures screen, telling it
//! after each page how far it got (pages read of the total), then handing it the log. A 429 is
//! waited out by the client's backoff and reported as a retry, as for any call.

use super::Records;
use crate::api::{Client, EventLogRange};
use crate::audit::UserResult;
use crate::bulk::Cancel;
use crate::call_record::{ALL_USERS, USER_EVENT_LOG};
use crate::messages::{ApiOutcome, EventLogNews, Failure, Msg, RequestId};
use tokio::sync::mpsc::UnboundedSender;

pub(super) async fn read(
    client: &Client,
    (id, range): (RequestId, EventLogRange),
    cancelled: &Cancel,
    records: &Records,
    tx: &UnboundedSender<Msg>,
) {
    let send = |news| {
        let _ = tx.send(Msg::Api(id, ApiOutcome::EventLog(news)));
    };
    let read = client
        .user_event_log(&range, |progress| {
            send(EventLogNews::Progress(progress));
            !cancelled.is_cancelled()
        })
        .await;
    // A read of everyone's sign-ins: who looked is worth recording, as for one user's.
    let result = match &read {
        Ok(_) => UserResult::ok(ALL_USERS),
        Err(e) => UserResult::failed(ALL_USERS, e.to_string()),
    };
    records.audit(tx, USER_EVENT_LOG, vec![result]);
    send(EventLogNews::Read(read.map_err(Failure::from)));
}
