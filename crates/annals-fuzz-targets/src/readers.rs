//! Reader targets: bytes read as one input file of each format, every record prepared and
//! split into sentences as ingest does, and the document checked as the store would.

use std::sync::OnceLock;

use annals_core::{Document, InputRecord, SourceRef};
use annals_ingest::{prepare_document, read_reader, Format, ReadItem, ReaderOptions};
use annals_nlp::splitter::SentenceSplitter;

use crate::check::ordered_disjoint;

/// The sentence splitter, built once per process.
pub(crate) fn sentence_splitter() -> &'static SentenceSplitter {
    static SPLITTER: OnceLock<SentenceSplitter> = OnceLock::new();
    SPLITTER.get_or_init(SentenceSplitter::new)
}

/// A plain-text document as ingest builds it (cleaned, laid out, split into sentences);
/// `None` when nothing is left after cleaning.
pub(crate) fn text_document(text: String, published: Option<String>) -> Option<Document> {
    let record = InputRecord {
        published,
        text,
        ..InputRecord::default()
    };
    let source = SourceRef {
        path: "fuzz".to_owned(),
        line: None,
    };
    let mut doc = prepare_document(record, &source, Format::Text).ok()?;
    doc.sentences = sentence_splitter().split_blocks(&doc.clean_text, &doc.blocks);
    Some(doc)
}

/// Read `data` as the file `name` (its extension picks the format, as on the command
/// line), then prepare, split and validate every record it yields.
fn read_named(name: &str, data: &[u8]) {
    let opts = ReaderOptions::default();
    let mut items = Vec::new();
    read_reader(name, data, &opts, &mut |item| items.push(item));
    for item in items {
        let ReadItem::Record(source, record, format) = item else {
            continue;
        };
        let Ok(mut doc) = prepare_document(record, &source, format) else {
            continue;
        };
        assert!(
            !doc.clean_text.is_empty(),
            "{source}: empty clean text kept"
        );
        let blocks: Vec<_> = doc.blocks.iter().map(|b| b.span).collect();
        ordered_disjoint(&doc.clean_text, &blocks, "block");
        doc.sentences = sentence_splitter().split_blocks(&doc.clean_text, &doc.blocks);
        let sentences: Vec<_> = doc.sentences.iter().map(|s| s.span).collect();
        ordered_disjoint(&doc.clean_text, &sentences, "sentence");
        if let Err(e) = annals_store::validate_document(&doc) {
            panic!("{source}: the store would refuse the document: {e}");
        }
    }
}

/// Plain text file (`.txt`).
pub fn text(data: &[u8]) {
    read_named("input.txt", data);
}

/// JSON Lines (`.jsonl`), one record per line.
pub fn jsonl(data: &[u8]) {
    read_named("input.jsonl", data);
}

/// CSV with a header row (`.csv`).
pub fn csv(data: &[u8]) {
    read_named("input.csv", data);
}

/// One HTML page (`.html`): decoding, main-text extraction, metadata.
pub fn html(data: &[u8]) {
    read_named("input.html", data);
}

/// An RSS, Atom or RDF feed (`.rss`); links are never followed.
pub fn feed(data: &[u8]) {
    read_named("input.rss", data);
}

/// A WARC file (`.warc`).
pub fn warc(data: &[u8]) {
    read_named("input.warc", data);
}

/// Formats a gzip input can hold; the first input byte picks one.
const GZ_NAMES: [&str; 6] = [
    "input.txt.gz",
    "input.jsonl.gz",
    "input.csv.gz",
    "input.html.gz",
    "input.rss.gz",
    "input.warc.gz",
];

/// A gzip-compressed input: the first byte picks the inner format, the rest is the
/// compressed stream (which the reader decompresses with its size limit).
pub fn gzip(data: &[u8]) {
    let Some((&pick, rest)) = data.split_first() else {
        return;
    };
    let name = GZ_NAMES[usize::from(pick) % GZ_NAMES.len()];
    read_named(name, rest);
}
