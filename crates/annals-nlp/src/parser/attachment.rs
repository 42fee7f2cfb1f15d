//! Scoring parses against gold trees: unlabelled and labelled attachment, with the CoNLL 2018
//! LAS on universal relations.

use annals_core::Upos;

use super::{ParseScratch, ParseWord, Parser};
use crate::conllu;

impl Parser {
    /// Unlabelled and labelled attachment scores (fractions, punctuation included, full
    /// labels with subtypes) on gold sentences, parsing from their gold tags.
    pub fn evaluate(&self, gold: &[conllu::Sentence]) -> (f64, f64) {
        let s = self.score(gold, None);
        (s.uas(), s.las())
    }

    /// [`Parser::evaluate`] parsing from predicted tags `(upos, xpos)` per word; a
    /// sentence whose tag count does not match falls back to its gold tags.
    pub fn evaluate_with_tags(
        &self,
        gold: &[conllu::Sentence],
        tags: &[Vec<(Upos, String)>],
    ) -> (f64, f64) {
        let s = self.score(gold, Some(tags));
        (s.uas(), s.las())
    }

    /// Attachment counts, including the CoNLL 2018 LAS on universal relations only.
    pub fn score(
        &self,
        gold: &[conllu::Sentence],
        tags: Option<&[Vec<(Upos, String)>]>,
    ) -> AttachmentScore {
        let mut score = AttachmentScore::default();
        let mut scratch = ParseScratch::default();
        let mut out = Vec::new();
        for (i, s) in gold.iter().enumerate() {
            let sent_tags = tags
                .and_then(|t| t.get(i))
                .filter(|t| t.len() == s.words.len());
            let words: Vec<ParseWord> = s
                .words
                .iter()
                .enumerate()
                .map(|(j, w)| {
                    let (upos, xpos) = match sent_tags.and_then(|t| t.get(j)) {
                        Some((u, x)) => (*u, x.as_str()),
                        None => (Upos::parse(&w.upos).unwrap_or(Upos::X), w.xpos.as_str()),
                    };
                    ParseWord {
                        form: &w.form,
                        lemma: &w.lemma,
                        upos,
                        xpos,
                    }
                })
                .collect();
            self.parse_with(&mut scratch, &words, &mut out);
            for (w, &(h, l)) in s.words.iter().zip(&out) {
                score.total += 1;
                if w.head == h {
                    score.heads += 1;
                    let name = self.label_name(l);
                    if name == w.deprel {
                        score.labelled += 1;
                    }
                    if universal(name) == universal(&w.deprel) {
                        score.labelled_universal += 1;
                    }
                }
            }
        }
        score
    }
}

/// The universal part of a relation (`nsubj:pass` → `nsubj`).
fn universal(label: &str) -> &str {
    label.split(':').next().unwrap_or(label)
}

/// Attachment counts over words (punctuation included).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AttachmentScore {
    pub total: usize,
    /// Words with the right head.
    pub heads: usize,
    /// ... and the right full label (subtypes included).
    pub labelled: usize,
    /// ... and the right universal relation (CoNLL 2018 LAS).
    pub labelled_universal: usize,
}

impl AttachmentScore {
    fn frac(x: usize, total: usize) -> f64 {
        if total == 0 {
            0.0
        } else {
            x as f64 / total as f64
        }
    }
    pub fn uas(&self) -> f64 {
        Self::frac(self.heads, self.total)
    }
    pub fn las(&self) -> f64 {
        Self::frac(self.labelled, self.total)
    }
    pub fn las_universal(&self) -> f64 {
        Self::frac(self.labelled_universal, self.total)
    }
}
