//! `annals bench serve`: the HTTP server under load. Builds (or reuses) a database of
//! generated documents — the data of `bench store` — starts `annals serve`'s router
//! in-process on a free 127.0.0.1 port, then measures over real HTTP:
//!
//! * latency (p50/p99) of the events list's first page, unfiltered and with each single
//!   filter, and of an event page's data (`/api/v1/documents/{id}`, what the page loads),
//!   one request at a time;
//! * requests/s of event pages of random documents (so no page is served twice in a row
//!   from a warm row) with N concurrent clients for a bounded time.
//!
//! The clients are threads of this process speaking plain HTTP/1.1 with keep-alive over
//! loopback, so they share the machine's cores with the server: the figures are what one
//! machine serves itself, a lower bound for a server with cores of its own.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use annals_server::backend::DatabaseOpener;
use annals_server::pool::StorePool;
use anyhow::{bail, Context, Result};

use super::bench_store::{write_generated, Rng, COUNTRIES};
use super::Status;

/// The CAMEO codes of the generated events.
const CODES: [&str; 4] = ["040", "111", "070", "057"];
/// The targets of the issue: p99 of a page, requests/s of event pages.
const TARGET_P99_MS: f64 = 50.0;
const TARGET_RPS: f64 = 1000.0;

/// One keep-alive HTTP/1.1 connection.
struct Client {
    reader: BufReader<TcpStream>,
}

impl Client {
    fn connect(addr: SocketAddr) -> Result<Client> {
        let stream = TcpStream::connect(addr).with_context(|| format!("connect to {addr}"))?;
        stream.set_nodelay(true)?;
        Ok(Client {
            reader: BufReader::new(stream),
        })
    }

    /// GET `path`; fails unless the answer is 200 with a `Content-Length` body (read and
    /// dropped). Returns the body's length.
    fn get(&mut self, path: &str) -> Result<usize> {
        write!(
            self.reader.get_mut(),
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
        )?;
        let mut line = String::new();
        self.reader.read_line(&mut line)?;
        let status = line
            .split_whitespace()
            .nth(1)
            .unwrap_or_default()
            .to_owned();
        let mut length = None;
        loop {
            line.clear();
            if self.reader.read_line(&mut line)? == 0 {
                bail!("GET {path}: the connection closed mid-response");
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            if let Some((name, value)) = header.split_once(':') {
                if name.eq_ignore_ascii_case("content-length") {
                    length = value.trim().parse::<usize>().ok();
                }
            }
        }
        let Some(length) = length else {
            bail!("GET {path}: no Content-Length (status {status})");
        };
        let mut body = vec![0; length];
        self.reader.read_exact(&mut body)?;
        if status != "200" {
            bail!(
                "GET {path}: status {status}: {}",
                String::from_utf8_lossy(&body)
            );
        }
        Ok(length)
    }
}

/// p50 and p99 of `times`, in milliseconds.
fn p50_p99(mut times: Vec<Duration>) -> (f64, f64) {
    times.sort();
    let at = |q: f64| {
        let i = ((times.len() as f64 - 1.0) * q).round() as usize;
        times.get(i).map_or(0.0, |d| d.as_secs_f64() * 1e3)
    };
    (at(0.5), at(0.99))
}

/// A generated document's id.
fn doc_id(rng: &mut Rng, docs: usize) -> String {
    format!("bench-{:08}", rng.below(docs.max(1)))
}

/// The requests timed one at a time: a name and a path maker (a new path each run, so a
/// filter's value varies).
type PathMaker = fn(&mut Rng, usize) -> String;

/// A named route; the closure becomes a function pointer here.
fn r(name: &'static str, path: PathMaker) -> (&'static str, PathMaker) {
    (name, path)
}

fn latency_routes() -> Vec<(&'static str, PathMaker)> {
    vec![
        r("events, no filter", |_, _| "/api/v1/events".into()),
        r("events ?actor=", |g, _| {
            format!("/api/v1/events?actor={}GOV", COUNTRIES[g.below(12)].0)
        }),
        r("events ?dyad=", |g, _| {
            let (a, b) = (COUNTRIES[g.below(12)].0, COUNTRIES[g.below(12)].0);
            format!("/api/v1/events?dyad={a},{b}")
        }),
        r("events ?code=", |g, _| {
            format!("/api/v1/events?code={}", CODES[g.below(4)])
        }),
        r("events ?plover=", |_, _| {
            "/api/v1/events?plover=CONSULT".into()
        }),
        r("events ?modality=", |_, _| {
            "/api/v1/events?modality=asserted".into()
        }),
        r("events ?since=", |g, _| {
            format!(
                "/api/v1/events?since={}-{:02}",
                2020 + g.below(5),
                1 + g.below(12)
            )
        }),
        r("events ?until=", |g, _| {
            format!(
                "/api/v1/events?until={}-{:02}",
                2020 + g.below(5),
                1 + g.below(12)
            )
        }),
        r("events ?doc=", |g, n| {
            format!("/api/v1/events?doc={}", doc_id(g, n))
        }),
        r("events ?min_confidence=", |_, _| {
            "/api/v1/events?min_confidence=0.5".into()
        }),
        r("events ?sort=-date", |_, _| {
            "/api/v1/events?sort=-date".into()
        }),
        r("event page (document data)", |g, n| {
            format!("/api/v1/documents/{}", doc_id(g, n))
        }),
    ]
}

/// A database holding generated documents: `db` as it is (when it holds them) or filled
/// with `docs` of them (when empty). The number of documents.
fn prepare(db: &str, docs: usize, out: &mut dyn Write) -> Result<usize> {
    let mut store = annals_store::open(db, annals_store::Mode::ReadWrite)?;
    let stored = store.count_documents()?;
    if stored > 0 {
        if store.document("bench-00000000")?.is_none() {
            bail!(
                "{db}: holds documents that `bench serve` did not generate; give it a new or \
                 empty database, or one an earlier `bench serve` filled"
            );
        }
        writeln!(
            out,
            "database: {db} ({}), {stored} generated documents, reused",
            store.backend()
        )?;
        return Ok(stored);
    }
    let started = Instant::now();
    write_generated(store.as_mut(), docs, &mut Rng(15))?;
    let written = started.elapsed();
    // Measured as a database after its load has settled (PostgreSQL: vacuumed and
    // analyzed), not in the minute before the automatic vacuum gets to it.
    store.settle()?;
    writeln!(
        out,
        "database: {db} ({}), wrote {docs} generated documents ({} events) in {:.1} s, \
         settled in {:.1} s",
        store.backend(),
        docs * 4,
        written.as_secs_f64(),
        (started.elapsed() - written).as_secs_f64()
    )?;
    Ok(docs)
}

pub struct ServeBench<'a> {
    pub db: &'a str,
    pub docs: usize,
    pub runs: usize,
    pub clients: usize,
    pub seconds: u64,
    pub connections: usize,
}

