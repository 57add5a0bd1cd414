//! `casdesk sim` as an operator runs it: its key and the demo OAuth clients' keys go under
//! `CASDESK_DATA_DIR` when it is set, and the banner names those files, never the source tree.

use std::io::BufRead;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

#[test]
fn sim_writes_its_keys_under_the_data_directory_and_names_them() {
    let data = std::env::temp_dir().join(format!("casdesk-sim-cmd-{}", uuid::Uuid::new_v4()));
    let mut child = Command::new(env!("CARGO_BIN_EXE_casdesk"))
        .args(["sim", "--port", "0"])
        .env("CASDESK_DATA_DIR", &data)
        .env("CASDESK_LOG_DIR", data.join("logs"))
        .env_remove("CASDESK_KEY_FILE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in std::io::BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let mut banner = String::new();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !banner.contains("Press Ctrl-C") && Instant::now() < deadline {
        if let Ok(line) = rx.recv_timeout(Duration::from_millis(200)) {
            banner.push_str(&line);
            banner.push('\n');
        }
    }
    let _ = child.kill();
    let _ = child.wait();
    let demo = data.join("demo");
    let key = demo.join("demo-admin-api.key");
    let shown = |path: &std::path::Path| banner.contains(path.to_str().unwrap());
    assert!(shown(&key), "the key file in CASDESK_DATA_DIR:\n{banner}");
    assert!(!banner.contains("assets/"), "nothing points into the source tree:\n{banner}");
    for (name, client) in
        [("oauth-client-rsa.jwk", "casdesk-demo-rsa"), ("oauth-client-ec.jwk", "casdesk-demo-ec")]
    {
        let path = demo.join(name);
        assert!(shown(&path) && banner.contains(client), "{name} named:\n{banner}");
        let jwk: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        assert_eq!(jwk["kid"], client, "the client's own key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600, "{name} is a private key");
        }
    }
    let _ = std::fs::remove_dir_all(&data);
}
