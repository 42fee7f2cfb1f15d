//! The scorer on a whole treebank: the gold standard scored against itself is perfect,
//! and damage to it shows in the right metrics.
//!
//! Reads the treebank in place under `$ANNALS_SHARED/data/ud-english-ewt/`; skipped when
//! `ANNALS_SHARED` is unset, failing when it is set and the file is missing.

mod common;

use common::shared_file;

use annals_nlp::score::{score, SystemSentence};
use annals_nlp::ud_text::{self, UdText};

fn gold_as_system(gold: &UdText) -> Vec<SystemSentence> {
    SystemSentence::from_gold(gold)
}

#[test]
#[ignore = "needs ../shared"]
fn gold_scores_perfectly_and_damage_is_measured() {
    let path = shared_file("data/ud-english-ewt/en_ewt-ud-dev.conllu");
    let gold = ud_text::read_file(&path).unwrap();
    assert_eq!(
        gold.misaligned_tokens, 0,
        "every form is found in its # text"
    );
    for s in &gold.sentences {
        for w in &s.words {
            assert!(s.span.contains(w.span) && w.token.contains(w.span));
        }
    }

    let mut system = gold_as_system(&gold);
    let perfect = score(&gold, &system);
    for m in [
        perfect.tokens,
        perfect.sentences,
        perfect.upos,
        perfect.xpos,
        perfect.lemmas,
        perfect.uas,
        perfect.las,
    ] {
        assert_eq!(m.f1, 1.0, "{perfect}");
    }

    // Every tenth word gets a wrong tag and every fifth root a wrong label.
    let mut words = 0;
    let mut roots = 0;
    for s in &mut system {
        for w in &mut s.words {
            words += 1;
            if words % 10 == 0 {
                w.upos = "X".into();
            }
            if w.head == 0 {
                roots += 1;
                if roots % 5 == 0 {
                    w.deprel = "dep".into();
                }
            }
        }
    }
    let damaged = score(&gold, &system);
    assert_eq!(damaged.tokens.f1, 1.0);
    assert_eq!(damaged.uas.f1, 1.0);
    assert!(
        damaged.upos.f1 < 0.91 && damaged.upos.f1 > 0.89,
        "{damaged}"
    );
    assert!(damaged.las.f1 < 1.0);
    eprintln!("{damaged}");
}