pub fn run(b: &ServeBench<'_>) -> Result<Status> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let docs = prepare(b.db, b.docs, &mut out)?;
    let opener = DatabaseOpener::new(Path::new(b.db))?;
    let pool = Arc::new(StorePool::new(Box::new(opener), b.connections));
    let app = annals_server::router(pool, annals_server::DEFAULT_TIMEOUT);
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))?;
    let addr = listener.local_addr()?;
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = runtime.spawn(annals_server::serve(listener, app, async move {
        let _ = stopped.await;
    }));
    writeln!(
        out,
        "server: in-process on http://{addr}/, {} store connections, {} cores",
        b.connections,
        std::thread::available_parallelism().map_or(1, |n| n.get())
    )?;
    let result = measure(b, addr, docs, &mut out);
    let _ = stop.send(());
    let _ = runtime.block_on(server);
    result
}

fn measure(
    b: &ServeBench<'_>,
    addr: SocketAddr,
    docs: usize,
    out: &mut dyn Write,
) -> Result<Status> {
    let mut client = Client::connect(addr)?;
    let mut rng = Rng(17);
    writeln!(
        out,
        "{:<30} {:>9} {:>9} {:>10}",
        "one at a time (runs each)", "p50 ms", "p99 ms", "bytes"
    )?;
    let mut slow = Vec::new();
    for (name, path) in latency_routes() {
        // A few requests first, so the first connection and statement preparations are not
        // counted.
        for _ in 0..3 {
            client.get(&path(&mut rng, docs))?;
        }
        let mut times = Vec::with_capacity(b.runs);
        let mut bytes = 0;
        for _ in 0..b.runs {
            let p = path(&mut rng, docs);
            let t = Instant::now();
            bytes += client.get(&p)?;
            times.push(t.elapsed());
        }
        let (p50, p99) = p50_p99(times);
        if p99 > TARGET_P99_MS && name != "events ?sort=-date" {
            slow.push(name);
        }
        writeln!(
            out,
            "{name:<30} {p50:>9.2} {p99:>9.2} {:>10}",
            bytes / b.runs.max(1)
        )?;
    }
    let (count, elapsed, times) = load(addr, docs, b.clients, Duration::from_secs(b.seconds))?;
    let rps = count as f64 / elapsed.as_secs_f64().max(1e-9);
    let (p50, p99) = p50_p99(times);
    writeln!(
        out,
        "event pages, {} clients for {:.1} s: {count} requests, {rps:.0} requests/s, p50 {p50:.2} ms, p99 {p99:.2} ms",
        b.clients,
        elapsed.as_secs_f64()
    )?;
    writeln!(
        out,
        "targets: p99 <= {TARGET_P99_MS} ms for each list filter and the event page: {}; \
         >= {TARGET_RPS} requests/s: {}",
        if slow.is_empty() {
            "met".to_owned()
        } else {
            format!("not met by {}", slow.join(", "))
        },
        if rps >= TARGET_RPS { "met" } else { "not met" }
    )?;
    Ok(Status::Success)
}

/// `clients` threads requesting event pages of random documents until `duration` has
/// passed: requests answered, the time taken, and every request's latency.
fn load(
    addr: SocketAddr,
    docs: usize,
    clients: usize,
    duration: Duration,
) -> Result<(usize, Duration, Vec<Duration>)> {
    let started = Instant::now();
    let deadline = started + duration;
    let threads: Vec<_> = (0..clients.max(1))
        .map(|i| {
            std::thread::spawn(move || -> Result<Vec<Duration>> {
                let mut client = Client::connect(addr)?;
                let mut rng = Rng(1000 + i as u64);
                let mut times = Vec::new();
                while Instant::now() < deadline {
                    let path = format!("/api/v1/documents/{}", doc_id(&mut rng, docs));
                    let t = Instant::now();
                    client.get(&path)?;
                    times.push(t.elapsed());
                }
                Ok(times)
            })
        })
        .collect();
    let mut all = Vec::new();
    for t in threads {
        match t.join() {
            Ok(times) => all.extend(times?),
            Err(_) => bail!("a load client thread panicked"),
        }
    }
    Ok((all.len(), started.elapsed(), all))
}
