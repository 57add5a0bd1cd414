//! Profiles in the settings file, chosen by `--profile` or `CASDESK_PROFILE`, and
//! `casdesk config init|show|check` against the simulator over loopback.

use crate::support::simulator::start_sim;
use casdesk::sim::SimHandle;
use std::path::{Path, PathBuf};
use std::process::Output;

struct Setup {
    sim: SimHandle,
    dir: PathBuf,
}

impl Setup {
    async fn new(name: &str) -> Self {
        let sim = start_sim().await;
        let dir =
            std::env::temp_dir().join(format!("casdesk-config-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        sim.write_demo_key_file(&dir.join("tenant.key")).expect("the demo key file");
        Self { sim, dir }
    }

    /// Writes `text` as the settings file; `{dir}` stands for the test's directory.
    fn settings(&self, text: &str) {
        let text = text.replace("{dir}", self.dir.to_str().unwrap());
        std::fs::write(self.dir.join("config.toml"), text).unwrap();
    }

    /// A file readable by its owner only, as casdesk requires of keys.
    fn private_file(&self, name: &str, text: &str) -> PathBuf {
        let path = self.dir.join(name);
        std::fs::write(&path, text).unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        path
    }

    /// Runs casdesk with this settings file, on a blocking thread (the simulator runs on the
    /// test's runtime).
    async fn casdesk(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_casdesk"));
        cmd.arg("--config").arg(self.dir.join("config.toml")).args(args);
        for var in [
            "CASDESK_PROFILE",
            "CASDESK_KEY_FILE",
            "CASDESK_API_URL",
            "CASDESK_CA_BUNDLE",
            "CASDESK_KEYMAP",
        ] {
            cmd.env_remove(var);
        }
        cmd.env("CASDESK_DATA_DIR", self.dir.join("data"))
            .env("CASDESK_LOG_DIR", self.dir.join("logs"));
        for (name, value) in env {
            cmd.env(name, value);
        }
        tokio::task::spawn_blocking(move || cmd.output().expect("runs casdesk")).await.unwrap()
    }
}

impl Drop for Setup {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn text(out: &Output) -> String {
    format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr))
}

const TWO_PROFILES: &str = r#"
[profiles.good]
key_file = "{dir}/tenant.key"

[profiles.gone]
key_file = "{dir}/no-such.key"
"#;

#[tokio::test]
async fn the_profile_is_chosen_by_flag_or_environment() {
    let setup = Setup::new("choose").await;
    setup.settings(TWO_PROFILES);
    let good = setup.casdesk(&["--profile", "good", "lookup", "alice@example.com"], &[]).await;
    assert!(good.status.success(), "{}", text(&good));
    assert!(text(&good).contains("Alice"), "{}", text(&good));

    let gone =
        setup.casdesk(&["lookup", "alice@example.com"], &[("CASDESK_PROFILE", "gone")]).await;
    assert_eq!(gone.status.code(), Some(2), "{}", text(&gone));
    assert!(
        text(&gone).contains("no-such.key"),
        "the profile's key file is named: {}",
        text(&gone)
    );

    let none = setup.casdesk(&["lookup", "alice@example.com"], &[]).await;
    assert_eq!(none.status.code(), Some(2));
    assert!(text(&none).contains("several profiles (gone, good)"), "{}", text(&none));

    let typo = setup.casdesk(&["--profile", "prod", "lookup", "alice@example.com"], &[]).await;
    assert!(text(&typo).contains("no profile \"prod\"; the settings file has: gone, good"));

    // The flag wins over the environment, before the command or after it.
    for args in [
        &["--profile", "good", "lookup", "alice@example.com"][..],
        &["lookup", "alice@example.com", "--profile", "good"],
    ] {
        let out = setup.casdesk(args, &[("CASDESK_PROFILE", "gone")]).await;
        assert!(out.status.success(), "{args:?}: {}", text(&out));
    }
    // After the command wins over before it.
    let args = ["--profile", "gone", "lookup", "alice@example.com", "--profile", "good"];
    let out = setup.casdesk(&args, &[]).await;
    assert!(out.status.success(), "{}", text(&out));
}

#[tokio::test]
async fn the_environment_overrides_the_profile_key_file() {
    let setup = Setup::new("env").await;
    setup.settings("[profiles.gone]\nkey_file = \"{dir}/no-such.key\"\n");
    let key = setup.dir.join("tenant.key");
    let out = setup
        .casdesk(&["lookup", "alice@example.com"], &[("CASDESK_KEY_FILE", key.to_str().unwrap())])
        .await;
    assert!(out.status.success(), "{}", text(&out));
}

#[tokio::test]
async fn an_oauth_profile_signs_in_with_its_client() {
    let setup = Setup::new("oauth").await;
    let jwk = include_str!("../../assets/demo/oauth-client-rsa.jwk");
    let jwk_file = setup.private_file("client.jwk", jwk);
    setup.settings(&format!(
        "[profiles.staging]\napi_url = \"{}\"\noauth = {{ client_id = \"casdesk-demo-rsa\", \
         private_jwk_file = \"{}\", issuer_url = \"{}\" }}\n",
        setup.sim.admin_rest_api_url(),
        jwk_file.display(),
        setup.sim.oauth_issuer()
    ));
    let out = setup.casdesk(&["lookup", "alice@example.com"], &[]).await;
    assert!(out.status.success(), "{}", text(&out));
    assert!(setup.sim.control().stats().by_endpoint.keys().any(|k| k.contains("/oauth/token")));
}

#[tokio::test]
async fn config_check_proves_a_working_profile() {
    let setup = Setup::new("check-ok").await;
    setup.settings("[profiles.good]\nkey_file = \"{dir}/tenant.key\"\n");
    let out = setup.casdesk(&["config", "check"], &[]).await;
    assert!(out.status.success(), "{}", text(&out));
    assert!(text(&out).contains("✓ The profile works"), "{}", text(&out));
    assert!(text(&out).contains("Checking Example Corp (profile good)"), "{}", text(&out));
}

#[tokio::test]
async fn config_check_diagnoses_a_key_the_tenant_does_not_trust() {
    let setup = Setup::new("check-key").await;
    let json: serde_json::Value =
        serde_json::from_str(&setup.sim.demo_key_file_json()).expect("key file JSON");
    let mut wrong = json.clone();
    wrong["accessKey"] = include_str!("../fixtures/keys/not-the-tenants-key.pem").trim_end().into();
    setup.private_file("wrong.key", &wrong.to_string());
    setup.settings("[profiles.wrong]\nkey_file = \"{dir}/wrong.key\"\n");
    let out = setup.casdesk(&["config", "check"], &[]).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let said = text(&out);
    assert!(said.contains("✗ The service refused casdesk's token"), "{said}");
    assert!(said.contains("Key mismatch"), "{said}");
    let err = String::from_utf8_lossy(&out.stderr);
    let details =
        format!("casdesk: details: {}", setup.dir.join("logs").join("casdesk.").display());
    assert!(err.contains(&details), "stderr points to the log: {err}");
}

#[tokio::test]
async fn config_check_diagnoses_a_wrong_audience_and_an_unreachable_service() {
    let setup = Setup::new("check-url").await;
    setup.settings("[profiles.good]\nkey_file = \"{dir}/tenant.key\"\n");
    // The same service, but not the URL the key was issued for: the token's audience is wrong.
    let other_spelling = setup.sim.admin_rest_api_url().replace("127.0.0.1", "localhost");
    let out = setup.casdesk(&["config", "check", "--api-url", &other_spelling], &[]).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("Wrong audience"), "{}", text(&out));

