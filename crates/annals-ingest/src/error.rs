//! Errors and warnings of input expansion, reading and document preparation.
//!
//! Every message starts with the place it concerns (`path`, or `path:line` for one record
//! of a multi-record file) so the CLI can print it as is. Underlying causes are folded into
//! the message rather than exposed as `source()`, so a context chain printed with `{:#}`
//! does not repeat them.

use std::fmt;

use annals_core::SourceRef;

/// A problem that made a path, a file or one record unusable. Reading goes on with the next
/// record or file; nothing here aborts a whole run.
#[derive(Debug, thiserror::Error)]
pub enum IngestError {
    #[error("{path}: no such file or directory")]
    NotFound { path: String },

    #[error("{path}: cannot read: {error}")]
    Io { path: String, error: std::io::Error },

    #[error("{path}: cannot list directory: {message}")]
    Walk { path: String, message: String },

    #[error("{pattern}: invalid glob pattern: {message}")]
    GlobPattern { pattern: String, message: String },

    #[error("{pattern}: glob pattern matched no files")]
    GlobNoMatch { pattern: String },

    #[error(
        "{path}: skipped: no reader for this file type \
         (known: .txt .md .jsonl .csv .tsv .html .rss .atom .xml .warc, optionally .gz; \
         or pass --format)"
    )]
    Unsupported { path: String },

    #[error("{path}: is a directory")]
    IsDirectory { path: String },

    #[error("{path}: rejected as binary (NUL bytes or mostly non-text in the first 8 KB)")]
    Binary { path: String },

    #[error("{path}: corrupt or truncated gzip data: {error}")]
    Gzip { path: String, error: std::io::Error },

    #[error("{at}: document larger than the limit of {limit} bytes")]
    TooLarge { at: SourceRef, limit: u64 },

    #[error("{at}: invalid JSON: {message}")]
    Json { at: SourceRef, message: String },

    #[error("{at}: missing required field \"text\"")]
    MissingText { at: SourceRef },

    #[error("{at}: malformed {kind} row: {message}")]
    Csv {
        at: SourceRef,
        kind: &'static str,
        message: String,
    },

    #[error("{path}: no {kind} header row")]
    NoHeader { path: String, kind: &'static str },

    #[error("{path}: no text column {column:?} in header (columns: {found})")]
    MissingTextColumn {
        path: String,
        column: String,
        found: String,
    },

    #[error("{at}: empty document after cleaning")]
    EmptyDocument { at: SourceRef },

    #[error("{at}: no article text found in the HTML")]
    NoArticleText { at: SourceRef },

    #[error(
        "{at}: HTML nested {depth} elements deep (limit {limit}); its article text is not extracted"
    )]
    TooDeeplyNested {
        at: SourceRef,
        depth: usize,
        limit: usize,
    },

    #[error(
        "{path}: gzip data expands more than {ratio}:1 past {floor_mb} MB (a decompression bomb?); stopped reading"
    )]
    GzipBomb {
        path: String,
        ratio: u64,
        floor_mb: u64,
    },

    #[error("{path}: not a readable RSS/Atom/RDF feed: {message}")]
    Feed { path: String, message: String },

    #[error("{path}: WARC record {record}: {message}")]
    Warc {
        path: String,
        record: u64,
        message: String,
    },
}

/// Something worth telling the user that did not stop a record from being read, e.g. an
/// invalid UTF-8 sequence that was replaced or an unparseable date that was dropped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IngestWarning {
    pub at: SourceRef,
    pub message: String,
}

impl fmt::Display for IngestWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.at, self.message)
    }
}

pub(crate) fn source_ref(path: &str, line: Option<u64>) -> SourceRef {
    SourceRef {
        path: path.to_owned(),
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_file_and_line() {
        let e = IngestError::Json {
            at: source_ref("data/a.jsonl", Some(17)),
            message: "expected value at line 1 column 3".into(),
        };
        assert_eq!(
            e.to_string(),
            "data/a.jsonl:17: invalid JSON: expected value at line 1 column 3"
        );
        let e = IngestError::EmptyDocument {
            at: source_ref("b.txt", None),
        };
        assert_eq!(e.to_string(), "b.txt: empty document after cleaning");
        let w = IngestWarning {
            at: source_ref("c.csv", Some(4)),
            message: "invalid UTF-8 replaced with U+FFFD".into(),
        };
        assert_eq!(w.to_string(), "c.csv:4: invalid UTF-8 replaced with U+FFFD");
    }
}
