//! Sentence splitting on UD English-EWT dev: a regression guard on boundary F1.
//!
//! Reads the treebank in place under `$ANNALS_SHARED/data/ud-english-ewt/`; skipped when
//! `ANNALS_SHARED` is unset, failing when it is set and the file is missing.

mod common;

use common::shared_file;

#[test]
#[ignore = "needs ../shared"]
fn sentence_f1_on_ewt_dev() {
    let path = shared_file("data/ud-english-ewt/en_ewt-ud-dev.conllu");
    let prf = annals_nlp::score::eval_sentences(&path).unwrap();
    eprintln!("EWT dev sentence boundaries: {prf}");
    assert_eq!(prf.gold, 2001, "unexpected dev file");
    assert!(prf.f1 >= 0.88, "sentence F1 fell below 0.88: {prf}");
}
