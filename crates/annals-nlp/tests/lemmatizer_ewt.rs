//! Lemmatizer trained on UD English-EWT (read in place from `$ANNALS_SHARED`): accuracy
//! guard on the development set and news-verb regressions. Skipped when `ANNALS_SHARED`
//! is unset; fails when it is set but the treebank is missing.

use annals_core::Upos;
use annals_nlp::conllu::{self, Sentence};
use annals_nlp::lemmatizer::Lemmatizer;

mod common;

fn treebank(relative: &str) -> Vec<Sentence> {
    let path = common::shared_file(relative);
    match conllu::read_file(&path) {
        Ok(s) => s,
        Err(e) => panic!("cannot read {}: {e}", path.display()),
    }
}

#[test]
#[ignore = "needs ../shared"]
fn ewt_lemmas() {
    let (train, dev) = (treebank(common::EWT_TRAIN), treebank(common::EWT_DEV));
    let lem = Lemmatizer::train(&train);
    let acc = lem.evaluate(&dev, None);
    eprintln!("dev lemma accuracy with gold tags: {acc:.2}");
    assert!(acc >= 98.0, "dev lemma accuracy {acc:.2} < 98.0");

    let cases = [
        ("supplied", Upos::VERB, "VBD", "supply"),
        ("fled", Upos::VERB, "VBD", "flee"),
        ("Fled", Upos::VERB, "VBN", "flee"),
        ("signed", Upos::VERB, "VBD", "sign"),
        ("sanctions", Upos::NOUN, "NNS", "sanction"),
        ("missiles", Upos::NOUN, "NNS", "missile"),
        ("was", Upos::AUX, "VBD", "be"),
        ("countries", Upos::NOUN, "NNS", "country"),
        ("held", Upos::VERB, "VBD", "hold"),
        ("met", Upos::VERB, "VBD", "meet"),
        ("struck", Upos::VERB, "VBD", "strike"),
        ("ceasefires", Upos::NOUN, "NNS", "ceasefire"),
        ("negotiators", Upos::NOUN, "NNS", "negotiator"),
        ("bombed", Upos::VERB, "VBD", "bomb"),
        ("vowed", Upos::VERB, "VBD", "vow"),
        ("captured", Upos::VERB, "VBN", "capture"),
        ("better", Upos::ADJ, "JJR", "good"),
        ("The", Upos::DET, "DT", "the"),
        ("U.S.", Upos::PROPN, "NNP", "U.S."),
        ("Kyiv", Upos::PROPN, "NNP", "Kyiv"),
        ("11,000", Upos::NUM, "CD", "11000"),
    ];
    for (form, upos, xpos, want) in cases {
        assert_eq!(lem.lemma(form, upos, xpos), want, "{form} {xpos}");
    }
}
