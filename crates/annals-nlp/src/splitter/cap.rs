//! The splitter's length cap: no sentence it returns is longer than
//! [`MAX_SENTENCE_BYTES`], whatever the input (one unpunctuated megabyte, one huge token).
//!
//! Every later stage does some work per pair of things in a sentence (tokens and
//! mentions, candidates and mentions, events and the sentence text they carry), so an
//! unbounded sentence makes the whole pipeline quadratic. A run longer than the cap is cut
//! at the last whitespace in the cap's second half, or, with no whitespace there, at the
//! last character boundary under the cap. No English sentence is that long; the cut only
//! ever touches text that has no sentence ends to split at.

use annals_core::Span;

use super::bytes::{space_len, trimmed};

/// Longest sentence the splitter returns, in bytes.
pub const MAX_SENTENCE_BYTES: usize = 4096;

/// Every piece of a cut run is longer than this; an uncut sentence this long is already
/// far beyond any real one. [`is_over_long`] uses it to count cut sentences.
pub const CUT_PIECE_MIN_BYTES: usize = MAX_SENTENCE_BYTES / 2;

/// Whether a sentence span is in the range the cap cuts runs into: longer than
/// [`CUT_PIECE_MIN_BYTES`]. Such a sentence was cut by the splitter or is so long that
/// reporting it does no harm.
pub fn is_over_long(span: Span) -> bool {
    span.end.saturating_sub(span.start) > CUT_PIECE_MIN_BYTES
}

/// Push `span` onto `out`, cut into pieces of at most `max` bytes when longer.
pub(crate) fn push_capped(text: &str, span: Span, max: usize, out: &mut Vec<Span>) {
    let b = text.as_bytes();
    let mut start = span.start;
    let end = span.end.min(text.len());
    while end.saturating_sub(start) > max {
        let mut limit = start + max;
        while limit > start && !text.is_char_boundary(limit) {
            limit -= 1;
        }
        let half = start + max / 2;
        // The last whitespace character starting in [half, limit).
        let cut = (half..limit).rev().find(|&i| space_len(b, i) > 0);
        let (piece_end, next) = match cut {
            Some(ws) => (ws, ws + space_len(b, ws)),
            None => (limit, limit),
        };
        if piece_end <= start {
            // A character wider than `max` bytes cannot happen (max ≥ 4); stop cutting.
            break;
        }
        if let Some(piece) = trimmed(text, start, piece_end) {
            out.push(piece);
        }
        start = next;
    }
    if let Some(rest) = trimmed(text, start, end) {
        out.push(rest);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cut(text: &str, max: usize) -> Vec<&str> {
        let mut out = Vec::new();
        push_capped(text, Span::new(0, text.len()), max, &mut out);
        out.iter().filter_map(|s| s.slice(text)).collect()
    }

    #[test]
    fn short_spans_pass_through() {
        assert_eq!(cut("one two", 16), vec!["one two"]);
    }

    #[test]
    fn long_runs_are_cut_at_whitespace_in_the_second_half() {
        assert_eq!(
            cut("aaaa bbbb cccc dddd eeee", 12),
            vec!["aaaa bbbb", "cccc dddd", "eeee"]
        );
    }

    #[test]
    fn a_run_without_whitespace_is_cut_at_character_boundaries() {
        let text = "é".repeat(10); // 20 bytes
        let pieces = cut(&text, 7);
        assert_eq!(pieces, vec!["ééé", "ééé", "ééé", "é"]);
    }

    #[test]
    fn every_piece_of_a_cut_run_is_over_half_the_cap() {
        let text = "word ".repeat(5000);
        let mut out = Vec::new();
        push_capped(
            &text,
            Span::new(0, text.len()),
            MAX_SENTENCE_BYTES,
            &mut out,
        );
        assert_eq!(out.len(), 7);
        let (last, cut) = out.split_last().expect("pieces");
        assert!(cut
            .iter()
            .all(|&s| is_over_long(s) && s.len() <= MAX_SENTENCE_BYTES));
        assert!(last.len() <= MAX_SENTENCE_BYTES);
    }
}
