//! `annals watch --once` against feeds served by a loopback HTTP server (127.0.0.1 only).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::thread;

use common::{annals, json};

const ETAG: &str = "\"rss-v1\"";

/// An RSS 2.0 feed with three items written for this test, each with full content.
fn rss() -> String {
    let items = [
        (
            "wire-101",
            "Harbour reopens after storm",
            "The port authority reopened the northern harbour on Tuesday after a storm \
             closed it for three days. Ferries resumed their schedule in the afternoon.",
        ),
        (
            "wire-102",
            "Council approves school budget",
            "The city council approved the school budget by a vote of nine to two. \
             The plan adds two hundred teachers over the next four years.",
        ),
        (
            "wire-103",
            "Rail strike called off",
            "Rail unions called off Friday's strike after the operator raised its wage \
             offer. Trains will run normally through the weekend, the operator said.",
        ),
    ];
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <rss version=\"2.0\" xmlns:content=\"http://purl.org/rss/1.0/modules/content/\">\n\
         <channel><title>Test Wire</title><link>http://127.0.0.1/</link>\
         <description>Items for the watch test</description>\n",
    );
    for (guid, title, text) in items {
        xml.push_str(&format!(
            "<item><guid isPermaLink=\"false\">{guid}</guid><title>{title}</title>\
             <link>http://127.0.0.1/{guid}</link>\
             <pubDate>Mon, 23 Nov 2026 09:00:00 GMT</pubDate>\
             <content:encoded><![CDATA[<p>{text}</p>]]></content:encoded></item>\n"
        ));
    }
    xml.push_str("</channel></rss>\n");
    xml
}

/// Requests seen: path, and whether it carried the feed's ETag as If-None-Match.
type RequestLog = Arc<Mutex<Vec<(String, bool)>>>;

/// Serves `/feed.xml` (ETag, 304 on a matching If-None-Match) and 404 for anything
/// else; records each request's path and whether it was conditional.
fn start_server() -> (String, RequestLog) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let log = Arc::new(Mutex::new(Vec::new()));
    let seen = Arc::clone(&log);
    thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let log = Arc::clone(&log);
            thread::spawn(move || serve(stream, &log));
        }
    });
    (base, seen)
}

fn serve(stream: TcpStream, log: &Mutex<Vec<(String, bool)>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let path = line.split(' ').nth(1).unwrap_or("/").to_owned();
    let mut conditional = false;
    loop {
        let mut h = String::new();
        if reader.read_line(&mut h).unwrap_or(0) == 0 || h.trim().is_empty() {
            break;
        }
        if let Some((k, v)) = h.split_once(':') {
            if k.trim().eq_ignore_ascii_case("if-none-match") && v.trim() == ETAG {
                conditional = true;
            }
        }
    }
    log.lock().unwrap().push((path.clone(), conditional));
    let (status, headers, body) = match (path.as_str(), conditional) {
        ("/feed.xml", true) => ("304 Not Modified", String::new(), String::new()),
        ("/feed.xml", false) => (
            "200 OK",
            format!("Content-Type: application/rss+xml\r\nETag: {ETAG}\r\n"),
            rss(),
        ),
        _ => ("404 Not Found", String::new(), "no such feed".to_owned()),
    };
    let mut stream = stream;
    let _ = write!(
        stream,
        "HTTP/1.1 {status}\r\nConnection: close\r\n{headers}Content-Length: {}\r\n\r\n{body}",
        body.len()
    );
    let _ = stream.flush();
}

#[test]
fn watch_once_stores_items_then_asks_conditionally() {
    let (base, seen) = start_server();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("news.db");
    let list = dir.path().join("feeds.txt");
    std::fs::write(
        &list,
        format!("# test feeds\n{base}/missing.xml\n\n{base}/feed.xml\n"),
    )
    .unwrap();

    // Round 1: the missing feed fails (status 1), the other is stored in full.
    let out = annals(&db)
        .args(["watch", "--once"])
        .arg(&list)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("/missing.xml: HTTP status 404"), "{stderr}");
    assert!(stderr.contains("3 new"), "{stderr}");
    let out = annals(&db)
        .args(["docs", "--format", "json"])
        .output()
        .unwrap();
    let docs = json(&out.stdout);
    let mut ids: Vec<&str> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    ids.sort_unstable();
    assert_eq!(ids, ["wire-101", "wire-102", "wire-103"]);
    let cache = std::fs::read_to_string(dir.path().join("news.db.watch.json")).unwrap();
    assert!(
        cache.contains("feed.xml") && cache.contains("rss-v1"),
        "{cache}"
    );
    assert!(!cache.contains("missing.xml"), "{cache}");

    // Round 2, a new process: the feed answers 304 and nothing is stored again.
    let out = annals(&db)
        .args(["watch", "--once"])
        .arg(&list)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("1 not modified"), "{stderr}");
    assert!(stderr.contains("0 new"), "{stderr}");
    let out = annals(&db)
        .args(["docs", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json(&out.stdout).as_array().unwrap().len(), 3);

    let seen = seen.lock().unwrap().clone();
    let feed: Vec<bool> = seen
        .iter()
        .filter(|(p, _)| p == "/feed.xml")
        .map(|(_, c)| *c)
        .collect();
    assert_eq!(feed, [false, true]);
    // The failing feed is tried again in round 2, and never retried within a round.
    assert_eq!(seen.iter().filter(|(p, _)| p == "/missing.xml").count(), 2);
}

#[test]
fn a_bad_feed_list_line_is_reported_and_skipped() {
    let (base, _seen) = start_server();
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let list = dir.path().join("feeds.txt");
    std::fs::write(&list, format!("# ok\n{base}/feed.xml\nnot a url\n")).unwrap();
    let out = annals(&db)
        .args(["watch", "--once"])
        .arg(&list)
        .output()
        .unwrap();
    // Status 1 (a line was skipped), and the good feed was still read in full.
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("feeds.txt:3: not an http(s) URL: \"not a url\"; skipped"),
        "{stderr}"
    );
    assert!(stderr.contains("3 new"), "{stderr}");
    // A list with no URL at all is an error.
    std::fs::write(&list, "not a url\n").unwrap();
    let out = annals(&db)
        .args(["watch", "--once"])
        .arg(&list)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no feed URLs"));
}

#[test]
fn bad_interval_is_a_usage_error() {
    let dir = tempfile::tempdir().unwrap();
    let out = annals(&dir.path().join("a.db"))
        .args(["watch", "feeds.txt", "--every", "soon"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
