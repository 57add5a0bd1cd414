//! The Reports screen's answers: the worker's news of each call, and the paced asks while a
//! report is being made.

use super::{Dialog, Doing, ReportsScreen, index};
use crate::api::ReportKind;
use crate::app::Cx;
use crate::reports::exchange::{ReportFailure, ReportNews, ReportRequest};
use crate::reports::wait::{GIVE_UP_AFTER, try_due};

impl ReportsScreen {
    /// Time passed: a try is due for every report waiting.
    pub(super) fn ask_if_due(&mut self, cx: &mut Cx) {
        for kind in ReportKind::ALL {
            if let Doing::Waiting { since, tries, asking: None } = *self.doing(kind) {
                let waited = cx.clock.now - since;
                let due = time::Duration::try_from(try_due(tries)).unwrap_or(time::Duration::ZERO);
                if waited >= due {
                    let id = Self::request(
                        cx,
                        ReportRequest::Download { kind, to: None, replace: false },
                    );
                    self.set(kind, Doing::Waiting { since, tries, asking: Some(id) });
                }
            }
        }
    }

    pub(super) fn on_news(&mut self, news: ReportNews, cx: &mut Cx) {
        match news {
            ReportNews::Times { times, problem, download_dir } => {
                self.times = times;
                self.problem = problem;
                self.download_dir = Some(download_dir);
                self.times_read = true;
            }
            ReportNews::Generated { kind, result, times } => {
                self.times = times;
                let doing = match result {
                    Ok(()) => Doing::Waiting { since: cx.clock.now, tries: 0, asking: None },
                    Err(f) => Doing::Failed(words(&f)),
                };
                self.set(kind, doing);
            }
            ReportNews::Held { kind, result, times } => {
                self.times = times;
                let Doing::Waiting { since, tries, .. } = *self.doing(kind) else { return };
                match result {
                    Ok((rows, _)) => {
                        self.set(kind, Doing::Held { rows });
                        self.selected = index(kind);
                        self.ask_path(cx);
                    }
                    Err(ReportFailure::NotReady(_)) if cx.clock.now - since < give_up() => {
                        self.set(kind, Doing::Waiting { since, tries: tries + 1, asking: None });
                    }
                    Err(f) => self.set(kind, Doing::Failed(words(&f))),
                }
            }
            ReportNews::Saved { kind, result, times } => {
                self.times = times;
                let held = matches!(self.doing(kind), Doing::Saving { held: true, .. });
                match result {
                    Ok(saved) => {
                        self.set(kind, Doing::Saved { path: saved.path, rows: saved.rows })
                    }
                    Err(ReportFailure::Exists(to)) => {
                        self.set(
                            kind,
                            if held {
                                Doing::Held { rows: self.times.of(kind).rows.unwrap_or(0) }
                            } else {
                                Doing::Idle
                            },
                        );
                        self.selected = index(kind);
                        self.dialog = Dialog::Replace { kind, to, held };
                    }
                    Err(f) => self.set(kind, Doing::Failed(words(&f))),
                }
            }
        }
    }
}

fn give_up() -> time::Duration {
    time::Duration::try_from(GIVE_UP_AFTER).unwrap_or(time::Duration::minutes(10))
}

pub(super) fn words(f: &ReportFailure) -> String {
    match f {
        ReportFailure::NotReady(w) | ReportFailure::Limit(w) | ReportFailure::Other(w) => w.clone(),
        ReportFailure::Exists(p) => format!("{} exists; it was not replaced.", p.display()),
    }
}
