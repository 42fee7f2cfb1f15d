//! `annals ingest` end to end: URLs from a loopback server, events stored with their
//! documents, resumable runs, near-duplicates and non-English documents.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader, Write};
use std::net::TcpListener;

use common::annals;
use predicates::prelude::*;

const PAGE: &str = "<!doctype html><html lang=\"en\"><head><title>Harbour talks</title>\
<meta property=\"article:published_time\" content=\"2024-06-19T08:00:00Z\"></head><body>\
<nav><a href=\"/\">Home</a> <a href=\"/world\">World</a></nav><article><h1>Harbour talks</h1>\
<p>Russian President Vladimir Putin signed a partnership agreement with North Korean leader \
Kim Jong Un in Pyongyang on Wednesday, according to the state news agency.</p>\
<p>The two leaders also discussed trade across the border and a new road bridge over the \
river, officials in both capitals said after the meeting ended.</p></article>\
<footer>Copyright the Example Harbour Gazette</footer></body></html>";

/// Serve `PAGE` at `/page.html` and 404 elsewhere, for `n` requests; loopback only.
fn serve(n: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().take(n) {
            let Ok(mut stream) = stream else { continue };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut request = String::new();
            reader.read_line(&mut request).unwrap();
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap() == 0 || line == "\r\n" {
                    break;
                }
            }
            let response = if request.starts_with("GET /page.html ") {
                format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
                     Content-Length: {}\r\nConnection: close\r\n\r\n{PAGE}",
                    PAGE.len()
                )
            } else {
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".into()
            };
            let _ = stream.write_all(response.as_bytes());
        }
    });
    format!("http://{addr}")
}

#[test]
fn urls_are_fetched_extracted_and_coded_and_a_404_is_a_named_failure() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("annals.db");
    let base = serve(2);
    annals(&db)
        .args([
            "ingest",
            &format!("{base}/page.html"),
            &format!("{base}/missing.html"),
        ])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("1 new"))
        .stderr(predicate::str::contains("404"))
        .stderr(predicate::str::contains("missing.html"));
    annals(&db)
        .args(["events", "--format", "jsonl"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"cameo\":\"057\""))
        .stdout(predicate::str::contains("RUSGOV"))
        .stdout(predicate::str::contains("PRKGOV"));
}

const WIRE: &str = "Chilean rescuers pulled four miners from a flooded copper mine near \
Copiapo on Tuesday after a two-day operation, regional officials said. The miners were \
taken to a hospital in the city, where doctors said all four were in stable condition. \
The mine had been closed since a landslide in March, and the company that runs it said it \
would cooperate with the inquiry the regional government opened last week.";

fn jsonl(records: &[(&str, String)]) -> String {
    records
        .iter()
        .map(|(id, text)| serde_json::json!({"id": id, "text": text}).to_string() + "\n")
        .collect()
}

#[test]
fn syndicated_copies_are_linked_and_foreign_documents_are_not_coded() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("annals.db");
    let input = dir.path().join("wire.jsonl");
    let copy = format!("SANTIAGO (Example Wire) - {WIRE} Reporting by the Example desk.");
    let german = "Die Regierung hat am Dienstag neue Regeln für den Bergbau vorgestellt, \
        nachdem vier Bergleute aus einer überfluteten Mine gerettet worden waren. Die \
        Opposition forderte eine unabhängige Untersuchung der Unglücksursache.";
    std::fs::write(
        &input,
        jsonl(&[
            ("wire-a", WIRE.into()),
            ("wire-b", copy),
            ("de-1", german.into()),
        ]),
    )
    .unwrap();
    annals(&db)
        .args(["ingest", input.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicate::str::contains("3 new"))
        .stderr(predicate::str::contains("1 not in English"))
        .stderr(predicate::str::contains("1 near-duplicates linked"));
    let conn = rusqlite_free_query(&db, "wire-b");
    assert!(conn.contains("wire-a"), "{conn}");
}

#[test]
fn every_copy_of_a_story_links_to_the_first() {
    // Copies are not indexed themselves (they would match their original anyway), so
    // copies in later batches and in the same batch must all still find the first.
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("annals.db");
    let input = dir.path().join("copies.jsonl");
    let records: Vec<(&str, String)> = ["copy-1", "copy-2", "copy-3", "copy-4"]
        .into_iter()
        .map(|id| (id, WIRE.to_string()))
        .collect();
    std::fs::write(&input, jsonl(&records[..2])).unwrap();
    annals(&db)
        .args(["ingest", input.to_str().unwrap(), "--batch", "1"])
        .assert()
        .success()
        .stderr(predicate::str::contains("1 near-duplicates linked"));
    std::fs::write(&input, jsonl(&records)).unwrap();
    annals(&db)
        .args(["ingest", input.to_str().unwrap()])
        .assert()
        .success()
        .stderr(predicate::str::contains("2 new, 2 already present"))
        .stderr(predicate::str::contains("2 near-duplicates linked"));
    for id in ["copy-2", "copy-3", "copy-4"] {
        let row = rusqlite_free_query(&db, id);
        assert!(row.contains("\"duplicate_of\":\"copy-1\""), "{row}");
    }
    let first = rusqlite_free_query(&db, "copy-1");
    assert!(first.contains("\"duplicate_of\":null"), "{first}");
}

