//! Sentence and block kinds as small integers (schema 8). Every document has a row per
//! sentence and per block, nearly all of them 'body' / 'paragraph'; as the integers 0 and
//! 1 SQLite stores no value bytes at all (the record header says "constant 0" or "1"),
//! where the names took 4 and 9 bytes a row (about 100 KB of the Wikinews sample's 7 MB).
//! The same code for the same place in both enums: 0 body / paragraph, 1 heading,
//! 2 list item.

use annals_core::{BlockKind, SentenceKind};

/// `sentences.kind` of a heading.
pub(super) const HEADING: i64 = 1;
/// `sentences.kind` of a body sentence.
pub(super) const BODY: i64 = 0;

pub(super) fn sentence_code(kind: SentenceKind) -> i64 {
    match kind {
        SentenceKind::Body => BODY,
        SentenceKind::Heading => HEADING,
        SentenceKind::ListItem => 2,
    }
}

pub(super) fn sentence_kind(code: i64) -> Option<SentenceKind> {
    Some(match code {
        BODY => SentenceKind::Body,
        HEADING => SentenceKind::Heading,
        2 => SentenceKind::ListItem,
        _ => return None,
    })
}

pub(super) fn block_code(kind: BlockKind) -> i64 {
    match kind {
        BlockKind::Paragraph => 0,
        BlockKind::Heading => 1,
        BlockKind::ListItem => 2,
    }
}

pub(super) fn block_kind(code: i64) -> Option<BlockKind> {
    Some(match code {
        0 => BlockKind::Paragraph,
        1 => BlockKind::Heading,
        2 => BlockKind::ListItem,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip_and_unknown_codes_are_none() {
        for k in [
            SentenceKind::Body,
            SentenceKind::Heading,
            SentenceKind::ListItem,
        ] {
            assert_eq!(sentence_kind(sentence_code(k)), Some(k));
        }
        for k in [
            BlockKind::Paragraph,
            BlockKind::Heading,
            BlockKind::ListItem,
        ] {
            assert_eq!(block_kind(block_code(k)), Some(k));
        }
        assert_eq!(sentence_code(SentenceKind::Heading), HEADING);
        assert_eq!((sentence_kind(3), block_kind(-1)), (None, None));
    }
}
