//! pydplus, a public Python client of the service (PyPI `pydplus`), unchanged, against
//! `casdesk sim --tls`: a legacy key (whose token names the bare `https://` origin as its
//! audience) and both demo OAuth clients, trusting the simulator's CA through requests' usual
//! REQUESTS_CA_BUNDLE. Skipped, saying so, where Python cannot import it (`.ci/run` installs
//! it where it can).

use super::{TempDir, banner_value, run_sim};
use std::path::Path;
use std::process::{Command, Output};

fn python_with_pydplus() -> bool {
    let found = Command::new("python3").args(["-c", "import pydplus, jwt"]).output();
    found.is_ok_and(|o| o.status.success())
}

/// examples/sim_tls_pydplus.py with `args`, the environment cleared of anything that would
/// choose the CA, the tenant or pydplus's settings for it.
fn run_example(args: &[&str]) -> Output {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cmd = Command::new("python3");
    cmd.arg(root.join("examples/sim_tls_pydplus.py")).args(args).current_dir(root);
    for (name, _) in std::env::vars_os() {
        let name = name.to_string_lossy().into_owned();
        if name.starts_with("PYDPLUS") || name.ends_with("CA_BUNDLE") || name.starts_with("SSL_") {
            cmd.env_remove(name);
        }
    }
    cmd.env("PYTHONDONTWRITEBYTECODE", "1").output().expect("runs python3")
}

fn text(out: &Output) -> (String, String) {
    (String::from_utf8_lossy(&out.stdout).into(), String::from_utf8_lossy(&out.stderr).into())
}

#[test]
fn pydplus_looks_a_user_up_in_casdesk_sim_tls_with_a_key_file_and_with_oauth() {
    if !python_with_pydplus() {
        eprintln!(
            "skipped: python3 with pydplus not found (pip install pydplus), so pydplus was not \
             run against casdesk sim --tls"
        );
        return;
    }
    let dir = TempDir::new("pydplus");
    let key_file = dir.path("demo.key");
    let sim = run_sim(&dir, &["--tls", "--port", "0", "--key-file", key_file.to_str().unwrap()]);
    let admin = banner_value(&sim.banner, "Admin API");
    let origin = admin.trim_end_matches("/AdminInterface/restapi/");
    assert!(origin.starts_with("https://127.0.0.1:"), "{}", sim.banner);
    let ca_file = dir.path("sim-ca.pem");
    let (key, ca) = (key_file.to_str().unwrap(), ca_file.to_str().unwrap());
    let user = "john.doe@example.com";

    let legacy = run_example(&["--ca-file", ca, "--key-file", key, user]);
    let (stdout, stderr) = text(&legacy);
    assert!(legacy.status.success(), "{stdout}{stderr}");
    let mut lines = stdout.lines();
    let aud = lines.next().and_then(|l| l.strip_prefix("aud ")).expect("the aud it signed");
    // pydplus 1.0 signs the bare origin; the key file's URL would do as well.
    assert!(aud == origin || aud == admin, "pydplus signed aud {aud}");
    eprintln!("pydplus signed aud {aud}, and the simulator over TLS accepted it");
    assert_eq!(lines.next(), Some("Enabled john.doe@example.com"), "{stderr}");

    let untrusted = run_example(&["--key-file", key, user]);
    let (stdout, stderr) = text(&untrusted);
    assert_eq!(untrusted.status.code(), Some(2), "{stdout}{stderr}");
    assert!(stderr.contains("CERTIFICATE_VERIFY_FAILED"), "{stderr}");

    for (client, jwk) in [
        ("casdesk-demo-ec", "assets/demo/oauth-client-ec.jwk"),
        ("casdesk-demo-rsa", "assets/demo/oauth-client-rsa.jwk"),
    ] {
        let args = ["--ca-file", ca, "--api-url", origin, "--oauth-client", client, "--jwk", jwk];
        let oauth = run_example(&[&args[..], &[user]].concat());
        let (stdout, stderr) = text(&oauth);
        assert!(oauth.status.success(), "{client}: {stdout}{stderr}");
        assert_eq!(stdout.trim(), "Enabled john.doe@example.com", "{client}: {stderr}");
    }
}
