//! `casdesk report generate|download|get|status KIND`: the users, hardware tokens and MFA
//! clients reports. The service allows a generate once every 8 hours and a download once every
//! 15 minutes per tenant; casdesk keeps when it did each (per profile, in the data directory)
//! and says before sending when the service would refuse (`--anyway` sends regardless). One
//! result row on stdout (CSV or JSON); the report itself goes to `--out`.

use super::{COULD_NOT_RUN, Format, Record, SOME_FAILED, Value, to_csv, to_json};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::api::ReportKind;
use casdesk::reports::fetch::{FetchError, Saved};
use casdesk::reports::limits::{Limit, at_words, check, when_words};
use casdesk::reports::record::{KindTimes, Store};
use casdesk::reports::words::{Refused, limit_words, not_ready_words, refused, too_soon_words};
use casdesk::reports::{self, wait};
use clap::{Args, Subcommand, ValueEnum};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use time::OffsetDateTime;

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// Ask the service to make a report (it allows one every 8 hours per tenant)
    Generate(GenerateArgs),
    /// Download the report last generated to a CSV file (the service allows once every 15 minutes)
    Download(DownloadArgs),
    /// Generate, wait until it is ready (progress on stderr), then download it
    Get(DownloadArgs),
    /// When each report was last generated and downloaded from here, and when the next may be
    Status(StatusArgs),
}

impl ReportCommand {
    pub fn tenant(&mut self) -> &mut TenantArgs {
        match self {
            ReportCommand::Generate(a) => &mut a.tenant,
            ReportCommand::Download(a) | ReportCommand::Get(a) => &mut a.tenant,
            ReportCommand::Status(a) => &mut a.tenant,
        }
    }

    pub async fn run(&self, tenant: &Tenant) -> Result<ExitCode, String> {
        let store = tenant.audit.as_ref().and_then(|a| Store::for_profile(a.profile(), a.tenant()));
        let cx = Cx { tenant, store, offset: tenant.local_offset };
        match self {
            ReportCommand::Generate(a) => cx.generate(a).await,
            ReportCommand::Download(a) => cx.download(a, false).await,
            ReportCommand::Get(a) => cx.download(a, true).await,
            ReportCommand::Status(a) => Ok(cx.status(a.format)),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Users,
    HardwareTokens,
    MfaClients,
}

impl KindArg {
    fn kind(self) -> ReportKind {
        match self {
            KindArg::Users => ReportKind::Users,
            KindArg::HardwareTokens => ReportKind::HardwareTokens,
            KindArg::MfaClients => ReportKind::MfaClients,
        }
    }
}

#[derive(Args, Debug)]
pub struct GenerateArgs {
    #[arg(value_enum)]
    kind: KindArg,
    /// Send even when casdesk's record says the service would refuse (another machine or a
    /// reset record may know better; the service has the last word)
    #[arg(long)]
    anyway: bool,
    /// Result format: one row saying what was done and when the next is allowed
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Csv)]
    format: Format,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

#[derive(Args, Debug)]
pub struct DownloadArgs {
    #[arg(value_enum)]
    kind: KindArg,
    /// The CSV file to write (made 0600: the report names people)
    #[arg(long, short = 'o', visible_alias = "output", value_name = "FILE")]
    out: PathBuf,
    /// Replace the file if it is there (without it, an existing file is never touched)
    #[arg(long)]
    force: bool,
    /// Send even when casdesk's record says the service would refuse
    #[arg(long)]
    anyway: bool,
    /// Result format: one row saying where the report went and how many rows it has
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Csv)]
    format: Format,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

#[derive(Args, Debug)]
pub struct StatusArgs {
    /// Result format: one row per report
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Csv)]
    format: Format,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

struct Cx<'a> {
    tenant: &'a Tenant,
    store: Option<Store>,
    offset: time::UtcOffset,
}

