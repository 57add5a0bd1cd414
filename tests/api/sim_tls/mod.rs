//! The simulator serving HTTPS itself (`SimConfig::tls`, `casdesk sim --tls`): a throwaway CA
//! made at start, which clients trust through their CA bundle while verification stays on.
//! Real HTTPS over loopback on ephemeral ports.

use casdesk::api::{
    ApiError, CaBundle, Client, ClientOptions, Credentials, LegacyKeyFile, OAuthClientConfig,
    UserStatus,
};
use casdesk::secret::Secret;
use casdesk::sim::{self, SimConfig, SimHandle, SimTls};
use std::io::BufRead;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

mod audience;
mod pydplus;

/// A fresh directory for one test; removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir =
            std::env::temp_dir().join(format!("casdesk-sim-tls-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a temp dir");
        Self(dir)
    }

    fn path(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// An HTTPS simulator in this process, its CA written to `dir/sim-ca.pem`.
async fn https_sim(dir: &TempDir, config: SimConfig) -> (SimHandle, PathBuf) {
    let tls = SimTls::generate().expect("the simulator's certificates");
    let ca_file = dir.path("sim-ca.pem");
    tls.write_ca_file(&ca_file).expect("writes the CA file");
    let sim =
        sim::start(SimConfig { tls: Some(tls), ..config }).await.expect("the simulator starts");
    (sim, ca_file)
}

fn legacy_client(sim: &SimHandle, ca_file: Option<&Path>) -> Client {
    let ca_bundle = ca_file.map(|p| CaBundle::load(p).expect("the CA file is a bundle"));
    let options = ClientOptions { ca_bundle, ..ClientOptions::default() };
    crate::support::simulator::legacy_client(sim, options)
}

fn assert_certificate_refused(err: ApiError) {
    assert!(matches!(err, ApiError::Transport(_)), "{err:?}");
    let text = err.to_string();
    assert!(text.contains("certificate"), "the refusal names the certificate: {text}");
}

#[tokio::test]
async fn the_client_looks_a_user_up_over_https_trusting_the_simulators_ca() {
    let dir = TempDir::new("lookup");
    let (sim, ca_file) = https_sim(&dir, SimConfig::default()).await;
    let port = sim.local_addr().port();
    assert_eq!(sim.base_url(), format!("https://127.0.0.1:{port}"));
    assert_eq!(
        sim.admin_rest_api_url(),
        format!("https://127.0.0.1:{port}/AdminInterface/restapi/")
    );
    assert_eq!(sim.oauth_issuer(), format!("https://127.0.0.1:{port}/oauth"));

    let user = legacy_client(&sim, Some(&ca_file))
        .lookup_user("john.doe@example.com", false)
        .await
        .expect("the lookup works over verified TLS");
    assert_eq!(user.email_address.as_deref(), Some("john.doe@example.com"));
    assert_eq!(user.user_status, Some(UserStatus::Enabled));
    assert_eq!(sim.control().stats().total_requests, 1);
}

#[tokio::test]
async fn without_the_ca_the_certificate_is_refused_and_nothing_reaches_the_service() {
    let dir = TempDir::new("untrusted");
    let (sim, _) = https_sim(&dir, SimConfig::default()).await;
    let err =
        legacy_client(&sim, None).lookup_user("john.doe@example.com", false).await.unwrap_err();
    assert_certificate_refused(err);

    // Each start makes its own CA: another simulator's is no key to this one.
    let other = TempDir::new("untrusted-other");
    let (_other_sim, other_ca) = https_sim(&other, SimConfig::default()).await;
    let err = legacy_client(&sim, Some(&other_ca))
        .lookup_user("john.doe@example.com", false)
        .await
        .unwrap_err();
    assert_certificate_refused(err);
    assert_eq!(sim.control().stats().total_requests, 0, "nothing reached the service");
}

#[tokio::test]
async fn an_oauth_client_gets_its_token_and_calls_over_https() {
    let dir = TempDir::new("oauth");
    let (sim, ca_file) = https_sim(&dir, SimConfig::default()).await;
    let config = OAuthClientConfig {
        issuer_url: sim.oauth_issuer(),
        client_id: sim::DEMO_OAUTH_EC_CLIENT_ID.into(),
        private_jwk: Secret::new(sim::DEMO_OAUTH_EC_JWK),
        scopes: vec![],
        admin_rest_api_url: sim.admin_rest_api_url(),
    };
    let options = ClientOptions {
        ca_bundle: Some(CaBundle::load(&ca_file).unwrap()),
        ..ClientOptions::default()
    };
    let client = Client::with_options(Credentials::OAuth(config), options).unwrap();
    let user = client.lookup_user("john.doe@example.com", false).await.expect("an https token");
    assert_eq!(user.user_status, Some(UserStatus::Enabled));
    let stats = sim.control().stats();
    assert_eq!(stats.by_endpoint.get("POST /oauth/token").copied(), Some(1), "{stats:?}");
}

#[tokio::test]
async fn the_certificate_also_holds_for_localhost_and_the_ipv6_loopback() {
    let dir = TempDir::new("names");
    // By name: the origin says `localhost`, the server listens on 127.0.0.1 (on a port picked
    // free a moment before; the origin has to name it before the simulator starts).
    let front = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = front.local_addr().unwrap().port();
    drop(front);
    let by_name = SimConfig {
        bind: SocketAddr::from(([127, 0, 0, 1], port)),
        public_origin: Some(format!("https://localhost:{port}")),
        ..SimConfig::default()
    };
    let (sim, ca_file) = https_sim(&dir, by_name).await;
    let user = legacy_client(&sim, Some(&ca_file)).lookup_user("john.doe@example.com", false).await;
    assert_eq!(
        user.expect("localhost is in the certificate").user_status,
        Some(UserStatus::Enabled)
    );

    let v6 = SimConfig { bind: "[::1]:0".parse().unwrap(), ..SimConfig::default() };
    let tls = SimTls::generate().unwrap();
    let sim = match sim::start(SimConfig { tls: Some(tls.clone()), ..v6 }).await {
        Ok(sim) => sim,
        Err(e) => return eprintln!("skipped the ::1 half: cannot listen on [::1] here ({e})"),
    };
    assert!(sim.base_url().starts_with("https://[::1]:"), "{}", sim.base_url());
    tls.write_ca_file(&ca_file).unwrap();
    let user = legacy_client(&sim, Some(&ca_file)).lookup_user("john.doe@example.com", false).await;
    assert_eq!(user.expect("::1 is in the certificate").user_status, Some(UserStatus::Enabled));
}

#[tokio::test]
async fn a_client_that_never_finishes_its_handshake_does_not_hold_up_the_others() {
    let dir = TempDir::new("slow");
    let (sim, ca_file) = https_sim(&dir, SimConfig::default()).await;
    // Connected, silent: the server waits for a ClientHello that never comes.
    let _silent: Vec<_> = silent_connections(sim.local_addr(), 3).await;
    let client = legacy_client(&sim, Some(&ca_file));
    let lookup = client.lookup_user("john.doe@example.com", false);
    let user = tokio::time::timeout(Duration::from_secs(5), lookup)
        .await
        .expect("answered while others sit in their handshakes")
        .expect("the lookup works");
    assert_eq!(user.user_status, Some(UserStatus::Enabled));
}

async fn silent_connections(addr: SocketAddr, n: usize) -> Vec<tokio::net::TcpStream> {
    let mut streams = Vec::new();
    for _ in 0..n {
        streams.push(tokio::net::TcpStream::connect(addr).await.expect("connects"));
    }
    // Let the server accept them before the real client comes.
    tokio::time::sleep(Duration::from_millis(100)).await;
    streams
}

// ---- the binary ----

/// `casdesk sim` as a child process, killed when dropped.
struct SimProcess {
    child: Child,
    banner: String,
}

impl Drop for SimProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Starts `casdesk sim <args>` with its data and logs in `dir`, and reads the banner up to
/// "Press Ctrl-C".
fn run_sim(dir: &TempDir, args: &[&str]) -> SimProcess {
    let mut child = Command::new(env!("CARGO_BIN_EXE_casdesk"))
        .arg("sim")
        .args(args)
        .env("CASDESK_DATA_DIR", dir.path("data"))
        .env("CASDESK_LOG_DIR", dir.path("logs"))
        .env_remove("CASDESK_KEY_FILE")
        .env_remove("CASDESK_CA_BUNDLE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs casdesk sim");
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines() {
            let Ok(line) = line else { break };
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    let mut process = SimProcess { child, banner: String::new() };
    loop {
        match rx.recv_timeout(Duration::from_secs(30)) {
            Ok(line) => {
                process.banner.push_str(&line);
                process.banner.push('\n');
                if line.starts_with("Press Ctrl-C") {
                    return process;
                }
            }
            Err(_) => {
                let _ = process.child.kill();
                let mut stderr = String::new();
                if let Some(mut e) = process.child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut e, &mut stderr);
                }
                panic!("no banner from casdesk sim {args:?}: {}{stderr}", process.banner);
            }
        }
    }
}

