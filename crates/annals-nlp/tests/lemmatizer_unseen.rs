//! Lemmas of news words the treebank never shows (`tests/data/unseen_news_lemmas.tsv`,
//! written by hand): the shipped model must get at least 98 % of them right, which needs
//! its lexicon of real words ("shelled" → "shell", not "shel").

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::collections::HashSet;
use std::path::PathBuf;

use annals_core::Upos;
use annals_nlp::conllu;
use annals_nlp::pipeline::Pipeline;

const CASES: &str = include_str!("data/unseen_news_lemmas.tsv");

/// (form, XPOS, lemma) of every case line.
fn cases() -> Vec<(&'static str, &'static str, &'static str)> {
    CASES
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            let mut cols = l.split('\t');
            match (cols.next(), cols.next(), cols.next(), cols.next()) {
                (Some(f), Some(x), Some(lemma), None) => (f, x, lemma),
                _ => panic!("unseen_news_lemmas.tsv:{}: want form, XPOS, lemma", i + 1),
            }
        })
        .collect()
}

fn upos_of(xpos: &str) -> Upos {
    if xpos.starts_with("VB") {
        Upos::VERB
    } else {
        Upos::NOUN
    }
}

#[test]
fn unseen_news_words_get_real_lemmas() {
    let p = Pipeline::embedded().expect("the shipped model is compiled in and loads");
    let lem = &p.model.lemmatizer;
    let cases = cases();
    assert!(cases.len() >= 300, "only {} cases", cases.len());
    let mut wrong = Vec::new();
    for &(form, xpos, want) in &cases {
        let got = lem.lemma(form, upos_of(xpos), xpos);
        if got != want {
            wrong.push(format!("{form}/{xpos}: {got} (want {want})"));
        }
    }
    let right = 100.0 * (cases.len() - wrong.len()) as f64 / cases.len() as f64;
    eprintln!(
        "{right:.2} % of {} unseen news words right; wrong: {wrong:#?}",
        cases.len()
    );
    assert!(right >= 98.0, "{right:.2} % < 98 %: {wrong:#?}");
}

/// Sentence-initial capitals and hyphenated compounds take the same lemma, lowercased
/// where the treebank lowercases that tag.
#[test]
fn capitals_and_compounds() {
    let p = Pipeline::embedded().expect("the shipped model is compiled in and loads");
    let lem = &p.model.lemmatizer;
    assert_eq!(lem.lemma("Shelled", Upos::VERB, "VBN"), "shell");
    assert_eq!(lem.lemma("BOYCOTTED", Upos::VERB, "VBD"), "boycott");
    assert_eq!(lem.lemma("cease-fires", Upos::NOUN, "NNS"), "cease-fire");
    assert_eq!(lem.lemma("re-evacuated", Upos::VERB, "VBN"), "re-evacuate");
}

#[test]
#[ignore = "needs ../shared"]
fn unseen_forms_are_not_in_ewt_train() {
    let root = std::env::var_os("ANNALS_SHARED").expect("ANNALS_SHARED is set");
    let path = PathBuf::from(root).join("data/ud-english-ewt/en_ewt-ud-train.conllu");
    let train = conllu::read_file(&path).expect("EWT train reads");
    let seen: HashSet<String> = train
        .iter()
        .flat_map(|s| &s.words)
        .map(|w| w.form.to_lowercase())
        .collect();
    assert!(seen.len() > 15_000, "{} forms", seen.len());
    let in_ewt: Vec<_> = cases()
        .into_iter()
        .filter(|(f, _, _)| seen.contains(&f.to_lowercase()))
        .collect();
    assert!(in_ewt.is_empty(), "forms EWT train has: {in_ewt:?}");
}
