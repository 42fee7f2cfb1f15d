//! Tagger trained on UD English-EWT (read in place from `$ANNALS_SHARED`): accuracy
//! guards on the development set with gold tokenisation, a model round trip, and the
//! lemmatizer on the predicted tags. Skipped when `ANNALS_SHARED` is unset; fails when it
//! is set but the treebank is missing.
//!
//! Training uses fewer epochs than the shipped model, so the guards sit a little below
//! the figures `examples/train_tagger.rs` reports.

use std::time::Instant;

use annals_nlp::codec::{Decoder, Encoder};
use annals_nlp::conllu::{self, Sentence};
use annals_nlp::lemmatizer::Lemmatizer;
use annals_nlp::tagger::{Tagger, TaggerConfig};

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
fn ewt_tagger_accuracy() {
    let (train, dev) = (treebank(common::EWT_TRAIN), treebank(common::EWT_DEV));
    let cfg = TaggerConfig {
        epochs: 5,
        ..TaggerConfig::default()
    };
    let t0 = Instant::now();
    let tagger = Tagger::train(&train, None, &cfg);
    eprintln!("trained in {:.1}s", t0.elapsed().as_secs_f64());
    let scores = tagger.evaluate(&dev);
    eprintln!("dev: {scores:?}");
    assert!(scores.words > 20_000, "{scores:?}");
    assert!(scores.upos >= 95.0, "dev UPOS {:.2} < 95.0", scores.upos);
    assert!(scores.xpos >= 94.0, "dev XPOS {:.2} < 94.0", scores.xpos);
    assert!(scores.feats >= 93.5, "dev FEATS {:.2} < 93.5", scores.feats);

    let lemmatizer = Lemmatizer::train(&train);
    let lemma = lemmatizer.evaluate(&dev, Some(&tagger));
    eprintln!("dev lemma accuracy with predicted tags: {lemma:.2}");
    assert!(lemma >= 96.5, "dev lemma accuracy {lemma:.2} < 96.5");

    // The encoded model tags exactly like the trained one.
    let mut e = Encoder::new();
    tagger.encode(&mut e);
    let bytes = e.into_bytes();
    let back = Tagger::decode(&mut Decoder::new(&bytes)).expect("decode");
    assert_eq!(back.evaluate(&dev), scores);
}
