//! The fetcher against a loopback HTTP server started by each test (127.0.0.1 only).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use annals_ingest::fetch::{
    fetch_input, FetchConfig, FetchError, FetchOutcome, Fetcher, Validators,
};
use annals_ingest::Format;

/// A request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    path: String,
    headers: HashMap<String, String>,
}

/// What the server does with a request.
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
    /// Sleep before answering.
    delay: Duration,
    /// Send Content-Length (else the body ends when the connection closes).
    length: bool,
}

impl Reply {
    fn new(status: u16, body: &str) -> Reply {
        Reply {
            status,
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
            delay: Duration::ZERO,
            length: true,
        }
    }
    fn header(mut self, k: &str, v: &str) -> Reply {
        self.headers.push((k.into(), v.into()));
        self
    }
}

type Handler = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

/// Serves `handler` on 127.0.0.1 until the test process ends; the handler gets the
/// request and how many requests came before it.
struct Server {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn start(handler: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let handler: Arc<Handler> = Arc::new(handler);
        let log = Arc::clone(&seen);
        thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let (log, handler) = (Arc::clone(&log), Arc::clone(&handler));
                thread::spawn(move || serve(stream, &log, &*handler));
            }
        });
        Server { base, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }
}

fn serve(stream: TcpStream, log: &Mutex<Vec<Seen>>, handler: &Handler) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let path = line.split(' ').nth(1).unwrap_or("/").to_owned();
    let mut headers = HashMap::new();
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_owned());
        }
    }
    let request = Seen { path, headers };
    let n = {
        let mut log = log.lock().unwrap();
        log.push(request.clone());
        log.len() - 1
    };
    let reply = handler(&request, n);
    thread::sleep(reply.delay);
    let mut out = format!("HTTP/1.1 {} X\r\nConnection: close\r\n", reply.status);
    for (k, v) in &reply.headers {
        out.push_str(&format!("{k}: {v}\r\n"));
    }
    if reply.length {
        out.push_str(&format!("Content-Length: {}\r\n", reply.body.len()));
    }
    out.push_str("\r\n");
    let mut stream = stream;
    let _ = stream.write_all(out.as_bytes());
    let _ = stream.write_all(&reply.body);
    let _ = stream.flush();
}

/// Quick limits so failing paths do not take long.
fn config() -> FetchConfig {
    FetchConfig {
        connect_timeout: Duration::from_secs(2),
        read_timeout: Duration::from_secs(5),
        overall_timeout: Duration::from_secs(20),
        max_retries: 2,
        backoff_base: Duration::from_millis(10),
        backoff_max: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(2),
        min_host_interval: Duration::ZERO,
        ..FetchConfig::default()
    }
}

fn fetched(outcome: FetchOutcome) -> (String, u16, Option<String>, Vec<u8>, Validators) {
    match outcome {
        FetchOutcome::Fetched {
            final_url,
            status,
            content_type,
            body,
            validators,
        } => (final_url, status, content_type, body, validators),
        FetchOutcome::NotModified => panic!("expected a body, got 304"),
    }
}

#[test]
fn ok_response_with_user_agent_and_content_type() {
    let server = Server::start(|_, _| {
        Reply::new(200, "<html>hello</html>").header("Content-Type", "text/html; charset=utf-8")
    });
    let fetcher = Fetcher::new(config());
    let (url, status, ct, body, validators) =
        fetched(fetcher.fetch(&server.url("/page"), None).unwrap());
    assert_eq!(url, server.url("/page"));
    assert_eq!(status, 200);
    assert_eq!(ct.as_deref(), Some("text/html; charset=utf-8"));
    assert_eq!(body, b"<html>hello</html>");
    assert!(validators.is_empty());
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    let ua = &seen[0].headers["user-agent"];
    assert!(ua.starts_with("annals/") && ua.contains("(+http"), "{ua}");
    assert!(!seen[0].headers.contains_key("if-none-match"));
}

#[test]
fn etag_and_last_modified_give_304() {
    let server = Server::start(|req, _| {
        if req.headers.get("if-none-match").map(String::as_str) == Some("\"v1\"") {
            Reply::new(304, "")
        } else {
            Reply::new(200, "<rss/>")
                .header("ETag", "\"v1\"")
                .header("Last-Modified", "Mon, 23 Nov 2026 10:00:00 GMT")
        }
    });
    let fetcher = Fetcher::new(config());
    let url = server.url("/feed.xml");
    let (_, _, _, _, validators) = fetched(fetcher.fetch(&url, None).unwrap());
    assert_eq!(validators.etag.as_deref(), Some("\"v1\""));
    assert_eq!(
        validators.last_modified.as_deref(),
        Some("Mon, 23 Nov 2026 10:00:00 GMT")
    );
    assert_eq!(
        fetcher.fetch(&url, Some(&validators)).unwrap(),
        FetchOutcome::NotModified
    );
    let seen = server.seen();
    assert_eq!(seen.len(), 2);
    assert_eq!(
        seen[1].headers["if-modified-since"],
        "Mon, 23 Nov 2026 10:00:00 GMT"
    );
}

