//! Tokenisation of UD English-EWT dev with gold sentences: a regression guard on the F1 of
//! syntactic-word spans.
//!
//! Reads the treebank in place under `$ANNALS_SHARED/data/ud-english-ewt/`; skipped when
//! `ANNALS_SHARED` is unset, failing when it is set and the file is missing.

mod common;

use common::shared_file;

#[test]
#[ignore = "needs ../shared"]
fn token_f1_on_ewt_dev() {
    let path = shared_file("data/ud-english-ewt/en_ewt-ud-dev.conllu");
    let prf = annals_nlp::score::eval_tokens(&path).unwrap();
    eprintln!("EWT dev words: {prf}");
    assert!(prf.gold > 25_000, "unexpected dev file: {prf}");
    assert!(prf.f1 >= 0.985, "word F1 fell below 98.5: {prf}");
}
