//! What a document must satisfy before it is stored.
//!
//! The store checks what later stages rely on without re-checking: every offset slices the
//! clean text safely, and the content hash really is the hash of the clean text (dedup and
//! idempotent re-ingest depend on it). Anything about *how* the text was cleaned or split
//! (block order, overlapping sentences, empty sentences) is the producer's business.

use annals_core::{Document, Span};

/// Why a document was rejected; every variant names the document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DocumentError {
    #[error("document with an empty id (source {source_hint})")]
    EmptyId { source_hint: String },

    #[error(
        "document {doc_id}: content_hash {stored:?} is not the BLAKE3 hash of its clean text ({computed})"
    )]
    HashMismatch {
        doc_id: String,
        stored: String,
        computed: String,
    },

    #[error("document {doc_id}: {what} {index} has span {start}..{end}: {problem}")]
    BadSpan {
        doc_id: String,
        /// `sentence` or `block`.
        what: &'static str,
        index: usize,
        start: usize,
        end: usize,
        problem: SpanProblem,
    },

    #[error("document {doc_id}: removed line {index} has line number {line}, too large to store")]
    LineNumberTooLarge {
        doc_id: String,
        index: usize,
        line: usize,
    },

    /// The database refused the document (a constraint, e.g. a trigger someone added).
    #[error("document {doc_id}: the database refused it: {message}")]
    Refused { doc_id: String, message: String },
}

/// What is wrong with a span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum SpanProblem {
    #[error("start is after end")]
    Reversed,
    #[error("it ends past the clean text ({len} bytes)")]
    OutOfText { len: usize },
    #[error("it cuts a UTF-8 character")]
    NotCharBoundary,
}

/// Check a document against the rules in the module documentation.
pub fn validate_document(doc: &Document) -> Result<(), DocumentError> {
    if doc.id.trim().is_empty() {
        return Err(DocumentError::EmptyId {
            source_hint: doc.source.clone().unwrap_or_else(|| "unknown".to_owned()),
        });
    }
    let computed = annals_core::content_hash(&doc.clean_text);
    if computed != doc.content_hash {
        return Err(DocumentError::HashMismatch {
            doc_id: doc.id.clone(),
            stored: doc.content_hash.clone(),
            computed,
        });
    }
    let spans = doc
        .blocks
        .iter()
        .enumerate()
        .map(|(i, b)| ("block", i, b.span))
        .chain(
            doc.sentences
                .iter()
                .enumerate()
                .map(|(i, s)| ("sentence", i, s.span)),
        );
    for (what, index, span) in spans {
        if let Some(problem) = span_problem(&doc.clean_text, span) {
            return Err(DocumentError::BadSpan {
                doc_id: doc.id.clone(),
                what,
                index,
                start: span.start,
                end: span.end,
                problem,
            });
        }
    }
    for (index, removed) in doc.removed.iter().enumerate() {
        if i64::try_from(removed.line).is_err() {
            return Err(DocumentError::LineNumberTooLarge {
                doc_id: doc.id.clone(),
                index,
                line: removed.line,
            });
        }
    }
    Ok(())
}

fn span_problem(text: &str, span: Span) -> Option<SpanProblem> {
    if span.start > span.end {
        Some(SpanProblem::Reversed)
    } else if span.end > text.len() {
        Some(SpanProblem::OutOfText { len: text.len() })
    } else if !text.is_char_boundary(span.start) || !text.is_char_boundary(span.end) {
        Some(SpanProblem::NotCharBoundary)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use annals_core::{Block, BlockKind, RemovalReason, RemovedLine, Sentence, SentenceKind};

    fn doc(clean: &str) -> Document {
        Document {
            id: "d1".to_owned(),
            raw_text: clean.to_owned(),
            clean_text: clean.to_owned(),
            content_hash: annals_core::content_hash(clean),
            ..Document::default()
        }
    }

    fn with_sentence(mut d: Document, start: usize, end: usize) -> Document {
        d.sentences.push(Sentence {
            span: Span { start, end },
            kind: SentenceKind::Body,
        });
        d
    }

    #[test]
    fn accepts_spans_on_boundaries_including_empty_and_full() {
        let text = "Erdoğan spoke.";
        let d = with_sentence(with_sentence(doc(text), 0, text.len()), 3, 3);
        assert_eq!(validate_document(&d), Ok(()));
    }

    #[test]
    fn rejects_span_cutting_a_character() {
        let text = "Erdoğan spoke.";
        // 'ğ' is two bytes starting at byte 4.
        let d = with_sentence(doc(text), 0, 5);
        let err = validate_document(&d).unwrap_err();
        assert!(matches!(
            err,
            DocumentError::BadSpan {
                problem: SpanProblem::NotCharBoundary,
                index: 0,
                ..
            }
        ));
        assert!(err.to_string().starts_with("document d1: sentence 0"));
    }

    #[test]
    fn rejects_block_past_the_text_and_reversed_span() {
        let mut d = doc("Short.");
        d.blocks.push(Block {
            span: Span { start: 0, end: 7 },
            kind: BlockKind::Paragraph,
        });
        let err = validate_document(&d).unwrap_err();
        assert!(err.to_string().contains("block 0 has span 0..7"), "{err}");
        assert!(err.to_string().contains("6 bytes"), "{err}");

        let d = with_sentence(doc("Short."), 4, 2);
        assert!(matches!(
            validate_document(&d),
            Err(DocumentError::BadSpan {
                problem: SpanProblem::Reversed,
                ..
            })
        ));
    }

    #[test]
    fn rejects_wrong_hash_and_empty_id() {
        let mut d = doc("Kim met Putin.");
        d.content_hash = annals_core::content_hash("Kim met Putin!");
        assert!(matches!(
            validate_document(&d),
            Err(DocumentError::HashMismatch { .. })
        ));

        let mut d = doc("Kim met Putin.");
        d.id = "  ".to_owned();
        d.source = Some("feed.jsonl:7".to_owned());
        let err = validate_document(&d).unwrap_err();
        assert!(err.to_string().contains("feed.jsonl:7"), "{err}");
    }

    #[test]
    fn rejects_line_number_beyond_i64() {
        let mut d = doc("Body.");
        d.removed.push(RemovedLine {
            line: usize::MAX,
            text: "Subscribe".to_owned(),
            reason: RemovalReason::Promo,
            detail: "starts with \"Subscribe\"".to_owned(),
        });
        if usize::BITS >= 64 {
            assert!(matches!(
                validate_document(&d),
                Err(DocumentError::LineNumberTooLarge { .. })
            ));
        }
    }
}
