//! `POST /api/v1/documents` end to end: a real `annals serve` process with a token over a
//! SQLite database and a PostgreSQL one, real HTTP requests, the stored documents read
//! back through the API.
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "common/server.rs"]
mod server;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use server::{demo_db, get_json, Server};

const TOKEN: &str = "correct-horse-battery-staple";

/// A report with coded events; its id is set by the caller.
const REPORT: &str = "Russian President Vladimir Putin visited North Korea on 19 June 2024. \
    Putin and North Korean leader Kim Jong Un signed a comprehensive strategic partnership \
    treaty during the visit, state media reported.";

/// Status, content type and body of a POST.
fn post(url: &str, token: Option<&str>, content_type: &str, body: &[u8]) -> (u16, String, Value) {
    let mut req = ureq::post(url).set("Content-Type", content_type);
    if let Some(t) = token {
        req = req.set("Authorization", &format!("Bearer {t}"));
    }
    let response = match req.send_bytes(body) {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(e) => panic!("POST {url}: {e}"),
    };
    let status = response.status();
    let kind = response.header("content-type").unwrap_or("").to_string();
    let text = response.into_string().expect("body");
    let json = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"));
    (status, kind, json)
}

fn token_file(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("token");
    std::fs::write(&file, format!("{TOKEN}\n")).unwrap();
    file
}

/// The checks both backends pass: auth, formats, caps, outcomes, and the stored document
/// read back through the API.
fn posts_are_stored_and_read_back(s: &Server) {
    let url = s.url("/api/v1/documents");
    let doc = serde_json::json!({
        "id": "posted-0001",
        "title": "Putin in Pyongyang (posted)",
        "published": "2024-06-19",
        "text": REPORT,
    })
    .to_string();

    let (status, kind, p) = post(&url, None, "application/json", doc.as_bytes());
    assert_eq!((status, kind.as_str()), (401, "application/problem+json"));
    assert_eq!(
        p["detail"],
        "posting documents needs the server's token: Authorization: Bearer TOKEN"
    );
    let (status, _, _) = post(
        &url,
        Some("correct-horse"),
        "application/json",
        doc.as_bytes(),
    );
    assert_eq!(status, 401);

    let (status, _, r) = post(&url, Some(TOKEN), "application/json", doc.as_bytes());
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["documents"][0]["id"], "posted-0001");
    assert_eq!(r["documents"][0]["outcome"], "new");
    assert_eq!(r["summary"]["new"], 1);
    assert_eq!(r["summary"]["failed"], 0);
    let events = r["summary"]["events"].as_u64().unwrap();
    // What `annals code` finds in the same text: the visit (042, 043) and the treaty
    // (057, one event per direction).
    assert_eq!(events, 4, "{r}");

    // The stored document and its events, through the read API.
    let listed = get_json(&s.url("/api/v1/events?doc=posted-0001"));
    assert_eq!(listed["total"], events);
    let cameos: Vec<&str> = listed["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["cameo"].as_str().unwrap())
        .collect();
    assert_eq!(cameos, ["042", "043", "057", "057"]);
    let stored = get_json(&s.url("/api/v1/documents/posted-0001"));
    assert_eq!(stored["title"], "Putin in Pyongyang (posted)");
    assert_eq!(stored["text"], REPORT);

    // The same document again: nothing written, the stored id named.
    let (status, _, r) = post(&url, Some(TOKEN), "application/json", doc.as_bytes());
    assert_eq!(status, 200, "{r}");
    assert_eq!(r["documents"][0]["outcome"], "already_present");
    assert_eq!(r["documents"][0]["existing_id"], "posted-0001");

    // Raw text, JSON Lines with one bad record among good ones (stored, and the reader's
    // message reported as `annals ingest` prints it).
    let (status, _, r) = post(
        &url,
        Some(TOKEN),
        "text/plain; charset=utf-8",
        b"Kim met Putin.",
    );
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["summary"]["new"], 1);
    let lines =
        "{\"id\": \"posted-0002\", \"text\": \"Xi met Biden.\"}\n{\"id\": \"posted-0003\"}\n";
    let (status, _, r) = post(&url, Some(TOKEN), "application/x-ndjson", lines.as_bytes());
    assert_eq!(status, 201, "{r}");
    assert_eq!(r["summary"]["failed"], 1);
    assert_eq!(r["problems"][0]["severity"], "error");
    let message = r["problems"][0]["message"].as_str().unwrap();
    assert!(message.starts_with("upload:2"), "{message}");

    // Nothing storable, unreadable JSON, an unknown type, an oversized body.
    let (status, kind, p) = post(
        &url,
        Some(TOKEN),
        "application/x-ndjson",
        b"{\"id\": \"x\"}\n",
    );
    assert_eq!(
        (status, kind.as_str()),
        (422, "application/problem+json"),
        "{p}"
    );
    assert!(p["detail"].as_str().unwrap().starts_with("upload:1"), "{p}");
    let (status, _, p) = post(&url, Some(TOKEN), "application/json", b"{oops");
    assert_eq!(status, 400);
    assert!(p["detail"]
        .as_str()
        .unwrap()
        .starts_with("the body is not valid JSON"));
    let (status, _, p) = post(&url, Some(TOKEN), "image/png", b"\x89PNG");
    assert_eq!(status, 415);
    assert!(p["detail"]
        .as_str()
        .unwrap()
        .starts_with("cannot read a body of type \"image/png\""));
    let big = vec![b'a'; (1 << 20) + 1];
    let (status, _, p) = post(&url, Some(TOKEN), "text/plain", &big);
    assert_eq!(status, 413, "{p}");
}

