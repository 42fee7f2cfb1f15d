//! Fetching pages and feeds over HTTP(S), politely and within limits.
//!
//! Built on `ureq` (blocking, rustls with bundled Mozilla roots, no OpenSSL). Redirects
//! are followed here rather than by ureq so that loops are told apart from long chains
//! and every hop goes through the per-host rate limit.
//!
//! One [`Fetcher::fetch`]:
//! - waits for the host's slot ([`FetchConfig::min_host_interval`] between two requests
//!   to one host, redirects and retries included);
//! - sends `User-Agent: annals/<version> (+<repository>)` and, given [`Validators`],
//!   `If-None-Match` / `If-Modified-Since`; a 304 is [`FetchOutcome::NotModified`];
//! - follows up to [`FetchConfig::max_redirects`] redirects, resolving relative
//!   `Location`s, and stops at the first URL seen twice ([`FetchError::RedirectLoop`]);
//! - retries connection failures, 5xx and 429 up to [`FetchConfig::max_retries`] times
//!   with exponential backoff; a `Retry-After` is honoured when it is at most
//!   [`FetchConfig::max_retry_after`], and a longer one ends the fetch with the error
//!   (waiting less than the server asked would be rude, waiting longer is the caller's
//!   call: `annals watch` tries again next round);
//! - reads the body as a stream (gzip decoded) and stops at
//!   [`FetchConfig::max_body_bytes`] with [`FetchError::TooLarge`];
//! - never takes longer than [`FetchConfig::overall_timeout`], retries and waits
//!   included; [`FetchConfig::connect_timeout`] and [`FetchConfig::read_timeout`] bound
//!   each connection and each read.
//!
//! Content types are reported, not judged: the caller decides what it can read
//! ([`format_from_content_type`] maps the common ones to a [`Format`]).

mod cache;
mod error;
mod rate;
mod retry;

use std::collections::HashSet;
use std::io::Read;
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime};

use url::Url;

use crate::Format;

pub use cache::{CacheError, ValidatorCache, Validators};
pub use error::FetchError;
use rate::HostRateLimiter;

/// `annals/<version> (+<repository>)`.
pub const DEFAULT_USER_AGENT: &str = concat!(
    "annals/",
    env!("CARGO_PKG_VERSION"),
    " (+",
    env!("CARGO_PKG_REPOSITORY"),
    ")"
);

const ACCEPT: &str = "text/html,application/xhtml+xml,application/rss+xml,\
    application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,text/plain;q=0.8,*/*;q=0.5";

/// Limits and manners of a [`Fetcher`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchConfig {
    pub user_agent: String,
    /// Establishing one connection (DNS, TCP, TLS).
    pub connect_timeout: Duration,
    /// Longest silence while waiting for response headers or body bytes.
    pub read_timeout: Duration,
    /// Whole fetch: redirects, retries and their waits, and the body.
    pub overall_timeout: Duration,
    pub max_redirects: u32,
    /// Largest body accepted, after decompression.
    pub max_body_bytes: u64,
    /// Retries after the first attempt (connection failures, 5xx, 429).
    pub max_retries: u32,
    /// First backoff delay; doubled for each further retry.
    pub backoff_base: Duration,
    pub backoff_max: Duration,
    /// Longest `Retry-After` honoured; a longer one ends the fetch.
    pub max_retry_after: Duration,
    /// Minimum time between two requests to the same host.
    pub min_host_interval: Duration,
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: DEFAULT_USER_AGENT.to_owned(),
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            overall_timeout: Duration::from_secs(120),
            max_redirects: 10,
            max_body_bytes: 20 * 1024 * 1024,
            max_retries: 3,
            backoff_base: Duration::from_secs(1),
            backoff_max: Duration::from_secs(30),
            max_retry_after: Duration::from_secs(60),
            min_host_interval: Duration::from_secs(1),
        }
    }
}

/// What a fetch brought back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FetchOutcome {
    Fetched {
        /// The URL after redirects.
        final_url: String,
        status: u16,
        /// The `Content-Type` header as sent (e.g. `text/html; charset=utf-8`).
        content_type: Option<String>,
        body: Vec<u8>,
        /// To send next time (store them, e.g. in a [`ValidatorCache`]).
        validators: Validators,
    },
    /// 304: the version the validators describe is still current.
    NotModified,
}

