//! Conservative, explained boilerplate removal.
//!
//! Four rules, applied in this order to the cleaned lines of one document; every removed
//! line is reported with the rule that fired, so nothing disappears silently:
//!
//! 1. **Promo** — a line that *starts with* a promotional or navigation phrase ("ALSO
//!    READ", "Read more", "Related:", "Subscribe", "Sign up for our", "Click here",
//!    "Share this article", "Follow us on", "Advertisement", …) and is no longer than a
//!    headline, or a line that *is* such a phrase on its own ("Related stories",
//!    "You may also like", …). Phrases are matched case-insensitively on a word boundary,
//!    so "Subscribers fell" or "Reading the statement" are never matched.
//! 2. **Repeated** — a line identical to an earlier line of the same document; the first
//!    occurrence stays. Only lines of four words or more count, and short heading-like
//!    lines (at most eight words, no list marker) and Markdown headings are exempt, because
//!    section headings such as "What Happens Next" legitimately recur.
//! 3. **LinkList** — a run of two or more list lines that look like linked headlines: a list
//!    marker, 3–20 words, mostly capitalised, no final period, comma, semicolon or colon.
//!    Blank and already removed lines do not break a run. A run directly introduced by a
//!    line ending in `:` or by a heading is a genuine list and stays; so does a list of
//!    sentences.
//! 4. **TrailingPromo** — at the very end of the document, lines starting with "©",
//!    "(c)", "Copyright", "Tags:", "Topics:", "Filed under", … or containing
//!    "All rights reserved" (scanning back from the end until the first other line).

use annals_core::{RemovalReason, RemovedLine};

mod phrases;

use crate::clean::CleanLines;
use crate::shape::{
    bullet_len, case_stats, heading_shape, last_significant, markdown_heading, HeadingShape,
};

/// Mark boilerplate lines as removed and explain each one.
pub(crate) fn remove_boilerplate(doc: &mut CleanLines, markdown: bool) -> Vec<RemovedLine> {
    let mut removed = Vec::new();
    mark_promos(doc, &mut removed);
    mark_repeats(doc, markdown, &mut removed);
    mark_link_lists(doc, markdown, &mut removed);
    mark_trailing(doc, &mut removed);
    removed.sort_by_key(|r| r.line);
    removed
}

fn remove(
    doc: &mut CleanLines,
    i: usize,
    reason: RemovalReason,
    detail: String,
    out: &mut Vec<RemovedLine>,
) {
    let Some(line) = doc.lines.get(i).copied() else {
        return;
    };
    out.push(RemovedLine {
        line: line.no,
        text: doc.text(&line).to_owned(),
        reason,
        detail,
    });
    if let Some(l) = doc.lines.get_mut(i) {
        l.removed = true;
    }
}

fn mark_promos(doc: &mut CleanLines, out: &mut Vec<RemovedLine>) {
    for i in 0..doc.lines.len() {
        let Some(line) = doc.lines.get(i).copied() else {
            continue;
        };
        if line.is_blank() {
            continue;
        }
        let text = doc.text(&line);
        let detail = phrases::match_promo(text);
        if let Some(detail) = detail {
            remove(doc, i, RemovalReason::Promo, detail, out);
        }
    }
}

/// Words in a cleaned line (single spaces), counted up to `cap`.
fn words_up_to(text: &str, cap: usize) -> usize {
    if text.is_empty() {
        return 0;
    }
    1 + memchr::memchr_iter(b' ', text.as_bytes()).take(cap).count()
}

fn repeat_eligible(text: &str, markdown: bool) -> bool {
    let words = words_up_to(text, 8);
    if words < 4 {
        return false;
    }
    if markdown && markdown_heading(text).is_some() {
        return false;
    }
    let heading_like = bullet_len(text).is_none() && heading_shape(text) != HeadingShape::No;
    !(heading_like && words <= 8)
}

/// A cheap fingerprint for finding candidate repeats; equal texts are then compared.
fn fingerprint(text: &str) -> (usize, u64, u64) {
    let bytes = text.as_bytes();
    let word = |chunk: Option<&[u8]>| {
        chunk.map_or(0, |c| c.iter().fold(0u64, |a, &b| (a << 8) | u64::from(b)))
    };
    let head = word(bytes.get(..bytes.len().min(8)));
    let tail = word(bytes.get(bytes.len().saturating_sub(8)..));
    (bytes.len(), head, tail)
}

fn mark_repeats(doc: &mut CleanLines, markdown: bool, out: &mut Vec<RemovedLine>) {
    // Fingerprint → indices of first occurrences with that fingerprint.
    let mut seen: std::collections::HashMap<(usize, u64, u64), Vec<usize>> = Default::default();
    let mut repeats = Vec::new();
    for (i, line) in doc.lines.iter().enumerate() {
        if line.is_blank() || line.removed {
            continue;
        }
        let text = doc.text(line);
        if !repeat_eligible(text, markdown) {
            continue;
        }
        let firsts = seen.entry(fingerprint(text)).or_default();
        let earlier = firsts.iter().find_map(|&f| {
            let first = doc.lines.get(f)?;
            (doc.text(first) == text).then_some(first.no)
        });
        match earlier {
            Some(first_no) => repeats.push((i, first_no)),
            None => firsts.push(i),
        }
    }
    for (i, first) in repeats {
        let detail = format!("same text as line {first}");
        remove(doc, i, RemovalReason::Repeated, detail, out);
    }
}

