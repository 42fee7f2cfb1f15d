//! Ingest for annals: input readers, text cleaning and conservative, explained boilerplate
//! removal, turning files into [`annals_core::Document`]s.
//!
//! # Flow
//!
//! 1. [`expand_inputs`] turns command-line arguments (files, directories, glob patterns,
//!    `-` for stdin) into [`Input`]s, returning problems instead of failing.
//! 2. [`read_input`] streams the records of one input to a sink as [`ReadItem`]s: records,
//!    warnings and per-record errors. One bad record never stops the rest of a file.
//! 3. [`prepare_document`] cleans a record's text, removes boilerplate lines (each with its
//!    reason, see [`RemovedLine`](annals_core::RemovedLine)) and lays the clean text out in
//!    blocks. Sentences are left empty for the sentence splitter, which works block by
//!    block.
//!
//! # Formats
//!
//! | extension | format | records |
//! |---|---|---|
//! | `.txt`, `.text` | [`Format::Text`] | one document per file |
//! | `.md`, `.markdown` | [`Format::Markdown`] | one document per file; `#` headings |
//! | `.jsonl`, `.ndjson` | [`Format::Jsonl`] | one record per line (DESIGN.md contract) |
//! | `.csv` / `.tsv` | [`Format::Csv`] / [`Format::Tsv`] | one record per row, header required |
//! | `.html`, `.htm`, `.xhtml` | [`Format::Html`] | one article per page ([`html`]) |
//! | `.rss`, `.atom`, `.xml` | [`Format::Feed`] | one record per item; RSS, Atom, RDF ([`feed`]) |
//! | `.warc` | [`Format::Warc`] | one article per HTML response record ([`warc`](crate::Format::Warc)) |
//!
//! Each may be gzip-compressed (`x.jsonl.gz`); gzip is also recognised by its magic bytes.
//! Stdin is read as `--format` says, else sniffed ([`sniff_format`]).
//!
//! # Bad input
//!
//! - Binary data (NUL bytes, or more than 10 % control bytes and invalid UTF-8 in the
//!   first 8 KB after decompression) rejects the file ([`IngestError::Binary`]).
//! - **Invalid UTF-8 is decoded lossily** (each bad sequence becomes U+FFFD) and a
//!   warning names the file and line. A few bad bytes in a scraped article should not cost
//!   the whole article; the warning keeps the damage visible.
//! - A document larger than [`ReaderOptions::max_doc_bytes`] is rejected; the limit is
//!   enforced while reading (on the decompressed size for gzip) so an oversized document
//!   is never loaded whole. A JSONL line or CSV record beyond it is skipped the same way.
//! - Corrupt or truncated gzip data ends the file with [`IngestError::Gzip`]; records
//!   read before the damage have already been delivered.
//! - Malformed JSONL lines and CSV rows give an error naming `file:line` and reading
//!   continues. An unparseable `published` gives a warning and the field is dropped; it is
//!   never replaced by "today" ([`normalize_published`]).
//! - A document that is empty after cleaning is an error ([`IngestError::EmptyDocument`]).
//!
//! # Cleaning
//!
//! Per line: control characters removed (tab → space), zero-width characters, BOM, soft
//! hyphen and bidi marks removed, every Unicode space separator → ASCII space, runs of
//! spaces collapsed, line trimmed, Unicode NFC; runs of blank lines collapse to one.
//! Typographic quotes and dashes are kept. `raw_text` keeps the input verbatim.
//!
//! # Boilerplate (conservative, every removal explained)
//!
//! - `promo`: lines starting with "ALSO READ", "Read more", "Related:", "Subscribe",
//!   "Sign up for our", "Click here", "Share this article", "Follow us on",
//!   "Advertisement", … (word boundary, headline length), or consisting of "Related
//!   stories", "You may also like", ….
//! - `repeated`: a line identical to an earlier one (first kept); lines under four words,
//!   Markdown headings and heading-like lines of up to eight words are exempt, since
//!   section headings legitimately recur.
//! - `link_list`: runs of two or more list lines that look like linked headlines (mostly
//!   capitalised, no final period); a run introduced by a line ending in `:` or by a
//!   heading, and lists of sentences, stay.
//! - `trailing_promo`: "©", "Copyright", "All rights reserved", "Tags:", … at the very end.
//!
//! # Layout
//!
//! The clean text keeps one line per kept line; soft-wrapped paragraphs (blank-line
//! separated, broken mid-sentence) are joined. Blocks: `Heading` (short, capitalised, no
//! sentence-final punctuation, a trailing `:` allowed and left out of the span; Markdown
//! `#` headings), `ListItem` (`-`, `*`, `+`, `•`, `1.`, `1)`; the span leaves the marker
//! out) and `Paragraph`. A "Label: sentence" line gives a heading block for the label and
//! a paragraph block for the rest. A heading is always a block of its own.