    // Nothing listens on port 1.
    let down = "http://127.0.0.1:1/AdminInterface/restapi/";
    let out = setup.casdesk(&["config", "check"], &[("CASDESK_API_URL", down)]).await;
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(text(&out).contains("✗ Network: cannot reach 127.0.0.1"), "{}", text(&out));
}

#[tokio::test]
async fn config_init_writes_a_template_once_and_show_reads_it() {
    let setup = Setup::new("init").await;
    let path = setup.dir.join("config.toml");
    let out = setup.casdesk(&["config", "init"], &[]).await;
    assert!(out.status.success(), "{}", text(&out));
    assert!(std::fs::read_to_string(&path).unwrap().contains("[profiles.production]"));
    let again = setup.casdesk(&["config", "init"], &[]).await;
    assert_eq!(again.status.code(), Some(2));
    assert!(text(&again).contains("already exists"), "{}", text(&again));

    let show = setup.casdesk(&["config", "show"], &[]).await;
    let said = text(&show);
    assert!(said.contains("Profile        production"), "{said}");
    assert!(said.contains("keys/production.key"), "{said}");
    // The template's key file does not exist yet: show says so instead of failing.
    assert_eq!(show.status.code(), Some(1), "{said}");
    assert!(said.contains("Problem"), "{said}");
    assert!(Path::new(&path).exists());
}

