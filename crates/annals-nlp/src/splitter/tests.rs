use super::*;

fn sents(text: &str) -> Vec<&str> {
    SentenceSplitter::new()
        .split(text)
        .iter()
        .map(|s| s.slice(text).unwrap())
        .collect()
}

#[test]
fn plain_sentences_and_question_marks() {
    assert_eq!(
        sents("Really? Yes! The summit went ahead. It lasted two days."),
        [
            "Really?",
            "Yes!",
            "The summit went ahead.",
            "It lasted two days."
        ]
    );
}

#[test]
fn titles_never_end_a_sentence() {
    assert_eq!(
        sents("Mr. Lavrov met Dr. Choe and Gen. Pak on Friday. They spoke for an hour."),
        [
            "Mr. Lavrov met Dr. Choe and Gen. Pak on Friday.",
            "They spoke for an hour."
        ]
    );
}

#[test]
fn us_ends_a_sentence_only_before_a_sentence_starter() {
    assert_eq!(
        sents("U.S. officials said the drills would go on. The drills were held in the U.S. The next round is in Seoul."),
        [
            "U.S. officials said the drills would go on.",
            "The drills were held in the U.S.",
            "The next round is in Seoul."
        ]
    );
    assert_eq!(
        sents("Envoys from the U.K. and the E.U. met U.N. staff in Geneva."),
        ["Envoys from the U.K. and the E.U. met U.N. staff in Geneva."]
    );
}

#[test]
fn etc_and_time_abbreviations() {
    assert_eq!(
        sents("They sent fuel, rice, etc. But the shipments stopped at 5 p.m. on Monday."),
        [
            "They sent fuel, rice, etc.",
            "But the shipments stopped at 5 p.m. on Monday."
        ]
    );
    assert_eq!(
        sents(
            "Goods (e.g. shells and rockets) were shipped in Sept. 2023 by Acme Corp. and others."
        ),
        ["Goods (e.g. shells and rockets) were shipped in Sept. 2023 by Acme Corp. and others."]
    );
}

#[test]
fn initials_stay_inside_names() {
    assert_eq!(
        sents("J. R. R. Tolkien and George W. Bush never met. Both wrote memoirs."),
        [
            "J. R. R. Tolkien and George W. Bush never met.",
            "Both wrote memoirs."
        ]
    );
}

#[test]
fn numbers_do_not_split() {
    assert_eq!(
        sents("Growth was 3.5 percent and 11,000 containers were shipped. No. 7 was the largest."),
        [
            "Growth was 3.5 percent and 11,000 containers were shipped.",
            "No. 7 was the largest."
        ]
    );
}

#[test]
fn ellipses_end_a_sentence_before_a_capital() {
    assert_eq!(
        sents("He hesitated... Then he left. She waited… and waited."),
        [
            "He hesitated...",
            "Then he left.",
            "She waited… and waited."
        ]
    );
}

#[test]
fn closing_quotes_and_brackets_stay_with_their_sentence() {
    assert_eq!(
        sents("He left.” Then the door closed. (It was late.) Nobody spoke."),
        [
            "He left.”",
            "Then the door closed.",
            "(It was late.)",
            "Nobody spoke."
        ]
    );
    assert_eq!(
        sents("“Why?” she asked. “Because,” he said."),
        ["“Why?” she asked.", "“Because,” he said."]
    );
}

#[test]
fn urls_and_emails_are_not_split() {
    assert_eq!(
        sents("See https://example.org/a.b?c=d for the text. Write to press@example.org today."),
        [
            "See https://example.org/a.b?c=d for the text.",
            "Write to press@example.org today."
        ]
    );
}

#[test]
fn numbered_items_keep_their_number() {
    assert_eq!(
        sents("1. Be careful. 2. Check the facts."),
        ["1. Be careful.", "2. Check the facts."]
    );
}

#[test]
fn blank_lines_are_hard_boundaries() {
    assert_eq!(
        sents("Summit in Pyongyang\n\nThe leaders met on Wednesday\n\n\n  \nThey signed a pact"),
        [
            "Summit in Pyongyang",
            "The leaders met on Wednesday",
            "They signed a pact"
        ]
    );
}

#[test]
fn headings_and_list_lines_end_at_the_line_break() {
    let text = "Russia and North Korea sign pact\n\
Vladimir Putin and Kim Jong Un signed a mutual defence treaty on Wednesday in Pyongyang.\n\
Key points:\n\
- Trade will grow\n\
- Troops may be sent\n";
    assert_eq!(
        sents(text),
        [
            "Russia and North Korea sign pact",
            "Vladimir Putin and Kim Jong Un signed a mutual defence treaty on Wednesday in Pyongyang.",
            "Key points:",
            "- Trade will grow",
            "- Troops may be sent"
        ]
    );
}

