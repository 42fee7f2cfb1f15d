//! End-to-end: the stories stage through `annals ingest`, `annals stories`, `annals story`,
//! `annals contradictions`, `annals events --clustered` and `annals eval stories`.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::{annals, json, shared_dir, workspace_root};
use predicates::prelude::*;

fn stdout(db: &Path, args: &[&str]) -> String {
    let out = annals(db).args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// `annals ingest [extra…] examples/` into `db`.
fn ingest_examples(db: &Path, extra: &[&str]) -> assert_cmd::assert::Assert {
    annals(db)
        .arg("ingest")
        .args(extra)
        .arg(workspace_root().join("examples"))
        .assert()
        .success()
}

fn stories_json(db: &Path) -> Vec<serde_json::Value> {
    json(stdout(db, &["stories", "--format", "json"]).as_bytes())
        .as_array()
        .unwrap()
        .clone()
}

/// The clusters of `annals events --clustered --format jsonl`.
fn clusters(db: &Path) -> Vec<serde_json::Value> {
    stdout(db, &["events", "--clustered", "--format", "jsonl"])
        .lines()
        .map(|l| json(l.as_bytes()))
        .collect()
}

fn sources_of(clusters: &[serde_json::Value], cameo: &str) -> Vec<u64> {
    clusters
        .iter()
        .filter(|c| c["cameo"] == cameo)
        .map(|c| c["sources"].as_u64().unwrap())
        .collect()
}

#[test]
#[ignore = "needs ../shared"]
fn the_seeds_are_one_story_and_copies_add_no_source() {
    let seeds = shared_dir().join("seeds");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("s.db");
    annals(&db)
        .arg("ingest")
        .arg(&seeds)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "2 documents → 1 stories (1 with several sources)",
        ));
    let stories = stories_json(&db);
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0]["n_sources"], 2);
    let found = clusters(&db);
    // The visit (042 make a visit / 043 host one) and the partnership (057 sign a formal
    // agreement) are one cluster each, with both reports as sources. The second report's
    // "during his two-day visit" is coded too and makes a second visit cluster of its own
    // (one source). The writer stores documents in input order whatever the number of
    // workers, so these counts do not move from run to run (see
    // `the_worker_count_and_batch_size_change_no_story_cluster_or_contradiction`).
    let visits = sources_of(&found, "042");
    assert_eq!(visits, [2, 1]);
    let pacts = sources_of(&found, "057");
    assert_eq!(pacts, [2, 2]);
    assert!(found.iter().all(|c| c["sources"].as_u64().unwrap() <= 2));

    // The same report again, and a near copy of it: no new source anywhere.
    let first = seeds.join("000_095ba332747d2447.txt");
    let text = std::fs::read_to_string(&first).unwrap();
    let copy = dir.path().join("near-copy.txt");
    std::fs::write(
        &copy,
        text.replacen("marked a pivotal moment", "was a pivotal moment", 1),
    )
    .unwrap();
    annals(&db)
        .arg("ingest")
        .arg(&first)
        .arg(&copy)
        .assert()
        .success()
        .stderr(predicate::str::contains("1 new, 1 already present"))
        .stderr(predicate::str::contains("1 near-duplicates linked"));
    let stories = stories_json(&db);
    assert_eq!(stories.len(), 1);
    assert_eq!(stories[0]["docs"].as_array().unwrap().len(), 3);
    assert_eq!(stories[0]["n_sources"], 2);
    assert_eq!(clusters(&db), found);

    // The example report dating the visit 19 June 2024 disagrees with the first seed's
    // September 2023: a date contradiction on the visit, both sentences shown.
    annals(&db)
        .arg("ingest")
        .arg(workspace_root().join("examples/2024-06-21-shipments-followup.jsonl"))
        .assert()
        .success();
    // The follow-up joins the first visit cluster (three sources); the second report's
    // "during his two-day visit" cluster stays apart.
    let visits = sources_of(&clusters(&db), "042");
    assert_eq!(visits, [3, 1]);
    let story_id = stories_json(&db)[0]["story_id"]
        .as_str()
        .unwrap()
        .to_string();
    let shown = stdout(&db, &["story", &story_id]);
    let docs_at = shown.find("\nDocuments").unwrap();
    let clusters_at = shown.find("\nEvent clusters").unwrap();
    let contra_at = shown.find("\nContradictions (1)").unwrap();
    assert!(docs_at < clusters_at && clusters_at < contra_at, "{shown}");
    let contra = &shown[contra_at..];
    assert!(contra.contains("date on"), "{contra}");
    assert!(contra.contains("2023-09 (September 2023)"), "{contra}");
    assert!(
        contra.contains("in September 2023 marked a pivotal moment"),
        "{contra}"
    );
    assert!(contra.contains("2024-06-19 (19 June 2024)"), "{contra}");
    assert!(
        contra.contains("visited North Korea on 19 June 2024"),
        "{contra}"
    );
}