/// A blocking HTTP(S) client with the limits of a [`FetchConfig`]. Shareable between
/// threads (`&self`); the per-host schedule is shared by all its fetches.
pub struct Fetcher {
    agent: ureq::Agent,
    config: FetchConfig,
    hosts: Mutex<HostRateLimiter>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher")
            .field("config", &self.config)
            .finish_non_exhaustive()
    }
}

/// How one attempt ended, when it did not succeed.
enum Failure {
    /// Worth another attempt, after at least `retry_after` if the server said so.
    Transient {
        error: FetchError,
        retry_after: Option<Duration>,
    },
    Final(FetchError),
}

impl Fetcher {
    pub fn new(config: FetchConfig) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .http_status_as_error(false)
            .max_redirects(0)
            .user_agent(config.user_agent.as_str())
            .timeout_connect(Some(config.connect_timeout))
            .timeout_per_read(Some(config.read_timeout))
            .build()
            .into();
        Fetcher {
            agent,
            hosts: Mutex::new(HostRateLimiter::new(config.min_host_interval)),
            config,
        }
    }

    pub fn config(&self) -> &FetchConfig {
        &self.config
    }

    /// GET `url` (http or https), conditionally when `validators` are given.
    pub fn fetch(
        &self,
        url: &str,
        validators: Option<&Validators>,
    ) -> Result<FetchOutcome, FetchError> {
        let start = parse_url(url)?;
        let deadline = Instant::now() + self.config.overall_timeout;
        let mut retries = 0;
        loop {
            let (error, retry_after) = match self.attempt(&start, validators, deadline) {
                Ok(outcome) => return Ok(outcome),
                Err(Failure::Final(error)) => return Err(error),
                Err(Failure::Transient { error, retry_after }) => (error, retry_after),
            };
            if retries >= self.config.max_retries {
                return Err(error);
            }
            let delay = match retry_after {
                Some(asked) if asked > self.config.max_retry_after => return Err(error),
                Some(asked) => asked,
                None => retry::backoff(self.config.backoff_base, self.config.backoff_max, retries),
            };
            if Instant::now() + delay >= deadline {
                return Err(error);
            }
            tracing::debug!("{error}; retrying in {delay:?}");
            std::thread::sleep(delay);
            retries += 1;
        }
    }

    /// One request chain: the request and its redirects.
    fn attempt(
        &self,
        start: &Url,
        validators: Option<&Validators>,
        deadline: Instant,
    ) -> Result<FetchOutcome, Failure> {
        let mut current = start.clone();
        let mut visited = HashSet::from([current.as_str().to_owned()]);
        let mut hops = 0;
        loop {
            self.wait_for_host(&current, deadline)?;
            let remaining = deadline.saturating_duration_since(Instant::now());
            let mut request = self.agent.get(current.as_str()).header("Accept", ACCEPT);
            if let Some(v) = validators {
                if let Some(etag) = &v.etag {
                    request = request.header("If-None-Match", etag.as_str());
                }
                if let Some(lm) = &v.last_modified {
                    request = request.header("If-Modified-Since", lm.as_str());
                }
            }
            let response = request
                .config()
                .timeout_global(Some(remaining))
                .build()
                .call()
                .map_err(|e| {
                    let error = FetchError::from_ureq(current.as_str(), e);
                    if error.is_connect() {
                        Failure::Transient {
                            error,
                            retry_after: None,
                        }
                    } else {
                        Failure::Final(error)
                    }
                })?;
            let status = response.status().as_u16();
            let header = |name: &str| {
                response
                    .headers()
                    .get(name)
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_owned)
            };
            if status == 304 {
                return Ok(FetchOutcome::NotModified);
            }
            if (300..400).contains(&status) {
                let next = redirect_target(&current, header("location"))?;
                hops += 1;
                if hops > self.config.max_redirects {
                    return Err(Failure::Final(FetchError::TooManyRedirects {
                        url: start.to_string(),
                        limit: self.config.max_redirects,
                    }));
                }
                if !visited.insert(next.as_str().to_owned()) {
                    return Err(Failure::Final(FetchError::RedirectLoop {
                        url: current.to_string(),
                        location: next.to_string(),
                    }));
                }
                current = next;
                continue;
            }
            if status == 429 || status >= 500 {
                let retry_after = header("retry-after")
                    .and_then(|v| retry::parse_retry_after(&v, SystemTime::now()));
                return Err(Failure::Transient {
                    error: FetchError::Http {
                        url: current.to_string(),
                        status,
                    },
                    retry_after,
                });
            }
            if !(200..400).contains(&status) {
                return Err(Failure::Final(FetchError::Http {
                    url: current.to_string(),
                    status,
                }));
            }
            let content_type = header("content-type");
            let validators = Validators {
                etag: header("etag"),
                last_modified: header("last-modified"),
            };
            let limit = self.config.max_body_bytes;
            let too_large = || {
                Failure::Final(FetchError::TooLarge {
                    url: current.to_string(),
                    limit,
                })
            };
            if response.headers().get("content-encoding").is_none()
                && header("content-length")
                    .and_then(|v| v.trim().parse::<u64>().ok())
                    .is_some_and(|n| n > limit)
            {
                return Err(too_large());
            }
            let body = read_capped(response.into_body().into_reader(), limit)
                .map_err(|e| Failure::Final(FetchError::from_ureq(current.as_str(), e.into())))?
                .ok_or_else(too_large)?;
            return Ok(FetchOutcome::Fetched {
                final_url: current.to_string(),
                status,
                content_type,
                body,
                validators,
            });
        }
    }

    /// Sleep until this host may be asked again (or fail if that is past the deadline).
    fn wait_for_host(&self, url: &Url, deadline: Instant) -> Result<(), Failure> {
        let host = host_key(url);
        let wait = self
            .hosts
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .reserve(&host, Instant::now());
        if Instant::now() + wait >= deadline {
            return Err(Failure::Final(FetchError::Timeout {
                url: url.to_string(),
                phase: "waiting for the host's rate limit".into(),
            }));
        }
        if !wait.is_zero() {
            tracing::debug!("waiting {wait:?} before asking {host} again");
            std::thread::sleep(wait);
        }
        Ok(())
    }
}

