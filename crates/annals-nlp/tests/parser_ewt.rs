//! The dependency parser trained briefly on UD English-EWT (read in place from
//! `$ANNALS_SHARED`): a modest accuracy guard on the development set, well-formed trees for
//! every dev sentence, and the treebank's non-projective sentences all used in training.
//! Skipped when `ANNALS_SHARED` is unset; fails when it is set and a file is missing.
//!
//! Accuracy of the shipped model is guarded by the model regression tests; this one only
//! checks that training on the real treebank works end to end (two epochs, ~20 s in the
//! test profile).

mod common;

use annals_core::Upos;
use annals_nlp::conllu;
use annals_nlp::parser::{ParseScratch, ParseWord, Parser, ParserConfig};

#[test]
#[ignore = "needs ../shared"]
fn brief_training_on_ewt_parses_dev_reasonably() {
    let (train_path, dev_path) = (
        common::shared_file(common::EWT_TRAIN),
        common::shared_file(common::EWT_DEV),
    );
    let train = conllu::read_file(train_path).unwrap();
    let dev = conllu::read_file(dev_path).unwrap();
    let cfg = ParserConfig {
        epochs: 2,
        select_on_dev: false,
        ..ParserConfig::default()
    };
    let (parser, report) = Parser::train_with_report(&train, None, None, &cfg, &mut |_| {});

    // Every sentence is used; the non-projective ones through lifted labels.
    assert_eq!(report.sentences, train.len());
    assert_eq!(report.skipped_invalid, 0);
    assert!(
        report.non_projective_sentences > 100,
        "{} non-projective sentences",
        report.non_projective_sentences
    );
    assert!(report.lifts >= report.non_projective_arcs);
    assert!(report.lifted_label_classes > 0);

    let score = parser.score(&dev, None);
    assert_eq!(
        score.total,
        dev.iter().map(|s| s.words.len()).sum::<usize>()
    );
    assert!(
        score.uas() > 0.84,
        "dev UAS {:.4} after two epochs",
        score.uas()
    );
    assert!(
        score.las() > 0.80,
        "dev LAS {:.4} after two epochs",
        score.las()
    );
    assert!(score.las_universal() >= score.las());

    // Trees, and only relations the treebank uses.
    let known: std::collections::HashSet<&str> = train
        .iter()
        .flat_map(|s| s.words.iter().map(|w| w.deprel.as_str()))
        .collect();
    let mut scratch = ParseScratch::default();
    let mut out = Vec::new();
    for s in &dev {
        let words: Vec<ParseWord> = s
            .words
            .iter()
            .map(|w| ParseWord {
                form: &w.form,
                lemma: &w.lemma,
                upos: Upos::parse(&w.upos).unwrap_or(Upos::X),
                xpos: &w.xpos,
            })
            .collect();
        parser.parse_with(&mut scratch, &words, &mut out);
        assert_eq!(out.len(), words.len());
        assert_eq!(out.iter().filter(|(h, _)| *h == 0).count(), 1);
        for (i, &(h, l)) in out.iter().enumerate() {
            assert!(h <= words.len() && h != i + 1);
            let name = parser.label_name(l);
            assert!(known.contains(name), "unknown relation {name:?}");
            assert_eq!(
                name == "root",
                h == 0,
                "root label iff attached to the root"
            );
        }
    }
}