#[tokio::test]
async fn generate_takes_the_profile_validity_and_delivery() {
    let setup = Setup::new("defaults").await;
    setup.settings(
        "[profiles.p]\nkey_file = \"{dir}/tenant.key\"\nvalidity = \"2h\"\ndelivery = \"email\"\n",
    );
    let out = setup
        .casdesk(
            &[
                "codes",
                "generate",
                "--override",
                "callback",
                "--mode",
                "enrollment",
                "-f",
                "json",
                "alice@example.com",
            ],
            &[],
        )
        .await;
    assert!(out.status.success(), "{}", text(&out));
    let outbox = setup.sim.control().outbox();
    assert_eq!(outbox.len(), 1, "delivered by e-mail, as the profile says: {}", text(&out));
    assert!(!String::from_utf8_lossy(&out.stdout).contains("\"code\": \""), "no code displayed");

    setup.settings("[profiles.p]\nkey_file = \"{dir}/tenant.key\"\nvalidity = \"25h\"\n");
    let out = setup.casdesk(&["lookup", "alice@example.com"], &[]).await;
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out).contains("profile p: validity = 25h"), "{}", text(&out));
}

#[tokio::test]
async fn a_password_in_the_api_url_reaches_neither_stderr_nor_the_log() {
    let setup = Setup::new("userinfo").await;
    setup.settings("[profiles.good]\nkey_file = \"{dir}/tenant.key\"\n");
    let url = "https://helpdesk:s3cret-pw@co.access.securid.com/AdminInterface/restapi/";
    for args in [
        vec!["--api-url", url, "lookup", "alice@example.com"],
        vec!["--api-url", url, "config", "check"],
        vec!["--api-url", url, "config", "show"],
    ] {
        let out = setup.casdesk(&args, &[]).await;
        assert_ne!(out.status.code(), Some(0), "{args:?}: {}", text(&out));
        let said = text(&out);
        assert!(!said.contains("s3cret-pw") && !said.contains("helpdesk:"), "{args:?}: {said}");
        assert!(said.contains("[redacted]@co.access.securid.com"), "{args:?}: {said}");
    }
    let out = setup.casdesk(&["--api-url", url, "lookup", "alice@example.com"], &[]).await;
    assert!(text(&out).contains("must not carry a user name or password"), "{}", text(&out));
    for entry in std::fs::read_dir(setup.dir.join("logs")).unwrap().flatten() {
        let logged = std::fs::read_to_string(entry.path()).unwrap();
        assert!(!logged.contains("s3cret-pw"), "{logged}");
    }
}

