use super::*;
use crate::conllu;
use crate::ud_text::rebuild;

/// Gold: one paragraph of two sentences, "They don't sleep." and "Cats nap.".
fn gold() -> UdText {
    let rows = [
        "# newdoc",
        "# text = They don't sleep.",
        "1\tThey\tthey\tPRON\tPRP\t_\t4\tnsubj\t_\t_",
        "2-3\tdon't\t_\t_\t_\t_\t_\t_\t_\t_",
        "2\tdo\tdo\tAUX\tVBP\t_\t4\taux\t_\t_",
        "3\tn't\tnot\tPART\tRB\t_\t4\tadvmod\t_\t_",
        "4\tsleep\tsleep\tVERB\tVB\t_\t0\troot\t_\tSpaceAfter=No",
        "5\t.\t.\tPUNCT\t.\t_\t4\tpunct\t_\t_",
        "",
        "# text = Cats nap.",
        "1\tCats\tcat\tNOUN\tNNS\t_\t2\tnsubj:pass\t_\t_",
        "2\tnap\tnap\tVERB\tVBP\t_\t0\troot\t_\tSpaceAfter=No",
        "3\t.\t.\tPUNCT\t.\t_\t2\tpunct\t_\t_",
        "",
    ];
    let sents = conllu::read(rows.join("\n").as_bytes(), "gold").unwrap();
    rebuild(&sents)
}

fn word(text: &str, form: &str, from: usize, tags: (&str, &str, &str), head: usize) -> SystemWord {
    let start = text[from..].find(form).unwrap() + from;
    SystemWord {
        span: Span::new(start, start + form.len()),
        upos: tags.0.into(),
        xpos: tags.1.into(),
        lemma: tags.2.into(),
        head,
        deprel: String::new(),
    }
}

/// A system output equal to the gold standard.
fn perfect(g: &UdText) -> Vec<SystemSentence> {
    SystemSentence::from_gold(g)
}

#[test]
fn perfect_output_scores_one_everywhere() {
    let g = gold();
    let s = score(&g, &perfect(&g));
    for m in [
        s.tokens,
        s.sentences,
        s.upos,
        s.xpos,
        s.lemmas,
        s.uas,
        s.las,
        s.las_full,
    ] {
        assert_eq!((m.precision, m.recall, m.f1), (1.0, 1.0, 1.0), "{m}");
    }
    assert_eq!(s.tokens.gold, 8);
    assert_eq!(s.sentences.gold, 2);
}

#[test]
fn missed_split_loses_both_sentences() {
    let g = gold();
    let mut sys = perfect(&g);
    let second = sys.pop().unwrap();
    let first = sys.first_mut().unwrap();
    // The two sentences glued into one; word heads of the second shifted by 5.
    for mut w in second.words {
        if w.head != 0 {
            w.head += 5;
        }
        first.words.push(w);
    }
    first.span = Span::new(0, g.text.len());
    let s = score(&g, &sys);
    assert_eq!(s.sentences.correct, 0);
    assert_eq!((s.sentences.gold, s.sentences.system), (2, 1));
    assert_eq!(s.sentences.f1, 0.0);
    assert_eq!(s.tokens.f1, 1.0, "words are unaffected");
    assert_eq!(s.uas.f1, 1.0);
}

#[test]
fn wrong_head_costs_uas_and_las() {
    let g = gold();
    let mut sys = perfect(&g);
    // "They" attached to "n't" instead of "sleep".
    sys[0].words[0].head = 3;
    let s = score(&g, &sys);
    assert_eq!(s.uas.correct, 7);
    assert_eq!(s.las.correct, 7);
    assert!((s.uas.f1 - 7.0 / 8.0).abs() < 1e-12);
    assert_eq!(s.upos.f1, 1.0);
}

#[test]
fn wrong_label_costs_las_only_and_subtypes_only_full_las() {
    let g = gold();
    let mut sys = perfect(&g);
    sys[0].words[0].deprel = "obj".into();
    sys[1].words[0].deprel = "nsubj".into(); // gold nsubj:pass
    let s = score(&g, &sys);
    assert_eq!(s.uas.correct, 8);
    assert_eq!(s.las.correct, 7);
    assert_eq!(s.las_full.correct, 6);
}

#[test]
fn multiword_parts_align_by_order_and_unsplit_token_does_not() {
    let g = gold();
    let t = &g.text;
    let unsplit = vec![SystemSentence {
        span: g.sentences[0].span,
        words: vec![
            word(t, "They", 0, ("PRON", "PRP", "they"), 3),
            word(t, "don't", 0, ("AUX", "VBP", "do"), 3),
            word(t, "sleep", 0, ("VERB", "VB", "sleep"), 0),
            word(t, ".", 0, ("PUNCT", ".", "."), 3),
        ],
    }];
    let s = score(&g, &unsplit);
    assert_eq!(s.tokens.correct, 3);
    assert_eq!((s.tokens.gold, s.tokens.system), (8, 4));
    // "They" → "sleep" is right even though the system numbered the words differently.
    assert_eq!(s.uas.correct, 3);

    let split = perfect(&g);
    assert_eq!(score(&g, &split).tokens.correct, 8);
}

#[test]
fn extra_split_lowers_precision() {
    let g = gold();
    let mut sys = perfect(&g);
    let t = g.text.clone();
    // "Cats" split into "Ca" + "ts".
    let cats = sys[1].words.remove(0);
    let (a, b) = (cats.span.start, cats.span.end);
    sys[1].words.insert(
        0,
        SystemWord {
            span: Span::new(a + 2, b),
            ..cats.clone()
        },
    );
    sys[1].words.insert(
        0,
        SystemWord {
            span: Span::new(a, a + 2),
            ..cats
        },
    );
    let s = score(&g, &sys);
    assert_eq!(s.tokens.system, 9);
    assert_eq!(s.tokens.correct, 7);
    assert!(s.tokens.precision < s.tokens.recall);
    assert_eq!(&t[a..b], "Cats");
}

#[test]
fn heads_out_of_range_and_empty_output_do_not_panic() {
    let g = gold();
    let mut sys = perfect(&g);
    sys[0].words[0].head = 99;
    let s = score(&g, &sys);
    assert_eq!(s.uas.correct, 7);
    let empty = score(&g, &[]);
    assert_eq!(empty.tokens.f1, 0.0);
    assert_eq!(empty.tokens.recall, 0.0);
}

#[test]
fn sentence_spans_are_trimmed_before_comparison() {
    let g = gold();
    let spans = g
        .sentences
        .iter()
        .map(|s| Span::new(s.span.start.saturating_sub(1), s.span.end));
    let p = sentence_prf(&g, spans);
    assert_eq!(p.correct, 2);
}

#[test]
fn table_lists_every_metric() {
    let g = gold();
    let table = score(&g, &perfect(&g)).to_string();
    for name in [
        "Tokens",
        "Sentences",
        "UPOS",
        "XPOS",
        "Lemmas",
        "UAS",
        "LAS",
    ] {
        assert!(table.contains(name), "{table}");
    }
    assert!(table.contains("100.00"));
}