mod boilerplate;
mod clean;
mod date;
pub mod dedup;
mod error;
pub mod feed;
pub mod fetch;
pub mod html;
mod inputs;
pub mod langid;
mod layout;
mod readers;
mod shape;
mod warc;

use std::path::{Path, PathBuf};
use std::str::FromStr;

use annals_core::{content_hash, doc_id_from_hash, Document, InputRecord, SourceRef};

pub use date::normalize_published;
pub use error::{IngestError, IngestWarning};
pub use inputs::expand_inputs;
pub use readers::{looks_binary, read_input, read_reader, sniff_format};

/// An input format; see the crate docs for extensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Text,
    Markdown,
    Jsonl,
    Csv,
    Tsv,
    /// An HTML page: main text and metadata extracted.
    Html,
    /// An RSS, Atom or RDF feed.
    Feed,
    /// A WARC file; HTML response records are read as articles.
    Warc,
}

impl Format {
    /// Stable lowercase name, as accepted by [`FromStr`].
    pub fn as_str(&self) -> &'static str {
        match self {
            Format::Text => "txt",
            Format::Markdown => "md",
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Tsv => "tsv",
            Format::Html => "html",
            Format::Feed => "feed",
            Format::Warc => "warc",
        }
    }

    /// Format from a file name's extension (case-insensitive), looking through a final
    /// `.gz`; returns the format and whether the name ends in `.gz`.
    pub fn from_path(path: &Path) -> Option<(Format, bool)> {
        let name = path.file_name()?.to_str()?;
        let (stem, gz) = match name.len().checked_sub(3).and_then(|i| name.get(i..)) {
            Some(ext) if ext.eq_ignore_ascii_case(".gz") => {
                (name.get(..name.len() - 3).unwrap_or(""), true)
            }
            _ => (name, false),
        };
        let (base, ext) = stem.rsplit_once('.')?;
        if base.is_empty() {
            return None;
        }
        Format::from_extension(ext).map(|f| (f, gz))
    }

    fn from_extension(ext: &str) -> Option<Format> {
        Some(match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" => Format::Text,
            "md" | "markdown" => Format::Markdown,
            "jsonl" | "ndjson" => Format::Jsonl,
            "csv" => Format::Csv,
            "tsv" => Format::Tsv,
            "html" | "htm" | "xhtml" => Format::Html,
            "rss" | "atom" | "xml" | "feed" => Format::Feed,
            "warc" => Format::Warc,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Error of [`Format::from_str`].
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown format {0:?} (expected txt, md, jsonl, csv, tsv, html, feed or warc)")]
pub struct UnknownFormat(pub String);

impl FromStr for Format {
    type Err = UnknownFormat;

    /// `txt`/`text`, `md`/`markdown`, `jsonl`/`ndjson`, `csv`, `tsv`, `html`/`htm`/`xhtml`,
    /// `feed`/`rss`/`atom`/`xml`, `warc` (case-insensitive).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::from_extension(s.trim()).ok_or_else(|| UnknownFormat(s.to_owned()))
    }
}

/// Names of the CSV/TSV columns holding each record field, matched case-insensitively
/// against the header. Defaults are the field names themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ColumnNames {
    pub id: String,
    pub url: String,
    pub title: String,
    pub published: String,
    pub publisher: String,
    pub text: String,
}