#[test]
fn the_examples_give_a_quantity_contradiction_and_reruns_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("e.db");
    ingest_examples(&db, &[]).stderr(predicate::str::contains(
        "7 documents → 6 stories (1 with several sources), 15 event clusters, 1 contradictions",
    ));
    let listed = stdout(&db, &["contradictions", "--kind", "quantity"]);
    assert!(listed.starts_with("1 contradictions"), "{listed}");
    assert!(listed.contains("11000 (11,000 containers)"), "{listed}");
    assert!(listed.contains("6700 (6,700 containers)"), "{listed}");
    assert!(stdout(&db, &["contradictions", "--kind", "date"]).starts_with("0 contradictions"));
    annals(&db)
        .args(["contradictions", "--kind", "colour"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("unknown kind"));

    let shipments = sources_of(&clusters(&db), "072");
    assert_eq!(shipments, [2]);
    let prk = stdout(
        &db,
        &[
            "stories",
            "--actor",
            "PRK",
            "--min-sources",
            "2",
            "--format",
            "csv",
        ],
    );
    assert_eq!(prk.lines().count(), 2, "{prk}");

    let before = (
        stories_json(&db),
        clusters(&db),
        stdout(&db, &["contradictions"]),
    );
    annals(&db)
        .args(["stories", "--rebuild"])
        .assert()
        .success();
    let after = (
        stories_json(&db),
        clusters(&db),
        stdout(&db, &["contradictions"]),
    );
    assert_eq!(before, after);
}

/// Stories, event clusters and contradictions of `examples/` ingested with `jobs` workers
/// and `batch` documents a transaction.
fn stage_output(dir: &Path, jobs: usize, batch: usize) -> (String, String, String) {
    let db = dir.join(format!("w{jobs}-{batch}.db"));
    let (jobs, batch) = (jobs.to_string(), batch.to_string());
    ingest_examples(&db, &["--jobs", &jobs, "--batch", &batch]);
    (
        stdout(&db, &["stories", "--format", "json"]),
        stdout(&db, &["events", "--clustered", "--format", "jsonl"]),
        stdout(&db, &["contradictions", "--format", "json"]),
    )
}

