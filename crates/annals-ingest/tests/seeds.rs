//! Acceptance test on the two seed reports, read in place from `$ANNALS_SHARED/seeds/`.
//!
//! Needs `ANNALS_SHARED`: ignored by a plain `cargo test`, run by CI with `--include-ignored`.
//! Expectations are line numbers of the raw seed files (no seed text is copied here).

use std::path::PathBuf;

use annals_core::{BlockKind, Document, RemovalReason};
use annals_ingest::{prepare_document, read_input, Input, ReadItem, ReaderOptions};

fn seed(name: &str) -> PathBuf {
    let shared = std::env::var_os("ANNALS_SHARED").unwrap_or_else(|| {
        panic!("ANNALS_SHARED must point at ../shared (these tests are ignored without it)")
    });
    let path = PathBuf::from(shared).join("seeds").join(name);
    assert!(
        path.is_file(),
        "ANNALS_SHARED is set but {} is missing",
        path.display()
    );
    path
}

fn ingest(path: PathBuf) -> Document {
    let mut docs = Vec::new();
    read_input(
        &Input::Path(path),
        &ReaderOptions::default(),
        &mut |item| match item {
            ReadItem::Record(source, record, format) => docs.push(
                prepare_document(record, &source, format)
                    .unwrap_or_else(|e| panic!("prepare failed: {e}")),
            ),
            ReadItem::Warning(w) => panic!("unexpected warning: {w}"),
            ReadItem::Error(e) => panic!("unexpected error: {e}"),
        },
    );
    assert_eq!(docs.len(), 1);
    docs.remove(0)
}

/// Block kinds per raw line number, in order.
fn kinds_by_raw_line(doc: &Document) -> Vec<(usize, Vec<BlockKind>)> {
    let removed: Vec<usize> = doc.removed.iter().map(|r| r.line).collect();
    let kept: Vec<usize> = doc
        .raw_text
        .lines()
        .enumerate()
        .filter(|(i, l)| !l.trim().is_empty() && !removed.contains(&(i + 1)))
        .map(|(i, _)| i + 1)
        .collect();
    let mut out: Vec<(usize, Vec<BlockKind>)> = kept.iter().map(|&n| (n, Vec::new())).collect();
    for block in &doc.blocks {
        let clean_line = doc.clean_text[..block.span.start].matches('\n').count();
        out[clean_line].1.push(block.kind);
    }
    out
}

fn check_layout(doc: &Document, standalone: &[usize], labels: &[usize]) {
    use BlockKind::{Heading, Paragraph};
    for (line, kinds) in kinds_by_raw_line(doc) {
        let expected = if standalone.contains(&line) {
            vec![Heading]
        } else if labels.contains(&line) {
            vec![Heading, Paragraph]
        } else {
            vec![Paragraph]
        };
        assert_eq!(kinds, expected, "blocks of raw line {line}");
    }
    let headings = doc.blocks.iter().filter(|b| b.kind == Heading).count();
    assert_eq!(headings, standalone.len() + labels.len());
    for block in &doc.blocks {
        let Some(text) = doc.text_of(block.span) else {
            panic!("span {:?} does not fit the clean text", block.span)
        };
        assert!(!text.is_empty());
        assert!(!text.contains('\n'), "block glued across lines: {text:?}");
        assert_eq!(text, text.trim());
        if block.kind == Heading {
            assert!(!text.ends_with(':'), "heading keeps its colon: {text:?}");
        }
    }
}

/// Every kept line of the raw text is in the clean text, unchanged, in order.
fn check_body_kept(doc: &Document) {
    let removed: Vec<usize> = doc.removed.iter().map(|r| r.line).collect();
    let kept: Vec<&str> = doc
        .raw_text
        .lines()
        .enumerate()
        .filter(|(i, l)| !l.trim().is_empty() && !removed.contains(&(i + 1)))
        .map(|(_, l)| l.trim())
        .collect();
    let clean: Vec<&str> = doc.clean_text.split('\n').collect();
    assert_eq!(clean, kept);
}

#[test]
#[ignore = "needs ../shared"]
fn seed_000_removes_only_the_promo_line() {
    let path = seed("000_095ba332747d2447.txt");
    let doc = ingest(path);
    let removed: Vec<(usize, RemovalReason)> =
        doc.removed.iter().map(|r| (r.line, r.reason)).collect();
    assert_eq!(removed, vec![(29, RemovalReason::Promo)]);
    assert_eq!(doc.removed[0].detail, "starts with \"ALSO READ:\"");
    check_body_kept(&doc);
    let standalone = [12, 15, 18, 22, 25];
    let labels = [
        2, 3, 4, 5, 6, 7, 8, 9, 13, 14, 16, 17, 19, 20, 21, 23, 24, 26, 27,
    ];
    check_layout(&doc, &standalone, &labels);
    assert_eq!(doc.id.len(), 16);
    assert!(doc.content_hash.starts_with(&doc.id));
}

#[test]
#[ignore = "needs ../shared"]
fn seed_003_removes_link_list_and_repeat() {
    let path = seed("003_6fea2f5c7dd29069.txt");
    let doc = ingest(path);
    let removed: Vec<(usize, RemovalReason)> =
        doc.removed.iter().map(|r| (r.line, r.reason)).collect();
    assert_eq!(
        removed,
        vec![
            (4, RemovalReason::LinkList),
            (5, RemovalReason::LinkList),
            (6, RemovalReason::Repeated),
        ]
    );
    assert_eq!(doc.removed[2].detail, "same text as line 5");
    check_body_kept(&doc);
    let standalone = [2, 7, 8, 12, 16, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40];
    let labels = [10, 11, 14, 15, 18, 19];
    check_layout(&doc, &standalone, &labels);
}
