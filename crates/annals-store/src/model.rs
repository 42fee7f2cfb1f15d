//! Result types of store queries, independent of the backend.

use serde::Serialize;

use crate::validate::DocumentError;

/// What happened to one document of a batch given to
/// [`Store::insert_documents`](crate::Store::insert_documents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum InsertOutcome {
    /// Stored for the first time.
    New,
    /// Already stored (same id and content, or same content under a hash-derived id);
    /// `existing_id` is the id it is stored under.
    AlreadyPresent { existing_id: String },
    /// Same id, new content: the stored text, removed lines, blocks and sentences were
    /// replaced.
    Updated,
    /// Not stored; the error names the document and what was wrong with it.
    Rejected {
        #[serde(serialize_with = "serialize_display")]
        reason: DocumentError,
    },
}

impl InsertOutcome {
    /// True for outcomes that wrote to the database (`New`, `Updated`).
    pub fn is_write(&self) -> bool {
        matches!(self, InsertOutcome::New | InsertOutcome::Updated)
    }
}

fn serialize_display<S: serde::Serializer>(
    value: &DocumentError,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// One row of the document listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocSummary {
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub publisher: Option<String>,
    pub source: Option<String>,
    /// Characters (not bytes) of the clean text.
    pub n_chars: usize,
    /// ISO 639-1 code of the text's language, when it could be told.
    pub language: Option<String>,
    /// The earlier document this one nearly duplicates (a syndicated copy).
    pub duplicate_of: Option<String>,
    /// Estimated Jaccard similarity of the two documents' word shingles.
    pub similarity: Option<f64>,
    /// Coded events.
    pub n_events: usize,
    pub n_sentences: usize,
    /// Sentences of kind `heading`.
    pub n_headings: usize,
    /// Lines boilerplate removal left out.
    pub n_removed: usize,
    /// When the document was first stored (ISO-8601 UTC, millisecond precision).
    pub ingested_at: String,
    /// When its content was last replaced, if ever.
    pub updated_at: Option<String>,
}

/// One sentence matching a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub doc_id: String,
    /// Index of the sentence in its document (0-based, as in `Document::sentences`).
    pub sentence: usize,
    /// `body`, `heading` or `list_item`.
    pub kind: annals_core::SentenceKind,
    pub title: Option<String>,
    /// The sentence (or an excerpt of a long one, elided with `…`) with each matching
    /// term wrapped in `[` `]`.
    pub snippet: String,
    /// BM25 score as SQLite's FTS5 reports it: more negative is a better match; hits come
    /// best first.
    pub rank: f64,
}