/// `annals docs --format json` for one document's row (no SQL in the test).
fn rusqlite_free_query(db: &std::path::Path, id: &str) -> String {
    let out = annals(db)
        .args(["docs", "--format", "json"])
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    let docs: serde_json::Value = serde_json::from_str(&text).unwrap();
    docs.as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == id)
        .map(|d| d.to_string())
        .unwrap_or_default()
}

#[test]
fn a_rerun_resumes_and_ends_with_the_same_database() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("wire.jsonl");
    let records: Vec<(String, String)> = (0..12)
        .map(|i| {
            let text = format!(
                "Story number {i}. Russian President Vladimir Putin signed an agreement with \
                 North Korean leader Kim Jong Un on day {i}. {WIRE}"
            );
            (format!("d{i}"), text)
        })
        .collect();
    let refs: Vec<(&str, String)> = records
        .iter()
        .map(|(a, b)| (a.as_str(), b.clone()))
        .collect();
    std::fs::write(&input, jsonl(&refs)).unwrap();
    let half = dir.path().join("half.jsonl");
    std::fs::write(&half, jsonl(&refs[..5])).unwrap();

    let once = dir.path().join("once.db");
    annals(&once)
        .args(["ingest", input.to_str().unwrap(), "--batch", "4"])
        .assert()
        .success();
    // An interrupted run stored the first five; the re-run skips them and adds the rest.
    let twice = dir.path().join("twice.db");
    annals(&twice)
        .args(["ingest", half.to_str().unwrap(), "-j", "2"])
        .assert()
        .success();
    annals(&twice)
        .args(["ingest", input.to_str().unwrap(), "--batch", "4"])
        .assert()
        .success()
        .stderr(predicate::str::contains("7 new, 5 already present"));
    let listing = |db: &std::path::Path| {
        let out = annals(db)
            .args(["docs", "--format", "csv"])
            .output()
            .unwrap();
        let text = String::from_utf8(out.stdout).unwrap();
        // Drop the ingest timestamps; keep ids, order and counts.
        text.lines()
            .map(|l| l.split(',').take(3).collect::<Vec<_>>().join(","))
            .collect::<Vec<_>>()
    };
    assert_eq!(listing(&once), listing(&twice));
    let events = |db: &std::path::Path| {
        annals(db)
            .args(["events", "--format", "jsonl"])
            .output()
            .unwrap()
            .stdout
    };
    let stored = events(&once);
    assert!(
        String::from_utf8_lossy(&stored)
            .matches("\"cameo\":\"057\"")
            .count()
            >= 24
    );
    assert_eq!(stored, events(&twice));
}

#[test]
fn follow_links_replaces_a_feed_summary_with_the_article() {
    let dir = tempfile::tempdir().unwrap();
    let base = serve(2);
    let feed = dir.path().join("world.rss");
    std::fs::write(
        &feed,
        format!(
            "<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Example Wire</title>\
             <item><title>Harbour talks</title><link>{base}/page.html</link>\
             <guid>wire-harbour</guid><description>Leaders met.</description></item>\
             <item><title>Gone</title><link>{base}/gone.html</link>\
             <guid>wire-gone</guid><description>A summary only.</description></item>\
             </channel></rss>"
        ),
    )
    .unwrap();
    let db = dir.path().join("annals.db");
    annals(&db)
        .args(["ingest", feed.to_str().unwrap(), "--follow-links"])
        .assert()
        .success()
        .stderr(predicate::str::contains("2 new"))
        .stderr(predicate::str::contains("followed its link"))
        .stderr(predicate::str::contains("could not follow its link"));
    annals(&db)
        .args(["show", "wire-harbour"])
        .assert()
        .success()
        .stdout(predicate::str::contains("partnership agreement"))
        .stdout(predicate::str::contains("→ 057"));
    annals(&db)
        .args(["show", "wire-gone"])
        .assert()
        .success()
        .stdout(predicate::str::contains("A summary only."));
}
