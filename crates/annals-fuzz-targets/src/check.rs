//! Invariant checks shared by the targets. Each panics with a message naming what broke.

use annals_core::{ParsedSentence, Span};

/// `span` is non-inverted, inside `text` and starts and ends on `char` boundaries.
pub(crate) fn span_in(text: &str, span: Span, what: &str) {
    assert!(
        span.start <= span.end && span.end <= text.len(),
        "{what}: span {}..{} outside text of {} bytes",
        span.start,
        span.end,
        text.len()
    );
    assert!(
        text.is_char_boundary(span.start) && text.is_char_boundary(span.end),
        "{what}: span {}..{} not on char boundaries",
        span.start,
        span.end
    );
}

/// `inner` lies within `outer`.
pub(crate) fn span_within(outer: Span, inner: Span, what: &str) {
    assert!(
        outer.start <= inner.start && inner.end <= outer.end,
        "{what}: span {}..{} outside {}..{}",
        inner.start,
        inner.end,
        outer.start,
        outer.end
    );
}

/// Spans are non-empty, in text order and do not overlap.
pub(crate) fn ordered_disjoint(text: &str, spans: &[Span], what: &str) {
    let mut last_end = 0;
    for (i, &span) in spans.iter().enumerate() {
        span_in(text, span, what);
        assert!(!span.is_empty(), "{what} {i}: empty span at {}", span.start);
        assert!(
            span.start >= last_end,
            "{what} {i}: span {}..{} overlaps or precedes the previous one ending at {last_end}",
            span.start,
            span.end
        );
        last_end = span.end;
    }
}

/// Fuzz bytes as text, the way readers decode invalid UTF-8 (each bad sequence → U+FFFD).
pub(crate) fn lossy(data: &[u8]) -> String {
    String::from_utf8_lossy(data).into_owned()
}

/// A phrase's 0-based token range `[start, end)` is non-empty, inside the parse and after
/// the previous phrase (ending at `last_end`); returns its end.
pub(crate) fn phrase_tokens(
    (start, end): (usize, usize),
    last_end: usize,
    parse: &ParsedSentence,
    what: &str,
) -> usize {
    assert!(
        last_end <= start && start < end && end <= parse.tokens.len(),
        "{what}: tokens {start}..{end} after {last_end}, of {}",
        parse.tokens.len()
    );
    end
}
