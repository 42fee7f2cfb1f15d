//! Reader caps (issue 18): deeply nested HTML is refused with the reason, and a gzip
//! stream that expands past the ratio cap stops with a named error.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use annals_ingest::html::MAX_NESTING;
use std::io::Write;

use common::{opts, read_path, write};

#[test]
fn html_nested_100000_deep_says_why_no_text_is_extracted() {
    let dir = tempfile::tempdir().unwrap();
    let html = format!(
        "<html><body>{}<p>Putin met Kim Jong Un in Pyongyang on Monday to sign a treaty.</p>{}</body></html>",
        "<div>".repeat(100_000),
        "</div>".repeat(100_000)
    );
    let p = write(dir.path(), "deep.html", html.as_bytes());
    let out = read_path(&p, &opts());
    assert!(out.records.is_empty());
    assert_eq!(
        out.errors,
        vec![format!(
            "{}: HTML nested 100002 elements deep (limit {MAX_NESTING}); its article text is not extracted",
            p.display()
        )]
    );
}

#[test]
fn a_gzip_bomb_stops_with_a_named_error() {
    let dir = tempfile::tempdir().unwrap();
    // 200 MB of blank lines in a .jsonl.gz: every line is skipped, none is too large,
    // so only the ratio cap stops the read.
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    enc.write_all(&vec![b'\n'; 200 << 20]).unwrap();
    let bomb = enc.finish().unwrap();
    assert!(bomb.len() * 500 < 200 << 20, "{} bytes", bomb.len());
    let p = write(dir.path(), "bomb.jsonl.gz", &bomb);
    let out = read_path(&p, &opts());
    assert!(out.records.is_empty());
    assert_eq!(
        out.errors,
        vec![format!(
            "{}: gzip data expands more than 250:1 past 64 MB (a decompression bomb?); stopped reading",
            p.display()
        )]
    );
}