#[test]
fn not_found_is_an_error_naming_the_url_and_is_not_retried() {
    let server = Server::start(|_, _| Reply::new(404, "gone"));
    let url = server.url("/missing");
    let err = Fetcher::new(config()).fetch(&url, None).unwrap_err();
    assert_eq!(
        err,
        FetchError::Http {
            url: url.clone(),
            status: 404
        }
    );
    assert!(err.to_string().contains(&url));
    assert!(!err.is_transient());
    assert_eq!(server.seen().len(), 1);
}

#[test]
fn server_error_then_success_is_retried() {
    let server = Server::start(|_, n| {
        if n == 0 {
            Reply::new(500, "oops")
        } else {
            Reply::new(200, "fine")
        }
    });
    let (_, status, _, body, _) = fetched(
        Fetcher::new(config())
            .fetch(&server.url("/x"), None)
            .unwrap(),
    );
    assert_eq!((status, body.as_slice()), (200, &b"fine"[..]));
    assert_eq!(server.seen().len(), 2);
}

#[test]
fn persistent_server_error_gives_up_after_the_retries() {
    let server = Server::start(|_, _| Reply::new(503, "busy"));
    let err = Fetcher::new(config())
        .fetch(&server.url("/x"), None)
        .unwrap_err();
    assert!(matches!(err, FetchError::Http { status: 503, .. }), "{err}");
    assert!(err.is_transient());
    assert_eq!(server.seen().len(), 3); // first attempt + max_retries (2)
}

#[test]
fn retry_after_is_honoured_within_the_cap() {
    let server = Server::start(|_, n| {
        if n == 0 {
            Reply::new(429, "slow down").header("Retry-After", "0")
        } else {
            Reply::new(200, "ok")
        }
    });
    assert!(Fetcher::new(config())
        .fetch(&server.url("/a"), None)
        .is_ok());
    assert_eq!(server.seen().len(), 2);

    // Asked to wait longer than max_retry_after (2 s): give up at once.
    let server = Server::start(|_, _| Reply::new(429, "later").header("Retry-After", "3600"));
    let err = Fetcher::new(config())
        .fetch(&server.url("/a"), None)
        .unwrap_err();
    assert!(matches!(err, FetchError::Http { status: 429, .. }), "{err}");
    assert_eq!(server.seen().len(), 1);
}

#[test]
fn slow_server_times_out() {
    let server = Server::start(|_, _| Reply {
        delay: Duration::from_secs(3),
        ..Reply::new(200, "late")
    });
    let fetcher = Fetcher::new(FetchConfig {
        read_timeout: Duration::from_millis(300),
        max_retries: 0,
        ..config()
    });
    let url = server.url("/slow");
    let err = fetcher.fetch(&url, None).unwrap_err();
    assert!(matches!(err, FetchError::Timeout { .. }), "{err}");
    assert_eq!(err.url(), url);
}

#[test]
fn relative_redirect_is_followed() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/old" => Reply::new(301, "").header("Location", "new?x=1"),
        "/new?x=1" => Reply::new(200, "moved here"),
        _ => Reply::new(404, ""),
    });
    let (url, _, _, body, _) = fetched(
        Fetcher::new(config())
            .fetch(&server.url("/old"), None)
            .unwrap(),
    );
    assert_eq!(url, server.url("/new?x=1"));
    assert_eq!(body, b"moved here");
}

#[test]
fn redirect_loop_is_detected() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/a" => Reply::new(302, "").header("Location", "/b"),
        _ => Reply::new(302, "").header("Location", "/a"),
    });
    let err = Fetcher::new(config())
        .fetch(&server.url("/a"), None)
        .unwrap_err();
    match &err {
        FetchError::RedirectLoop { url, location } => {
            assert_eq!(url, &server.url("/b"));
            assert_eq!(location, &server.url("/a"));
        }
        other => panic!("expected a redirect loop, got {other}"),
    }
    assert_eq!(server.seen().len(), 2);
}

