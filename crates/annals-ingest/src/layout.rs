//! Layout: the clean text and its blocks (headings, paragraphs, list items).
//!
//! The clean text keeps one kept line per line, one blank line where the raw text had
//! blank lines. The exception is *wrapped* text: when a document separates paragraphs
//! with blank lines and breaks lines inside paragraphs mid-sentence (at least a third of
//! the line breaks inside paragraphs fall where no sentence ends), the soft-wrapped lines
//! of a paragraph or list item are joined with a space (no space after a hyphen that ends
//! a line before a lowercase word: "state-\nrun" → "state-run").
//!
//! Headings are always blocks of their own, so a later sentence splitter can never glue a
//! heading to the next sentence. A line is a heading when:
//! - it is a Markdown `#` heading (Markdown input; the markers are stripped), or
//! - it has heading shape (see [`heading_shape`]) and the next line does not start in
//!   lowercase (which would make it the first half of a wrapped sentence); sentence-case
//!   lines ("Wider regional effects") additionally need a following line at all; in
//!   wrapped text a heading must also be shorter than 70 % of the wrap width and follow a
//!   finished sentence, a heading or a blank line.
//!
//! A "Label: sentence" line ("Trade Routes: Officials in Cairo said …") gives a heading
//! block for the label and a paragraph (or list item) block for the rest. Heading spans
//! leave out a trailing colon ("Soviet Era (1948-1991):" → "Soviet Era (1948-1991)").

use annals_core::{Block, BlockKind, Span};

use crate::clean::CleanLines;
use crate::shape::{
    bullet_len, ends_sentence, heading_shape, label_len, markdown_heading, starts_lowercase,
    HeadingShape,
};

/// A kept line and its paragraph group (groups are separated by blank lines).
#[derive(Debug, Clone, Copy)]
struct Kept<'a> {
    text: &'a str,
    group: usize,
    /// A removed line stood right before this one: never join across it.
    after_removed: bool,
    md_heading: Option<&'a str>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SegmentKind {
    Heading,
    Other,
}

/// Consecutive kept lines that become one line of clean text.
#[derive(Debug, Clone, Copy)]
struct Segment {
    first: usize,
    last: usize,
    kind: SegmentKind,
}

/// Build the clean text and its blocks from the kept lines.
pub(crate) fn build(doc: &CleanLines, markdown: bool) -> (String, Vec<Block>) {
    let kept = kept_lines(doc, markdown);
    let groups = kept.last().map_or(0, |k| k.group + 1);
    let wrap_width = wrap_width(&kept);
    let segments = match wrap_width {
        Some(width) if groups > 1 => wrapped_segments(&kept, width),
        _ => line_segments(&kept),
    };
    emit(&kept, &segments, doc.buf.len())
}

fn kept_lines(doc: &CleanLines, markdown: bool) -> Vec<Kept<'_>> {
    let mut kept = Vec::with_capacity(doc.lines.len());
    let mut group = 0;
    let mut blank_pending = false;
    let mut removed_pending = false;
    for line in &doc.lines {
        if line.removed {
            removed_pending = true;
            continue;
        }
        if line.is_blank() {
            blank_pending = true;
            continue;
        }
        if blank_pending && !kept.is_empty() {
            group += 1;
        }
        let text = doc.text(line);
        kept.push(Kept {
            text,
            group,
            after_removed: removed_pending,
            md_heading: if markdown {
                markdown_heading(text)
            } else {
                None
            },
        });
        blank_pending = false;
        removed_pending = false;
    }
    kept
}

/// Two kept lines that may belong to one wrapped paragraph.
fn same_paragraph(a: &Kept<'_>, b: &Kept<'_>) -> bool {
    a.group == b.group && !b.after_removed
}

