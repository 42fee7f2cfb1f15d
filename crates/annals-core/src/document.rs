//! A document as it flows through the pipeline: metadata, raw and clean text, the lines
//! boilerplate removal took out (with reasons), layout blocks and sentences.

use serde::{Deserialize, Serialize};

use crate::Span;

/// One ingested document.
///
/// `clean_text` is the text every later offset points into: Unicode NFC, control
/// characters removed, whitespace normalised, boilerplate lines removed, blocks separated by
/// a single `\n` (paragraph breaks by `\n\n`). `raw_text` is kept verbatim for provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
pub struct Document {
    pub id: String,
    pub url: Option<String>,
    pub title: Option<String>,
    pub published: Option<String>,
    pub publisher: Option<String>,
    /// Where the document was read from (`path` or `path:line`).
    pub source: Option<String>,
    pub raw_text: String,
    pub clean_text: String,
    /// BLAKE3 hex digest of `clean_text`.
    pub content_hash: String,
    /// Lines of the raw text left out of the clean text, so nothing is silently lost.
    pub removed: Vec<RemovedLine>,
    /// Layout units of the clean text (headings, paragraphs, list items), in order.
    pub blocks: Vec<Block>,
    /// Sentences in order; filled by the sentence splitter.
    pub sentences: Vec<Sentence>,
}

impl Document {
    /// Text of a span of the clean text (`None` for a span that does not fit).
    pub fn text_of(&self, span: Span) -> Option<&str> {
        span.slice(&self.clean_text)
    }
}

/// Why a line was left out of the clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemovalReason {
    /// A promotional or navigation line ("ALSO READ: …", "Read more", "Subscribe", share prompts).
    Promo,
    /// Part of a run of short link-list lines ("- Think tank analysis: …").
    LinkList,
    /// A line that already appeared earlier in the same document.
    Repeated,
    /// Promotional or navigation lines trailing the article body.
    TrailingPromo,
}

impl RemovalReason {
    /// Stable name used in the store and in JSON output.
    pub fn as_str(&self) -> &'static str {
        match self {
            RemovalReason::Promo => "promo",
            RemovalReason::LinkList => "link_list",
            RemovalReason::Repeated => "repeated",
            RemovalReason::TrailingPromo => "trailing_promo",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "promo" => RemovalReason::Promo,
            "link_list" => RemovalReason::LinkList,
            "repeated" => RemovalReason::Repeated,
            "trailing_promo" => RemovalReason::TrailingPromo,
            _ => return None,
        })
    }
}

impl std::fmt::Display for RemovalReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A line removed from the raw text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RemovedLine {
    /// 1-based line number in the raw text.
    pub line: usize,
    /// The line as it appeared (after Unicode/whitespace normalisation).
    pub text: String,
    pub reason: RemovalReason,
    /// Human explanation of the rule that fired, e.g. `starts with "ALSO READ:"`.
    pub detail: String,
}

/// Layout kind of a block of clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Paragraph,
    Heading,
    ListItem,
}

/// A layout unit of the clean text: a heading line, a paragraph, a list item, or the label
/// of a "Label: sentence" line (a heading span followed by a paragraph span).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub span: Span,
    pub kind: BlockKind,
}

/// Kind of a sentence, inherited from its block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SentenceKind {
    Body,
    Heading,
    ListItem,
}

impl SentenceKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            SentenceKind::Body => "body",
            SentenceKind::Heading => "heading",
            SentenceKind::ListItem => "list_item",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "body" => SentenceKind::Body,
            "heading" => SentenceKind::Heading,
            "list_item" => SentenceKind::ListItem,
            _ => return None,
        })
    }
}

impl From<BlockKind> for SentenceKind {
    fn from(kind: BlockKind) -> Self {
        match kind {
            BlockKind::Paragraph => SentenceKind::Body,
            BlockKind::Heading => SentenceKind::Heading,
            BlockKind::ListItem => SentenceKind::ListItem,
        }
    }
}

/// One sentence of the clean text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sentence {
    pub span: Span,
    pub kind: SentenceKind,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reason_names_round_trip() {
        for r in [
            RemovalReason::Promo,
            RemovalReason::LinkList,
            RemovalReason::Repeated,
            RemovalReason::TrailingPromo,
        ] {
            assert_eq!(RemovalReason::parse(r.as_str()), Some(r));
        }
        assert_eq!(RemovalReason::parse("nope"), None);
    }

    #[test]
    fn sentence_kind_from_block() {
        assert_eq!(
            SentenceKind::from(BlockKind::Heading),
            SentenceKind::Heading
        );
        assert_eq!(
            SentenceKind::parse("list_item"),
            Some(SentenceKind::ListItem)
        );
    }
}