impl Default for ColumnNames {
    fn default() -> Self {
        ColumnNames {
            id: "id".into(),
            url: "url".into(),
            title: "title".into(),
            published: "published".into(),
            publisher: "publisher".into(),
            text: "text".into(),
        }
    }
}

/// How to read inputs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReaderOptions {
    /// Read every input as this format instead of deciding by extension or sniffing.
    pub format: Option<Format>,
    /// Largest document (text file, JSONL line, CSV record) accepted, in bytes.
    pub max_doc_bytes: u64,
    pub columns: ColumnNames,
    /// Feeds: fetch and extract the article behind an item that carries only a summary.
    pub follow_links: bool,
}

/// Default [`ReaderOptions::max_doc_bytes`]: 50 MiB.
pub const DEFAULT_MAX_DOC_BYTES: u64 = 50 * 1024 * 1024;

impl Default for ReaderOptions {
    fn default() -> Self {
        ReaderOptions {
            format: None,
            max_doc_bytes: DEFAULT_MAX_DOC_BYTES,
            columns: ColumnNames::default(),
            follow_links: false,
        }
    }
}

/// One thing to read.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Input {
    Path(PathBuf),
    Stdin,
}

impl std::fmt::Display for Input {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Input::Path(p) => write!(f, "{}", p.display()),
            Input::Stdin => f.write_str("-"),
        }
    }
}

/// What [`read_input`] delivers, in input order.
#[derive(Debug)]
pub enum ReadItem {
    /// A record, where it came from, and the format its text is in: pass all three to
    /// [`prepare_document`].
    Record(SourceRef, InputRecord, Format),
    /// A problem that did not stop the record (e.g. invalid UTF-8 replaced, bad date
    /// dropped).
    Warning(IngestWarning),
    /// A record or the rest of the input could not be read.
    Error(IngestError),
}

/// Clean a record's text, remove boilerplate, lay it out in blocks and build the
/// [`Document`].
///
/// The id is the record's own (trimmed, if not empty), else the first 16 hex digits of the
/// BLAKE3 hash of the clean text. `source` becomes [`Document::source`]. Only
/// [`Format::Markdown`] changes the text handling (`#` headings); every other format,
/// including JSONL/CSV records, is read as plain text. Title and publisher are cleaned like
/// text lines and dropped when empty.
pub fn prepare_document(
    record: InputRecord,
    source: &SourceRef,
    format: Format,
) -> Result<Document, IngestError> {
    let markdown = format == Format::Markdown;
    let mut lines = clean::clean_lines(&record.text);
    let removed = boilerplate::remove_boilerplate(&mut lines, markdown);
    let (clean_text, blocks) = layout::build(&lines, markdown);
    drop(lines);
    if clean_text.is_empty() {
        return Err(IngestError::EmptyDocument { at: source.clone() });
    }
    let content_hash = content_hash(&clean_text);
    let id = non_empty(record.id.as_deref().map(str::trim))
        .map(str::to_owned)
        .unwrap_or_else(|| doc_id_from_hash(&content_hash));
    Ok(Document {
        id,
        url: non_empty(record.url.as_deref().map(str::trim)).map(str::to_owned),
        title: record
            .title
            .as_deref()
            .map(clean::clean_inline)
            .filter(|t| !t.is_empty()),
        published: record.published,
        publisher: record
            .publisher
            .as_deref()
            .map(clean::clean_inline)
            .filter(|t| !t.is_empty()),
        source: Some(source.to_string()),
        raw_text: record.text,
        clean_text,
        content_hash,
        removed,
        blocks,
        sentences: Vec::new(),
    })
}