impl Cx<'_> {
    fn times(&self, kind: ReportKind) -> KindTimes {
        match self.store.as_ref().map(Store::load) {
            Some(Ok(times)) => times.of(kind),
            Some(Err(problem)) => {
                eprintln!("casdesk: {problem}");
                KindTimes::default()
            }
            None => KindTimes::default(),
        }
    }

    fn note(&self, kind: ReportKind, change: impl FnOnce(&mut KindTimes)) {
        if let Some(store) = &self.store
            && let Err(e) = store.update(kind, change)
        {
            eprintln!("casdesk: {e}; the next run cannot warn before the limit");
        }
    }

    /// `Err(exit)` after saying why, when the record says the service would refuse.
    fn before_sending(&self, kind: ReportKind, limit: Limit, anyway: bool) -> Result<(), ExitCode> {
        let times = self.times(kind);
        let last = match limit {
            Limit::Generate => times.generated,
            Limit::Download => times.downloaded,
        };
        let now = OffsetDateTime::now_utc();
        match check(now, last, limit) {
            Ok(()) => Ok(()),
            Err(soon) => {
                let words = too_soon_words(kind, limit, soon, now, self.offset);
                if anyway {
                    eprintln!("casdesk: {words} Sent anyway (--anyway).");
                    Ok(())
                } else {
                    eprintln!("casdesk: {words} Nothing was sent (--anyway sends regardless).");
                    Err(ExitCode::from(SOME_FAILED))
                }
            }
        }
    }

    async fn generate(&self, a: &GenerateArgs) -> Result<ExitCode, String> {
        let kind = a.kind.kind();
        if let Err(code) = self.before_sending(kind, Limit::Generate, a.anyway) {
            return Ok(code);
        }
        match self.send_generate(kind).await {
            Ok(at) => {
                let next = at + Limit::Generate.every();
                emit(a.format, row(kind, "generated", at, None, Some(next)));
                eprintln!(
                    "casdesk: the {} report is being generated; `casdesk report download {}` \
                     once it is ready (seconds to minutes)",
                    kind.words(),
                    kind.command()
                );
                Ok(ExitCode::SUCCESS)
            }
            Err(words) => {
                eprintln!("casdesk: {words}");
                Ok(ExitCode::from(SOME_FAILED))
            }
        }
    }

    /// Sends generate; records it (times, audit) either way.
    async fn send_generate(&self, kind: ReportKind) -> Result<OffsetDateTime, String> {
        let sent = self.tenant.client.generate_report(kind).await;
        let now = OffsetDateTime::now_utc();
        let result = match &sent {
            Ok(()) => {
                self.note(kind, |t| t.generated = Some(now));
                Ok(now)
            }
            Err(e) => Err(match refused(e, Limit::Generate, self.times(kind).generated, now) {
                Refused::Limit { until } => {
                    limit_words(kind, Limit::Generate, until, now, self.offset)
                }
                _ => format!("the {} report was not generated: {e}", kind.words()),
            }),
        };
        let recorded = result.as_ref().map(|_| "generated".to_string()).map_err(Clone::clone);
        self.tenant.record(reports::GENERATED, vec![reports::audit_result(kind, recorded)]);
        result
    }

    async fn download(&self, a: &DownloadArgs, generate_first: bool) -> Result<ExitCode, String> {
        let kind = a.kind.kind();
        if !a.force && a.out.exists() {
            eprintln!(
                "casdesk: {} exists; nothing was sent (--force replaces it)",
                a.out.display()
            );
            return Ok(ExitCode::from(COULD_NOT_RUN));
        }
        if generate_first && let Err(code) = self.before_sending(kind, Limit::Generate, a.anyway) {
            return Ok(code);
        }
        if let Err(code) = self.before_sending(kind, Limit::Download, a.anyway) {
            return Ok(code);
        }
        let got = if generate_first {
            if let Err(words) = self.send_generate(kind).await {
                eprintln!("casdesk: {words}");
                return Ok(ExitCode::from(SOME_FAILED));
            }
            let words = kind.words();
            let client = &self.tenant.client;
            // Redrawn in place on a terminal; said once to a log or a pipe.
            let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
            let mut said = false;
            wait::download_when_ready(client, kind, &a.out, a.force, |elapsed| {
                if terminal {
                    let _ = write!(
                        std::io::stderr(),
                        "\rcasdesk: waiting for the {words} report to be ready ({} s)…",
                        elapsed.as_secs()
                    );
                } else if !said {
                    said = true;
                    let _ = write!(
                        std::io::stderr(),
                        "casdesk: waiting for the {words} report to be ready (asked every 5 s)…"
                    );
                }
            })
            .await
        } else {
            casdesk::reports::fetch::download(&self.tenant.client, kind, &a.out, a.force).await
        };
        if generate_first {
            eprintln!();
        }
        self.downloaded(kind, a.format, got)
    }

    fn downloaded(
        &self,
        kind: ReportKind,
        format: Format,
        got: Result<Saved, FetchError>,
    ) -> Result<ExitCode, String> {
        let now = OffsetDateTime::now_utc();
        let (recorded, code) = match &got {
            Ok(saved) => {
                let (path, rows) = (saved.path.clone(), saved.rows);
                self.note(kind, |t| {
                    t.downloaded = Some(now);
                    t.written_to = Some(path);
                    t.rows = Some(rows);
                });
                let next = now + Limit::Download.every();
                emit(format, row(kind, "downloaded", now, Some(saved), Some(next)));
                let words = format!("written to {}, {} rows", saved.path.display(), saved.rows);
                (Ok(words), ExitCode::SUCCESS)
            }
            Err(FetchError::Exists(path)) => {
                eprintln!(
                    "casdesk: {} exists; it was not replaced (--force replaces it)",
                    path.display()
                );
                return Ok(ExitCode::from(COULD_NOT_RUN));
            }
            Err(FetchError::Api(e)) => {
                let words = match refused(e, Limit::Download, self.times(kind).downloaded, now) {
                    Refused::Limit { until } => {
                        limit_words(kind, Limit::Download, until, now, self.offset)
                    }
                    Refused::NotReady => not_ready_words(kind, e),
                    Refused::Other => {
                        format!("the {} report was not downloaded: {e}", kind.words())
                    }
                };
                eprintln!("casdesk: {words}");
                (Err(words), ExitCode::from(SOME_FAILED))
            }
            Err(FetchError::Io(e)) => {
                eprintln!("casdesk: {e}");
                (Err(e.clone()), ExitCode::from(SOME_FAILED))
            }
        };
        self.tenant.record(reports::DOWNLOADED, vec![reports::audit_result(kind, recorded)]);
        Ok(code)
    }

    fn status(&self, format: Format) -> ExitCode {
        let now = OffsetDateTime::now_utc();
        let records: Vec<Record> = ReportKind::ALL
            .into_iter()
            .map(|kind| {
                let t = self.times(kind);
                let at = |t: Option<OffsetDateTime>| t.map(|t| at_words(t, now, self.offset));
                let next = |last, limit| match check(now, last, limit) {
                    Ok(()) => "now".to_string(),
                    Err(soon) => when_words(soon.until, now, self.offset),
                };
                vec![
                    ("report", Value::from(kind.command())),
                    ("generated", at(t.generated).into()),
                    ("next_generate", next(t.generated, Limit::Generate).into()),
                    ("downloaded", at(t.downloaded).into()),
                    ("next_download", next(t.downloaded, Limit::Download).into()),
                    ("written_to", t.written_to.map(|p| p.display().to_string()).into()),
                    ("rows", t.rows.map_or(Value::Null, |r| Value::Number(r as i64))),
                ]
            })
            .collect();
        print(format, &records);
        ExitCode::SUCCESS
    }
}

/// The one result row of generate and download.
fn row(
    kind: ReportKind,
    action: &str,
    at: OffsetDateTime,
    saved: Option<&Saved>,
    next: Option<OffsetDateTime>,
) -> Record {
    let rfc = |t: OffsetDateTime| {
        t.replace_nanosecond(0)
            .unwrap_or(t)
            .format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    };
    vec![
        ("report", kind.command().into()),
        ("action", action.into()),
        ("at", rfc(at).into()),
        ("next_allowed", next.map(rfc).into()),
        ("path", saved.map(|s| s.path.display().to_string()).into()),
        ("rows", saved.map_or(Value::Null, |s| Value::Number(s.rows as i64))),
        ("bytes", saved.map_or(Value::Null, |s| Value::Number(s.bytes as i64))),
    ]
}

fn emit(format: Format, record: Record) {
    print(format, &[record]);
}

fn print(format: Format, records: &[Record]) {
    let text = match format {
        Format::Csv => to_csv(records, &[]),
        Format::Json => to_json(records),
    };
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}
