//! A company's own certificate authorities, for networks where a proxy re-signs TLS: added to
//! the platform's trusted roots, never in place of them, and certificates are always checked.

use std::fmt;
use std::path::{Path, PathBuf};

/// The certificates of a PEM bundle file, read and checked before anything is sent.
#[derive(Clone)]
pub struct CaBundle {
    path: PathBuf,
    certificates: Vec<reqwest::Certificate>,
}

impl CaBundle {
    /// Reads `path`: one or more `-----BEGIN CERTIFICATE-----` blocks.
    pub fn load(path: &Path) -> Result<Self, String> {
        use rustls::pki_types::CertificateDer;
        use rustls::pki_types::pem::PemObject;
        let shown = path.display();
        let pem =
            std::fs::read(path).map_err(|e| format!("cannot read the CA bundle {shown}: {e}"))?;
        let mut certificates = Vec::new();
        // Each one is parsed as a trust anchor now, so a broken bundle is reported here and
        // not as a TLS failure on the first call.
        let mut anchors = rustls::RootCertStore::empty();
        for (n, der) in CertificateDer::pem_slice_iter(&pem).enumerate() {
            let der = der.map_err(|e| format!("the CA bundle {shown} is not PEM: {e}"))?;
            anchors.add(der.clone()).map_err(|e| {
                format!("certificate {} in the CA bundle {shown} is not valid: {e}", n + 1)
            })?;
            certificates.push(
                reqwest::Certificate::from_der(&der)
                    .map_err(|e| format!("certificate {} in {shown}: {e}", n + 1))?,
            );
        }
        if certificates.is_empty() {
            return Err(format!(
                "the CA bundle {shown} holds no certificate (expected -----BEGIN CERTIFICATE----- blocks)"
            ));
        }
        Ok(Self { path: path.to_path_buf(), certificates })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    pub(crate) fn certificates(&self) -> impl Iterator<Item = reqwest::Certificate> + '_ {
        self.certificates.iter().cloned()
    }
}

impl fmt::Debug for CaBundle {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CaBundle")
            .field("path", &self.path)
            .field("certificates", &self.certificates.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp(name: &str, text: &str) -> PathBuf {
        let path =
            std::env::temp_dir().join(format!("casdesk-ca-{}-{name}.pem", std::process::id()));
        std::fs::write(&path, text).unwrap();
        path
    }

    #[test]
    fn a_missing_empty_or_broken_bundle_says_so() {
        let err = CaBundle::load(Path::new("/nonexistent/ca.pem")).unwrap_err();
        assert!(err.contains("cannot read the CA bundle /nonexistent/ca.pem"), "{err}");
        let err = CaBundle::load(&temp("empty", "no certificates here\n")).unwrap_err();
        assert!(err.contains("holds no certificate"), "{err}");
        let broken = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n";
        let err = CaBundle::load(&temp("broken", broken)).unwrap_err();
        assert!(err.contains("certificate 1 in the CA bundle"), "{err}");
        let ca = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tls/ca.pem");
        assert_eq!(CaBundle::load(Path::new(ca)).unwrap().certificates().count(), 1);
    }
}
