//! End-to-end on the two reference reports in `$ANNALS_SHARED/seeds` (read in place).

mod common;

use common::{annals, json, shared_dir};
use predicates::prelude::*;

#[test]
#[ignore = "needs ../shared"]
fn seeds_ingest_show_and_reingest() {
    let shared = shared_dir();
    let seeds = shared.join("seeds");
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("seeds.db");
    annals(&db)
        .arg("ingest")
        .arg(&seeds)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "2 new, 0 already present, 0 failed",
        ));
    annals(&db)
        .arg("ingest")
        .arg(&seeds)
        .assert()
        .success()
        .stderr(predicate::str::contains(
            "0 new, 2 already present, 0 failed",
        ));

    let out = annals(&db)
        .args(["docs", "--format", "json"])
        .output()
        .unwrap();
    let docs = json(&out.stdout);
    let mut removed_all = Vec::new();
    let mut headings = Vec::new();
    for d in docs.as_array().unwrap() {
        let id = d["id"].as_str().unwrap();
        let out = annals(&db)
            .args(["show", id, "--format", "json"])
            .output()
            .unwrap();
        let doc = json(&out.stdout);
        let source = doc["source"].as_str().unwrap().to_string();
        let name = source.rsplit('/').next().unwrap().to_string();
        for r in doc["removed"].as_array().unwrap() {
            removed_all.push((
                name[..3].to_string(),
                r["line"].as_u64().unwrap(),
                r["reason"].as_str().unwrap().to_string(),
            ));
        }
        let sentences = doc["sentences"].as_array().unwrap();
        let n_head = sentences.iter().filter(|s| s["kind"] == "heading").count();
        headings.push((name[..3].to_string(), n_head, sentences.len() - n_head));
        for s in sentences {
            let text = s["text"].as_str().unwrap();
            assert!(
                !text.contains('\n'),
                "sentence glued across lines: {text:?}"
            );
            assert!(!text.starts_with("ALSO READ"), "promo kept: {text:?}");
        }
    }
    removed_all.sort();
    headings.sort();
    let reasons: Vec<(&str, u64, &str)> = removed_all
        .iter()
        .map(|(d, l, r)| (d.as_str(), *l, r.as_str()))
        .collect();
    assert_eq!(
        reasons,
        [
            ("000", 29, "promo"),
            ("003", 4, "link_list"),
            ("003", 5, "link_list"),
            ("003", 6, "repeated"),
        ]
    );
    // 5 heading lines + 19 "Label:" headings; 16 heading lines + 6 labels.
    assert_eq!(headings[0].1, 24, "seed 000 headings");
    assert_eq!(headings[1].1, 22, "seed 003 headings");
    // Body sentences counted by hand from the seed texts.
    assert_eq!(headings[0].2, 36, "seed 000 body sentences");
    assert_eq!(headings[1].2, 51, "seed 003 body sentences");
}
