//! `casdesk sim`: the simulator as a standalone server on loopback.

use casdesk::sim::{self, RateLimit, SimConfig, SimTls};
use clap::Args;
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

#[derive(Args, Debug)]
pub struct SimArgs {
    /// Address to listen on; only loopback addresses are allowed
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    host: IpAddr,
    /// Port to listen on (0 picks a free one)
    #[arg(long, default_value_t = 8778)]
    port: u16,
    /// Calls per second the simulated service accepts before answering 429 (0: no limit)
    #[arg(long, default_value_t = 20.0)]
    rate_limit: f64,
    /// How many calls may arrive at once before the rate limit applies
    #[arg(long, default_value_t = 40)]
    burst: u32,
    /// Send Retry-After with 429 answers (the real service documents none)
    #[arg(long)]
    retry_after: bool,
    /// Added to every answer, in milliseconds
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Fraction of calls (0.0–1.0) answered with a random fault: 500, HTML 502, 503, dropped connection
    #[arg(long, default_value_t = 0.0)]
    fault_rate: f64,
    /// Where to write the key file this simulator trusts (the demo OAuth clients' keys go
    /// beside it) [default: demo/ in the data directory, $CASDESK_DATA_DIR if set]
    #[arg(long)]
    key_file: Option<PathBuf>,
    /// Serve HTTPS with a certificate made at start, signed by a throwaway CA (see --ca-file)
    #[arg(long)]
    tls: bool,
    /// With --tls: where to write the CA certificate clients trust [default: sim-ca.pem next to
    /// the key file]
    #[arg(long, requires = "tls", value_name = "PATH")]
    ca_file: Option<PathBuf>,
}

pub async fn run(args: SimArgs) -> Result<ExitCode, String> {
    if !args.host.is_loopback() {
        return Err(format!(
            "{} is not a loopback address; the simulator only listens on this machine",
            args.host
        ));
    }
    if !(0.0..=1.0).contains(&args.fault_rate) {
        return Err("--fault-rate must be between 0.0 and 1.0".into());
    }
    // Made before listening, so a failure here leaves nothing half started.
    let tls = if args.tls { Some(SimTls::generate()?) } else { None };
    let config = SimConfig {
        bind: SocketAddr::new(args.host, args.port),
        rate_limit: (args.rate_limit > 0.0)
            .then_some(RateLimit { per_second: args.rate_limit, burst: args.burst.max(1) }),
        latency: Duration::from_millis(args.latency_ms),
        retry_after: args.retry_after,
        fault_rate: args.fault_rate,
        tls: tls.clone(),
        ..SimConfig::default()
    };
    let handle = sim::start(config).await.map_err(|e| match e.kind() {
        std::io::ErrorKind::AddrInUse => {
            format!("port {} is in use; pass --port 0 to pick a free one", args.port)
        }
        _ => format!("cannot listen on {}:{}: {e}", args.host, args.port),
    })?;
    let key_path = match args.key_file {
        Some(path) => path,
        None => default_key_path()?,
    };
    if let Some(dir) = key_path.parent() {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    handle
        .write_demo_key_file(&key_path)
        .map_err(|e| format!("cannot write the key file {}: {e}", key_path.display()))?;
    let oauth_keys = write_oauth_keys(&key_path)?;
    let ca_path = match &tls {
        Some(tls) => {
            let path = args.ca_file.unwrap_or_else(|| key_path.with_file_name("sim-ca.pem"));
            write_ca_file(tls, &path)?;
            Some(path)
        }
        None => None,
    };

    println!("casdesk simulator: demo tenant \"Example Corp\"");
    println!("  Admin API     {}", handle.admin_rest_api_url());
    println!("  Key file      {}  (trusted by this simulator only)", key_path.display());
    if let Some(ca_path) = &ca_path {
        println!(
            "  CA file       {}  (trust this to verify the simulator's certificate)",
            ca_path.display()
        );
    }
    println!("  OAuth issuer  {}  (clients and their keys below)", handle.oauth_issuer());
    for (client, path) in &oauth_keys {
        println!("  OAuth key     {}  (client {client}; private JWK)", path.display());
    }
    match config_summary(args.rate_limit, args.burst, args.latency_ms, args.fault_rate) {
        s if s.is_empty() => {}
        s => println!("  Behaviour     {s}"),
    }
    println!("Press Ctrl-C to stop.");
    wait_for_stop().await;
    handle.shutdown().await;
    Ok(ExitCode::SUCCESS)
}

fn config_summary(rate: f64, burst: u32, latency_ms: u64, fault_rate: f64) -> String {
    let mut parts = Vec::new();
    if rate > 0.0 {
        parts.push(format!("{rate} calls/s (burst {burst}) then 429"));
    }
    if latency_ms > 0 {
        parts.push(format!("+{latency_ms} ms per answer"));
    }
    if fault_rate > 0.0 {
        parts.push(format!("{:.0}% faults", fault_rate * 100.0));
    }
    parts.join(", ")
}

/// The CA certificate is public, so it is written with the usual permissions; the server's
/// private key is never written anywhere.
fn write_ca_file(tls: &SimTls, path: &std::path::Path) -> Result<(), String> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    }
    tls.write_ca_file(path).map_err(|e| format!("cannot write the CA file {}: {e}", path.display()))
}

/// `demo/demo-admin-api.key` in the data directory (`CASDESK_DATA_DIR` when set).
fn default_key_path() -> Result<PathBuf, String> {
    super::demo_state::data_dir()
        .map(|data| data.join("demo").join("demo-admin-api.key"))
        .ok_or_else(|| {
            "no home directory to keep the demo key file in; pass --key-file".to_string()
        })
}

/// The demo OAuth clients' private JWKs, written beside the key file (`0600`) so a client
/// can be pointed at them wherever casdesk was installed from; returns each client's file.
fn write_oauth_keys(key_path: &std::path::Path) -> Result<Vec<(&'static str, PathBuf)>, String> {
    let keys = [
        (sim::DEMO_OAUTH_RSA_CLIENT_ID, "oauth-client-rsa.jwk", sim::DEMO_OAUTH_RSA_JWK),
        (sim::DEMO_OAUTH_EC_CLIENT_ID, "oauth-client-ec.jwk", sim::DEMO_OAUTH_EC_JWK),
    ];
    let mut written = Vec::new();
    for (client, name, jwk) in keys {
        let path = key_path.with_file_name(name);
        write_private(&path, jwk.as_bytes())
            .map_err(|e| format!("cannot write the OAuth key {}: {e}", path.display()))?;
        written.push((client, path));
    }
    Ok(written)
}

/// Written readable by the owner only, even a file that was there: these are private keys,
/// if only the demo's.
fn write_private(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut file = options.open(path)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
    }
    file.write_all(bytes)
}

async fn wait_for_stop() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        let mut term = signal(SignalKind::terminate()).ok();
        let term = async {
            match term.as_mut() {
                Some(s) => {
                    s.recv().await;
                }
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            _ = tokio::signal::ctrl_c() => {}
            _ = term => {}
        }
    }
    #[cfg(not(unix))]
    let _ = tokio::signal::ctrl_c().await;
}
