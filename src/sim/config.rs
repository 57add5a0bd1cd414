//! How a simulator instance behaves: where it listens, how it throttles, and which faults it
//! injects. Everything here can also be changed while it runs, through `SimControl`.

use crate::sim::tls::SimTls;
use std::net::{Ipv4Addr, SocketAddr};
use std::time::Duration;

#[derive(Clone, Debug)]
pub struct SimConfig {
    /// Where to listen; the default picks a free loopback port.
    pub bind: SocketAddr,
    /// Token bucket over all API calls, `/oauth/token` included. `None`: never throttle.
    pub rate_limit: Option<RateLimit>,
    /// Added to every Admin API answer.
    pub latency: Duration,
    /// Send `Retry-After` with 429 answers. Off by default: the real service documents none.
    pub retry_after: bool,
    /// Probability (0.0..=1.0) that an Admin API call meets a random fault.
    pub fault_rate: f64,
    /// Seed of the random-fault generator, so a run can be repeated.
    pub fault_seed: u64,
    /// Where clients reach the simulator when something stands in front of it (a TLS
    /// terminator, as in front of the real service), e.g. `https://localhost:8443`. It is the
    /// origin in the demo key file and the token audience. `None`: `http://<bound address>`,
    /// or `https://<bound address>` with [`Self::tls`].
    pub public_origin: Option<String>,
    /// Serve HTTPS with these certificates instead of plain HTTP. `None`: plain HTTP.
    pub tls: Option<SimTls>,
    /// The scopes the demo OAuth clients are registered for. `None`: every scope casdesk asks
    /// for. Fewer stand for a client made before casdesk needed the others.
    pub oauth_scopes: Option<Vec<String>>,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            bind: SocketAddr::from((Ipv4Addr::LOCALHOST, 0)),
            rate_limit: None,
            latency: Duration::ZERO,
            retry_after: false,
            fault_rate: 0.0,
            fault_seed: 0x5EED_CA5D,
            public_origin: None,
            tls: None,
            oauth_scopes: None,
        }
    }
}

/// A token bucket: `burst` calls at once, refilled at `per_second`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RateLimit {
    pub per_second: f64,
    pub burst: u32,
}

/// What can go wrong between a client and the service. "Not handled" faults are answered before
/// the request reaches the service; "handled" ones let the service act and then spoil the answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// 500 in the service's own error shape; not handled.
    ServerError,
    /// 502 HTML page from a proxy; not handled.
    BadGatewayHtml,
    /// 503 HTML page; not handled.
    Unavailable,
    /// 504 HTML page; not handled.
    GatewayTimeoutHtml,
    /// 429 exactly as the rate limiter sends it; not handled.
    TooManyRequests,
    /// Handled, then the connection is cut part-way through the body.
    DropConnection,
    /// Handled, then a 200 JSON answer whose body is cut short (valid HTTP, invalid JSON).
    TruncatedJson,
    /// Hangs for [`STALL`] (or until shutdown) before a 504: longer than any sane client timeout.
    Stall,
    /// Handled, then every string in the JSON answer carries terminal escape sequences (clear
    /// the screen, set the window title, recolour) and control characters: a hostile or broken
    /// service, for the tests that nothing it says is drawn raw.
    HostileText,
    /// Handled, then a per-user answer (generate, void, search) gains an element for an address
    /// that was not asked for, as seed 001's example answer does; a generate element carries a
    /// code.
    ForeignElement,
    /// Handled, then a per-user answer loses its last element (the service acted for that
    /// user, but the answer does not say so).
    MissingElement,
    /// Handled, then a per-user answer's elements come in reverse order.
    ReorderedElements,
    /// Handled, then the first element of a per-user answer carries result code 1099, which
    /// the documents do not name.
    UnknownResultCode,
    /// Handled, then the first element of a per-user answer comes twice, the second time with
    /// result 1001 (and, for a generate, another code).
    DuplicateElement,
    /// Handled, then the first element of a per-user answer names no address.
    UnnamedElement,
    /// Handled, then a single user's answer (lookup, device registration code, unlock, user
    /// status, sync) names another user's address (`not.asked@…`) or id than the one asked; in a
    /// user's authentication log, the last entry is another user's.
    AnotherUser,
}

/// How long [`Fault::Stall`] hangs.
pub const STALL: Duration = Duration::from_secs(120);

impl Fault {
    /// Random faults draw from these (the ones a flaky network and gateway really produce).
    pub(crate) const RANDOM: [Fault; 4] =
        [Fault::ServerError, Fault::BadGatewayHtml, Fault::Unavailable, Fault::DropConnection];

    /// Whether the service acts on the request before the fault spoils the answer.
    pub fn request_is_handled(self) -> bool {
        matches!(self, Fault::DropConnection | Fault::TruncatedJson | Fault::HostileText)
            || self.reshapes_answer()
    }

    /// The faults that change what a well-formed answer says (see `sim::reshape`).
    pub fn reshapes_answer(self) -> bool {
        matches!(
            self,
            Fault::ForeignElement
                | Fault::MissingElement
                | Fault::ReorderedElements
                | Fault::UnknownResultCode
                | Fault::DuplicateElement
                | Fault::UnnamedElement
                | Fault::AnotherUser
        )
    }
}
