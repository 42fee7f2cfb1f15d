//! Rule-based English sentence splitter.
//!
//! Layout comes first: blank lines (paragraph breaks) are hard boundaries, and a single
//! line break is one when the line before looks like a heading or list entry (short, no
//! final punctuation) or the next line starts a list item; otherwise a line break inside a
//! paragraph is just a space. Inside the remaining runs of text, every `.`, `?`, `!` and
//! ellipsis is judged from the words around it: abbreviations (abbreviations.txt), initials,
//! numbers, URLs, closing quotes and brackets, and whether the next word starts a sentence
//! (starters.txt). Scanning is byte-level and allocates only the output.

pub(crate) mod bytes;
pub mod cap;
mod cues;
pub(crate) mod lexicon;
mod rules;

use annals_core::{Block, BlockKind, Sentence, SentenceKind, Span};

use bytes::trimmed;
use lexicon::{lexicon, Lexicon};

/// Splits text into sentences; cheap to create and share (the word lists are static).
#[derive(Debug, Clone, Copy)]
pub struct SentenceSplitter {
    lex: &'static Lexicon,
}

impl Default for SentenceSplitter {
    fn default() -> Self {
        Self::new()
    }
}

/// Lines shorter than this many bytes never count as wrapped paragraph lines.
const MIN_WRAP_WIDTH: usize = 40;

impl SentenceSplitter {
    pub fn new() -> Self {
        SentenceSplitter { lex: lexicon() }
    }

    /// Sentences of plain text, as trimmed, non-empty byte spans in order.
    pub fn split(&self, text: &str) -> Vec<Span> {
        let mut out = Vec::with_capacity(text.len() / 100 + 1);
        self.split_range(text, 0, text.len(), &mut out);
        out
    }

    /// Sentences of an ingested document, following its layout blocks: a heading is one
    /// sentence, list items and paragraphs are split. Blocks that do not fit `text` are
    /// skipped; with no blocks at all the whole text is split as body text.
    pub fn split_blocks(&self, text: &str, blocks: &[Block]) -> Vec<Sentence> {
        if blocks.is_empty() {
            return self
                .split(text)
                .into_iter()
                .map(|span| Sentence {
                    span,
                    kind: SentenceKind::Body,
                })
                .collect();
        }
        let mut out = Vec::new();
        let mut spans = Vec::new();
        for block in blocks {
            let (start, end) = (block.span.start, block.span.end);
            if text.get(start..end).is_none() {
                continue;
            }
            let kind = SentenceKind::from(block.kind);
            if block.kind == BlockKind::Heading {
                spans.clear();
                if let Some(span) = trimmed(text, start, end) {
                    cap::push_capped(text, span, cap::MAX_SENTENCE_BYTES, &mut spans);
                }
                out.extend(spans.iter().map(|&span| Sentence { span, kind }));
                continue;
            }
            spans.clear();
            self.split_range(text, start, end, &mut spans);
            out.extend(spans.iter().map(|&span| Sentence { span, kind }));
        }
        out
    }

    /// Split `text[start..end]` (both on character boundaries) onto `out`.
    fn split_range(&self, text: &str, start: usize, end: usize, out: &mut Vec<Span>) {
        let mut lines: Vec<Span> = Vec::new();
        let mut line_start = start;
        let b = text.as_bytes();
        while line_start < end {
            let line_end = b
                .get(line_start..end)
                .and_then(|s| s.iter().position(|&c| c == b'\n'))
                .map_or(end, |p| line_start + p);
            let blank = match text.get(line_start..line_end) {
                Some(line) => line.trim().is_empty(),
                None => true,
            };
            if !blank {
                lines.push(Span::new(line_start, line_end));
            } else if !lines.is_empty() {
                self.split_paragraph(text, &lines, out);
                lines.clear();
            }
            line_start = line_end + 1;
        }
        if !lines.is_empty() {
            self.split_paragraph(text, &lines, out);
        }
    }

    /// Split one paragraph given as its non-blank lines.
    fn split_paragraph(&self, text: &str, lines: &[Span], out: &mut Vec<Span>) {
        let width = lines
            .iter()
            .map(|l| line_text(text, *l).len())
            .max()
            .unwrap_or(0);
        let Some(first) = lines.first() else { return };
        let mut run_start = first.start;
        for pair in lines.windows(2) {
            let [prev, next] = pair else { continue };
            if line_break_ends_sentence(line_text(text, *prev), line_text(text, *next), width) {
                rules::split_run(text, run_start, prev.end, self.lex, out);
                run_start = next.start;
            }
        }
        if let Some(last) = lines.last() {
            rules::split_run(text, run_start, last.end, self.lex, out);
        }
    }
}

fn line_text(text: &str, line: Span) -> &str {
    line.slice(text).unwrap_or("").trim()
}

/// Whether the line break between two lines of one paragraph is a sentence boundary on
/// layout grounds alone; `width` is the paragraph's longest line.
fn line_break_ends_sentence(prev: &str, next: &str, width: usize) -> bool {
    if starts_list_item(next) {
        return true;
    }
    let last = prev.chars().next_back().unwrap_or(' ');
    // Lines ending in sentence punctuation are left to the punctuation rules.
    if matches!(last, '.' | '?' | '!' | '…' | '"' | '”' | '’' | '\'' | ')') {
        return false;
    }
    if next.chars().next().is_some_and(char::is_lowercase) {
        return false;
    }
    width < MIN_WRAP_WIDTH || prev.len() * 10 < width * 6
}

/// "- item", "• item", "1. item", "2) item", "(a) item".
fn starts_list_item(line: &str) -> bool {
    let b = line.as_bytes();
    let bullet = ["- ", "* ", "• ", "· ", "– ", "— ", "▪ ", "► "];
    if bullet.iter().any(|p| line.starts_with(p)) {
        return true;
    }
    let digits = b.iter().take_while(|c| c.is_ascii_digit()).count();
    if (1..=3).contains(&digits) {
        return matches!(b.get(digits..digits + 2), Some([b'.' | b')', b' ']));
    }
    matches!(b, [b'(', c, b')', b' ', ..] if c.is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests;