/// The host (and port, when not the default) a request goes to.
fn host_key(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        (None, _) => String::new(),
    }
}

fn parse_url(url: &str) -> Result<Url, FetchError> {
    let parsed = Url::parse(url.trim()).map_err(|e| FetchError::InvalidUrl {
        url: url.to_owned(),
        reason: e.to_string(),
    })?;
    check_scheme(parsed)
}

fn check_scheme(url: Url) -> Result<Url, FetchError> {
    match url.scheme() {
        "http" | "https" if url.host_str().is_some() => Ok(url),
        _ => Err(FetchError::UnsupportedScheme {
            url: url.to_string(),
        }),
    }
}

fn redirect_target(current: &Url, location: Option<String>) -> Result<Url, Failure> {
    let bad = |reason: String| {
        Failure::Final(FetchError::BadRedirect {
            url: current.to_string(),
            reason,
        })
    };
    let location = location.ok_or_else(|| bad("no Location header".into()))?;
    let next = current
        .join(location.trim())
        .map_err(|e| bad(format!("Location {location:?}: {e}")))?;
    check_scheme(next).map_err(Failure::Final)
}

/// Read at most `limit` bytes; `None` when there was more.
fn read_capped(reader: impl Read, limit: u64) -> std::io::Result<Option<Vec<u8>>> {
    let mut body = Vec::new();
    reader
        .take(limit.saturating_add(1))
        .read_to_end(&mut body)?;
    Ok((body.len() as u64 <= limit).then_some(body))
}

