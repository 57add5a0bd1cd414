//! The certificates of an HTTPS simulator: a throwaway CA made at start, and a server
//! certificate it signs for the loopback names, so clients verify it the normal way with the CA
//! as their bundle instead of turning verification off.
//!
//! Only the CA certificate ever leaves memory (`SimTls::write_ca_file`). The CA's private key is
//! dropped once it has signed the one server certificate, so the CA can vouch for nothing else;
//! the server's key lives only in the rustls configuration.

use rcgen::{
    BasicConstraints, CertificateParams, DistinguishedName, DnType, ExtendedKeyUsagePurpose, IsCa,
    Issuer, KeyPair, KeyUsagePurpose, SanType,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use std::fmt;
use std::io;
use std::net::{Ipv4Addr, Ipv6Addr};
use std::path::Path;
use std::sync::Arc;
use time::{Duration, OffsetDateTime};
use zeroize::Zeroize;

/// The names the server certificate is valid for: every way a client on this machine names the
/// loopback interface.
pub const SERVER_NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// How long the certificates are valid: a simulator restarted makes new ones, so this only has
/// to outlast one long-running session, with an hour of slack for a clock behind.
const VALID_FOR: Duration = Duration::days(30);
const CLOCK_SLACK: Duration = Duration::hours(1);

/// A TLS identity for the simulator: the CA certificate clients trust, and the server
/// configuration holding the certificate chain and its private key.
#[derive(Clone)]
pub struct SimTls {
    ca_pem: String,
    server: Arc<rustls::ServerConfig>,
}

impl SimTls {
    /// Makes a new CA (ECDSA P-256) and a server certificate it signs for [`SERVER_NAMES`].
    pub fn generate() -> Result<Self, String> {
        let now = OffsetDateTime::now_utc();
        let fail = |what: &str, e: rcgen::Error| format!("cannot make the simulator's {what}: {e}");

        let mut ca_key = KeyPair::generate().map_err(|e| fail("CA key", e))?;
        let mut ca = CertificateParams::default();
        ca.distinguished_name = name("casdesk simulator throwaway CA");
        ca.is_ca = IsCa::Ca(BasicConstraints::Constrained(0));
        ca.key_usages = vec![KeyUsagePurpose::KeyCertSign, KeyUsagePurpose::CrlSign];
        ca.not_before = now - CLOCK_SLACK;
        ca.not_after = now + VALID_FOR;
        let ca_cert = ca.self_signed(&ca_key).map_err(|e| fail("CA certificate", e))?;

        let mut server_key = KeyPair::generate().map_err(|e| fail("server key", e))?;
        let mut server = CertificateParams::default();
        server.distinguished_name = name(SERVER_NAMES[0]);
        server.subject_alt_names = vec![
            SanType::DnsName(SERVER_NAMES[0].try_into().map_err(|e| fail("server name", e))?),
            SanType::IpAddress(Ipv4Addr::LOCALHOST.into()),
            SanType::IpAddress(Ipv6Addr::LOCALHOST.into()),
        ];
        server.is_ca = IsCa::ExplicitNoCa;
        server.key_usages = vec![KeyUsagePurpose::DigitalSignature];
        server.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        server.use_authority_key_identifier_extension = true;
        server.not_before = now - CLOCK_SLACK;
        server.not_after = now + VALID_FOR;
        let issuer = Issuer::from_params(&ca, &ca_key);
        let server_cert =
            server.signed_by(&server_key, &issuer).map_err(|e| fail("server certificate", e))?;
        drop(issuer);
        ca_key.zeroize();

        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(server_key.serialize_der()));
        server_key.zeroize();
        let chain: Vec<CertificateDer<'static>> =
            vec![server_cert.der().clone(), ca_cert.der().clone()];
        let provider = Arc::new(rustls::crypto::aws_lc_rs::default_provider());
        let mut config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("the simulator's TLS versions: {e}"))?
            .with_no_client_auth()
            .with_single_cert(chain, key)
            .map_err(|e| format!("the simulator's TLS configuration: {e}"))?;
        // axum serves HTTP/1.1 here (its http2 feature is off); say so rather than let a client
        // try h2 and fail.
        config.alpn_protocols = vec![b"http/1.1".to_vec()];
        Ok(Self { ca_pem: ca_cert.pem(), server: Arc::new(config) })
    }

    /// The CA certificate, PEM: what a client adds to its trusted roots.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// Writes the CA certificate to `path`. It is public: readable by all is fine.
    pub fn write_ca_file(&self, path: &Path) -> io::Result<()> {
        std::fs::write(path, self.ca_pem.as_bytes())
    }

    pub(crate) fn server_config(&self) -> Arc<rustls::ServerConfig> {
        self.server.clone()
    }
}

fn name(common_name: &str) -> DistinguishedName {
    let mut dn = DistinguishedName::new();
    dn.push(DnType::CommonName, common_name);
    dn
}

/// Shows the CA only: the server configuration holds the private key.
impl fmt::Debug for SimTls {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SimTls").field("ca_pem", &self.ca_pem).finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_ca_is_one_pem_certificate_and_no_key_is_shown() {
        let tls = SimTls::generate().expect("certificates");
        let pem = tls.ca_pem();
        assert!(pem.starts_with("-----BEGIN CERTIFICATE-----"), "{pem}");
        assert_eq!(pem.matches("BEGIN").count(), 1, "only the CA certificate: {pem}");
        let shown = format!("{tls:?}");
        assert!(!shown.contains("PRIVATE"), "{shown}");
    }

    #[test]
    fn each_start_makes_a_new_ca() {
        let a = SimTls::generate().unwrap();
        let b = SimTls::generate().unwrap();
        assert_ne!(a.ca_pem(), b.ca_pem());
    }
}
