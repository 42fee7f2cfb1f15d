//! `annals serve` in a real headless Chromium over WebDriver (`chromium-driver`): the
//! events page lists the demo's events, a filter narrows them, a row opens its document
//! with the trigger highlighted, and search marks its matches; the story list opens the
//! story with the seeds' date contradiction, both evidences side by side; a dyad timeline
//! links its bars to the events; an actor page shows partners and roles. Every page loads
//! with no error in Chromium's console. Screenshots of each page go to
//! `target/screenshots/`.
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
use server::{demo_db, get_json, seeds_db, Server};

const WAIT: Duration = Duration::from_secs(15);
/// The demo's stories, and the months of its RUS,PRK dyad (August 2023, the shipments
/// "since last August", with one event; June 2024).
const DEMO_STORIES: usize = 6;
const DYAD_MONTHS: [&str; 2] = ["2023-08", "2024-06"];
const DYAD_FIRST_MONTH_EVENTS: usize = 1;
/// Russia's partners in the demo: PRK, PRKGOV, EUGOV, KOR, KORGOV, UN.
const RUS_PARTNERS: usize = 6;
/// Event clusters of the seeds' story (`annals story` on the seeds and the follow-up).
const STORY_CLUSTERS: usize = 23;

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
    caps.insert(
        "goog:loggingPrefs".into(),
        serde_json::json!({ "browser": "ALL" }),
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

/// Chromium's console messages since the last call (chromedriver's log endpoint).
#[derive(Debug)]
struct BrowserLog;

impl fantoccini::wd::WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(
        &self,
        base_url: &url::Url,
        session_id: Option<&str>,
    ) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!(
            "session/{}/se/log",
            session_id.unwrap_or_default()
        ))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (
            http::Method::POST,
            Some(r#"{"type":"browser"}"#.to_string()),
        )
    }
}

