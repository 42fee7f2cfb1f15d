//! Why a fetch failed; every variant names the URL it was fetching.

/// A failed fetch. `url` is the URL being requested when it failed (after redirects, the
/// redirect target).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FetchError {
    #[error("{url}: invalid URL: {reason}")]
    InvalidUrl { url: String, reason: String },
    #[error("{url}: unsupported scheme (only http and https are fetched)")]
    UnsupportedScheme { url: String },
    /// The final response had an error status (after retries for 5xx and 429).
    #[error("{url}: HTTP status {status}")]
    Http { url: String, status: u16 },
    #[error("{url}: timed out ({phase})")]
    Timeout { url: String, phase: String },
    /// The body (after decompression) was larger than the configured limit; reading
    /// stopped at the limit.
    #[error("{url}: response larger than {limit} bytes")]
    TooLarge { url: String, limit: u64 },
    /// A redirect pointed back to a URL already visited in this fetch.
    #[error("{url}: redirect loop back to {location}")]
    RedirectLoop { url: String, location: String },
    #[error("{url}: more than {limit} redirects")]
    TooManyRedirects { url: String, limit: u32 },
    /// A 3xx response without a usable `Location`.
    #[error("{url}: bad redirect: {reason}")]
    BadRedirect { url: String, reason: String },
    /// Could not connect (refused, reset, DNS failure, TLS handshake) after retries.
    #[error("{url}: cannot connect: {message}")]
    Connect { url: String, message: String },
    /// Any other transport or protocol error.
    #[error("{url}: {message}")]
    Io { url: String, message: String },
}

impl FetchError {
    /// The URL the error is about.
    pub fn url(&self) -> &str {
        match self {
            FetchError::InvalidUrl { url, .. }
            | FetchError::UnsupportedScheme { url }
            | FetchError::Http { url, .. }
            | FetchError::Timeout { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::RedirectLoop { url, .. }
            | FetchError::TooManyRedirects { url, .. }
            | FetchError::BadRedirect { url, .. }
            | FetchError::Connect { url, .. }
            | FetchError::Io { url, .. } => url,
        }
    }

    /// Whether trying again later may help (connection problems, 5xx, 429).
    pub fn is_transient(&self) -> bool {
        match self {
            FetchError::Connect { .. } | FetchError::Timeout { .. } => true,
            FetchError::Http { status, .. } => *status == 429 || *status >= 500,
            _ => false,
        }
    }

    /// Map a ureq error met while requesting `url`.
    pub(crate) fn from_ureq(url: &str, error: ureq::Error) -> FetchError {
        let url = url.to_owned();
        match error {
            ureq::Error::Timeout(t) => FetchError::Timeout {
                url,
                phase: t.to_string(),
            },
            ureq::Error::HostNotFound | ureq::Error::ConnectionFailed => FetchError::Connect {
                url,
                message: error.to_string(),
            },
            ureq::Error::Io(e) if is_connect_io(&e) => FetchError::Connect {
                url,
                message: e.to_string(),
            },
            ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout {
                url,
                phase: "read".into(),
            },
            ureq::Error::Tls(_) | ureq::Error::Rustls(_) => FetchError::Connect {
                url,
                message: error.to_string(),
            },
            ureq::Error::BadUri(reason) => FetchError::InvalidUrl { url, reason },
            other => FetchError::Io {
                url,
                message: other.to_string(),
            },
        }
    }

    /// Whether this error came before any response: the request may be retried.
    pub(crate) fn is_connect(&self) -> bool {
        matches!(self, FetchError::Connect { .. })
            || matches!(self, FetchError::Timeout { phase, .. } if phase.contains("connect"))
    }
}

fn is_connect_io(e: &std::io::Error) -> bool {
    use std::io::ErrorKind::*;
    matches!(
        e.kind(),
        ConnectionRefused | ConnectionReset | ConnectionAborted | NotConnected | AddrNotAvailable
    )
}
