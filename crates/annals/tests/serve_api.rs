//! `annals serve` end to end: a real server process on a free 127.0.0.1 port over a
//! database `annals demo` built with the real pipeline; real HTTP requests. Expected values
//! are the demo's events (see `annals demo`).
#![allow(clippy::expect_used, clippy::unwrap_used)]

#[path = "common/server.rs"]
mod server;

use std::collections::BTreeSet;

use serde_json::Value;
use server::{demo_db, get, get_json, get_problem, Server};

/// The demo's stories (`annals stories` on the demo database).
const DEMO_STORIES: usize = 6;
/// The demo's events with a Russian actor on either side, and their codes.
const RUS_EVENTS: u64 = 20;
const RUS_CODES: [&str; 2] = ["RUSGOV", "RUS"];

fn server() -> Server {
    Server::start(demo_db("serve-api"))
}

fn ids(events: &Value) -> Vec<String> {
    events
        .as_array()
        .expect("events array")
        .iter()
        .map(|e| e["event_id"].as_str().expect("event_id").to_string())
        .collect()
}

fn field(events: &Value, name: &str) -> Vec<String> {
    events
        .as_array()
        .expect("events array")
        .iter()
        .map(|e| match &e[name] {
            Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

#[test]
fn events_lists_the_demos_events_and_filters_narrow_them() {
    let s = server();
    let all = get_json(&s.url("/api/v1/events"));
    assert_eq!(all["total"], 25);
    assert_eq!(all["total_capped"], false);
    assert_eq!(all["next_cursor"], Value::Null);
    assert_eq!(
        field(&all["events"], "cameo"),
        [
            "057", "057", "040", "040", "061", "130", "072", "163", "110", "020", "060", "060",
            "163", "012", "012", "060", "060", "020", "020", "163", "072", "042", "043", "057",
            "057"
        ]
    );

    // The agreement report's pact, meeting and pledge, the shipments, the cooperation of the
    // brief and the wire (both ways), and the follow-up report's visit and pact.
    assert_eq!(get_json(&s.url("/api/v1/events?dyad=RUS,PRK"))["total"], 15);
    // The summit report's pact and meeting, both ways, and Russia's expected expansion of
    // rail links (061, economic cooperation).
    let dyad = get_json(&s.url("/api/v1/events?dyad=RUS,PRK&doc=1f95"));
    assert_eq!(dyad["total"], 5);
    assert_eq!(
        field(&dyad["events"], "cameo"),
        ["057", "057", "040", "040", "061"]
    );
    for e in dyad["events"].as_array().unwrap().iter().take(4) {
        assert!(["signed", "met"].contains(&e["trigger"]["text"].as_str().unwrap()));
        let pair: BTreeSet<&str> = [
            e["source"]["code"].as_str().unwrap(),
            e["target"]["code"].as_str().unwrap(),
        ]
        .into();
        assert_eq!(pair, BTreeSet::from(["PRKGOV", "RUSGOV"]));
    }
    let count = |q: &str| get_json(&s.url(&format!("/api/v1/events?{q}")))["total"].clone();
    assert_eq!(count("code=02"), 3);
    assert_eq!(count("plover=accuse"), 1);
    assert_eq!(count("modality=reported"), 6);
    assert_eq!(count("actor=USAGOV"), 1);
    assert_eq!(count("since=2024-06-22"), 8);
    assert_eq!(count("until=2024-06-21"), 10);
    assert_eq!(count("doc=wire-0002"), 5);
    assert_eq!(count("doc=1f95"), 6);
    assert_eq!(count("actor=RUS&code=05&modality=reported"), 4);
    assert_eq!(count("min_confidence=1"), 1);
}

#[test]
fn cursor_pages_walk_the_whole_listing_once() {
    let s = server();
    let all = ids(&get_json(&s.url("/api/v1/events"))["events"]);
    let mut walked = Vec::new();
    let mut url = s.url("/api/v1/events?limit=3");
    let mut pages = 0;
    loop {
        let page = get_json(&url);
        assert_eq!(page["total"], 25);
        walked.extend(ids(&page["events"]));
        pages += 1;
        match page["next_cursor"].as_str() {
            Some(c) => url = s.url(&format!("/api/v1/events?limit=3&cursor={c}")),
            None => break,
        }
    }
    assert_eq!(pages, 9);
    assert_eq!(walked, all);
}

#[test]
fn sorting_orders_the_listing() {
    let s = server();
    let page = get_json(&s.url("/api/v1/events?sort=-goldstein"));
    let scores: Vec<f64> = page["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["goldstein"].as_f64().unwrap())
        .collect();
    assert_eq!(scores.len(), 25);
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // 072 (provide military aid) is the most cooperative code in the demo.
    assert_eq!(scores.first(), Some(&8.3));
    assert_eq!(page["events"][0]["cameo"], "072");
    let by_code = get_json(&s.url("/api/v1/events?sort=code"));
    assert_eq!(
        field(&by_code["events"], "cameo"),
        [
            "012", "012", "020", "020", "020", "040", "040", "042", "043", "057", "057", "057",
            "057", "060", "060", "060", "060", "061", "072", "072", "110", "130", "163", "163",
            "163"
        ]
    );
}

#[test]
fn downloads_stream_every_matching_event() {
    let s = server();
    let page = get_json(&s.url("/api/v1/events"));
    let (status, content_type, csv) = get(&s.url("/api/v1/events?format=csv"));
    assert_eq!(status, 200);
    assert_eq!(content_type, "text/csv; charset=utf-8");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let headers = reader.headers().unwrap().clone();
    assert_eq!(headers.get(0), Some("event_id"));
    assert_eq!(headers.len(), annals_core::event_csv::CSV_COLUMNS.len());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let csv_ids: Vec<String> = rows.iter().map(|r| r[0].to_string()).collect();
    assert_eq!(csv_ids, ids(&page["events"]));

    let (status, content_type, jsonl) = get(&s.url("/api/v1/events?format=jsonl&dyad=RUS,PRK"));
    assert_eq!(status, 200);
    assert_eq!(content_type, "application/x-ndjson");
    let lines: Vec<Value> = jsonl
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    let dyad = get_json(&s.url("/api/v1/events?dyad=RUS,PRK"));
    assert_eq!(Value::Array(lines), dyad["events"]);
}

#[test]
fn a_document_has_its_sentences_mentions_events_and_removed_lines() {
    let s = server();
    let doc = get_json(&s.url("/api/v1/documents/1f95"));
    assert_eq!(doc["id"], "1f9528af8bd1b266");
    let text = doc["text"].as_str().unwrap().as_bytes();
    let sentences = doc["sentences"].as_array().unwrap();
    assert_eq!(sentences.len(), 15);
    assert_eq!(sentences[0]["number"], 1);
    let events = doc["events"].as_array().unwrap();
    assert_eq!(events.len(), 6);
    // Offsets are byte offsets into the clean text.
    let slice = |start: &Value, end: &Value| {
        let (a, b) = (
            start.as_u64().unwrap() as usize,
            end.as_u64().unwrap() as usize,
        );
        String::from_utf8(text[a..b].to_vec()).unwrap()
    };
    let e = &events[0];
    assert_eq!(
        slice(&e["trigger"]["start"], &e["trigger"]["end"]),
        "signed"
    );
    assert_eq!(
        slice(&e["source"]["start"], &e["source"]["end"]),
        "Russian President Vladimir Putin"
    );
    let sentence = &sentences[e["sentence"].as_u64().unwrap() as usize - 1];
    assert_eq!(
        slice(&sentence["start"], &sentence["end"]),
        e["sentence_text"].as_str().unwrap()
    );
    let mentions = doc["mentions"].as_array().unwrap();
    assert!(mentions
        .iter()
        .any(|m| m["code"] == "RUSGOV" && m["sentence"] == 2));
    assert_eq!(doc["removed"].as_array().unwrap().len(), 4);

    let list = get_json(&s.url("/api/v1/documents?limit=4"));
    assert_eq!(list["total"], 7);
    assert_eq!(list["next_offset"], 4);
    assert_eq!(list["documents"][0]["id"], "1f9528af8bd1b266");
    let rest = get_json(&s.url("/api/v1/documents?limit=4&offset=4"));
    assert_eq!(rest["documents"].as_array().unwrap().len(), 3);
    assert_eq!(rest["next_offset"], Value::Null);
}

#[test]
fn search_timeline_codes_and_status() {
    let s = server();
    let hits = get_json(&s.url("/api/v1/search?q=sanctions"));
    let hits = hits["hits"].as_array().unwrap();
    assert_eq!(hits.len(), 2);
    assert_eq!(hits[0]["doc_id"], "brief-un-01");
    assert_eq!(hits[0]["sentence"], 2);
    assert!(hits[0]["snippet"].as_str().unwrap().contains("[sanctions]"));

    let t = get_json(&s.url("/api/v1/timeline?actor=UNSEC"));
    assert_eq!(t["period"], "month");
    assert_eq!(
        t["timeline"]["months"],
        serde_json::json!([{"month": "2024-06", "total": 4, "quad_class": [4, 0, 0, 0]}])
    );
    let t = get_json(&s.url("/api/v1/timeline?dyad=RUS,PRK"));
    assert_eq!(t["timeline"]["undated"], 6);

    let codes = get_json(&s.url("/api/v1/codes?prefix=057"));
    assert_eq!(codes["codes"][0]["code"], "057");
    assert_eq!(codes["codes"][0]["plover"], "SUPPORT");
    let plover = get_json(&s.url("/api/v1/plover"));
    assert!(plover["types"]
        .as_array()
        .unwrap()
        .iter()
        .any(|t| t["plover"] == "ACCUSE"));
    assert_eq!(get_json(&s.url("/api/v1/status"))["documents"], 7);
    let spec = get_json(&s.url("/api/v1/openapi.json"));
    assert!(spec["paths"]["/api/v1/events"]["get"].is_object());
}

#[test]
fn mistakes_get_problem_details_in_the_clis_words() {
    let s = server();
    let p = |path: &str, status| get_problem(&s.url(path), status);
    assert_eq!(
        p("/api/v1/events?modality=rumoured", 400),
        "unknown modality \"rumoured\" (asserted, reported, expected, speculative, negated, hypothetical)"
    );
    assert_eq!(
        p("/api/v1/events?dyad=RUS", 400),
        "dyad takes two codes separated by a comma, e.g. RUS,PRK"
    );
    assert_eq!(
        p("/api/v1/events?doc=zzzz", 404),
        "no stored document matches \"zzzz\""
    );
    assert_eq!(
        p("/api/v1/documents/wire", 400),
        "id prefix \"wire\" is ambiguous: it matches wire-0001, wire-0002; give more characters"
    );
    assert_eq!(
        p("/api/v1/documents/nothing-here", 404),
        "no stored document matches \"nothing-here\""
    );
    assert_eq!(
        p("/api/v1/codes?prefix=99", 404),
        "no CAMEO code starts with \"99\" (codes run from 01 to 20)"
    );
    assert_eq!(
        p("/api/v1/events?limit=501", 400),
        "limit must be a whole number from 1 to 500, not \"501\""
    );
    assert!(p("/api/v1/events?cursor=0123456789abcdef", 400)
        .starts_with("cursor \"0123456789abcdef\" does not belong to this listing"));
    assert!(p("/api/v1/events?sort=-date&cursor=1.1.0.1", 400)
        .starts_with("cursor \"1.1.0.1\" does not belong to this listing"));
    assert!(p("/api/v1/search?q=Putin%20AND", 400).starts_with("cannot search for \"Putin AND\":"));
    assert_eq!(p("/api/v1/search", 400), "search needs a query: ?q=words");
    assert!(p("/api/v1/events?actr=RUS", 400).contains("unknown field `actr`"));
    assert_eq!(p("/api/v1/nope", 404), "no such API route: /api/v1/nope");
    let post = ureq::post(&s.url("/api/v1/events")).call();
    match post {
        Err(ureq::Error::Status(405, r)) => {
            assert_eq!(r.header("content-type"), Some("application/problem+json"))
        }
        other => panic!("POST answered {other:?}"),
    }
}

#[test]
fn pages_and_assets_are_served_with_security_headers() {
    let s = server();
    for (path, kind) in [
        ("/", "text/html"),
        ("/documents", "text/html"),
        ("/documents/wire-0001", "text/html"),
        ("/search", "text/html"),
        ("/stories", "text/html"),
        ("/stories/abcd", "text/html"),
        ("/timeline?dyad=RUS,PRK", "text/html"),
        ("/actors?q=RUS", "text/html"),
        ("/actors/RUS", "text/html"),
        ("/assets/app.js", "text/javascript"),
        ("/assets/app.css", "text/css"),
    ] {
        let r = ureq::get(&s.url(path)).call().expect(path);
        assert!(
            r.header("content-type").unwrap_or("").starts_with(kind),
            "{path}"
        );
        let csp = r.header("content-security-policy").unwrap_or("");
        assert!(csp.contains("script-src 'self'"), "{path}: {csp}");
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"));
    }
}

#[test]
fn sigterm_stops_the_server_cleanly() {
    let s = server();
    assert_eq!(get_json(&s.url("/api/v1/status"))["documents"], 7);
    let (status, stderr) = s.terminate();
    assert!(status.success(), "exit {status:?}: {stderr}");
    assert!(stderr.contains("annals serve: stopped"), "{stderr}");
}

#[test]
fn a_missing_database_is_refused_not_created() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("missing.db");
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_annals"))
        .arg("--db")
        .arg(&db)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env_remove("ANNALS_DB")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no such database"), "{err}");
    assert!(!db.exists());
}

#[test]
fn stories_their_clusters_and_contradictions() {
    let s = server();
    let list = get_json(&s.url("/api/v1/stories"));
    assert_eq!(list["total"], DEMO_STORIES);
    let stories = list["stories"].as_array().unwrap();
    assert_eq!(stories.len(), DEMO_STORIES);
    let multi: Vec<&Value> = stories.iter().filter(|s| s["n_sources"] == 2).collect();
    assert_eq!(multi.len(), 1, "{stories:?}");
    assert_eq!(
        get_json(&s.url("/api/v1/stories?min_sources=2"))["total"],
        1
    );
    let page = get_json(&s.url("/api/v1/stories?limit=4&offset=4"));
    assert_eq!(page["stories"].as_array().unwrap().len(), DEMO_STORIES - 4);
    assert_eq!(page["next_offset"], Value::Null);
    assert_eq!(
        get_json(&s.url("/api/v1/stories?limit=4"))["next_offset"],
        4
    );

    // The quantity contradiction: the shipments follow-up and the munitions report.
    let found = get_json(&s.url("/api/v1/contradictions"));
    let found = found["contradictions"].as_array().unwrap();
    assert_eq!(found.len(), 1);
    let c = &found[0];
    assert_eq!(c["kind"], "quantity");
    assert_eq!(
        get_json(&s.url("/api/v1/contradictions?kind=date"))["contradictions"],
        serde_json::json!([])
    );
    let story_id = c["story_id"].as_str().unwrap();
    let by_story = get_json(&s.url(&format!("/api/v1/contradictions?story={story_id}")));
    assert_eq!(by_story["contradictions"].as_array().unwrap().len(), 1);

    // The story by a prefix of its id: documents with titles, clusters with mentions, the
    // contradiction with both evidences.
    let story = get_json(&s.url(&format!("/api/v1/stories/{}", &story_id[..6])));
    assert_eq!(story["story"]["story_id"], story_id);
    let docs = story["documents"].as_array().unwrap();
    let doc_ids: BTreeSet<&str> = docs.iter().map(|d| d["doc_id"].as_str().unwrap()).collect();
    assert!(doc_ids.contains("example-shipments"), "{doc_ids:?}");
    let shipments = docs
        .iter()
        .find(|d| d["doc_id"] == "example-shipments")
        .unwrap();
    assert!(
        shipments["title"]
            .as_str()
            .unwrap()
            .starts_with("Seoul puts North Korean shipments"),
        "{shipments}"
    );
    assert_eq!(shipments["published"], "2024-06-21");
    let clusters = story["clusters"].as_array().unwrap();
    let shipped = clusters
        .iter()
        .find(|k| k["cluster_id"] == c["cluster_id"])
        .expect("the disputed cluster");
    assert_eq!(shipped["n_sources"], 2);
    assert_eq!(shipped["mentions"].as_array().unwrap().len(), 2);
    let contra = &story["contradictions"][0];
    for side in ["a", "b"] {
        let e = &contra[side];
        assert!(doc_ids.contains(e["doc_id"].as_str().unwrap()));
        assert!(e["text"].as_str().unwrap().contains("containers"), "{e}");
    }
    assert_ne!(contra["a"]["value"], contra["b"]["value"]);

    // The story holding a document, by a prefix of the document's id.
    let holding = get_json(&s.url("/api/v1/stories?doc=example-ship"));
    assert_eq!(holding["total"], 1);
    assert_eq!(holding["stories"][0]["story_id"], story_id);
}

#[test]
fn story_mistakes_get_problem_details() {
    let s = server();
    let p = |path: &str, status| get_problem(&s.url(path), status);
    assert_eq!(
        p("/api/v1/stories/ffffffffffff", 404),
        "no stored story matches \"ffffffffffff\" (list stories at /api/v1/stories)"
    );
    assert_eq!(
        p("/api/v1/contradictions?kind=colour", 400),
        "unknown kind \"colour\" (date, quantity, modality, direction, actor)"
    );
    assert_eq!(
        p("/api/v1/stories?until=someday", 400),
        "until: invalid date \"someday\" (YYYY, YYYY-MM or YYYY-MM-DD)"
    );
    assert_eq!(
        p("/api/v1/stories?doc=nothing-here", 404),
        "no stored document matches \"nothing-here\""
    );
    assert!(p("/api/v1/stories?order=date", 400).contains("unknown field `order`"));
}

#[test]
fn actors_partners_timeline_and_graph() {
    let s = server();
    let found = get_json(&s.url("/api/v1/actors?q=rus"));
    assert_eq!(found["kb"][0]["kind"], "country");
    assert_eq!(found["kb"][0]["code"], "RUS");
    let codes: Vec<&str> = found["seen"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["code"].as_str().unwrap())
        .collect();
    assert_eq!(codes, RUS_CODES);
    let by_name = get_json(&s.url("/api/v1/actors?q=Vladimir%20Putin"));
    assert!(
        by_name["kb"]
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["kind"] == "person"),
        "{by_name}"
    );
    assert_eq!(by_name["seen"], serde_json::json!([]));

    let rus = get_json(&s.url("/api/v1/actors/RUS"));
    assert_eq!(rus["events"], RUS_EVENTS);
    assert_eq!(rus["as_source"], 7);
    assert_eq!(rus["as_target"], 13);
    // The summit's pact and meeting both ways, the cooperation of the UN brief, and the
    // follow-up report's pact.
    assert_eq!(
        rus["partners"][0],
        serde_json::json!({"code": "PRKGOV", "as_target": 4, "as_source": 4, "mean_goldstein": 5.75})
    );
    let partners: Vec<&str> = rus["partners"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        partners,
        ["PRKGOV", "PRK", "UNSEC", "EUGOV", "KOR", "KORGOV"]
    );
    assert_eq!(rus["kb"][0]["name"], "Russia");
    let months: u64 = rus["timeline"]["months"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["total"].as_u64().unwrap())
        .sum();
    let t = &rus["timeline"];
    assert_eq!(
        months + t["coarser"].as_u64().unwrap() + t["undated"].as_u64().unwrap(),
        RUS_EVENTS
    );
    assert_eq!(
        get_json(&s.url("/api/v1/events?actor=RUS"))["total"],
        RUS_EVENTS
    );

    let graph = get_json(&s.url("/api/v1/graph"));
    let edges = graph["edges"].as_array().unwrap();
    assert!(
        edges
            .iter()
            .any(|e| e["source"] == "RUS" && e["target"] == "PRK"),
        "{edges:?}"
    );
    let nodes: BTreeSet<&str> = graph["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    for e in edges {
        assert!(nodes.contains(e["source"].as_str().unwrap()));
        assert!(nodes.contains(e["target"].as_str().unwrap()));
    }
    assert_eq!(
        get_json(&s.url("/api/v1/graph?since=2030"))["edges"],
        serde_json::json!([])
    );

    let p = |path: &str, status| get_problem(&s.url(path), status);
    assert_eq!(
        p("/api/v1/actors", 400),
        "actor search needs a query: ?q=RUS or ?q=Putin"
    );
    assert_eq!(
        p("/api/v1/actors/RUS;DROP", 400),
        "the actor takes an actor or country code such as RUS or RUSGOV, not \"RUS;DROP\""
    );
    assert_eq!(
        p("/api/v1/actors/ZZZQQQ", 404),
        "no event and no knowledge-base entry has the actor \"ZZZQQQ\""
    );
    assert_eq!(
        p("/api/v1/graph?historical=maybe", 400),
        "historical takes true or false, not \"maybe\""
    );
    assert_eq!(
        p("/api/v1/graph?since=soon", 400),
        "since: invalid date \"soon\" (YYYY, YYYY-MM or YYYY-MM-DD)"
    );
}
