//! `annals serve` in a real headless Chromium over WebDriver (`chromium-driver`): the
//! events page lists the demo's events, a filter narrows them, a row opens its document
//! with the trigger highlighted, and search marks its matches. Screenshots of each page go
//! to `target/screenshots/`.
//!
//! Needs `chromium` and `chromium-driver` (`apt-get install -y chromium chromium-driver`);
//! ignored by default, and run with `--include-ignored` they fail (not skip) without them.
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "common/server.rs"]
mod server;

use std::net::TcpStream;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use server::{demo_db, Server};

const WAIT: Duration = Duration::from_secs(15);

/// `chromedriver` on a free port; killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let program = std::env::var("CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let child = Command::new(&program)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| {
                panic!("cannot run {program}: {e}; install it with `apt-get install -y chromium chromium-driver`")
            });
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < WAIT,
                "chromedriver did not start listening"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn browser(driver: &Driver) -> Client {
    let mut caps = serde_json::Map::new();
    caps.insert(
        "goog:chromeOptions".into(),
        serde_json::json!({
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu",
                     "--disable-dev-shm-usage", "--window-size=1280,900"]
        }),
    );
    let connector = hyper_util::client::legacy::connect::HttpConnector::new();
    ClientBuilder::new(connector)
        .capabilities(caps)
        .connect(&driver.url)
        .await
        .expect("a Chromium session")
}

/// Poll until `css` matches exactly `n` elements.
async fn wait_count(c: &Client, css: &str, n: usize) -> Vec<fantoccini::elements::Element> {
    let start = Instant::now();
    loop {
        let found = c.find_all(Locator::Css(css)).await.expect("find_all");
        if found.len() == n {
            return found;
        }
        if start.elapsed() > WAIT {
            let error = match c.find(Locator::Id("error")).await {
                Ok(e) => e.text().await.unwrap_or_default(),
                Err(_) => String::new(),
            };
            panic!(
                "{css}: {} elements, expected {n}; page error: {error:?}",
                found.len()
            );
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The page's error box is still hidden: the script ran and every API call worked.
async fn no_page_error(c: &Client) {
    let error = c.find(Locator::Id("error")).await.expect("#error");
    let text = error.text().await.unwrap_or_default();
    assert!(!error.is_displayed().await.unwrap(), "page error: {text}");
}

async fn screenshot(c: &Client, name: &str) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("target dir")
        .join("screenshots");
    std::fs::create_dir_all(&dir).unwrap();
    let png = c.screenshot().await.expect("screenshot");
    std::fs::write(dir.join(format!("{name}.png")), png).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium"]
async fn events_filter_and_document_in_chromium() {
    let server = Server::start(demo_db("serve-browser"));
    let driver = Driver::start();
    let c = browser(&driver).await;

    // The events page lists the demo's eight events.
    c.goto(&server.url("/")).await.unwrap();
    wait_count(&c, "#events tbody tr", 14).await;
    let summary = c.find(Locator::Id("summary")).await.unwrap();
    assert_eq!(
        summary.text().await.unwrap(),
        "14 events match; showing 14."
    );
    no_page_error(&c).await;
    screenshot(&c, "events").await;

    // A column header sorts the listing (server-side, kept in the URL).
    c.find(Locator::Css("th[data-sort=code] button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("th[data-sort=code][aria-sort=ascending]"))
        .await
        .expect("the CAMEO column sorted ascending");
    let rows = wait_count(&c, "#events tbody tr", 14).await;
    let first = rows[0].find_all(Locator::Css("td")).await.unwrap();
    assert_eq!(first[3].text().await.unwrap(), "020");
    let last = rows[13].find_all(Locator::Css("td")).await.unwrap();
    assert_eq!(last[3].text().await.unwrap(), "163");
    c.goto(&server.url("/")).await.unwrap();
    wait_count(&c, "#events tbody tr", 14).await;

    // A dyad filter narrows them to the summit agreement, both directions (first, in
    // document order), then the follow-up report's visit and pact.
    let dyad = c.find(Locator::Id("f-dyad")).await.unwrap();
    dyad.send_keys("RUS,PRK").await.unwrap();
    c.find(Locator::Id("apply"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let rows = wait_count(&c, "#events tbody tr", 6).await;
    let url = c.current_url().await.unwrap();
    assert_eq!(
        url.query_pairs()
            .find(|(k, _)| k == "dyad")
            .map(|(_, v)| v.into_owned()),
        Some("RUS,PRK".to_string()),
        "the filter is in the URL (a permalink): {url}"
    );
    for row in &rows[..2] {
        let text = row.text().await.unwrap();
        assert!(text.contains("signed") && text.contains("057"), "{text}");
    }
    screenshot(&c, "events-dyad").await;

    // Clicking a row (not on its link) opens the document with the trigger highlighted.
    rows[0]
        .find(Locator::Css("td"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let trigger = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("li.selected mark.trigger"))
        .await
        .expect("a highlighted trigger");
    assert_eq!(trigger.text().await.unwrap(), "signed");
    let url = c.current_url().await.unwrap();
    assert!(
        url.path().starts_with("/documents/1f9528af8bd1b266"),
        "{url}"
    );
    assert_eq!(url.fragment(), Some("s2"));
    let selected = c.find(Locator::Css("li.selected")).await.unwrap();
    assert_eq!(selected.attr("id").await.unwrap().as_deref(), Some("s2"));
    let source = selected.find(Locator::Css(".source")).await.unwrap();
    let target = selected.find(Locator::Css(".target")).await.unwrap();
    let pair = [source.text().await.unwrap(), target.text().await.unwrap()];
    assert!(
        pair.contains(&"Russian President Vladimir Putin".to_string())
            && pair.contains(&"North Korean leader Kim Jong Un".to_string()),
        "{pair:?}"
    );
    assert!(c
        .find(Locator::Id("event-detail"))
        .await
        .unwrap()
        .is_displayed()
        .await
        .unwrap());
    // Actor mentions elsewhere in the document are marked too.
    assert!(!c.find_all(Locator::Css(".actor")).await.unwrap().is_empty());
    no_page_error(&c).await;
    screenshot(&c, "document").await;

    // Search marks its matches and links to the sentences.
    c.goto(&server.url("/search?q=sanctions")).await.unwrap();
    let hits = wait_count(&c, "#hits li", 2).await;
    let mark = hits[0].find(Locator::Css("mark")).await.unwrap();
    assert_eq!(mark.text().await.unwrap(), "sanctions");
    no_page_error(&c).await;
    screenshot(&c, "search").await;

    c.goto(&server.url("/documents")).await.unwrap();
    wait_count(&c, "#documents tbody tr", 7).await;
    no_page_error(&c).await;
    screenshot(&c, "documents").await;

    c.close().await.unwrap();
}