/// A list line that looks like a linked headline rather than a sentence.
fn is_link_like(text: &str) -> bool {
    let Some(rest) = bullet_len(text).and_then(|n| text.get(n..)) else {
        return false;
    };
    if rest.chars().count() > 150 {
        return false;
    }
    if matches!(
        last_significant(rest),
        Some('.' | '…' | ';' | ',' | ':') | None
    ) {
        return false;
    }
    let stats = case_stats(rest);
    (3..=20).contains(&stats.words) && stats.capitalised >= 2 && stats.is_mostly_capitalised()
}

/// The line before a list introduces it: ends with `:` or is a heading.
fn introduces_list(text: &str, markdown: bool) -> bool {
    text.ends_with(':')
        || (markdown && markdown_heading(text).is_some())
        || (bullet_len(text).is_none() && heading_shape(text) == HeadingShape::TitleCase)
}

fn mark_link_lists(doc: &mut CleanLines, markdown: bool, out: &mut Vec<RemovedLine>) {
    let n = doc.lines.len();
    let mut i = 0;
    // The last kept, non-blank line before the current position.
    let mut previous_kept: Option<usize> = None;
    while i < n {
        let Some(line) = doc.lines.get(i).copied() else {
            break;
        };
        if line.is_blank() {
            i += 1;
            continue;
        }
        if !is_link_like(doc.text(&line)) {
            if !line.removed {
                previous_kept = Some(i);
            }
            i += 1;
            continue;
        }
        // Collect the run starting at `i`.
        let mut members = Vec::new();
        let mut j = i;
        while let Some(l) = doc.lines.get(j).copied() {
            if l.is_blank() {
                j += 1;
                continue;
            }
            if is_link_like(doc.text(&l)) {
                members.push(j);
            } else if !l.removed {
                break;
            }
            j += 1;
        }
        let introduced = previous_kept
            .and_then(|p| doc.lines.get(p).copied())
            .is_some_and(|p| introduces_list(doc.text(&p), markdown));
        if members.len() >= 2 && !introduced {
            let first = doc.lines.get(i).map_or(0, |l| l.no);
            let last = members
                .last()
                .and_then(|&m| doc.lines.get(m))
                .map_or(first, |l| l.no);
            let detail = format!(
                "one of {} headline-like list lines without final period (lines {first}-{last})",
                members.len()
            );
            for &m in &members {
                if doc.lines.get(m).is_some_and(|l| !l.removed) {
                    remove(doc, m, RemovalReason::LinkList, detail.clone(), out);
                }
            }
        } else if let Some(&last) = members.last() {
            previous_kept = Some(last);
        }
        i = j;
    }
}