/// The value after `label` on its banner line, up to the two spaces before the remark.
fn banner_value<'a>(banner: &'a str, label: &str) -> &'a str {
    let line = banner.lines().find_map(|l| l.trim_start().strip_prefix(label));
    let value = line.unwrap_or_else(|| panic!("no {label} line in:\n{banner}")).trim_start();
    value.split("  ").next().unwrap()
}

/// Every file under `dir`, recursively.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(files_under(&path));
        } else {
            files.push(path);
        }
    }
    files
}

#[tokio::test]
async fn casdesk_sim_tls_writes_an_https_key_file_and_the_ca_it_names_in_the_banner() {
    let dir = TempDir::new("binary");
    let key_file = dir.path("demo.key");
    let ca_file = dir.path("certs/ca.pem");
    let key_arg = key_file.to_str().unwrap();
    let ca_arg = ca_file.to_str().unwrap();
    let sim = run_sim(&dir, &["--tls", "--port", "0", "--key-file", key_arg, "--ca-file", ca_arg]);

    let admin = banner_value(&sim.banner, "Admin API");
    assert!(admin.starts_with("https://127.0.0.1:"), "{}", sim.banner);
    assert!(banner_value(&sim.banner, "OAuth issuer").starts_with("https://127.0.0.1:"));
    assert_eq!(banner_value(&sim.banner, "CA file"), ca_arg, "{}", sim.banner);
    assert!(sim.banner.contains("(trust this to verify the simulator's certificate)"));

    let key = LegacyKeyFile::load(&key_file).expect("a private, valid key file");
    assert!(key.admin_rest_api_url.starts_with("https://"), "{}", key.admin_rest_api_url);
    assert_eq!(key.admin_rest_api_url, admin);
    let ca = std::fs::read_to_string(&ca_file).expect("the CA file");
    assert!(ca.starts_with("-----BEGIN CERTIFICATE-----"), "{ca}");
    assert!(ca.trim_end().ends_with("-----END CERTIFICATE-----"), "{ca}");

    // What the banner says works: the binary's certificate verifies against the file it wrote.
    let bundle = CaBundle::load(&ca_file).expect("the CA file is a CA bundle");
    let options = ClientOptions { ca_bundle: Some(bundle), ..ClientOptions::default() };
    let client = Client::with_options(Credentials::Legacy(key), options).unwrap();
    let user = client.lookup_user("john.doe@example.com", false).await.expect("a verified lookup");
    assert_eq!(user.user_status, Some(UserStatus::Enabled));

    // The server's private key is written nowhere: not in the CA file, the data or the logs.
    // (The key file holds the demo legacy key, an RSA PKCS#1 key, as real key files do.)
    for file in files_under(&dir.0) {
        let text = String::from_utf8_lossy(&std::fs::read(&file).unwrap()).into_owned();
        for marker in ["BEGIN PRIVATE KEY", "BEGIN EC PRIVATE KEY"] {
            assert!(!text.contains(marker), "{} holds a {marker}", file.display());
        }
    }
    drop(sim);
}

