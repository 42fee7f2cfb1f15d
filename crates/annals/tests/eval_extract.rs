//! `annals eval extract` on a small benchmark directory written by the test (pages stored
//! as gzip without compression), and on the shared dev pages when `ANNALS_SHARED` is set.
#![allow(clippy::unwrap_used)]

mod common;

use std::path::Path;

use common::{annals, json, shared_dir};
use predicates::prelude::*;

const PARAGRAPHS: [&str; 4] = [
    "The harbour authority in Kelby said on Monday that the northern pier would reopen next week after repairs to storm damage.",
    "Engineers replaced forty metres of decking and two mooring posts that the January storm had torn away.",
    "Ferry operators had moved their berths to the southern quay, which lengthened crossings by about twenty minutes.",
    "The authority said a second phase of work, on the breakwater, would start in the autumn.",
];

fn page(title: &str) -> String {
    let body: String = PARAGRAPHS.iter().map(|p| format!("<p>{p}</p>")).collect();
    format!(
        "<!DOCTYPE html><html lang=en><head><title>{title}</title></head><body>\
         <nav><a href=/>Home</a> <a href=/news>News</a> <a href=/sport>Sport</a></nav>\
         <article><h1>{title}</h1>{body}</article>\
         <footer>Contact us. Privacy policy. Terms of use.</footer></body></html>"
    )
}

/// CRC-32 (IEEE), bit by bit: enough for a few small test files.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A gzip member holding `data` in stored (uncompressed) deflate blocks.
fn gzip_stored(data: &[u8]) -> Vec<u8> {
    let mut out = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255];
    let chunks: Vec<&[u8]> = data.chunks(65_535).collect();
    for (i, chunk) in chunks.iter().enumerate() {
        out.push(u8::from(i + 1 == chunks.len()));
        let len = chunk.len() as u16;
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(&(!len).to_le_bytes());
        out.extend_from_slice(chunk);
    }
    if chunks.is_empty() {
        out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
    }
    out.extend_from_slice(&crc32(data).to_le_bytes());
    out.extend_from_slice(&(data.len() as u32).to_le_bytes());
    out
}

fn write_benchmark(dir: &Path) {
    std::fs::create_dir_all(dir.join("html")).unwrap();
    let mut truth = serde_json::Map::new();
    for id in ["pier-a", "pier-b"] {
        let html = page(&format!("Northern pier to reopen ({id})"));
        std::fs::write(
            dir.join("html").join(format!("{id}.html.gz")),
            gzip_stored(html.as_bytes()),
        )
        .unwrap();
        truth.insert(
            id.to_owned(),
            serde_json::json!({"articleBody": PARAGRAPHS.join("\n\n"), "url": format!("https://port.example.org/{id}")}),
        );
    }
    std::fs::write(
        dir.join("ground-truth.json"),
        serde_json::to_string(&truth).unwrap(),
    )
    .unwrap();
}

#[test]
fn scores_every_extractor() {
    let dir = tempfile::tempdir().unwrap();
    let bench = dir.path().join("bench");
    write_benchmark(&bench);
    let out = annals(&dir.path().join("x.db"))
        .args(["eval", "extract", "--format", "json", "--dir"])
        .arg(&bench)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = json(&out.stdout);
    let rows = rows.as_array().unwrap();
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r["extractor"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["consensus", "rs-trafilatura", "trafilatura", "dom_smoothie"]
    );
    for row in rows {
        assert_eq!(row["pages"], 2);
        let f1 = row["f1"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&f1));
    }
    // The article paragraphs are all there is to find: the consensus finds them.
    assert!(rows[0]["recall"].as_f64().unwrap() > 0.99, "{rows:?}");
    assert!(rows[0]["f1"].as_f64().unwrap() > 0.9, "{rows:?}");
}

#[test]
fn per_page_lines_with_verbose() {
    let dir = tempfile::tempdir().unwrap();
    let bench = dir.path().join("bench");
    write_benchmark(&bench);
    annals(&dir.path().join("x.db"))
        .args([
            "eval",
            "extract",
            "-v",
            "--extractor",
            "dom_smoothie",
            "--dir",
        ])
        .arg(&bench)
        .assert()
        .success()
        .stderr(predicate::str::contains("dom_smoothie\tpier-a\tP="))
        .stdout(
            predicate::str::contains("dom_smoothie")
                .and(predicate::str::contains("consensus").not()),
        );
}

#[test]
fn bad_arguments_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    annals(&dir.path().join("x.db"))
        .args(["eval", "extract", "--extractor", "boilerpipe", "--dir"])
        .arg(dir.path())
        .assert()
        .code(1)
        .stderr(predicate::str::contains("unknown extractor \"boilerpipe\""));
    annals(&dir.path().join("x.db"))
        .args(["eval", "extract", "--dir"])
        .arg(dir.path().join("missing"))
        .assert()
        .code(1)
        .stderr(predicate::str::contains("ground-truth.json: cannot read"));
}

/// The shared dev pages, through the command (skipped without `ANNALS_SHARED`).
#[test]
#[ignore = "needs ../shared"]
fn dev_pages_keep_their_score() {
    let shared = shared_dir();
    let dir = tempfile::tempdir().unwrap();
    let out = annals(&dir.path().join("x.db"))
        .args([
            "eval",
            "extract",
            "--extractor",
            "consensus",
            "--format",
            "json",
            "--dir",
        ])
        .arg(shared.join("data/article-extraction-dev"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = json(&out.stdout);
    assert!(rows[0]["f1"].as_f64().unwrap() >= 0.96, "{rows}");
}
