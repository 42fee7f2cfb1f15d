use super::*;
use crate::tagger::tests::treebank;

/// Regular patterns on some words, irregular verbs, proper nouns and numbers.
const TRAIN: &str = "\
Officials|official|NOUN|NNS|_ applied|apply|VERB|VBD|_ new|new|ADJ|JJ|_ rules|rule|NOUN|NNS|_ .|.|PUNCT|.|_
The|the|DET|DT|_ government|government|NOUN|NN|_ denied|deny|VERB|VBD|_ the|the|DET|DT|_ reports|report|NOUN|NNS|_ .|.|PUNCT|.|_
Trucks|truck|NOUN|NNS|_ carried|carry|VERB|VBD|_ vehicles|vehicle|NOUN|NNS|_ to|to|ADP|IN|_ two|two|NUM|CD|_ cities|city|NOUN|NNS|_ .|.|PUNCT|.|_
Workers|worker|NOUN|NNS|_ joined|join|VERB|VBD|_ the|the|DET|DT|_ parties|party|NOUN|NNS|_ in|in|ADP|IN|_ Paris|Paris|PROPN|NNP|_ .|.|PUNCT|.|_
Troops|troop|NOUN|NNS|_ fled|flee|VERB|VBD|_ as|as|SCONJ|IN|_ rockets|rocket|NOUN|NNS|_ fell|fall|VERB|VBD|_ .|.|PUNCT|.|_
It|it|PRON|PRP|_ was|be|AUX|VBD|_ cold|cold|ADJ|JJ|_ when|when|ADV|WRB|_ they|they|PRON|PRP|_ met|meet|VERB|VBD|_ and|and|CCONJ|CC|_ held|hold|VERB|VBD|_ talks|talk|NOUN|NNS|_ .|.|PUNCT|.|_
The|the|DET|DT|_ U.S.|U.S.|PROPN|NNP|_ signaled|signal|VERB|VBD|_ 11,000|11000|NUM|CD|_ warnings|warning|NOUN|NNS|_ on|on|ADP|IN|_ Monday|Monday|PROPN|NNP|_ .|.|PUNCT|.|_
Rebels|rebel|NOUN|NNS|_ attacked|attack|VERB|VBD|_ bases|base|NOUN|NNS|_ and|and|CCONJ|CC|_ towns|town|NOUN|NNS|_ in|in|ADP|IN|_ Syria|Syria|PROPN|NNP|_ .|.|PUNCT|.|_
";

fn trained() -> Lemmatizer {
    Lemmatizer::train(&treebank(TRAIN))
}

fn lemma(l: &Lemmatizer, form: &str, upos: Upos, xpos: &str) -> String {
    l.lemma(form, upos, xpos).into_owned()
}

#[test]
fn suffix_rules_generalise_to_unseen_words() {
    let l = trained();
    assert_eq!(lemma(&l, "supplied", Upos::VERB, "VBD"), "supply");
    assert_eq!(lemma(&l, "signed", Upos::VERB, "VBD"), "sign");
    assert_eq!(lemma(&l, "sanctions", Upos::NOUN, "NNS"), "sanction");
    assert_eq!(lemma(&l, "missiles", Upos::NOUN, "NNS"), "missile");
    assert_eq!(lemma(&l, "countries", Upos::NOUN, "NNS"), "country");
    assert_eq!(lemma(&l, "Sanctions", Upos::NOUN, "NNS"), "sanction");
}

#[test]
fn irregular_words_and_casing() {
    let l = trained();
    assert_eq!(lemma(&l, "fled", Upos::VERB, "VBD"), "flee");
    assert_eq!(lemma(&l, "was", Upos::AUX, "VBD"), "be");
    assert_eq!(lemma(&l, "Was", Upos::AUX, "VBD"), "be");
    assert_eq!(lemma(&l, "held", Upos::VERB, "VBD"), "hold");
    assert_eq!(lemma(&l, "met", Upos::VERB, "VBD"), "meet");
    assert_eq!(lemma(&l, "The", Upos::DET, "DT"), "the");
    assert_eq!(lemma(&l, "U.S.", Upos::PROPN, "NNP"), "U.S.");
    assert_eq!(lemma(&l, "Moscow", Upos::PROPN, "NNP"), "Moscow");
    assert_eq!(lemma(&l, "250,000", Upos::NUM, "CD"), "250000");
    assert_eq!(l.evaluate(&treebank(TRAIN), None), 100.0);
}

#[test]
fn unchanged_lemmas_borrow_the_form() {
    let l = trained();
    assert!(matches!(
        l.lemma("talk", Upos::NOUN, "NN"),
        Cow::Borrowed("talk")
    ));
    assert!(matches!(
        l.lemma("towns", Upos::NOUN, "NNS"),
        Cow::Borrowed("town")
    ));
}

#[test]
fn odd_input_does_not_panic() {
    let l = trained();
    for form in [
        "",
        "s",
        "é",
        "🙂",
        "ÅNGSTRÖM",
        "\u{301}",
        "İ",
        "ﬁled",
        "x\u{200b}ies",
    ] {
        for (u, x) in [
            (Upos::NOUN, "NNS"),
            (Upos::VERB, "VBD"),
            (Upos::X, "??"),
            (Upos::X, ""),
        ] {
            let _ = l.lemma(form, u, x);
        }
    }
    let long = "ab".repeat(5000);
    assert_eq!(l.lemma(&long, Upos::NOUN, "NN"), long.as_str());
    let empty = Lemmatizer::train(&[]);
    assert_eq!(empty.lemma("Cities", Upos::NOUN, "NNS"), "Cities");
}

fn encoded(l: &Lemmatizer) -> Vec<u8> {
    let mut e = Encoder::new();
    l.encode(&mut e);
    e.into_bytes()
}

#[test]
fn deterministic_and_round_trips() {
    let l = trained();
    let bytes = encoded(&l);
    assert_eq!(bytes, encoded(&trained()));
    let back = Lemmatizer::decode(&mut Decoder::new(&bytes)).unwrap();
    assert_eq!(back, l);
    for cut in [0, 3, bytes.len() / 2, bytes.len() - 1] {
        assert!(Lemmatizer::decode(&mut Decoder::new(&bytes[..cut])).is_err());
    }
}
