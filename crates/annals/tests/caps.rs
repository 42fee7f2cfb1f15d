//! Hostile documents end to end (issue 18): an unpunctuated run is stored whole, cut into
//! capped sentences, with warnings naming the document for the caps it hits; ordinary text
//! hits none.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use common::{annals, json};

/// `words` repeated, space-separated, to at least `bytes` bytes.
fn run_of(words: &[&str], bytes: usize) -> String {
    let mut out = String::new();
    for w in words.iter().cycle() {
        if out.len() >= bytes {
            break;
        }
        out.push_str(w);
        out.push(' ');
    }
    out
}

/// (`n_sentences`, `n_events`) of the only stored document.
fn stored(db: &std::path::Path) -> (u64, u64) {
    let out = annals(db)
        .args(["docs", "--format", "json"])
        .output()
        .unwrap();
    let docs = json(&out.stdout);
    let docs = docs.as_array().unwrap();
    assert_eq!(docs.len(), 1);
    let n = |k: &str| docs[0][k].as_u64().unwrap();
    (n("n_sentences"), n("n_events"))
}

#[test]
fn an_unpunctuated_run_is_stored_in_capped_sentences_with_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("run.txt");
    let words = [
        "Russia",
        "and",
        "China",
        "met",
        "Ukraine",
        "and",
        "Japan",
        "officials",
    ];
    let text = run_of(&words, 200_000);
    std::fs::write(&file, &text).unwrap();
    let db = dir.path().join("a.db");
    let out = annals(&db).arg("ingest").arg(&file).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("1 new, 0 already present, 0 failed"),
        "{stderr}"
    );
    // A warning from the parser and one from the actor resolver (and, when the run holds
    // enough triggers, one from the coder's candidate cap), each naming the document.
    let warnings: Vec<&str> = stderr.lines().filter(|l| l.contains("WARN")).collect();
    assert!((2..=3).contains(&warnings.len()), "{stderr}");
    assert!(warnings.iter().all(|w| w.contains("document ")));
    assert!(
        warnings.iter().any(|w| w.contains(
            "sentences over 2048 bytes (text without sentence ends is cut at 4096 bytes)"
        )),
        "{stderr}"
    );
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("sentences had more than 100 actor mentions")),
        "{stderr}"
    );
    // 200 KB cut into pieces of 2–4 KB.
    let (sentences, _) = stored(&db);
    assert!((49..=98).contains(&sentences), "{sentences} sentences");
}

#[test]
fn ordinary_sentences_on_one_line_hit_no_cap() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("line.txt");
    let text = run_of(
        &[
            "Putin met Kim Jong Un in Pyongyang.",
            "China urged both sides to talk.",
        ],
        100_000,
    );
    std::fs::write(&file, &text).unwrap();
    let db = dir.path().join("a.db");
    let out = annals(&db).arg("ingest").arg(&file).output().unwrap();
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("WARN"), "{stderr}");
    let (sentences, events) = stored(&db);
    assert_eq!(sentences, 2 * text.matches("China").count() as u64);
    assert!(events > 0);
}
