//! `casdesk follow EMAIL` and `casdesk challenge EMAIL`: the user's sign-ins as they happen,
//! one line of plain words each on stdout (everything the service says sanitised), through the
//! worker's own follower (`worker::follow::run`). What is not an event (waiting, throttled, a
//! read that failed) goes to stderr.
//!
//! Exit codes: `follow` 0 when its time is up, or with `--until-signed-in` when the user signed
//! in; `challenge` 0 only when the caller is verified. 1: no sign-in in time (or none that
//! counts, or stopped with Ctrl-C); 2: nothing could be followed (no such user, the log cannot
//! be read).

use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::activity::full_time;
use casdesk::audit::UserResult;
use casdesk::bulk::Cancel;
use casdesk::follow::{
    ChallengeEnd, ChallengeNews, ChallengeSpec, FollowNews, FollowRequest, Pacing, Registered, Stop,
};
use casdesk::text::sanitize_excerpt;
use clap::Args;
use std::io::Write;
use std::process::ExitCode;
use std::time::Duration;
use time::{OffsetDateTime, UtcOffset};

#[derive(Args, Debug)]
pub struct FollowArgs {
    /// The user's e-mail address
    email: String,
    /// Stop after this many minutes (0.5 is half a minute)
    #[arg(long, value_name = "N", default_value_t = 15.0)]
    minutes: f64,
    /// Stop at the user's first successful sign-in (exit 0); exit 1 if none comes in time
    #[arg(long)]
    until_signed_in: bool,
    /// Seconds between reads of the user's log
    #[arg(long, value_name = "SECONDS", default_value_t = 5)]
    every: u64,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

#[derive(Args, Debug)]
pub struct ChallengeArgs {
    /// The user's e-mail address
    email: String,
    /// How long the caller has to sign in, in minutes (0.5 is half a minute)
    #[arg(long, value_name = "N", default_value_t = 2.0)]
    minutes: f64,
    /// Seconds between reads of the user's log
    #[arg(long, value_name = "SECONDS", default_value_t = 5)]
    every: u64,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

/// `minutes` and `every` checked and made a pacing.
pub(super) fn pacing(minutes: f64, every: u64) -> Result<Pacing, String> {
    if !(minutes > 0.0 && minutes <= 24.0 * 60.0) {
        return Err(format!(
            "--minutes {minutes}: give a number of minutes above 0, at most a day"
        ));
    }
    if every == 0 {
        return Err("--every 0: give at least 1 second between reads".into());
    }
    Ok(Pacing {
        every: Duration::from_secs(every),
        stop_after: Duration::from_secs_f64(minutes * 60.0),
        ..Pacing::default()
    })
}

/// `30 seconds`, `2 minutes`, `2.5 minutes`: how long, as `--minutes` gave it.
fn span(minutes: f64) -> String {
    let seconds = (minutes * 60.0).round() as u64;
    match seconds {
        0..120 => format!("{seconds} seconds"),
        _ if seconds.is_multiple_of(60) => format!("{} minutes", seconds / 60),
        _ => format!("{minutes:.1} minutes"),
    }
}

/// Prints one line on stdout at once (a script reads it as it comes).
fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{line}").and_then(|_| out.flush());
}

/// What is not an event: on stderr.
fn note(news: &FollowNews) {
    match news {
        FollowNews::Throttled { wait, server_asked } => eprintln!(
            "casdesk: the service is throttling reads; the next in {} s{}",
            wait.as_secs(),
            if *server_asked { " (as it asked)" } else { "" }
        ),
        FollowNews::ReadFailed { failure, wait } => eprintln!(
            "casdesk: reading the log failed ({}); the next read in {} s",
            failure.message,
            wait.as_secs()
        ),
        FollowNews::Events { may_have_missed: true, .. } => {
            eprintln!(
                "casdesk: more events came at once than the service sends; some may be missing"
            )
        }
        _ => {}
    }
}

/// The user's id and authenticators, or why they cannot be followed.
async fn look_up(tenant: &Tenant, email: &str) -> Result<(String, Registered), String> {
    let shown = sanitize_excerpt(email, 80);
    let client = &tenant.client;
    let details = client.lookup_user(email, false).await.map_err(|e| format!("{shown}: {e}"))?;
    let id = details.id.ok_or_else(|| format!("{shown}: the service gave no user id"))?;
    let registered = match client.user_authenticators(&id).await {
        Ok(a) => Registered::from_authenticators(&a),
        Err(e) => return Err(format!("{shown}: cannot list the user's devices: {e}")),
    };
    Ok((id, registered))
}

pub async fn follow(
    tenant: &Tenant,
    args: &FollowArgs,
    offset: UtcOffset,
) -> Result<ExitCode, String> {
    let pacing = pacing(args.minutes, args.every)?;
    let email = args.email.trim();
    let (id, _) = look_up(tenant, email).await?;
    let request = FollowRequest {
        confirm_after: args.until_signed_in.then(OffsetDateTime::now_utc),
        stop_when_answered: args.until_signed_in,
        pacing,
        ..FollowRequest::events(&id, email)
    };
    let until = full_time(OffsetDateTime::now_utc() + pacing.stop_after, offset);
    eprintln!("casdesk: following {} until {until} (Ctrl-C stops)", sanitize_excerpt(email, 80));
    let (mut signed_in, mut stopped, mut confirmed) = (false, None, None);
    run(tenant, &request, true, &mut |news| {
        note(&news);
        match news {
            FollowNews::Events { events, .. } => {
                events.iter().for_each(|e| say(&e.line(offset)));
                signed_in |= events.iter().any(|e| e.is_sign_in());
            }
            FollowNews::Confirmed(c) => {
                eprintln!("casdesk: signed in at {} with {}", full_time(c.at, offset), c.how);
                signed_in = true;
                confirmed = Some(c);
            }
            FollowNews::Stopped(why) => stopped = Some(why),
            _ => {}
        }
    })
    .await;
    // The fix confirmed by the user's sign-in: recorded as the console records it, so the
    // ticket note and `casdesk stats` see it.
    if let Some(c) = confirmed {
        let at = c.at.to_offset(offset);
        let record = casdesk::call_record::confirmed_working(email, at, &c.how);
        tenant.record(casdesk::call_record::CONFIRMED_WORKING, vec![record]);
    }
    match stopped {
        Some(Stop::Failed(f)) => Err(format!("{}: {}", sanitize_excerpt(email, 80), f.message)),
        _ if args.until_signed_in && !signed_in => {
            eprintln!("casdesk: no successful sign-in in {}", span(args.minutes));
            Ok(ExitCode::from(1))
        }
        _ => Ok(ExitCode::SUCCESS),
    }
}

pub async fn challenge(
    tenant: &Tenant,
    args: &ChallengeArgs,
    offset: UtcOffset,
) -> Result<ExitCode, String> {
    let pacing = pacing(args.minutes, args.every)?;
    let email = args.email.trim();
    let (verdict, verified) = run_challenge(tenant, email, pacing, offset, say).await?;
    let result = UserResult::ok(email).with_outcome(format!("sign-in challenge: {verdict}"));
    tenant.record("sign-in activity", vec![result]);
    Ok(ExitCode::from(if verified { 0 } else { 1 }))
}

/// Asks the user to sign in now and waits for one from a registered device, printing what
/// happens meanwhile with `say` (stdout for `casdesk challenge`; stderr before another
/// command's output): the verdict line, and whether the caller is verified.
pub(super) async fn run_challenge(
    tenant: &Tenant,
    email: &str,
    pacing: Pacing,
    offset: UtcOffset,
    say: fn(&str),
) -> Result<(String, bool), String> {
    let shown = sanitize_excerpt(email, 80);
    let (id, registered) = look_up(tenant, email).await?;
    if registered.is_empty() {
        eprintln!("casdesk: {shown} has no registered device or token to sign in with");
        let verdict = "NOT VERIFIED: a sign-in cannot verify a user with no registered device";
        say(verdict);
        return Ok((verdict.into(), false));
    }
    let limit = time::Duration::try_from(pacing.stop_after).unwrap_or(time::Duration::MINUTE);
    let started = OffsetDateTime::now_utc();
    let request = FollowRequest {
        challenge: Some(ChallengeSpec { started, limit, registered }),
        stop_when_answered: true,
        // A last read at the limit, then the verdict, before following would stop.
        pacing: Pacing { stop_after: pacing.stop_after + pacing.every, ..pacing },
        ..FollowRequest::events(&id, email)
    };
    eprintln!(
        "casdesk: ask {shown} to sign in now: waiting until {} for a sign-in from a registered device",
        full_time(started + limit, offset)
    );
    let (mut end, mut stopped) = (None, None);
    run(tenant, &request, false, &mut |news| {
        note(&news);
        match news {
            FollowNews::Events { events, .. } => {
                events.iter().for_each(|e| say(&e.line(offset)));
            }
            FollowNews::Challenge(ChallengeNews::NotCounted { why, .. }) => {
                say(&format!("  not counted: {why}"));
            }
            FollowNews::ChallengeEnded(e) => end = Some(e),
            FollowNews::Stopped(why) => stopped = Some(why),
            _ => {}
        }
    })
    .await;
    if let Some(Stop::Failed(f)) = stopped {
        return Err(format!("{shown}: {}", f.message));
    }
    let within = span(pacing.stop_after.as_secs_f64() / 60.0);
    let (verdict, verified) = match end {
        Some(ChallengeEnd::Verified(v)) => {
            (format!("VERIFIED: signed in with {} at {}", v.how, full_time(v.at, offset)), true)
        }
        Some(ChallengeEnd::FailedOnly { failures, .. }) => (
            format!(
                "NOT VERIFIED: {failures} failed attempt(s), no sign-in that counts in {within}"
            ),
            false,
        ),
        Some(ChallengeEnd::TimedOut { not_counted: 0 }) => {
            (format!("NOT VERIFIED: no sign-in in {within}"), false)
        }
        Some(ChallengeEnd::TimedOut { not_counted }) => (
            format!("NOT VERIFIED: {not_counted} sign-in(s), none that counts, in {within}"),
            false,
        ),
        None => ("NOT VERIFIED: stopped before the time was up".to_string(), false),
    };
    say(&verdict);
    Ok((verdict, verified))
}

/// Follows until the request says stop; Ctrl-C stops it. The read is audited once, as the
/// sign-in activity it is: when the log first answers if `audit_start` (else the caller
/// records how it ended), or when it cannot be read.
async fn run(
    tenant: &Tenant,
    request: &FollowRequest,
    audit_start: bool,
    emit: &mut (dyn FnMut(FollowNews) + Send),
) {
    let cancel = Cancel::default();
    let interrupt = super::cancel_on_ctrl_c(&cancel);
    let mut audited = false;
    let mut with_audit = |news: FollowNews| {
        if !audited {
            let result = match &news {
                FollowNews::Watching if audit_start => {
                    Some(UserResult::ok(&request.email).with_outcome("followed"))
                }
                FollowNews::Stopped(Stop::Failed(f)) => {
                    Some(UserResult::failed(&request.email, f.message.clone()))
                }
                _ => None,
            };
            if let Some(result) = result {
                tenant.record("sign-in activity", vec![result]);
                audited = true;
            }
        }
        emit(news);
    };
    casdesk::worker::follow::run(&tenant.client, request, &cancel, &mut with_audit).await;
    interrupt.abort();
}
