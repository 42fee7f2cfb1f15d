//! The engine seen from the command line: `annals code` and `annals ingest` analyse through
//! one analyzer (same events, same actor files), and SIGTERM/SIGINT stop an ingest cleanly.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use common::annals;

const KELMORIA: &str = "[[country]]\ncode = \"XKE\"\nname = \"Kelmoria\"\n\
    adjectives = [\"Kelmorian\"]\ncapitals = [\"Varnholt\"]\n";

const RECORD: &str = r#"{"id":"k1","published":"2024-06-19","text":"Kelmoria signed a defence treaty with Russia on Tuesday.\n\nThe Kelmorian government condemned North Korea for the missile launch. Russian President Vladimir Putin praised Kelmoria."}"#;

fn model() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../models/en_ewt.annals")
}

/// `annals --db <dir>/annals.db` with an empty config directory (no user actor files) and
/// the shipped model file.
fn cmd(dir: &Path) -> assert_cmd::Command {
    let config = dir.join("config");
    std::fs::create_dir_all(&config).unwrap();
    let mut c = annals(&dir.join("annals.db"));
    c.env("ANNALS_CONFIG_DIR", &config)
        .env("ANNALS_MODEL", model());
    c
}

/// JSONL lines, sorted (the order of `events` is the store's, of `code` the input's).
fn sorted_lines(out: &[u8]) -> Vec<String> {
    let mut lines: Vec<String> = String::from_utf8_lossy(out)
        .lines()
        .map(str::to_owned)
        .collect();
    lines.sort();
    lines
}

#[test]
fn code_and_ingest_give_the_same_events_with_an_actors_file() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in.jsonl");
    std::fs::write(&input, format!("{RECORD}\n")).unwrap();
    let actors = dir.path().join("kelmoria.toml");
    std::fs::write(&actors, KELMORIA).unwrap();

    let coded = cmd(dir.path())
        .arg("code")
        .arg(&input)
        .arg("--actors")
        .arg(&actors)
        .output()
        .unwrap();
    assert!(coded.status.success(), "{coded:?}");
    cmd(dir.path())
        .arg("ingest")
        .arg(&input)
        .arg("--actors")
        .arg(&actors)
        .assert()
        .success();
    let stored = cmd(dir.path())
        .args(["events", "--format", "jsonl"])
        .output()
        .unwrap();
    assert!(stored.status.success(), "{stored:?}");

    let coded = sorted_lines(&coded.stdout);
    assert_eq!(coded, sorted_lines(&stored.stdout));
    // The actor file was used: Kelmoria signs with Russia, both directions.
    let dyads: Vec<(String, String, String)> = coded
        .iter()
        .map(|l| {
            let e: serde_json::Value = serde_json::from_str(l).unwrap();
            let code = |side: &str| e[side]["code"].as_str().unwrap_or("").to_owned();
            (
                e["cameo"].as_str().unwrap().to_owned(),
                code("source"),
                code("target"),
            )
        })
        .collect();
    assert!(
        dyads.contains(&("057".into(), "XKE".into(), "RUS".into())),
        "{dyads:?}"
    );
    assert!(
        dyads.contains(&("057".into(), "RUS".into(), "XKE".into())),
        "{dyads:?}"
    );

    // Without the file `code` does not know Kelmoria: the flag is what made the difference.
    let plain = cmd(dir.path()).arg("code").arg(&input).output().unwrap();
    assert!(!String::from_utf8_lossy(&plain.stdout).contains("\"XKE\""));
}