#[test]
fn the_worker_count_and_batch_size_change_no_story_cluster_or_contradiction() {
    let dir = tempfile::tempdir().unwrap();
    let one = stage_output(dir.path(), 1, 1024);
    // Several workers finish documents out of order, and batches of one or two documents
    // commit while later ones are still being analysed: the writer restores input order,
    // so the stage sees the same sequence.
    for (jobs, batch) in [(2, 1), (4, 2), (2, 1024)] {
        let other = stage_output(dir.path(), jobs, batch);
        assert_eq!(other.0, one.0, "stories with {jobs} workers, batch {batch}");
        assert_eq!(
            other.1, one.1,
            "clusters with {jobs} workers, batch {batch}"
        );
        assert_eq!(
            other.2, one.2,
            "contradictions with {jobs} workers, batch {batch}"
        );
    }
    let stories = json(one.0.as_bytes());
    let ids: Vec<(&str, u64)> = stories
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["story_id"].as_str().unwrap(),
                s["n_sources"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        ids,
        [
            ("S63883c158a32", 1),
            ("Sfde741ceeb0c", 2),
            ("Sa924286a0111", 1),
            ("Sbae7283c5f90", 1),
            ("S2c305914e69c", 1),
            ("S76ae5d41cfba", 1),
        ]
    );
    let shipments: Vec<(String, u64)> = one
        .1
        .lines()
        .map(|l| json(l.as_bytes()))
        .filter(|c| c["cameo"] == "072")
        .map(|c| {
            (
                c["cluster_id"].as_str().unwrap().to_string(),
                c["sources"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(shipments, [("E61adbb250cbb".to_string(), 2)]);
    let found = json(one.2.as_bytes());
    let found: Vec<(&str, &str, &str)> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["contradiction_id"].as_str().unwrap(),
                c["cluster_id"].as_str().unwrap(),
                c["kind"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(found, [("C6aec1156467e", "E61adbb250cbb", "quantity")]);
}

#[test]
fn eval_stories_scores_a_small_gold_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("g.db");
    ingest_examples(&db, &["--no-stories"]).stderr(predicate::str::contains("stories:").not());
    // The munitions report's id is its content hash; read it from the store.
    let docs = json(stdout(&db, &["docs", "--format", "json"]).as_bytes());
    let munitions = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| {
            d["source"]
                .as_str()
                .unwrap_or("")
                .ends_with("munitions-report.txt")
        })
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Gold: the munitions report, the shipments report and the Seoul report are one story
    // (the stage keeps the Seoul report apart: B³ recall 5/9), the EU report is another.
    // One gold cluster (the shipments, both found) and the quantity contradiction.
    let gold = format!(
        "{{\"type\":\"document\",\"doc_id\":\"{munitions}\",\"story\":\"S1\"}}\n\
         {{\"type\":\"document\",\"doc_id\":\"example-shipments\",\"story\":\"S1\"}}\n\
         {{\"type\":\"document\",\"doc_id\":\"wire-0002\",\"story\":\"S1\"}}\n\
         {{\"type\":\"document\",\"doc_id\":\"wire-0001\",\"story\":\"S2\"}}\n\
         {{\"type\":\"cluster\",\"story\":\"S1\",\"cluster\":\"S1-E1\",\"mentions\":[{{\"doc_id\":\"{munitions}\",\"sentence\":2}},{{\"doc_id\":\"example-shipments\",\"sentence\":1}}]}}\n\
         {{\"type\":\"contradiction\",\"cluster\":\"S1-E1\",\"kind\":\"quantity\",\"a\":{{\"doc_id\":\"example-shipments\",\"sentence\":1}},\"b\":{{\"doc_id\":\"{munitions}\",\"sentence\":2}}}}\n"
    );
    let gold_path = dir.path().join("gold.jsonl");
    std::fs::write(&gold_path, gold).unwrap();
    let out = annals(&db)
        .args(["eval", "stories", "--rebuild", "--format", "json", "--gold"])
        .arg(&gold_path)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let s = json(&out.stdout);
    let close = |v: &serde_json::Value, want: f64| (v.as_f64().unwrap() - want).abs() < 1e-9;
    // B³: the two found together score P 1 R 2/3 each; the Seoul report P 1 R 1/3; the EU
    // report P 1 R 1 → P 1, R (2/3 + 2/3 + 1/3 + 1)/4 = 2/3.
    assert!(close(&s["b_cubed"]["precision"], 1.0), "{s}");
    assert!(close(&s["b_cubed"]["recall"], 2.0 / 3.0), "{s}");
    assert!(close(&s["b_cubed"]["f1"], 0.8), "{s}");
    // ARI: index 1, expected 3·1/6 = 0.5, max 2 → (1 − 0.5)/(2 − 0.5) = 1/3.
    assert!(close(&s["ari"], 1.0 / 3.0), "{s}");
    assert_eq!(s["event_pairs"]["correct"], 1);
    assert!(close(&s["event_pairs"]["f1"], 1.0), "{s}");
    assert!(close(&s["contradictions"]["precision"], 1.0), "{s}");
    assert!(close(&s["contradictions"]["recall"], 1.0), "{s}");

    let table = stdout(
        &db,
        &["eval", "stories", "--gold", gold_path.to_str().unwrap()],
    );
    assert!(table.contains("documents B³"), "{table}");
    assert!(table.contains("documents ARI 0.333"), "{table}");
}

#[test]
fn each_stories_command_has_an_example_in_its_help() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("h.db");
    for cmd in [
        vec!["stories", "--help"],
        vec!["story", "--help"],
        vec!["contradictions", "--help"],
        vec!["timeline", "--help"],
        vec!["eval", "stories", "--help"],
    ] {
        annals(&db)
            .args(&cmd)
            .assert()
            .success()
            .stdout(predicate::str::contains("Example"));
    }
    annals(&db)
        .args(["events", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("--clustered"));
}

#[test]
fn timeline_counts_a_dyad_per_week_and_draws_svg() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    ingest_examples(&db, &[]);
    let svg = dir.path().join("t.svg");
    let out = stdout(
        &db,
        &[
            "timeline",
            "--dyad",
            "RUS,PRK",
            "--by",
            "week",
            "--svg",
            svg.to_str().unwrap(),
        ],
    );
    let row: Vec<&str> = out
        .lines()
        .find(|l| l.starts_with("2024-W25"))
        .unwrap()
        .split_whitespace()
        .collect();
    // The example report's visit (two directions) and treaty (two directions), verbal
    // cooperation; the cooperation of Moscow and Pyongyang in the brief and the wire
    // (two directions each), material cooperation; the summit example's treaty and meeting
    // and Russia's pledge to expand cooperation have no date.
    assert_eq!(row, ["2024-W25", "4", "4", "0", "0", "8"], "{out}");
    assert!(out.contains("8 events counted; 7 without a date"), "{out}");
    let drawn = std::fs::read_to_string(&svg).unwrap();
    assert!(drawn.starts_with("<svg"), "{drawn}");
    assert!(drawn.contains("RUS,PRK: events per period"));

    let clustered = stdout(
        &db,
        &[
            "timeline",
            "--dyad",
            "PRK,RUS",
            "--by",
            "week",
            "--clustered",
        ],
    );
    assert!(
        clustered.contains("4 event clusters counted"),
        "{clustered}"
    );
    annals(&db)
        .args(["timeline", "--dyad", "RUS"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("two codes"));
}