/// The page's error box is still hidden (the script ran and every API call worked), and
/// the console has no error (a script error, a CSP violation, a failed request).
async fn no_page_error(c: &Client) {
    let error = c.find(Locator::Id("error")).await.expect("#error");
    let text = error.text().await.unwrap_or_default();
    assert!(!error.is_displayed().await.unwrap(), "page error: {text}");
    let log = c.issue_cmd(BrowserLog).await.expect("the console log");
    let errors: Vec<&serde_json::Value> = log
        .as_array()
        .expect("log entries")
        .iter()
        .filter(|e| e["level"] == "SEVERE")
        .collect();
    assert!(errors.is_empty(), "console errors: {errors:?}");
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

    // The events page lists the demo's events.
    c.goto(&server.url("/")).await.unwrap();
    wait_count(&c, "#events tbody tr", 25).await;
    let summary = c.find(Locator::Id("summary")).await.unwrap();
    assert_eq!(
        summary.text().await.unwrap(),
        "25 events match; showing 25."
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
    let rows = wait_count(&c, "#events tbody tr", 25).await;
    let first = rows[0].find_all(Locator::Css("td")).await.unwrap();
    assert_eq!(first[3].text().await.unwrap(), "012");
    let last = rows[24].find_all(Locator::Css("td")).await.unwrap();
    assert_eq!(last[3].text().await.unwrap(), "163");
    c.goto(&server.url("/")).await.unwrap();
    wait_count(&c, "#events tbody tr", 25).await;

    // A dyad filter narrows them to the summit agreement, both directions (first, in
    // document order), the summit meeting and pledge, then the shipments, the cooperation
    // and the follow-up report's visit and pact.
    let dyad = c.find(Locator::Id("f-dyad")).await.unwrap();
    dyad.send_keys("RUS,PRK").await.unwrap();
    c.find(Locator::Id("apply"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
    let rows = wait_count(&c, "#events tbody tr", 15).await;
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

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium and ../shared"]
async fn the_seeds_date_contradiction_side_by_side_in_chromium() {
    let db = seeds_db("serve-browser-seeds");
    let server = Server::start(db);
    // The one date contradiction: its story, found through the API.
    let found = get_json(&server.url("/api/v1/contradictions?kind=date"));
    let found = found["contradictions"].as_array().expect("contradictions");
    assert_eq!(found.len(), 1, "{found:?}");
    let story = found[0]["story_id"].as_str().expect("story_id").to_string();

    let driver = Driver::start();
    let c = browser(&driver).await;
    c.goto(&server.url("/stories")).await.unwrap();
    let row = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(&format!("tr[data-story='{story}']")))
        .await
        .expect("the story's row");
    let cells = row.find_all(Locator::Css("td")).await.unwrap();
    assert_eq!(
        cells[6].text().await.unwrap(),
        "1",
        "one contradiction listed"
    );
    no_page_error(&c).await;
    screenshot(&c, "stories").await;

    // Clicking the row opens the story; the contradiction shows both sources' values and
    // sentences side by side.
    cells[1].click().await.unwrap();
    let box_ = c
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".contradiction[data-kind=date]"))
        .await
        .expect("the date contradiction");
    assert_eq!(
        c.current_url().await.unwrap().path(),
        format!("/stories/{story}")
    );
    let sides = box_.find_all(Locator::Css(".evidence")).await.unwrap();
    assert_eq!(sides.len(), 2);
    let mut shown = Vec::new();
    for side in &sides {
        let value = side.find(Locator::Css(".value")).await.unwrap();
        let quote = side.find(Locator::Css("blockquote")).await.unwrap();
        shown.push((value.text().await.unwrap(), quote.text().await.unwrap()));
    }
    shown.sort();
    assert_eq!(shown[0].0, "2023-09 (September 2023)");
    assert!(
        shown[0]
            .1
            .contains("in September 2023 marked a pivotal moment"),
        "{shown:?}"
    );
    assert_eq!(shown[1].0, "2024-06-19 (19 June 2024)");
    assert!(
        shown[1].1.contains("visited North Korea on 19 June 2024"),
        "{shown:?}"
    );
    // Side by side: the two evidences share a row on a laptop-wide window.
    let (a, b) = (
        sides[0].rectangle().await.unwrap(),
        sides[1].rectangle().await.unwrap(),
    );
    assert!((a.1 - b.1).abs() < 1.0 && a.0 < b.0, "{a:?} {b:?}");
    // The clusters, most sources first: the visit, with its three sources' eight reports.
    let clusters = wait_count(&c, "#clusters tbody tr", STORY_CLUSTERS).await;
    let visit = clusters[0].find_all(Locator::Css("td")).await.unwrap();
    assert_eq!(visit[1].text().await.unwrap(), "042");
    assert_eq!(visit[5].text().await.unwrap(), "3");
    let reports = clusters[0]
        .find_all(Locator::Css(".mentions li"))
        .await
        .unwrap();
    assert_eq!(reports.len(), 6);
    no_page_error(&c).await;
    screenshot(&c, "story").await;
    c.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs chromium"]
async fn timeline_actor_and_story_pages_in_chromium() {
    let server = Server::start(demo_db("serve-browser-pages"));
    let driver = Driver::start();
    let c = browser(&driver).await;

    // The dyad timeline: one bar per month, each a link to that month's events.
    c.goto(&server.url("/timeline?dyad=RUS,PRK")).await.unwrap();
    let bars = wait_count(&c, "#chart svg a.bar", DYAD_MONTHS.len()).await;
    let mut months = Vec::new();
    for bar in &bars {
        months.push(bar.attr("data-month").await.unwrap().unwrap_or_default());
    }
    assert_eq!(months, DYAD_MONTHS);
    no_page_error(&c).await;
    screenshot(&c, "timeline").await;
    bars[0].click().await.unwrap();
    wait_count(&c, "#events tbody tr", DYAD_FIRST_MONTH_EVENTS).await;
    let url = c.current_url().await.unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| (k.into(), v.into()))
        .collect();
    assert!(pairs.contains(&("dyad".into(), "RUS,PRK".into())), "{url}");
    assert!(
        pairs.contains(&("since".into(), DYAD_MONTHS[0].into())),
        "{url}"
    );
    no_page_error(&c).await;

    // An actor page: partners (linking to their dyad timelines) and the monthly chart.
    c.goto(&server.url("/actors/RUS")).await.unwrap();
    let partners = wait_count(&c, "#partners tbody tr", RUS_PARTNERS).await;
    let first = partners[0].find_all(Locator::Css("td")).await.unwrap();
    assert_eq!(first[0].text().await.unwrap(), "PRKGOV");
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#chart svg a.bar"))
        .await
        .expect("the actor's chart");
    no_page_error(&c).await;
    screenshot(&c, "actor").await;

    c.goto(&server.url("/actors?q=RUS")).await.unwrap();
    c.wait()
        .at_most(WAIT)
        .for_element(Locator::Css("#seen li a[href='/actors/RUSGOV']"))
        .await
        .expect("RUSGOV among the codes seen");
    no_page_error(&c).await;
    screenshot(&c, "actors").await;

    // The demo's stories: the list, and the one with the quantity contradiction.
    c.goto(&server.url("/stories")).await.unwrap();
    wait_count(&c, "#stories tbody tr", DEMO_STORIES).await;
    no_page_error(&c).await;
    let quantity = get_json(&server.url("/api/v1/contradictions?kind=quantity"));
    let story = quantity["contradictions"][0]["story_id"]
        .as_str()
        .expect("story")
        .to_string();
    c.goto(&server.url(&format!("/stories/{story}")))
        .await
        .unwrap();
    wait_count(&c, ".contradiction[data-kind=quantity] .evidence", 2).await;
    // A cluster's sides link to their dyad timeline.
    let dyad = c
        .find(Locator::Css("#clusters tbody td a[href^='/timeline']"))
        .await
        .expect("a dyad link");
    // The first cluster's sides, in the cluster's direction (the visit, or the shipments
    // of North Korea to Russia).
    let href = dyad.attr("href").await.unwrap().unwrap_or_default();
    assert!(
        ["/timeline?dyad=RUS%2CPRK", "/timeline?dyad=PRK%2CRUS"].contains(&href.as_str()),
        "{href}"
    );
    no_page_error(&c).await;

    // Event sides with a code link to their actor page.
    c.goto(&server.url("/?dyad=RUS,PRK")).await.unwrap();
    let rows = wait_count(&c, "#events tbody tr", 15).await;
    let source = rows[0]
        .find(Locator::Css("td:nth-child(2) a"))
        .await
        .unwrap();
    assert!(
        source
            .attr("href")
            .await
            .unwrap()
            .is_some_and(|h| h == "/actors/RUSGOV" || h == "/actors/PRKGOV"),
        "{:?}",
        source.attr("href").await
    );
    c.close().await.unwrap();
}