#[test]
fn the_ca_file_defaults_to_sim_ca_pem_next_to_the_key_file() {
    let dir = TempDir::new("default-ca");
    let key_file = dir.path("keys/demo.key");
    let sim = run_sim(&dir, &["--tls", "--port", "0", "--key-file", key_file.to_str().unwrap()]);
    let expected = dir.path("keys/sim-ca.pem");
    assert_eq!(banner_value(&sim.banner, "CA file"), expected.to_str().unwrap());
    let ca = std::fs::read_to_string(&expected).expect("the CA file");
    assert!(ca.starts_with("-----BEGIN CERTIFICATE-----"), "{ca}");
}

#[test]
fn plain_casdesk_sim_stays_http_and_writes_no_ca() {
    let dir = TempDir::new("plain");
    let key_file = dir.path("demo.key");
    let sim = run_sim(&dir, &["--port", "0", "--key-file", key_file.to_str().unwrap()]);
    assert!(banner_value(&sim.banner, "Admin API").starts_with("http://127.0.0.1:"));
    assert!(!sim.banner.contains("CA file"), "{}", sim.banner);
    assert!(!dir.path("sim-ca.pem").exists());
}

#[test]
fn ca_file_without_tls_is_a_usage_error() {
    let out = Command::new(env!("CARGO_BIN_EXE_casdesk"))
        .args(["sim", "--port", "0", "--ca-file", "ca.pem"])
        .env("CASDESK_LOG_DIR", std::env::temp_dir().join("casdesk-sim-tls-usage-logs"))
        .output()
        .expect("runs casdesk");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("--tls"), "{stderr}");
}

