//! What a user trips over (issue 18): filter values that can match nothing, broken pipes,
//! colours in logs, repeated error text, `--db` where it means nothing, and ways of naming
//! a document.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::process::{Command as StdCommand, Stdio};

use common::{annals, json, workspace_root};
use predicates::prelude::*;

/// A database with the bundled examples, in a temporary directory.
fn examples_db() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    annals(&db)
        .arg("ingest")
        .arg(workspace_root().join("examples"))
        .assert()
        .success();
    (dir, db)
}

#[test]
fn invalid_filter_values_are_usage_errors() {
    let (_dir, db) = examples_db();
    let cases: &[(&[&str], &str)] = &[
        (&["--since", "foo"], "--since"),
        (&["--since", "2024-13"], "01 to 12"),
        (&["--until", "2023-02-29"], "28 days"),
        (&["--until", "24"], "--until"),
        (&["--plover", "NOPE"], "unknown PLOVER type"),
        (&["--code", "abc"], "not a CAMEO code"),
        (&["--code", "99"], "no CAMEO code starts with"),
        (&["--dyad", "RUS"], "not a dyad"),
        (&["--dyad", "RUS,PRK,CHN"], "not a dyad"),
        (&["--actor", "U.S."], "not an actor code"),
        (&["--min-confidence", "1.5"], "from 0 to 1"),
        (&["--modality", "sure"], "unknown modality"),
    ];
    for (args, message) in cases {
        annals(&db)
            .arg("events")
            .args(*args)
            .assert()
            .code(2)
            .stdout(predicate::str::is_empty())
            .stderr(predicate::str::contains(*message));
    }
    // Valid values in another case are normalised, not rejected.
    let out = annals(&db)
        .args(["events", "--dyad", "rus,prk", "--plover", "support"])
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(!out.stdout.is_empty());
}

#[test]
fn a_date_filter_says_how_many_undated_events_it_left_out() {
    let (_dir, db) = examples_db();
    // The summit report (a .txt without metadata) has undated RUS–PRK events.
    annals(&db)
        .args(["events", "--dyad", "RUS,PRK", "--since", "2024"])
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "undated events match the other filters but not --since/--until; add --undated",
        ));
    let with = annals(&db)
        .args([
            "events",
            "--dyad",
            "RUS,PRK",
            "--since",
            "2023",
            "--undated",
        ])
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    let all = annals(&db)
        .args(["events", "--dyad", "RUS,PRK", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(!with.stdout.is_empty());
    assert_eq!(
        with.stdout, all.stdout,
        "no dated RUS–PRK event is before 2023 (the earliest: shipments since August 2023)"
    );
    let confident = annals(&db)
        .args(["events", "--min-confidence", "0.99", "--format", "jsonl"])
        .output()
        .unwrap();
    for line in String::from_utf8_lossy(&confident.stdout).lines() {
        let e: serde_json::Value = serde_json::from_str(line).unwrap();
        assert!(e["confidence"].as_f64().unwrap() >= 0.99, "{line}");
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let (_dir, db) = examples_db();
    for args in [
        &["events"][..],
        &["docs"],
        &["search", "sanctions"],
        &["codes"],
    ] {
        let mut child = StdCommand::new(env!("CARGO_BIN_EXE_annals"))
            .args(args)
            .env("ANNALS_DB", &db)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Close the reading end before annals writes anything.
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {stderr}");
        assert!(!stderr.contains("Broken pipe"), "{args:?}: {stderr}");
    }
}

#[test]
fn verbose_logs_have_no_colours_off_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    let out = annals(&db)
        .args(["-v", "ingest"])
        .arg(workspace_root().join("examples/wire.jsonl"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("INFO"), "{stderr}");
    assert!(!stderr.contains('\u{1b}'), "ANSI escapes in {stderr:?}");
}

#[test]
fn a_database_error_is_said_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("not-a-db.db");
    std::fs::write(&db, vec![b'x'; 4096]).unwrap();
    let out = annals(&db).arg("docs").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The store's refusal, said once (the driver's own text used to follow it twice).
    assert_eq!(
        stderr.matches("not an annals database").count(),
        1,
        "repeated: {stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
}

#[test]
fn db_is_offered_only_where_a_database_is_used() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("a.db");
    for cmd in [
        &["code"][..],
        &["codes"],
        &["parse"],
        &["actor"],
        &["nlp", "eval"],
    ] {
        annals(&db)
            .args(cmd)
            .arg("--help")
            .assert()
            .success()
            .stdout(predicate::str::contains("--db").not());
    }
    for cmd in [
        "ingest", "docs", "show", "search", "events", "actors", "watch", "demo",
    ] {
        annals(&db)
            .args([cmd, "--help"])
            .assert()
            .success()
            .stdout(predicate::str::contains("--db <PATH>"));
    }
    annals(&db)
        .args(["--db", "x.db", "codes", "05"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("`annals codes` uses no database"));
    annals(&db)
        .args(["codes", "05", "--db", "x.db"])
        .assert()
        .code(2);
    // Before or after the command, for a command that uses one.
    let (_dir, db) = examples_db();
    for args in [
        vec!["--db", db.to_str().unwrap(), "docs", "--format", "json"],
        vec!["docs", "--db", db.to_str().unwrap(), "--format", "json"],
    ] {
        let out = StdCommand::new(env!("CARGO_BIN_EXE_annals"))
            .args(&args)
            .env_remove("ANNALS_DB")
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        assert_eq!(json(&out.stdout).as_array().unwrap().len(), 7, "{args:?}");
    }
}

#[test]
fn documents_are_named_by_id_prefix_or_source_file() {
    let (_dir, db) = examples_db();
    let out = annals(&db)
        .args(["docs", "--format", "json"])
        .output()
        .unwrap();
    let docs = json(&out.stdout);
    let summit = docs
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["source"].as_str().is_some_and(|t| t.contains("summit")))
        .unwrap();
    let id = summit["id"].as_str().unwrap();
    // A prefix works for stored mentions as it does for events.
    let out = annals(&db)
        .args(["actors", "--stored", "--doc", &id[..8], "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert!(rows.len() > 5, "{} rows", rows.len());
    assert!(rows.iter().all(|r| r["doc_id"] == id));
    annals(&db)
        .args(["actors", "--stored", "--doc", "zzzz"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no stored document matches"));
    // `show` also takes the file a document was read from.
    let out = annals(&db)
        .args(["show", "2024-06-19-summit", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(json(&out.stdout)["id"], id);
    annals(&db)
        .args(["show", ".txt"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "matches the sources of 2 documents",
        ));
}