#[test]
fn a_server_without_a_token_refuses_posts() {
    let s = Server::start(demo_db("serve-ingest-readonly"));
    let (status, kind, p) = post(
        &s.url("/api/v1/documents"),
        Some(TOKEN),
        "text/plain",
        b"Kim met Putin.",
    );
    assert_eq!((status, kind.as_str()), (403, "application/problem+json"));
    assert!(p["detail"]
        .as_str()
        .unwrap()
        .starts_with("this server is read-only"));
}

#[test]
fn posted_documents_are_stored_in_sqlite() {
    let db = demo_db("serve-ingest-sqlite");
    let tokens = token_file("serve-ingest-sqlite-token");
    let s = Server::start_with(
        db,
        &[
            "--token-file",
            tokens.to_str().unwrap(),
            "--max-body-mb",
            "1",
        ],
        &[],
    );
    posts_are_stored_and_read_back(&s);
}

#[test]
#[ignore = "needs PostgreSQL"]
fn posted_documents_are_stored_in_postgres() {
    let url = std::env::var("ANNALS_TEST_PG_URL")
        .unwrap_or_else(|_| panic!("set ANNALS_TEST_PG_URL (.ci/run does)"));
    let base = url
        .rsplit_once('/')
        .map_or(url.as_str(), |(server, _)| server);
    let name = "annals_serve_ingest";
    for sql in [
        format!("DROP DATABASE IF EXISTS {name}"),
        format!("CREATE DATABASE {name}"),
    ] {
        let status = Command::new("psql")
            .args([url.as_str(), "-q", "-c", &sql])
            .status()
            .expect("psql");
        assert!(status.success(), "psql {sql:?} failed");
    }
    let db = format!("{base}/{name}");
    // A database with the schema (the server opens it read-only for reading); the
    // stories stage is SQLite's only.
    let wire = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/wire.jsonl");
    let out = Command::new(env!("CARGO_BIN_EXE_annals"))
        .args(["--db", &db, "-q", "ingest", "--no-stories"])
        .arg(wire)
        .env_remove("ANNALS_DB")
        .output()
        .expect("annals ingest");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = Server::start_with(
        Path::new(&db),
        &["--max-body-mb", "1"],
        &[("ANNALS_TOKEN", TOKEN)],
    );
    posts_are_stored_and_read_back(&s);
}
