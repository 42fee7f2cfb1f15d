//! Byte spans into a document's clean text.

use serde::{Deserialize, Serialize};

/// A half-open byte range `[start, end)` into a document's clean text.
///
/// Byte (not char) offsets, because they slice Rust strings in O(1) and map directly to
/// what SQLite and every JSON consumer can slice with a UTF-8 aware library.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, Default,
)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Self {
        debug_assert!(start <= end, "span start {start} after end {end}");
        Span { start, end }
    }

    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    /// The text under this span, or `None` when the span does not fit `text` or cuts a
    /// UTF-8 character (never panics, since spans may come from stored data).
    pub fn slice<'a>(&self, text: &'a str) -> Option<&'a str> {
        text.get(self.start..self.end)
    }

    pub fn contains(&self, other: Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }

    /// Shift a span found in a sub-slice back into document coordinates.
    pub fn offset(&self, by: usize) -> Span {
        Span::new(self.start + by, self.end + by)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slice_is_safe_on_bad_spans() {
        let text = "Putin’s visit";
        assert_eq!(Span::new(0, 5).slice(text), Some("Putin"));
        assert_eq!(Span::new(0, 6).slice(text), None, "cuts the apostrophe");
        assert_eq!(Span::new(10, 99).slice(text), None);
    }

    #[test]
    fn offset_and_contains() {
        let s = Span::new(2, 4).offset(10);
        assert_eq!(s, Span::new(12, 14));
        assert!(Span::new(10, 20).contains(s));
        assert!(!s.contains(Span::new(10, 20)));
        assert_eq!(s.len(), 2);
    }
}