fn mark_trailing(doc: &mut CleanLines, out: &mut Vec<RemovedLine>) {
    for i in (0..doc.lines.len()).rev() {
        let Some(line) = doc.lines.get(i).copied() else {
            continue;
        };
        if line.is_blank() || line.removed {
            continue;
        }
        let text = doc.text(&line);
        let detail = phrases::match_trailing(text);
        match detail {
            Some(d) => remove(
                doc,
                i,
                RemovalReason::TrailingPromo,
                format!("at the end of the document, {d}"),
                out,
            ),
            None => break,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::clean_lines;

    fn run(text: &str) -> Vec<(usize, RemovalReason)> {
        let mut doc = clean_lines(text);
        remove_boilerplate(&mut doc, false)
            .into_iter()
            .map(|r| (r.line, r.reason))
            .collect()
    }

    fn details(text: &str) -> Vec<String> {
        let mut doc = clean_lines(text);
        remove_boilerplate(&mut doc, false)
            .into_iter()
            .map(|r| r.detail)
            .collect()
    }

    const BODY: &str = "The ministers met in Geneva on Tuesday.";

    #[test]
    fn promo_prefixes_fire_with_explanation() {
        let text = format!(
            "{BODY}\nALSO READ: Grain Prices Rise Again in Asian Markets\n{BODY} Again.\n\
             Read more: Why the Ports Matter\nSubscribe to our daily briefing\n\
             Sign up for our newsletter\nClick here to watch the press conference\n\
             Share this article\nFollow us on social media\nAdvertisement\n\
             Related stories:\nThe talks resume next week."
        );
        use RemovalReason::Promo;
        assert_eq!(
            run(&text),
            vec![
                (2, Promo),
                (4, Promo),
                (5, Promo),
                (6, Promo),
                (7, Promo),
                (8, Promo),
                (9, Promo),
                (10, Promo),
                (11, Promo)
            ]
        );
        let d = details(&text);
        assert_eq!(d[0], "starts with \"ALSO READ:\"");
        assert_eq!(d[1], "starts with \"Read more:\"");
        assert_eq!(d[8], "is \"Related stories\"");
    }

    #[test]
    fn promo_words_inside_sentences_are_kept() {
        let text = "Subscribers to the state broadcaster fell by a third.\n\
                    Reading the statement aloud, the minister paused.\n\
                    Related talks are planned for May.\n\
                    The ministers did not say whether they would follow up.\n\
                    Readers were told the advertisement campaign was over.";
        assert!(run(text).is_empty());
    }

    #[test]
    fn long_line_starting_like_a_promo_is_kept() {
        let long = format!("Click here {}", "and the ministers kept talking ".repeat(8));
        assert!(run(&format!("{BODY}\n{long}")).is_empty());
    }

    #[test]
    fn repeated_lines_removed_after_first() {
        let text = format!("{BODY}\nThe port will reopen next month.\n{BODY}\nEnd of talks.");
        assert_eq!(run(&text), vec![(3, RemovalReason::Repeated)]);
        assert_eq!(details(&text), vec!["same text as line 1"]);
    }

    #[test]
    fn lines_alike_at_both_ends_are_not_repeats() {
        // Same length, same first and last eight bytes: compared in full, not removed.
        let text = "The talks in Geneva ended on a Monday.\nThe talks in Vienna ended on a Monday.";
        assert!(run(text).is_empty());
    }

    #[test]
    fn repeated_short_lines_and_headings_kept() {
        let text = "What Happens Next\nThe talks resume on Monday.\nWhat Happens Next\n\
                    The talks resume on Monday afternoon.\nYes.\nYes.\n\
                    Background to the talks\nThe first round failed.\nBackground to the talks";
        assert!(run(text).is_empty());
    }

    #[test]
    fn markdown_headings_not_removed_as_repeats() {
        let mut doc = clean_lines(
            "## The Ports Reopen Slowly Again Today\nA.\n## The Ports Reopen Slowly Again Today",
        );
        assert!(remove_boilerplate(&mut doc, true).is_empty());
    }

    #[test]
    fn link_list_run_removed() {
        let text = format!(
            "{BODY}\n- Analysis: Can the Grain Corridor Survive the Winter?\n\
             - Port Workers Strike Over Unpaid Wages in Odesa\n\nThe talks continue."
        );
        use RemovalReason::LinkList;
        assert_eq!(run(&text), vec![(2, LinkList), (3, LinkList)]);
        assert!(details(&text)[0].contains("lines 2-3"));
    }

    #[test]
    fn single_headline_bullet_kept() {
        let text = format!("{BODY}\n- Port Workers Strike Over Unpaid Wages\nThe talks continue.");
        assert!(run(&text).is_empty());
    }

    #[test]
    fn bullet_list_of_sentences_kept() {
        let text = format!(
            "{BODY}\n- The ministers agreed to reopen the port.\n\
             - Both sides will exchange prisoners next week.\n\
             - Observers from Turkey will monitor the deal."
        );
        assert!(run(&text).is_empty());
    }

    #[test]
    fn introduced_title_case_list_kept() {
        let text = "The agreement has three parts:\n- Grain Corridor Security Guarantees\n\
                    - Prisoner Exchange Schedule\n- Joint Monitoring Commission";
        assert!(run(text).is_empty());
        let text = "Key Elements of the Deal\n- Grain Corridor Security Guarantees\n\
                    - Prisoner Exchange Schedule";
        assert!(run(text).is_empty());
    }

    #[test]
    fn repeated_link_line_counts_in_run() {
        let text = format!(
            "{BODY}\n- Analysis: Can the Grain Corridor Survive?\n\
             - Port Workers Strike in Odesa Over Wages\n- Port Workers Strike in Odesa Over Wages\n\
             The talks continue."
        );
        use RemovalReason::*;
        assert_eq!(
            run(&text),
            vec![(2, LinkList), (3, LinkList), (4, Repeated)]
        );
        // One link line plus its repeat still forms a run of two.
        let text = format!(
            "{BODY}\n- Port Workers Strike in Odesa Over Wages\n\
             - Port Workers Strike in Odesa Over Wages\nThe talks continue."
        );
        assert_eq!(run(&text), vec![(2, LinkList), (3, Repeated)]);
    }

    #[test]
    fn trailing_promos_only_at_the_end() {
        let text = format!(
            "© 2031 Example Media opened its Geneva bureau.\n{BODY}\n\
             © 2031 Example Media\nTags: Geneva, Diplomacy\n\
             Example Media. All rights reserved.\n"
        );
        use RemovalReason::TrailingPromo;
        assert_eq!(
            run(&text),
            vec![(3, TrailingPromo), (4, TrailingPromo), (5, TrailingPromo)]
        );
        let d = details(&text);
        assert_eq!(d[0], "at the end of the document, starts with \"©\"");
        assert_eq!(
            d[2],
            "at the end of the document, contains \"all rights reserved\""
        );
    }

    #[test]
    fn trailing_scan_stops_at_body() {
        let text = format!("{BODY}\nTags: Geneva\n{BODY} It ended.");
        assert!(run(&text).is_empty());
    }
}