/// The input [`Format`] a `Content-Type` suggests, if this build reads it. Parameters
/// (`; charset=…`) are ignored. Formats are looked up by name, so a reader added to
/// [`Format`] is picked up without changing this table.
pub fn format_from_content_type(content_type: &str) -> Option<Format> {
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let names: &[&str] = match essence.as_str() {
        "text/plain" => &["txt"],
        "text/markdown" | "text/x-markdown" => &["md"],
        "application/x-ndjson"
        | "application/jsonl"
        | "application/x-jsonlines"
        | "application/jsonlines" => &["jsonl"],
        "text/csv" => &["csv"],
        "text/tab-separated-values" => &["tsv"],
        "text/html" | "application/xhtml+xml" => &["html"],
        "application/rss+xml" => &["rss", "feed", "xml"],
        "application/atom+xml" => &["atom", "feed", "xml"],
        "application/xml" | "text/xml" => &["xml", "feed", "rss"],
        "application/warc" => &["warc"],
        _ => &[],
    };
    names.iter().find_map(|n| n.parse::<Format>().ok())
}

/// Fetch `url` for `annals ingest https://…`: returns the name to read it under (the
/// final URL, whose extension, if any, also hints the format), the body, and the format
/// its `Content-Type` suggests. Unconditional: a one-off ingest has no validators.
pub fn fetch_input(
    fetcher: &Fetcher,
    url: &str,
) -> Result<(String, Vec<u8>, Option<Format>), FetchError> {
    match fetcher.fetch(url, None)? {
        FetchOutcome::Fetched {
            final_url,
            content_type,
            body,
            ..
        } => {
            let hint = content_type.as_deref().and_then(format_from_content_type);
            Ok((final_url, body, hint))
        }
        // Only a server that ignores the absence of validators answers 304 here.
        FetchOutcome::NotModified => Err(FetchError::Http {
            url: url.to_owned(),
            status: 304,
        }),
    }
}

/// Whether an input argument is a URL to fetch rather than a path.
pub fn is_url(arg: &str) -> bool {
    let lower = arg.trim_start().get(..8).unwrap_or("").to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_agent_names_version_and_repository() {
        assert!(DEFAULT_USER_AGENT.starts_with("annals/0."));
        assert!(DEFAULT_USER_AGENT.contains("(+https://"));
    }

    #[test]
    fn content_types_map_to_known_formats() {
        assert_eq!(
            format_from_content_type("text/plain; charset=utf-8"),
            Some(Format::Text)
        );
        assert_eq!(format_from_content_type("TEXT/CSV"), Some(Format::Csv));
        assert_eq!(
            format_from_content_type("application/x-ndjson"),
            Some(Format::Jsonl)
        );
        assert_eq!(format_from_content_type("image/png"), None);
        assert_eq!(format_from_content_type(""), None);
    }

    #[test]
    fn urls_and_schemes() {
        assert!(is_url("https://example.org/a"));
        assert!(is_url("HTTP://example.org"));
        assert!(!is_url("feeds/http.txt"));
        assert!(!is_url("ftp://example.org"));
        assert!(matches!(
            parse_url("ftp://example.org/x"),
            Err(FetchError::UnsupportedScheme { .. })
        ));
        assert!(matches!(
            parse_url("not a url"),
            Err(FetchError::InvalidUrl { .. })
        ));
        assert!(matches!(
            parse_url("file:///etc/passwd"),
            Err(FetchError::UnsupportedScheme { .. })
        ));
    }

    #[test]
    fn relative_redirects_resolve() {
        let base = Url::parse("http://h.example/news/a?x=1").unwrap();
        let next = redirect_target(&base, Some("../b".into())).ok().unwrap();
        assert_eq!(next.as_str(), "http://h.example/b");
        assert!(redirect_target(&base, None).is_err());
        assert!(redirect_target(&base, Some("mailto:x@y".into())).is_err());
    }

    #[test]
    fn capped_read_stops_at_the_limit() {
        let data = [7u8; 100];
        assert_eq!(
            read_capped(&data[..], 100).unwrap().map(|b| b.len()),
            Some(100)
        );
        assert_eq!(read_capped(&data[..], 99).unwrap(), None);
    }

    #[test]
    fn host_keys_keep_ports() {
        let u = Url::parse("http://127.0.0.1:8080/x").unwrap();
        assert_eq!(host_key(&u), "127.0.0.1:8080");
        let u = Url::parse("https://Example.ORG/x").unwrap();
        assert_eq!(host_key(&u), "example.org");
    }
}