#[tokio::test]
async fn the_audit_record_names_the_profile_and_the_lookup_config_check_makes() {
    let setup = Setup::new("audit").await;
    setup.settings("[profiles.good]\nkey_file = \"{dir}/tenant.key\"\n");
    let out = setup.casdesk(&["lookup", "alice@example.com"], &[]).await;
    assert!(out.status.success(), "{}", text(&out));
    let out = setup.casdesk(&["config", "check", "--email", "john.doe@example.com"], &[]).await;
    assert!(out.status.success(), "{}", text(&out));

    let out = setup.casdesk(&["audit", "-f", "json"], &[]).await;
    assert!(out.status.success(), "{}", text(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let seen: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| {
            (
                r["action"].as_str().unwrap(),
                r["email"].as_str().unwrap(),
                r["profile"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        seen,
        [
            ("lookup", "alice@example.com", "good"),
            ("lookup (config check)", "john.doe@example.com", "good"),
        ]
    );
    let csv = setup.casdesk(&["audit"], &[]).await;
    let header = String::from_utf8_lossy(&csv.stdout).lines().next().unwrap_or("").to_string();
    assert!(header.starts_with("time,os_user,profile,tenant,action,email,"), "{header}");
}

#[tokio::test]
async fn the_demo_needs_no_profile_and_records_none() {
    let setup = Setup::new("demo").await;
    // Several profiles and no default: a real tenant would have to be chosen, the demo not.
    setup.settings(TWO_PROFILES);
    let out = setup.casdesk(&["--demo", "lookup", "alice@example.com"], &[]).await;
    assert!(out.status.success(), "{}", text(&out));
    let out = setup
        .casdesk(&["--profile", "good", "--demo", "lookup", "john.doe@example.com"], &[])
        .await;
    assert!(out.status.success(), "{}", text(&out));
    let audit = setup.casdesk(&["audit", "-f", "json"], &[]).await;
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&audit.stdout).unwrap();
    assert_eq!(rows.len(), 2, "{}", text(&audit));
    assert!(rows.iter().all(|r| r["profile"].is_null()), "the demo acts under no profile");
    assert!(rows.iter().all(|r| r["tenant"] == casdesk::audit::DEMO_TENANT));
}

/// The audit entries `casdesk audit -f json` shows, as (profile, tenant, customer,
/// credentials) of each.
async fn recorded_as(setup: &Setup) -> Vec<[String; 4]> {
    let out = setup.casdesk(&["audit", "-f", "json"], &[]).await;
    assert!(out.status.success(), "{}", text(&out));
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap();
    let field = |r: &serde_json::Value, name: &str| r[name].as_str().unwrap_or("").to_string();
    rows.iter()
        .map(|r| ["profile", "tenant", "customer", "credentials"].map(|name| field(r, name)))
        .collect()
}

#[tokio::test]
async fn a_key_file_given_in_place_of_the_profiles_is_recorded_as_that_file_not_the_profile() {
    let setup = Setup::new("replaced").await;
    setup.settings("[profiles.production]\nkey_file = \"{dir}/tenant.key\"\n");
    let other = setup.dir.join("other.key");
    setup.sim.write_demo_key_file(&other).unwrap();
    let other = other.to_str().unwrap();
    let profile_key = setup.dir.join("tenant.key");
    let admin = setup.sim.admin_rest_api_url();

    let out = setup.casdesk(&["lookup", "alice@example.com"], &[]).await;
    assert!(out.status.success(), "{}", text(&out));
    let out = setup.casdesk(&["--key-file", other, "lookup", "alice@example.com"], &[]).await;
    assert!(out.status.success(), "{}", text(&out));
    let env = [("CASDESK_KEY_FILE", other)];
    let out =
        setup.casdesk(&["--profile", "production", "lookup", "john.doe@example.com"], &env).await;
    assert!(out.status.success(), "{}", text(&out));

    let rows = recorded_as(&setup).await;
    let replaced = format!(
        "key file {other} (--key-file or CASDESK_KEY_FILE), in place of profile production's \
         key file"
    );
    assert_eq!(
        rows,
        [
            [
                "production".to_string(),
                admin.clone(),
                "Example Corp".into(),
                format!("key file {} (profile production)", profile_key.display()),
            ],
            ["".to_string(), admin.clone(), "Example Corp".into(), replaced.clone()],
            ["".to_string(), admin.clone(), "Example Corp".into(), replaced],
        ]
    );
    // A tenant on a loopback address (here a simulator; it could as well be a forwarding
    // proxy to a real one) is named by its URL, never guessed to be a simulator.
    assert!(admin.starts_with("http://127.0.0.1:"), "{admin}");

    // The note, run as the lookups were, finds what the replacing key did.
    let env = [("CASDESK_PROFILE", "production"), ("CASDESK_KEY_FILE", other)];
    let note = setup.casdesk(&["note", "john.doe@example.com"], &env).await;
    assert!(note.status.success(), "{}", text(&note));
    assert!(String::from_utf8_lossy(&note.stdout).contains("Lookup: done"), "{}", text(&note));
}

#[tokio::test]
async fn an_api_url_given_in_place_of_the_profiles_is_recorded_with_the_profiles_key() {
    let setup = Setup::new("api-url").await;
    let admin = setup.sim.admin_rest_api_url();
    // The profile names the tenant by another URL; the one given on the command line is used.
    let by_name = admin.replace("127.0.0.1", "localhost");
    setup.settings(&format!(
        "[profiles.production]\nkey_file = \"{{dir}}/tenant.key\"\napi_url = \"{by_name}\"\n"
    ));
    let out = setup.casdesk(&["--api-url", &admin, "lookup", "alice@example.com"], &[]).await;
    assert!(out.status.success(), "{}", text(&out));
    let rows = recorded_as(&setup).await;
    let key = setup.dir.join("tenant.key");
    assert_eq!(
        rows,
        [[
            "production".to_string(),
            admin,
            "Example Corp".into(),
            format!(
                "key file {} (profile production); API URL from --api-url or CASDESK_API_URL, in \
                 place of profile production's",
                key.display()
            ),
        ]]
    );
}

/// The README's profile examples are settings files casdesk reads as they are written.
#[test]
fn the_readme_profile_examples_are_valid_settings() {
    let readme = include_str!("../../README.md");
    let examples: Vec<String> = readme
        .split("```toml\n")
        .skip(1)
        .filter_map(|rest| rest.split_once("```").map(|(block, _)| block))
        .filter(|block| block.contains("[profiles."))
        // Indented inside a numbered list.
        .map(|block| block.lines().map(str::trim_start).collect::<Vec<_>>().join("\n"))
        .collect();
    assert!(examples.len() >= 2, "a key file profile and an OAuth profile");
    for example in &examples {
        let config =
            casdesk::config::Config::parse(example).unwrap_or_else(|e| panic!("{e}\n{example}"));
        let production = config.resolve(Some("production")).unwrap();
        assert!(production.settings.key_file.is_some() || production.settings.oauth.is_some());
    }
    let oauth = examples.iter().find(|e| e.contains("oauth = ")).expect("an OAuth example");
    let settings = casdesk::config::Config::parse(oauth).unwrap().resolve(None).unwrap().settings;
    assert!(settings.api_url.is_some_and(|u| u.ends_with("/AdminInterface/restapi")));
    assert!(readme.contains("cargo install --path . --locked"));
}

#[tokio::test]
async fn config_show_lists_every_keymap_conflict() {
    let setup = Setup::new("keymap").await;
    setup.settings("key_file = \"{dir}/tenant.key\"\n");
    let keymap = setup.dir.join("keys.toml");
    std::fs::write(&keymap, "export = \"q\"\nconfirm = \"n\"\n").unwrap();
    let keymap = keymap.to_str().unwrap();
    let by_flag = setup.casdesk(&["--keymap", keymap, "config", "show"], &[]).await;
    let by_env = setup.casdesk(&["config", "show"], &[("CASDESK_KEYMAP", keymap)]).await;
    for out in [by_flag, by_env] {
        let said = text(&out);
        assert_eq!(out.status.code(), Some(1), "conflicts are problems: {said}");
        let problems: Vec<&str> = said.lines().filter(|l| l.starts_with("Problem")).collect();
        assert_eq!(
            problems,
            vec![
                "Problem        keymap conflict: n is both \"confirm\" and \"cancel\" on 1 Lookup, \
                 2 Codes, 3 Bulk, 5 Emergency, 8 Reports, the quit dialog (n does \"confirm\")",
                "Problem        keymap conflict: q is both \"quit\" and \"export\" on 3 Bulk, \
                 8 Reports (q does \"quit\")",
            ],
            "{said}"
        );
    }
}

#[tokio::test]
async fn with_no_tenant_set_up_the_advice_names_the_settings_file_in_use() {
    let setup = Setup::new("no-tenant").await;
    setup.settings("theme = \"light\"\n");
    let out = setup.casdesk(&["lookup", "alice@example.com"], &[]).await;
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    let file = setup.dir.join("config.toml");
    assert!(
        text(&out).contains(&format!("or save it in {}:", file.display())),
        "the file given by --config, not the platform's: {}",
        text(&out)
    );
}