fn non_empty(s: Option<&str>) -> Option<&str> {
    s.filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use annals_core::{BlockKind, RemovalReason};

    fn src() -> SourceRef {
        SourceRef {
            path: "notes/a.txt".into(),
            line: None,
        }
    }

    #[test]
    fn format_names_and_extensions() {
        let p_ = |s: &str| Format::from_path(Path::new(s));
        for (s, f) in [
            ("txt", Format::Text),
            ("text", Format::Text),
            ("MD", Format::Markdown),
            ("markdown", Format::Markdown),
            ("jsonl", Format::Jsonl),
            ("csv", Format::Csv),
            ("tsv", Format::Tsv),
        ] {
            assert_eq!(s.parse::<Format>(), Ok(f));
        }
        assert!("pdf".parse::<Format>().is_err());
        assert_eq!("xml".parse::<Format>(), Ok(Format::Feed));
        assert_eq!(p_("page.HTM"), Some((Format::Html, false)));
        assert_eq!(p_("cc-news.warc.gz"), Some((Format::Warc, true)));
        assert_eq!(p_("world.atom"), Some((Format::Feed, false)));
        let p = |s: &str| Format::from_path(Path::new(s));
        assert_eq!(p("a/b.jsonl.gz"), Some((Format::Jsonl, true)));
        assert_eq!(p("B.TXT"), Some((Format::Text, false)));
        assert_eq!(p("x.tsv.GZ"), Some((Format::Tsv, true)));
        assert_eq!(p("x.gz"), None);
        assert_eq!(p(".txt"), None);
        assert_eq!(p("notes"), None);
        assert_eq!(p("x.pdf"), None);
    }

    #[test]
    fn document_from_text_record() {
        let record = InputRecord {
            text: "Geneva Talks\r\nThe ministers\u{A0}met.\r\nALSO READ: Other News Today\r\n"
                .into(),
            title: Some("  Geneva \n Talks ".into()),
            publisher: Some("   ".into()),
            ..Default::default()
        };
        let doc = prepare_document(record, &src(), Format::Text).unwrap();
        assert_eq!(doc.clean_text, "Geneva Talks\nThe ministers met.");
        assert_eq!(doc.content_hash, content_hash(&doc.clean_text));
        assert_eq!(doc.id, doc_id_from_hash(&doc.content_hash));
        assert_eq!(doc.title.as_deref(), Some("Geneva Talks"));
        assert_eq!(doc.publisher, None);
        assert_eq!(doc.source.as_deref(), Some("notes/a.txt"));
        assert!(doc.raw_text.contains("\u{A0}"));
        assert_eq!(doc.removed.len(), 1);
        assert_eq!(doc.removed[0].line, 3);
        assert_eq!(doc.removed[0].reason, RemovalReason::Promo);
        assert_eq!(doc.blocks[0].kind, BlockKind::Heading);
        assert!(doc.sentences.is_empty());
    }

    #[test]
    fn record_id_is_kept_and_same_text_same_hash() {
        let a = InputRecord {
            id: Some(" wire-42 ".into()),
            text: "The ministers met.\n".into(),
            ..Default::default()
        };
        let b = InputRecord {
            text: "The ministers met.\r\n\r\n".into(),
            ..Default::default()
        };
        let a = prepare_document(a, &src(), Format::Jsonl).unwrap();
        let b = prepare_document(b, &src(), Format::Text).unwrap();
        assert_eq!(a.id, "wire-42");
        assert_eq!(a.content_hash, b.content_hash);
    }

    #[test]
    fn empty_after_cleaning_is_an_error() {
        for text in [
            "",
            " \n\t\n",
            "\u{200B}\u{FEFF}",
            "Advertisement\nSubscribe now",
        ] {
            let record = InputRecord {
                text: text.into(),
                ..Default::default()
            };
            let err = prepare_document(record, &src(), Format::Text).unwrap_err();
            assert_eq!(
                err.to_string(),
                "notes/a.txt: empty document after cleaning"
            );
        }
    }
}
