//! End-to-end tests of the `annals` command on documents written for these tests.

mod common;

use common::{annals, json, workspace_root};
use predicates::prelude::*;

#[test]
fn demo_populates_the_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("annals.db");
    annals(&db)
        .arg("demo")
        .assert()
        .success()
        .stdout(predicate::str::contains("7 documents"))
        .stdout(predicate::str::contains("boilerplate lines removed"))
        .stdout(predicate::str::contains("coded"))
        .stdout(predicate::str::contains("RUSGOV"))
        .stdout(predicate::str::contains("057"));
    let out = annals(&db)
        .args(["docs", "--format", "json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let docs = json(&out.stdout);
    assert_eq!(docs.as_array().unwrap().len(), 7);
}

#[test]
fn ingest_is_idempotent_and_reports_counts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let examples = workspace_root().join("examples");
    annals(&db)
        .arg("ingest")
        .arg(&examples)
        .assert()
        .success()
        .stderr(predicate::str::contains("7 new, 0 already present"));
    annals(&db)
        .arg("ingest")
        .arg(&examples)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "0 new, 7 already present, 0 failed",
        ));
}

#[test]
fn show_marks_headings_and_lists_removed_lines() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let file = dir.path().join("report.txt");
    std::fs::write(
        &file,
        "Port Reopens After Strike\n\
         Dock workers in Rotterdam ended a strike on Monday. Ships began to unload within hours.\n\
         Background: The union had demanded higher pay since March.\n\
         Read more: Strikes across Europe\n",
    )
    .unwrap();
    annals(&db).arg("ingest").arg(&file).assert().success();
    let out = annals(&db)
        .arg("docs")
        .arg("--format=json")
        .output()
        .unwrap();
    let id = json(&out.stdout)[0]["id"].as_str().unwrap().to_string();
    let out = annals(&db)
        .args(["show", &id[..8], "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc = json(&out.stdout);
    let kinds: Vec<&str> = doc["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["heading", "body", "body", "heading", "body"]);
    let removed = doc["removed"].as_array().unwrap();
    assert_eq!(removed.len(), 1);
    assert_eq!(removed[0]["line"], 4);
    assert_eq!(removed[0]["reason"], "promo");
    annals(&db)
        .args(["show", &id])
        .assert()
        .success()
        .stdout(predicate::str::contains("## Port Reopens After Strike"))
        .stdout(predicate::str::contains("Removed lines (1)"));
}

#[test]
fn search_finds_sentences_with_snippets() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    annals(&db)
        .arg("ingest")
        .arg(workspace_root().join("examples"))
        .assert()
        .success();
    let out = annals(&db)
        .args(["search", "U.S. officials", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let hits = json(&out.stdout);
    assert!(!hits.as_array().unwrap().is_empty());
    annals(&db)
        .args(["search", "sanctions", "--format", "csv"])
        .assert()
        .success()
        .stdout(predicate::str::starts_with("doc,sentence,kind,snippet"));
}

#[test]
fn bad_inputs_are_reported_and_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let inputs = dir.path().join("in");
    std::fs::create_dir(&inputs).unwrap();
    std::fs::write(
        inputs.join("good.txt"),
        "The council met on Tuesday. It approved the budget.\n",
    )
    .unwrap();
    std::fs::write(inputs.join("binary.txt"), [0u8, 159, 146, 150, 0, 1, 2, 3]).unwrap();
    std::fs::write(
        inputs.join("records.jsonl"),
        "{\"id\": \"r1\", \"text\": \"Rain fell in Lima.\"}\n{not json\n{\"id\": \"r3\", \"text\": \"Snow fell in Oslo.\"}\n",
    )
    .unwrap();
    annals(&db)
        .arg("ingest")
        .arg(&inputs)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("binary.txt"))
        .stderr(predicate::str::contains("records.jsonl:2"))
        .stderr(predicate::str::contains(
            "3 new, 0 already present, 2 failed",
        ));
    let out = annals(&db)
        .args(["docs", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(json(&out.stdout).as_array().unwrap().len(), 3);
}

#[test]
fn stdin_and_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    annals(&db)
        .args(["ingest", "-"])
        .write_stdin("{\"id\": \"s1\", \"published\": \"2024-01-02\", \"text\": \"Talks resumed in Geneva.\"}\n")
        .assert()
        .success()
        .stderr(predicate::str::contains("1 new"));
    annals(&db).arg("ingest").assert().code(2);
    annals(&db)
        .args(["show", "no-such-document"])
        .assert()
        .code(1);
    annals(&db)
        .args(["ingest", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Examples"));
}
