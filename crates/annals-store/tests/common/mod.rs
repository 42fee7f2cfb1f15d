//! Documents built by hand for the store tests: blocks joined by blank lines, sentences
//! split after `.`, `?` or `!` followed by a space, every span computed from the text.

#![allow(dead_code)]

use annals_core::{
    content_hash, doc_id_from_hash, Block, BlockKind, Document, RemovalReason, RemovedLine,
    Sentence, Span,
};

/// A document with the given id whose clean text is `blocks` separated by `\n\n`.
pub fn doc(id: &str, blocks: &[(BlockKind, &str)]) -> Document {
    let mut clean = String::new();
    let mut doc_blocks = Vec::new();
    let mut sentences = Vec::new();
    for (kind, text) in blocks {
        if !clean.is_empty() {
            clean.push_str("\n\n");
        }
        let start = clean.len();
        clean.push_str(text);
        doc_blocks.push(Block {
            span: Span::new(start, clean.len()),
            kind: *kind,
        });
        for span in split_sentences(text) {
            sentences.push(Sentence {
                span: span.offset(start),
                kind: (*kind).into(),
            });
        }
    }
    let raw = format!("{clean}\nALSO READ: something else\n");
    Document {
        id: id.to_owned(),
        url: Some(format!("https://news.example/{id}")),
        title: blocks
            .iter()
            .find(|(k, _)| *k == BlockKind::Heading)
            .map(|(_, t)| (*t).to_owned()),
        published: Some("2023-09-13".to_owned()),
        publisher: Some("Example Wire".to_owned()),
        source: Some(format!("test/{id}.txt")),
        raw_text: raw,
        content_hash: content_hash(&clean),
        clean_text: clean,
        removed: vec![RemovedLine {
            line: blocks.len() * 2,
            text: "ALSO READ: something else".to_owned(),
            reason: RemovalReason::Promo,
            detail: "starts with \"ALSO READ:\"".to_owned(),
        }],
        blocks: doc_blocks,
        sentences,
    }
}

/// A document without an id of its own: its id is derived from its content hash.
pub fn hashed_doc(blocks: &[(BlockKind, &str)]) -> Document {
    let mut d = doc("placeholder", blocks);
    d.id = doc_id_from_hash(&d.content_hash);
    d.url = None;
    d
}

/// Body paragraphs only.
pub fn body(id: &str, paragraphs: &[&str]) -> Document {
    let blocks: Vec<(BlockKind, &str)> = paragraphs
        .iter()
        .map(|p| (BlockKind::Paragraph, *p))
        .collect();
    doc(id, &blocks)
}

/// Spans of the sentences of `text`: a sentence ends after `.`, `?` or `!` followed by a
/// space (the space belongs to neither sentence), except the dot of an initial such as the
/// last one of "U.S." (a capital letter after a dot, a space or the start).
pub fn split_sentences(text: &str) -> Vec<Span> {
    let mut spans = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let is_initial = |i: usize| {
        i >= 1
            && bytes[i - 1].is_ascii_uppercase()
            && (i == 1 || matches!(bytes[i - 2], b'.' | b' '))
    };
    for (i, b) in bytes.iter().enumerate() {
        if matches!(b, b'.' | b'?' | b'!')
            && bytes.get(i + 1) == Some(&b' ')
            && !(*b == b'.' && is_initial(i))
        {
            spans.push(Span::new(start, i + 1));
            start = i + 2;
        }
    }
    if start < text.len() {
        spans.push(Span::new(start, text.len()));
    }
    spans
}