#[test]
fn wrapped_lines_are_joined() {
    let text = "The two leaders met at the airport before dawn and drove together\n\
through the capital, where crowds waved flags along the route to the\n\
Kumsusan palace. Talks began at noon and ran for several hours with\n\
only a short break.";
    let got = sents(text);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got[0].starts_with("The two") && got[0].ends_with("palace."));
    assert!(got[1].starts_with("Talks") && got[1].ends_with("break."));
}

#[test]
fn a_title_at_a_line_end_does_not_split() {
    assert_eq!(
        sents("We met Mr.\nSmith yesterday."),
        ["We met Mr.\nSmith yesterday."]
    );
}

#[test]
fn email_layout_cues() {
    assert_eq!(
        sents("Thanks, Sara Kay Mann 10/26/2000 11:26 AM Please call me at 9:00 AM tomorrow."),
        [
            "Thanks,",
            "Sara Kay Mann",
            "10/26/2000 11:26 AM",
            "Please call me at 9:00 AM tomorrow."
        ]
    );
    assert_eq!(
        sents("Write to ann@example.org Tell her the date."),
        ["Write to ann@example.org", "Tell her the date."]
    );
}

#[test]
fn spans_are_trimmed_and_never_empty() {
    let text = "  \n One.   Two.  \n\n  ";
    let spans = SentenceSplitter::new().split(text);
    assert_eq!(spans.len(), 2);
    for s in &spans {
        let t = s.slice(text).unwrap();
        assert!(!t.is_empty() && t.trim() == t, "{t:?}");
    }
    assert!(SentenceSplitter::new().split("").is_empty());
    assert!(SentenceSplitter::new().split(" \n\t\u{a0}").is_empty());
}

#[test]
fn odd_input_does_not_panic() {
    let inputs = [
        ".",
        "...",
        "?!",
        "“",
        "U.S.",
        "a.\u{a0}B",
        "é. É. ü… Ö",
        "\u{2009}.\u{2009}",
        "1.",
        "Mr.",
        "x@y. Z",
        "” ’ » )",
        "\n.\n.\n",
        "A.B.C.D.E.F.G.H.I.J.K.L.M.N.O.P.Q.R.S.T.U.V.W.X.Y.Z. The",
    ];
    let splitter = SentenceSplitter::new();
    for text in inputs {
        for s in splitter.split(text) {
            assert!(s.slice(text).is_some(), "{text:?} gave {s:?}");
        }
    }
}

#[test]
fn blocks_give_sentence_kinds() {
    let text = "U.S. and Russia: a timeline\nPutin arrived. Kim met him.\nTroops may follow\n";
    let blocks = [
        Block {
            span: Span::new(0, 27),
            kind: BlockKind::Heading,
        },
        Block {
            span: Span::new(28, 55),
            kind: BlockKind::Paragraph,
        },
        Block {
            span: Span::new(56, 74),
            kind: BlockKind::ListItem,
        },
        // Out of range: skipped, not a panic.
        Block {
            span: Span::new(70, 500),
            kind: BlockKind::Paragraph,
        },
    ];
    let got: Vec<(&str, SentenceKind)> = SentenceSplitter::new()
        .split_blocks(text, &blocks)
        .iter()
        .map(|s| (s.span.slice(text).unwrap(), s.kind))
        .collect();
    assert_eq!(
        got,
        [
            ("U.S. and Russia: a timeline", SentenceKind::Heading),
            ("Putin arrived.", SentenceKind::Body),
            ("Kim met him.", SentenceKind::Body),
            ("Troops may follow", SentenceKind::ListItem),
        ]
    );
}

#[test]
fn heading_is_never_glued_to_the_next_block() {
    let text = "Summit ends\nThe talks ended";
    let blocks = [
        Block {
            span: Span::new(0, 11),
            kind: BlockKind::Heading,
        },
        Block {
            span: Span::new(12, text.len()),
            kind: BlockKind::Paragraph,
        },
    ];
    let got = SentenceSplitter::new().split_blocks(text, &blocks);
    assert_eq!(got.len(), 2);
    assert_eq!(got[0].kind, SentenceKind::Heading);
}

#[test]
fn no_blocks_means_body_text() {
    let got = SentenceSplitter::new().split_blocks("One. Two.", &[]);
    assert_eq!(got.len(), 2);
    assert!(got.iter().all(|s| s.kind == SentenceKind::Body));
}
