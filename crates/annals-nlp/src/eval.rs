//! Accuracy of the whole model on a UD treebank, with gold tokenisation (UPOS, XPOS,
//! UFeats, lemma, UAS, LAS per word) or from raw text (CoNLL 2018 scoring, see `score`).

use serde::Serialize;

use crate::conllu::Sentence;
use crate::pipeline::{Pipeline, Scratch};
use crate::score::{self, SystemSentence};
use crate::ud_text;

/// Per-word accuracies in percent with gold tokenisation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct GoldScores {
    pub words: usize,
    pub upos: f64,
    pub xpos: f64,
    pub ufeats: f64,
    pub lemma: f64,
    pub uas: f64,
    /// Labelled attachment on the universal relation (subtype ignored), as CoNLL 2018.
    pub las: f64,
    /// Labelled attachment on the full relation, subtype included (`obl:tmod`).
    pub las_full: f64,
}

fn universal(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

/// Score the pipeline's model on gold-tokenised sentences.
pub fn evaluate_gold(pipeline: &Pipeline, gold: &[Sentence]) -> GoldScores {
    let mut scratch = Scratch::default();
    let mut n = 0usize;
    let [mut upos, mut xpos, mut feats, mut lemma, mut uas, mut las, mut las_full] = [0usize; 7];
    for s in gold {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        let got = pipeline.analyze_words(&forms, &mut scratch);
        for (g, p) in s.words.iter().zip(&got) {
            n += 1;
            upos += usize::from(p.upos.as_str() == g.upos);
            xpos += usize::from(p.xpos == g.xpos);
            feats += usize::from(p.feats == g.feats);
            lemma += usize::from(p.lemma == g.lemma);
            if p.head == g.head {
                uas += 1;
                las += usize::from(universal(&p.deprel) == universal(&g.deprel));
                las_full += usize::from(p.deprel == g.deprel);
            }
        }
    }
    let pct = |k: usize| {
        if n == 0 {
            0.0
        } else {
            100.0 * k as f64 / n as f64
        }
    };
    GoldScores {
        words: n,
        upos: pct(upos),
        xpos: pct(xpos),
        ufeats: pct(feats),
        lemma: pct(lemma),
        uas: pct(uas),
        las: pct(las),
        las_full: pct(las_full),
    }
}

/// Score the whole pipeline from raw text rebuilt from the treebank's `# text` lines.
pub fn evaluate_raw(pipeline: &Pipeline, gold: &[Sentence]) -> score::Scores {
    let ud = ud_text::rebuild(gold);
    let mut scratch = Scratch::default();
    let system: Vec<SystemSentence> = pipeline
        .parse_text(&ud.text, &mut scratch)
        .into_iter()
        .map(SystemSentence::from)
        .collect();
    score::score(&ud, &system)
}
