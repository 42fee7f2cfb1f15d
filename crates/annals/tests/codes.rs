//! `annals codes`: the CAMEO/PLOVER tables from the command line.

use assert_cmd::Command;
use predicates::prelude::*;

fn annals() -> Command {
    match Command::cargo_bin("annals") {
        Ok(c) => c,
        Err(e) => panic!("annals binary: {e}"),
    }
}

fn jsonl(args: &[&str]) -> Vec<serde_json::Value> {
    let out = annals().args(args).output();
    let Ok(out) = out else {
        panic!("annals did not run");
    };
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or(serde_json::Value::Null))
        .collect()
}

#[test]
fn a_root_lists_its_codes_with_goldstein_and_plover() {
    annals()
        .args(["codes", "05"])
        .assert()
        .success()
        .stdout(predicate::str::contains("057"))
        .stdout(predicate::str::contains("Sign formal agreement"))
        .stdout(predicate::str::contains("SUPPORT"))
        .stdout(predicate::str::contains("042").not());
}

#[test]
fn jsonl_rows_carry_every_field() {
    let rows = jsonl(&["codes", "0", "--format", "jsonl"]);
    assert!(rows.len() > 100, "{}", rows.len());
    assert!(rows
        .iter()
        .all(|r| r["code"].as_str().is_some_and(|c| c.starts_with('0'))));
    let visit = rows.iter().find(|r| r["code"] == "042");
    let Some(visit) = visit else {
        panic!("042 missing");
    };
    assert_eq!(visit["plover"], "CONSULT");
    assert_eq!(visit["plover_mode"], "visit");
    assert_eq!(visit["quad_class"], 1);
    assert_eq!(visit["goldstein"], 1.9);
    let statement = rows.iter().find(|r| r["code"] == "010");
    assert_eq!(statement.map(|r| r["plover"].is_null()), Some(true));
}

#[test]
fn all_codes_and_plover_types() {
    let all = jsonl(&["codes", "--format", "jsonl"]);
    assert!(all.len() >= 280, "{}", all.len());
    let plover = jsonl(&["codes", "--plover", "--format", "jsonl"]);
    let types = plover.iter().filter(|r| r["mode"].is_null()).count();
    assert_eq!(types, 16);
    assert!(plover
        .iter()
        .any(|r| r["plover"] == "ASSAULT" && r["mode"] == "drone"));
}

#[test]
fn an_unknown_prefix_fails_with_a_message() {
    annals()
        .args(["codes", "99"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no CAMEO code starts with"));
}
