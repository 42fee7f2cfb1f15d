//! `annals actors`, `annals actor` and `--actors FILE`, on documents written for these tests.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::path::Path;

use common::annals;
use predicates::prelude::*;

const TEXT: &str =
    "Russian President Vladimir Putin met North Korean leader Kim Jong Un in Pyongyang.\n\n\
The two leaders signed a treaty, and U.S. officials said they were worried.\n\n\
Tomas Varga of the Kelmorian Fishing League watched from Varnholt.\n";

/// `annals` with an empty config directory, so a user's own actor files never interfere.
fn cmd(dir: &Path) -> assert_cmd::Command {
    let config = dir.join("config");
    std::fs::create_dir_all(&config).unwrap();
    let mut c = annals(&dir.join("annals.db"));
    c.env("ANNALS_CONFIG_DIR", &config);
    c
}

fn jsonl(out: &[u8]) -> Vec<serde_json::Value> {
    String::from_utf8_lossy(out)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

fn write_doc(dir: &Path) -> std::path::PathBuf {
    let path = dir.join("summit.txt");
    std::fs::write(&path, TEXT).unwrap();
    path
}

#[test]
fn actors_prints_resolved_mentions_as_jsonl() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write_doc(dir.path());
    let out = cmd(dir.path())
        .arg("actors")
        .arg(&doc)
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = jsonl(&out.stdout);
    let find = |text: &str| {
        rows.iter()
            .filter(|r| r["text"] == text)
            .collect::<Vec<_>>()
    };
    let putin = find("Russian President Vladimir Putin");
    assert_eq!(putin.len(), 1, "{rows:#?}");
    assert_eq!(putin[0]["code"], "RUSGOV");
    assert_eq!(putin[0]["sentence"], 1);
    assert_eq!(putin[0]["start"], 0);
    assert_eq!(putin[0]["via"], "name");
    let leaders = find("The two leaders");
    assert_eq!(leaders.len(), 2, "one row per actor: {rows:#?}");
    assert_eq!(leaders[0]["sentence"], 2);
    let officials = find("U.S. officials");
    assert_eq!(officials[0]["code"], "USAGOV");
    assert_eq!(officials[0]["name"], serde_json::Value::Null);
    let unknown = find("Varnholt");
    assert_eq!(unknown[0]["code"], serde_json::Value::Null);
    assert_eq!(unknown[0]["via"], "unresolved");
    for r in &rows {
        for key in [
            "doc_id", "sentence", "text", "start", "end", "code", "country", "sector", "name",
            "wikidata", "via",
        ] {
            assert!(r.get(key).is_some(), "{key} missing in {r}");
        }
    }
}

#[test]
fn actors_table_and_unresolved_counts() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write_doc(dir.path());
    cmd(dir.path())
        .arg("actors")
        .arg(&doc)
        .assert()
        .success()
        .stdout(predicate::str::contains("Kim Jong Un"))
        .stdout(predicate::str::contains("PRKGOV"));
    let twice = dir.path().join("twice.txt");
    std::fs::write(
        &twice,
        "Varnholt said the Kelmorian fleet was ready. Officials in Varnholt agreed.\n",
    )
    .unwrap();
    let out = cmd(dir.path())
        .arg("actors")
        .arg(&doc)
        .arg(&twice)
        .args(["--unresolved", "--top", "1", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let rows = jsonl(&out.stdout);
    // At most one name per kind, each kind at most once.
    let kinds: Vec<&str> = rows.iter().filter_map(|r| r["kind"].as_str()).collect();
    assert!(rows.len() <= 4 && kinds.len() == rows.len(), "{rows:?}");
    let varnholt: Vec<_> = rows.iter().filter(|r| r["text"] == "Varnholt").collect();
    assert_eq!(varnholt.len(), 1, "{rows:?}");
    assert_eq!(varnholt[0]["count"], 3);
    // "said" once, "in Varnholt" twice: the place reading wins.
    assert_eq!(varnholt[0]["kind"], "place");
    let table = cmd(dir.path())
        .arg("actors")
        .arg(&twice)
        .arg("--unresolved")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.starts_with("3 of 3 mentions unresolved (100.0%)"),
        "{text}"
    );
    assert!(text.contains("\nplace (2 mentions)\n"), "{text}");
    assert!(
        !text.contains("person ("),
        "empty kinds are not listed: {text}"
    );
}

#[test]
fn user_actor_files_extend_the_knowledge_base() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write_doc(dir.path());
    let mine = dir.path().join("kelmoria.toml");
    std::fs::write(
        &mine,
        "[[country]]\ncode = \"XKE\"\nname = \"Kelmoria\"\nadjectives = [\"Kelmorian\"]\ncapitals = [\"Varnholt\"]\n\n\
         [[org]]\ncode = \"XKEBUS\"\ncountry = \"XKE\"\nsector = \"BUS\"\nname = \"Kelmorian Fishing League\"\n",
    )
    .unwrap();
    let out = cmd(dir.path())
        .arg("actors")
        .arg(&doc)
        .arg("--actors")
        .arg(&mine)
        .args(["--format", "jsonl"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = jsonl(&out.stdout);
    assert!(
        rows.iter()
            .any(|r| r["text"] == "Kelmorian Fishing League" && r["code"] == "XKEBUS"),
        "{rows:#?}"
    );

    // The same file in the config directory works without --actors.
    let actors_dir = dir.path().join("config").join("actors");
    std::fs::create_dir_all(&actors_dir).unwrap();
    std::fs::copy(&mine, actors_dir.join("kelmoria.toml")).unwrap();
    cmd(dir.path())
        .args(["actor", "XKE"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Kelmoria"));
}

#[test]
fn a_malformed_actor_file_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let doc = write_doc(dir.path());
    let bad = dir.path().join("bad.toml");
    std::fs::write(&bad, "[[person]]\nid = \"x\"\nname = \"X Y\"\nroles = [{ office = \"RUS/president\", from = \"soon\" }]\n").unwrap();
    cmd(dir.path())
        .arg("actors")
        .arg(&doc)
        .arg("--actors")
        .arg(&bad)
        .assert()
        .failure()
        .stderr(predicate::str::contains("bad.toml:2: x: date `soon`"));
}

#[test]
fn actor_shows_roles_over_time() {
    let dir = tempfile::tempdir().unwrap();
    cmd(dir.path())
        .args(["actor", "RUS/president"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Dmitry Medvedev"))
        .stdout(predicate::str::contains("2008-05-07"));
    let out = cmd(dir.path())
        .args(["actor", "TASS", "--json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(v.as_array().unwrap().iter().any(|e| e["code"] == "RUSMED"));
    cmd(dir.path())
        .args(["actor", "Nobody Anywhere"])
        .assert()
        .failure();
}

#[test]
fn stored_mentions_need_a_database() {
    let dir = tempfile::tempdir().unwrap();
    cmd(dir.path())
        .args(["actors", "--stored"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not found"));
    let doc = write_doc(dir.path());
    cmd(dir.path()).arg("ingest").arg(&doc).assert().success();
    let out = cmd(dir.path())
        .args(["actors", "--stored", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for r in jsonl(&out.stdout) {
        assert!(r.get("code").is_some() && r.get("via").is_some());
    }
}