/// The wrap width in characters when line breaks inside paragraphs are mostly soft, else
/// `None`.
fn wrap_width(kept: &[Kept<'_>]) -> Option<usize> {
    let mut inner = 0usize;
    let mut mid_sentence = 0usize;
    let mut width = 0usize;
    for pair in kept.windows(2) {
        let [a, b] = pair else { continue };
        if !same_paragraph(a, b)
            || a.md_heading.is_some()
            || b.md_heading.is_some()
            || bullet_len(b.text).is_some()
            || heading_shape(a.text) != HeadingShape::No
        {
            continue;
        }
        inner += 1;
        if !ends_sentence(a.text) && !a.text.ends_with(':') {
            mid_sentence += 1;
            width = width.max(a.text.chars().count());
        }
    }
    (mid_sentence > 0 && mid_sentence * 3 >= inner).then_some(width)
}

/// One segment per kept line.
fn line_segments(kept: &[Kept<'_>]) -> Vec<Segment> {
    (0..kept.len())
        .map(|i| {
            let heading =
                kept.get(i).is_some_and(|k| k.md_heading.is_some()) || is_line_heading(kept, i);
            Segment {
                first: i,
                last: i,
                kind: if heading {
                    SegmentKind::Heading
                } else {
                    SegmentKind::Other
                },
            }
        })
        .collect()
}

/// A heading judged on its own line and the line after it.
fn is_line_heading(kept: &[Kept<'_>], i: usize) -> bool {
    let Some(k) = kept.get(i) else { return false };
    if bullet_len(k.text).is_some() {
        return false;
    }
    let next = kept.get(i + 1).map(|n| n.md_heading.unwrap_or(n.text));
    match heading_shape(k.text) {
        HeadingShape::No => false,
        HeadingShape::TitleCase => !next.is_some_and(starts_lowercase),
        HeadingShape::SentenceCase => next.is_some_and(|n| !starts_lowercase(n)),
    }
}

/// Segments of wrapped text: the soft-wrapped lines of a paragraph or list item joined.
fn wrapped_segments(kept: &[Kept<'_>], width: usize) -> Vec<Segment> {
    let mut segments: Vec<Segment> = Vec::new();
    for (i, k) in kept.iter().enumerate() {
        let prev = i.checked_sub(1).and_then(|p| kept.get(p));
        let continues = prev.is_some_and(|p| same_paragraph(p, k));
        let heading = k.md_heading.is_some() || is_wrapped_heading(kept, i, width);
        let prev_closed = segments
            .last()
            .is_some_and(|s| s.kind == SegmentKind::Heading);
        let prev_ends_sentence =
            prev.is_some_and(|p| ends_sentence(p.text) || p.text.ends_with(':'));
        let starts_new = !continues
            || heading
            || prev_closed
            || bullet_len(k.text).is_some()
            || (prev_ends_sentence && label_len(k.text).is_some());
        match segments.last_mut() {
            Some(seg) if !starts_new => seg.last = i,
            _ => segments.push(Segment {
                first: i,
                last: i,
                kind: if heading {
                    SegmentKind::Heading
                } else {
                    SegmentKind::Other
                },
            }),
        }
    }
    segments
}

fn is_wrapped_heading(kept: &[Kept<'_>], i: usize, width: usize) -> bool {
    let Some(k) = kept.get(i) else { return false };
    if k.text.chars().count() * 10 >= width * 7 || !is_line_heading(kept, i) {
        return false;
    }
    match i.checked_sub(1).and_then(|p| kept.get(p)) {
        Some(p) if same_paragraph(p, k) => {
            ends_sentence(p.text)
                || p.text.ends_with(':')
                || p.md_heading.is_some()
                || heading_shape(p.text) != HeadingShape::No
        }
        _ => true,
    }
}

fn emit(kept: &[Kept<'_>], segments: &[Segment], capacity: usize) -> (String, Vec<Block>) {
    let mut out = String::with_capacity(capacity + segments.len());
    let mut blocks = Vec::with_capacity(segments.len() + segments.len() / 2);
    let mut prev_group = None;
    for seg in segments {
        let Some(first) = kept.get(seg.first) else {
            continue;
        };
        if let Some(g) = prev_group {
            out.push_str(if g == first.group { "\n" } else { "\n\n" });
        }
        prev_group = Some(first.group);
        let start = out.len();
        if let Some(text) = first.md_heading {
            out.push_str(text);
        } else {
            push_joined(&mut out, kept.get(seg.first..=seg.last).unwrap_or(&[]));
        }
        let text = out.get(start..).unwrap_or("");
        match seg.kind {
            SegmentKind::Heading => blocks.push(heading_block(start, text)),
            SegmentKind::Other => body_blocks(start, text, &mut blocks),
        }
    }
    (out, blocks)
}

fn push_joined(out: &mut String, lines: &[Kept<'_>]) {
    let mut prev: Option<&str> = None;
    for line in lines {
        if let Some(p) = prev {
            let hyphenated = p.ends_with('-')
                && p.chars().rev().nth(1).is_some_and(char::is_alphabetic)
                && starts_lowercase(line.text);
            if !hyphenated {
                out.push(' ');
            }
        }
        out.push_str(line.text);
        prev = Some(line.text);
    }
}

fn heading_block(start: usize, text: &str) -> Block {
    let len = match text.trim_end_matches(':').trim_end().len() {
        0 => text.len(), // a heading that is only colons keeps them
        n => n,
    };
    Block {
        span: Span::new(start, start + len),
        kind: BlockKind::Heading,
    }
}

/// Blocks of a paragraph or list item, with a "Label: " prefix split off as a heading.
fn body_blocks(start: usize, text: &str, blocks: &mut Vec<Block>) {
    let (kind, body_offset) = match bullet_len(text) {
        Some(n) => (BlockKind::ListItem, n),
        None => (BlockKind::Paragraph, 0),
    };
    let body = text.get(body_offset..).unwrap_or("");
    let body_start = start + body_offset;
    let end = start + text.len();
    if let Some(label) = label_len(body) {
        let rest = body.get(label + 1..).unwrap_or("");
        let rest_offset = label + 1 + (rest.len() - rest.trim_start().len());
        blocks.push(Block {
            span: Span::new(body_start, body_start + label),
            kind: BlockKind::Heading,
        });
        blocks.push(Block {
            span: Span::new(body_start + rest_offset, end),
            kind,
        });
    } else {
        blocks.push(Block {
            span: Span::new(body_start, end),
            kind,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean_lines;

    fn layout(text: &str, markdown: bool) -> (String, Vec<(BlockKind, String)>) {
        let doc = clean_lines(text);
        let (clean, blocks) = build(&doc, markdown);
        let parts = blocks
            .iter()
            .map(|b| (b.kind, b.span.slice(&clean).unwrap().to_string()))
            .collect();
        (clean, parts)
    }

    use BlockKind::{Heading as H, ListItem as L, Paragraph as P};

    fn owned(v: &[(BlockKind, &str)]) -> Vec<(BlockKind, String)> {
        v.iter().map(|(k, s)| (*k, s.to_string())).collect()
    }

    #[test]
    fn one_line_per_paragraph_keeps_lines() {
        let text =
            "Geneva Talks Resume\nThe ministers met on Tuesday.\n\n\n\nThey will meet again.\n";
        let (clean, blocks) = layout(text, false);
        assert_eq!(
            clean,
            "Geneva Talks Resume\nThe ministers met on Tuesday.\n\nThey will meet again."
        );
        assert_eq!(
            blocks,
            owned(&[
                (H, "Geneva Talks Resume"),
                (P, "The ministers met on Tuesday."),
                (P, "They will meet again.")
            ])
        );
    }

    #[test]
    fn colon_headings_and_label_lines() {
        let text = "Early Years (1950-1960):\n\
                    Trade Routes: Officials in Cairo said the port would reopen.\n\
                    In conclusion, the ministers agreed on a timetable for the talks:\n\
                    The timetable runs to May.";
        let (_, blocks) = layout(text, false);
        assert_eq!(
            blocks,
            owned(&[
                (H, "Early Years (1950-1960)"),
                (H, "Trade Routes"),
                (P, "Officials in Cairo said the port would reopen."),
                (
                    P,
                    "In conclusion, the ministers agreed on a timetable for the talks:"
                ),
                (P, "The timetable runs to May."),
            ])
        );
    }

    #[test]
    fn sentence_case_heading_needs_a_following_line() {
        let (_, blocks) = layout("Wider regional effects\nThe talks ended.", false);
        assert_eq!(blocks[0].0, H);
        let (_, blocks) = layout("The talks ended.\nWider regional effects", false);
        assert_eq!(blocks[1].0, P);
        // A line continued in lowercase on the next line is not a heading.
        let (_, blocks) = layout("Ministers From Both Sides\nagreed to meet.", false);
        assert_eq!(blocks[0].0, P);
    }

    #[test]
    fn list_items_with_and_without_labels() {
        let text = "The deal has two parts:\n- Grain: Exports resume in May.\n* the ports reopen";
        let (clean, blocks) = layout(text, false);
        assert!(clean.contains("- Grain: Exports resume in May."));
        assert_eq!(
            blocks,
            owned(&[
                (P, "The deal has two parts:"),
                (H, "Grain"),
                (L, "Exports resume in May."),
                (L, "the ports reopen"),
            ])
        );
    }

    #[test]
    fn wrapped_paragraphs_are_joined() {
        let text = "Talks in Geneva\n\n\
                    The foreign ministers of both countries met in\n\
                    Geneva on Tuesday and agreed to a state-\n\
                    run monitoring body.\n\n\
                    Next Steps\n\
                    Officials said the talks would resume in May\n\
                    after the holidays.\n\n\
                    - The first item of a list that is wrapped\n  onto a second line.\n\
                    - A second item.";
        let (clean, blocks) = layout(text, false);
        assert_eq!(
            clean,
            "Talks in Geneva\n\n\
             The foreign ministers of both countries met in Geneva on Tuesday and agreed to a \
             state-run monitoring body.\n\n\
             Next Steps\n\
             Officials said the talks would resume in May after the holidays.\n\n\
             - The first item of a list that is wrapped onto a second line.\n\
             - A second item."
        );
        let kinds: Vec<BlockKind> = blocks.iter().map(|b| b.0).collect();
        assert_eq!(kinds, vec![H, P, H, P, L, L]);
        assert!(blocks.iter().all(|(_, t)| !t.contains('\n')));
    }

    #[test]
    fn wrapped_text_heading_after_sentence_end() {
        let text = "The ministers met in Geneva on Tuesday and talked\n\
                    for many hours about the grain corridor.\n\
                    What Comes Next\n\
                    Nobody knows when the talks will resume, the\n\
                    officials said.\n\n\
                    A second paragraph that wraps across two lines\n\
                    of text.";
        let (_, blocks) = layout(text, false);
        assert_eq!(
            blocks,
            owned(&[
                (
                    P,
                    "The ministers met in Geneva on Tuesday and talked for many hours about \
                     the grain corridor."
                ),
                (H, "What Comes Next"),
                (
                    P,
                    "Nobody knows when the talks will resume, the officials said."
                ),
                (P, "A second paragraph that wraps across two lines of text."),
            ])
        );
    }

    #[test]
    fn unwrapped_text_with_blank_lines_is_not_joined() {
        let text = "First Heading\nThe first paragraph ends here.\nThe second one too.\n\n\
                    Another paragraph.";
        let (clean, _) = layout(text, false);
        assert_eq!(clean, text);
    }

    #[test]
    fn markdown_headings_stripped() {
        let text = "# Talks in Geneva\n\nThe ministers met.\n\n## what happened next:\nNothing.";
        let (clean, blocks) = layout(text, true);
        assert_eq!(
            clean,
            "Talks in Geneva\n\nThe ministers met.\n\nwhat happened next:\nNothing."
        );
        assert_eq!(
            blocks,
            owned(&[
                (H, "Talks in Geneva"),
                (P, "The ministers met."),
                (H, "what happened next"),
                (P, "Nothing."),
            ])
        );
        // Without Markdown, '#' lines are ordinary text.
        let (clean, _) = layout("# Talks in Geneva", false);
        assert_eq!(clean, "# Talks in Geneva");
    }

    #[test]
    fn removed_lines_break_paragraphs() {
        let mut doc = clean_lines("The talks ended\nAdvertisement\nthe next day.\n\nMore.\nText");
        doc.lines[1].removed = true;
        let (clean, blocks) = build(&doc, false);
        assert_eq!(clean, "The talks ended\nthe next day.\n\nMore.\nText");
        assert_eq!(blocks.len(), 4);
    }

    #[test]
    fn empty_when_nothing_kept() {
        let (clean, blocks) = layout("\n \n\u{200B}\n", false);
        assert!(clean.is_empty() && blocks.is_empty());
    }
}