/// `n` documents of a few sentences each, distinct enough not to be near-duplicates;
/// those in `long` repeat their sentences `LONG` times, to take a while to analyse.
fn write_corpus(path: &Path, n: usize, long: std::ops::Range<usize>) {
    const LONG: usize = 400;
    let mut out = String::new();
    for i in 0..n {
        let mut text = format!(
            "Report {i}: Russian President Vladimir Putin met North Korean leader Kim Jong Un \
             in Pyongyang on day {i}. The two leaders signed agreement number {i} on \
             transport. Officials in Seoul said meeting {i} worried them. Analyst {i} \
             expected sanctions to follow within {i} weeks."
        );
        if long.contains(&i) {
            text = (0..LONG)
                .map(|k| format!("{text} Paragraph {k}."))
                .collect::<Vec<_>>()
                .join("\n\n");
        }
        let record = serde_json::json!({"id": format!("doc{i:04}"), "text": text});
        out.push_str(&record.to_string());
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

/// Start `annals -v ingest` on `input` as a child, and return once it has stored its
/// first batch (it logs `new <id>` per stored document), with the rest of its stderr.
fn start_ingest(
    dir: &Path,
    input: &Path,
) -> (
    Child,
    std::io::Lines<BufReader<std::process::ChildStderr>>,
    Vec<String>,
) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("annals"))
        .arg("--db")
        .arg(dir.join("annals.db"))
        .args(["-v", "ingest"])
        .arg(input)
        .args(["-j", "1", "--batch", "8"])
        .env("ANNALS_CONFIG_DIR", dir.join("config"))
        .env("ANNALS_MODEL", model())
        .env_remove("ANNALS_DB")
        .env_remove("RUST_LOG")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = Vec::new();
    for line in lines.by_ref() {
        let line = line.unwrap();
        let stored = line.contains("new doc");
        seen.push(line);
        if stored {
            break;
        }
    }
    (child, lines, seen)
}

fn signal(child: &Child, name: &str) {
    let ok = Command::new("kill")
        .args([format!("-{name}"), child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok, "kill -{name} failed");
}

/// The summary line's "N new" count.
fn new_count(stderr: &[String]) -> usize {
    let line = stderr
        .iter()
        .find(|l| l.contains(" new, ") && l.contains("annals.db"))
        .unwrap_or_else(|| panic!("no summary in {stderr:#?}"));
    line.split(" new,").next().unwrap().trim().parse().unwrap()
}

fn stored_ids(dir: &Path) -> usize {
    let out = cmd(dir)
        .args(["docs", "--format", "json", "--limit", "100000"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{out:?}");
    let docs: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    docs.as_array().unwrap().len()
}

#[cfg(unix)]
#[test]
fn sigterm_and_sigint_store_what_was_read_print_the_summary_and_exit_128_plus_the_signal() {
    const DOCS: usize = 400;
    for (name, code) in [("TERM", 143), ("INT", 130)] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("config")).unwrap();
        let input = dir.path().join("corpus.jsonl");
        write_corpus(&input, DOCS, 0..0);

        let (mut child, rest, mut stderr) = start_ingest(dir.path(), &input);
        signal(&child, name);
        stderr.extend(rest.map_while(Result::ok));
        let status = child.wait().unwrap();
        assert_eq!(status.code(), Some(code), "SIG{name}: {stderr:#?}");
        assert!(
            stderr.iter().any(|l| l.starts_with("interrupted:")),
            "SIG{name}: {stderr:#?}"
        );
        let new = new_count(&stderr);
        assert!(new > 0 && new < DOCS, "SIG{name}: {new} of {DOCS} stored");
        // Everything reported stored is in the database, and nothing else.
        assert_eq!(stored_ids(dir.path()), new, "SIG{name}");

        // A re-run resumes: the rest is added, nothing twice.
        cmd(dir.path()).arg("ingest").arg(&input).assert().success();
        assert_eq!(stored_ids(dir.path()), DOCS);
    }
}

#[cfg(unix)]
#[test]
fn a_second_signal_exits_at_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("config")).unwrap();
    let input = dir.path().join("corpus.jsonl");
    // Documents queued after the first batch take seconds to analyse: the first signal's
    // orderly stop would wait for them, the second does not.
    write_corpus(&input, 100, 8..24);
    let (mut child, rest, mut stderr) = start_ingest(dir.path(), &input);
    signal(&child, "TERM");
    // Apart, so the two are not merged into one pending signal.
    std::thread::sleep(std::time::Duration::from_millis(300));
    signal(&child, "TERM");
    stderr.extend(rest.map_while(Result::ok));
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(143), "{stderr:#?}");
    assert!(
        stderr.iter().any(|l| l.contains("interrupted again")),
        "{stderr:#?}"
    );
}