// ---- the Python example (examples/sim_tls_lookup.py) ----

/// `python3`, if it is installed with the standard modules the example needs.
fn python3() -> Option<&'static str> {
    let found = Command::new("python3").args(["-c", "import ssl, urllib.request"]).output();
    found.is_ok_and(|o| o.status.success()).then_some("python3")
}

/// The script, blocking on its own thread: the simulator keeps running on the test's runtime.
async fn run_example(key_file: &Path, ca_file: Option<&Path>) -> std::process::Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sim_tls_lookup.py");
    let mut cmd = Command::new(python3().unwrap());
    cmd.arg(script).arg("--key-file").arg(key_file);
    if let Some(ca_file) = ca_file {
        cmd.arg("--ca-file").arg(ca_file);
    }
    // Only --ca-file decides what is trusted, not a bundle set in the environment.
    cmd.arg("john.doe@example.com")
        .env_remove("SSL_CERT_FILE")
        .env_remove("SSL_CERT_DIR")
        .env("PYTHONDONTWRITEBYTECODE", "1");
    tokio::task::spawn_blocking(move || cmd.output().expect("runs python3")).await.unwrap()
}

#[tokio::test]
async fn the_python_example_looks_a_user_up_over_https_with_the_ca_file() {
    if python3().is_none() {
        eprintln!(
            "skipped: python3 not found (or without its ssl module), so \
             examples/sim_tls_lookup.py was not run"
        );
        return;
    }
    let dir = TempDir::new("python");
    let (sim, ca_file) = https_sim(&dir, SimConfig::default()).await;
    let key_file = dir.path("demo.key");
    sim.write_demo_key_file(&key_file).unwrap();

    let trusted = run_example(&key_file, Some(&ca_file)).await;
    let stdout = String::from_utf8_lossy(&trusted.stdout);
    let stderr = String::from_utf8_lossy(&trusted.stderr);
    assert!(trusted.status.success(), "{stdout}{stderr}");
    // Its stdlib RS256 token was accepted: the simulator checks signature, sub, aud and exp.
    assert_eq!(stdout.trim(), "200 Enabled john.doe@example.com", "{stderr}");

    let untrusted = run_example(&key_file, None).await;
    let stderr = String::from_utf8_lossy(&untrusted.stderr);
    assert_eq!(untrusted.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("CERTIFICATE_VERIFY_FAILED"), "{stderr}");
    assert_eq!(sim.control().stats().total_requests, 1, "only the trusted call got through");
}

// ---- the requests + PyJWT example (examples/sim_tls_requests.py) ----

/// Whether `python3` has the libraries most Python clients of the service use (.ci/run installs
/// them where it can).
fn python_with_requests() -> bool {
    let found = Command::new("python3").args(["-c", "import requests, jwt, cryptography"]).output();
    found.is_ok_and(|o| o.status.success())
}

#[tokio::test]
async fn the_requests_example_looks_a_user_up_with_its_usual_ca_bundle_setting() {
    if !python_with_requests() {
        eprintln!(
            "skipped: python3 with requests, pyjwt and cryptography not found \
             (pip install requests pyjwt cryptography), so examples/sim_tls_requests.py was not run"
        );
        return;
    }
    let dir = TempDir::new("requests");
    let (sim, ca_file) = https_sim(&dir, SimConfig::default()).await;
    let key_file = dir.path("demo.key");
    sim.write_demo_key_file(&key_file).unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/sim_tls_requests.py");
    let mut cmd = Command::new("python3");
    cmd.arg(script)
        .arg(&key_file)
        .arg(&ca_file)
        .arg("john.doe@example.com")
        .env_remove("REQUESTS_CA_BUNDLE")
        .env_remove("SSL_CERT_FILE")
        .env("PYTHONDONTWRITEBYTECODE", "1");
    let out =
        tokio::task::spawn_blocking(move || cmd.output().expect("runs python3")).await.unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}{stderr}");
    assert_eq!(stdout.trim(), "200 Enabled john.doe@example.com", "{stderr}");
    assert!(sim.admin_rest_api_url().starts_with("https://"));
}
