//! Byte-level character tests for the scanners (whitespace, opening quotes and brackets),
//! recognised from their UTF-8 bytes without decoding.

use annals_core::Span;

/// Length of the whitespace character starting at `i` (0 if none).
pub(crate) fn space_len(b: &[u8], i: usize) -> usize {
    match b.get(i..).unwrap_or(&[]) {
        [b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c, ..] => 1,
        [0xC2, 0xA0 | 0x85, ..] => 2,
        [0xE1, 0x9A, 0x80, ..] | [0xE3, 0x80, 0x80, ..] | [0xE2, 0x81, 0x9F, ..] => 3,
        [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..] => 3,
        _ => 0,
    }
}

/// Length of the opening quote or bracket at `i` (0 if none).
pub(crate) fn is_opener_at(b: &[u8], i: usize) -> usize {
    match b.get(i..).unwrap_or(&[]) {
        [b'(' | b'[' | b'{' | b'"' | b'\'' | b'`', ..] => 1,
        [0xE2, 0x80, 0x9C | 0x98 | 0xB9, ..] => 3,
        [0xC2, 0xAB | 0xBF | 0xA1, ..] => 2,
        _ => 0,
    }
}

/// `text[start..end]` without surrounding whitespace, or `None` if nothing is left (or the
/// range does not fit the text).
pub(crate) fn trimmed(text: &str, start: usize, end: usize) -> Option<Span> {
    let s = text.get(start..end)?;
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    (!t.is_empty()).then(|| Span::new(start + lead, start + lead + t.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_unicode_spaces_and_openers() {
        let s = "a\u{a0}b\u{2009}c“";
        let b = s.as_bytes();
        assert_eq!(space_len(b, 0), 0);
        assert_eq!(space_len(b, 1), 2);
        assert_eq!(space_len(b, 4), 3);
        assert_eq!(space_len(b, 99), 0);
        assert_eq!(is_opener_at(b, 8), 3);
        assert_eq!(is_opener_at(b, 0), 0);
    }

    #[test]
    fn trimmed_drops_blank_ranges() {
        assert_eq!(trimmed("  ab \n", 0, 6), Some(Span::new(2, 4)));
        assert_eq!(trimmed("   ", 0, 3), None);
        assert_eq!(trimmed("ab", 0, 9), None);
    }
}
