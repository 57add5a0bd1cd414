//! `casdesk search PART`: the users whose address contains PART, as records, a page at a time
//! up to `--limit`.

use super::{Output, Record};
use crate::cli::options::TenantArgs;
use crate::cli::tenant::Tenant;
use casdesk::api::{MAX_SEARCH_PAGE_SIZE, UserDetails};
use casdesk::audit::UserResult;
use clap::Args;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct SearchArgs {
    /// Part of an address, matched anywhere in it in any case (`garcia`, `j.doe`, `@partner.`)
    part: String,
    /// Stop after this many users
    #[arg(long, default_value_t = 100, value_parser = clap::value_parser!(u32).range(1..))]
    limit: u32,
    #[command(flatten)]
    output: Output,
    #[command(flatten)]
    pub tenant: TenantArgs,
}

/// Exit 0 when someone matched, 1 when nobody did (as grep does), 2 when the search failed.
pub async fn search(tenant: &Tenant, args: &SearchArgs) -> Result<ExitCode, String> {
    let mut found: Vec<UserDetails> = Vec::new();
    let mut total = None;
    for page_number in 0.. {
        let page = tenant.client.search_users(&args.part, page_number, MAX_SEARCH_PAGE_SIZE).await;
        let page = match page {
            Ok(page) => page,
            Err(e) => {
                let asked = format!("*{}*", args.part.trim());
                tenant.record("search", vec![UserResult::failed(&asked, e.to_string())]);
                return Err(format!("the search failed: {e}"));
            }
        };
        total = page.total_elements.or(total);
        let more = page.has_next() && !page.elements.is_empty();
        found.extend(page.elements);
        if !more || found.len() >= args.limit as usize {
            break;
        }
    }
    found.truncate(args.limit as usize);
    // Only the users printed are named: a page holds more than --limit may let through.
    let shown = found.iter().filter_map(|u| u.email_address.as_deref());
    let shown: Vec<UserResult> = shown.map(UserResult::ok).collect();
    if !shown.is_empty() {
        tenant.record("search", shown);
    }
    if let Some(total) = total.filter(|&t| t > found.len() as u64) {
        eprintln!("{} of {total} matches shown (--limit {total} for all)", found.len());
    }
    if found.is_empty() {
        eprintln!("no synchronised user's address contains {:?}", args.part.trim());
    }
    let records: Vec<Record> = found.iter().map(record).collect();
    args.output.write_with_header(&records, &COLUMNS)?;
    Ok(ExitCode::from(if records.is_empty() { 1 } else { 0 }))
}

/// The columns, also the CSV header when nobody matched.
const COLUMNS: [&str; 6] =
    ["email", "name", "user_status", "identity_source", "locked_methods", "id"];

fn record(d: &UserDetails) -> Record {
    let text = |v: &Option<String>| v.clone().into();
    let status = d.user_status.as_ref().map(|s| s.as_str().to_string());
    let record: Record = vec![
        ("email", text(&d.email_address)),
        ("name", d.display_name().into()),
        ("user_status", status.into()),
        ("identity_source", text(&d.identity_source)),
        ("locked_methods", d.locked_methods().join(" ").into()),
        ("id", text(&d.id)),
    ];
    debug_assert!(record.iter().map(|(c, _)| *c).eq(COLUMNS), "columns drifted");
    record
}
