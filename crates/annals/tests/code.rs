//! End to end: `annals code`, `annals events`, `annals eval events` on texts written for
//! the test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use assert_cmd::Command;
use predicates::prelude::*;

fn annals() -> Command {
    let mut cmd = Command::cargo_bin("annals").unwrap();
    // Builds made while the model file was absent have no embedded copy: use the file.
    let model = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../models/en_ewt.annals");
    cmd.env("ANNALS_MODEL", model);
    cmd
}

fn events_of(stdout: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

#[test]
fn codes_stdin_text_as_jsonl() {
    let out = annals()
        .args(["code", "-"])
        .write_stdin("Vladimir Putin and Kim Jong Un signed a defence treaty in Pyongyang.\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let events = events_of(&out);
    let dirs: Vec<(String, String)> = events
        .iter()
        .filter(|e| e["cameo"] == "057")
        .map(|e| {
            (
                e["source"]["country"].as_str().unwrap_or("").to_string(),
                e["target"]["country"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    assert!(dirs.contains(&("RUS".into(), "PRK".into())), "{events:?}");
    assert!(dirs.contains(&("PRK".into(), "RUS".into())), "{events:?}");
    let e = &events[0];
    assert_eq!(e["sentence"], 1);
    assert_eq!(e["trigger"]["text"], "signed");
    assert!(
        e["date"]["basis"] == "unknown",
        "no publication date, no invented date: {e}"
    );
}

#[test]
fn jsonl_record_id_is_the_doc_id_and_publication_dates_events() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("in.jsonl");
    std::fs::write(
        &path,
        r#"{"id": "wire-7", "published": "2024-06-20", "text": "Japan imposed sanctions on North Korea. The weather was mild."}"#,
    )
    .unwrap();
    let out = annals()
        .args(["code", path.to_str().unwrap()])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let events = events_of(&out);
    let e = events
        .iter()
        .find(|e| e["cameo"] == "163")
        .expect("sanctions event");
    assert_eq!(e["doc_id"], "wire-7");
    assert_eq!(e["source"]["country"], "JPN");
    assert_eq!(e["target"]["country"], "PRK");
    assert_eq!(e["date"]["value"], "2024-06-20");
    assert_eq!(e["date"]["basis"], "publication");
    assert_eq!(e["modality"], "asserted");
}

#[test]
fn csv_and_table_formats() {
    let text = "China criticized Japan on Monday.\n";
    annals()
        .args(["code", "-", "--format", "csv"])
        .write_stdin(text)
        .assert()
        .success()
        .stdout(predicate::str::starts_with("event_id,doc_id,sentence,date"))
        .stdout(predicate::str::contains(",CHN,"))
        .stdout(predicate::str::contains(",111,"));
    annals()
        .args(["code", "-", "--format", "table"])
        .write_stdin(text)
        .assert()
        .success()
        .stdout(predicate::str::contains("source"))
        .stdout(predicate::str::contains("111"));
}

#[test]
fn text_without_interactions_gives_no_events() {
    annals()
        .args(["code", "-"])
        .write_stdin("The weather in Paris was mild. Markets rose slightly.\n")
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
}

#[test]
fn events_query_checks_its_arguments() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    annals()
        .args(["--db", db.to_str().unwrap(), "events", "--dyad", "RUS"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("--dyad"));
    annals()
        .args(["--db", db.to_str().unwrap(), "events", "--modality", "sure"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("modality"));
    let query = [
        "--db",
        db.to_str().unwrap(),
        "events",
        "--dyad",
        "RUS,PRK",
        "--format",
        "jsonl",
    ];
    // A read command never creates the database: a missing one is a usage error.
    annals()
        .args(query)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("database not found"));
    assert!(!db.exists());
    drop(annals_store::SqliteStore::open(&db).unwrap());
    annals()
        .args(query)
        .assert()
        .success()
        .stdout(predicate::str::is_empty());
}

#[test]
fn eval_events_scores_predictions_against_gold() {
    let dir = tempfile::tempdir().unwrap();
    let pred_path = dir.path().join("pred.jsonl");
    let out = annals()
        .args(["code", "-"])
        .write_stdin("Japan imposed sanctions on North Korea.\n")
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    std::fs::write(&pred_path, &out).unwrap();
    let doc_id = events_of(&out)[0]["doc_id"].as_str().unwrap().to_string();
    let gold_path = dir.path().join("gold.jsonl");
    let gold = format!(
        "{{\"doc_id\": \"{doc_id}\", \"sentence\": 1, \"start\": 0, \"end\": 39, \"split\": \"dev\", \"events\": [{{\"source\": \"JPN\", \"target\": \"PRK\", \"cameo\": \"163\", \"modality\": \"asserted\", \"attribution\": null}}, {{\"source\": \"PRK\", \"target\": \"JPN\", \"cameo\": \"111\", \"modality\": \"asserted\", \"attribution\": null}}]}}\n"
    );
    std::fs::write(&gold_path, gold).unwrap();
    let out = annals()
        .args([
            "eval",
            "events",
            "--gold",
            gold_path.to_str().unwrap(),
            "--pred",
            pred_path.to_str().unwrap(),
            "--format",
            "json",
        ])
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    let report: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let dev = &report["scores"][0];
    assert_eq!(dev["split"], "dev");
    // The details of the split: per-type rows whose matches add up to the split's.
    let types = report["details"][0]["per_type"].as_array().unwrap();
    let matched: u64 = types
        .iter()
        .map(|t| t["prf"]["matched"].as_u64().unwrap())
        .sum();
    assert_eq!(matched, 1, "{types:?}");
    assert_eq!(
        report["details"][0]["calibration"]
            .as_array()
            .unwrap()
            .len(),
        5
    );
    assert_eq!(dev["root"]["gold"], 2);
    assert_eq!(dev["root"]["matched"], 1);
    assert_eq!(dev["root"]["recall"], 0.5);
    annals()
        .args([
            "eval",
            "events",
            "--gold",
            pred_path.to_str().unwrap(),
            "--pred",
            pred_path.to_str().unwrap(),
        ])
        .assert()
        .failure();
}

#[test]
fn eval_events_refuses_a_corpus_without_the_gold_documents() {
    let dir = tempfile::tempdir().unwrap();
    let gold_path = dir.path().join("gold.jsonl");
    std::fs::write(
        &gold_path,
        "{\"doc_id\": \"missing-doc\", \"sentence\": 1, \"start\": 0, \"end\": 10, \"split\": \"dev\", \"events\": []}\n",
    )
    .unwrap();
    let corpus = dir.path().join("corpus.jsonl");
    std::fs::write(
        &corpus,
        "{\"id\": \"other\", \"text\": \"Japan imposed sanctions.\"}\n",
    )
    .unwrap();
    annals()
        .args([
            "eval",
            "events",
            "--gold",
            gold_path.to_str().unwrap(),
            "--corpus",
        ])
        .arg(&corpus)
        .assert()
        .failure()
        .stderr(predicate::str::contains("none of the 1 gold documents"));
}