#[test]
fn endless_redirect_chain_stops_at_the_limit() {
    let server = Server::start(|_, n| Reply::new(307, "").header("Location", &format!("/r{n}")));
    let fetcher = Fetcher::new(FetchConfig {
        max_redirects: 3,
        ..config()
    });
    let err = fetcher.fetch(&server.url("/start"), None).unwrap_err();
    assert!(
        matches!(err, FetchError::TooManyRedirects { limit: 3, .. }),
        "{err}"
    );
    assert_eq!(server.seen().len(), 4);
}

#[test]
fn oversize_body_is_refused_with_or_without_content_length() {
    let big = "x".repeat(10_000);
    for declared in [true, false] {
        let body = big.clone();
        let server = Server::start(move |_, _| Reply {
            length: declared,
            ..Reply::new(200, &body)
        });
        let fetcher = Fetcher::new(FetchConfig {
            max_body_bytes: 1_000,
            ..config()
        });
        let err = fetcher.fetch(&server.url("/big"), None).unwrap_err();
        assert!(
            matches!(err, FetchError::TooLarge { limit: 1_000, .. }),
            "declared {declared}: {err}"
        );
        // At the limit exactly is fine.
        let fetcher = Fetcher::new(FetchConfig {
            max_body_bytes: 10_000,
            ..config()
        });
        assert!(fetcher.fetch(&server.url("/big"), None).is_ok());
    }
}

#[test]
fn gzip_bodies_are_decoded_and_capped_after_decoding() {
    use flate2::write::GzEncoder;
    let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all("y".repeat(50_000).as_bytes()).unwrap();
    let gz = enc.finish().unwrap();
    assert!(gz.len() < 1_000);
    let server = Server::start(move |_, _| Reply {
        body: gz.clone(),
        ..Reply::new(200, "").header("Content-Encoding", "gzip")
    });
    let (_, _, _, body, _) = fetched(
        Fetcher::new(config())
            .fetch(&server.url("/z"), None)
            .unwrap(),
    );
    assert_eq!(body.len(), 50_000);
    let small = Fetcher::new(FetchConfig {
        max_body_bytes: 10_000,
        ..config()
    });
    assert!(matches!(
        small.fetch(&server.url("/z"), None),
        Err(FetchError::TooLarge { .. })
    ));
}

#[test]
fn requests_to_one_host_are_spaced() {
    let server = Server::start(|_, _| Reply::new(200, "ok"));
    let interval = Duration::from_millis(150);
    let fetcher = Fetcher::new(FetchConfig {
        min_host_interval: interval,
        ..config()
    });
    // Timed on the client: the limiter holds each request until `interval` after the
    // previous one was sent, so three requests take at least two intervals however slow
    // the machine is. (The server's receive times are no bound: its thread may note the
    // first request late and the second on time on a loaded machine.)
    let started = std::time::Instant::now();
    for path in ["/1", "/2", "/3"] {
        fetcher.fetch(&server.url(path), None).unwrap();
    }
    let elapsed = started.elapsed();
    let seen = server.seen();
    let paths: Vec<&str> = seen.iter().map(|s| s.path.as_str()).collect();
    assert_eq!(paths, ["/1", "/2", "/3"]);
    assert!(elapsed >= interval * 2, "{elapsed:?}");
}

#[test]
fn refused_connection_is_a_connect_error_after_retries() {
    let port = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/feed");
    let err = Fetcher::new(config()).fetch(&url, None).unwrap_err();
    assert!(matches!(err, FetchError::Connect { .. }), "{err}");
    assert!(err.to_string().starts_with(&url));
}

#[test]
fn bad_urls_are_rejected_before_any_request() {
    let fetcher = Fetcher::new(config());
    assert!(matches!(
        fetcher.fetch("ftp://127.0.0.1/x", None),
        Err(FetchError::UnsupportedScheme { .. })
    ));
    assert!(matches!(
        fetcher.fetch("http//nope", None),
        Err(FetchError::InvalidUrl { .. })
    ));
}

#[test]
fn fetch_input_names_the_final_url_and_hints_the_format() {
    let server = Server::start(|req, _| match req.path.as_str() {
        "/latest" => Reply::new(302, "").header("Location", "/story"),
        _ => Reply::new(200, "The ministers met in Geneva.\n")
            .header("Content-Type", "text/plain; charset=utf-8"),
    });
    let (name, body, hint) = fetch_input(&Fetcher::new(config()), &server.url("/latest")).unwrap();
    assert_eq!(name, server.url("/story"));
    assert_eq!(body, b"The ministers met in Geneva.\n");
    assert_eq!(hint, Some(Format::Text));
}
