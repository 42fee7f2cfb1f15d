//! Averaged-perceptron part-of-speech tagger: UPOS, XPOS (Penn tags as in UD English-EWT)
//! and FEATS.
//!
//! The perceptron predicts a joint (UPOS, XPOS) class greedily from left to right, with
//! hashed word, affix, shape, context and tag-dictionary features (see `features.rs`);
//! predicting the pair keeps UPOS and XPOS consistent. Frequent words that always take the
//! same class in training are tagged by dictionary without scoring. FEATS come from the
//! classes and words (`feats.rs`). Weights are laid out for few cache misses
//! (`weights.rs`): tagging is bound by memory reads, not arithmetic.

mod dict;
mod feats;
mod features;
pub mod finite;
pub mod names;
mod tagset;
mod train;
mod weights;

use std::cell::RefCell;

use annals_core::Upos;

use crate::codec::{CodecError, Decoder, Encoder};
use crate::conllu::Sentence;

use dict::TagDict;
use feats::{FeatsModel, FeatsScratch};
use features::{context_features, word_features, InfoCache, SentenceFeatures};
use tagset::TagSet;
pub(crate) use weights::TagWeights;

pub(crate) use dict::U64Map;
pub(crate) use features::lowercase_into;
pub use train::{EpochReport, TaggerConfig, WordClusters};

/// Tags of one word. `xpos` and `feats` are ids; [`Tagger::xpos_name`] and
/// [`Tagger::feats_name`] give the strings without allocating.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TagOut {
    pub upos: Upos,
    pub xpos: u16,
    pub feats: u16,
}

/// Tagging accuracy in percent (0–100) over all words.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct TaggerScores {
    pub upos: f64,
    pub xpos: f64,
    pub feats: f64,
    /// UPOS, XPOS and FEATS all right (the CoNLL 2018 "AllTags" metric).
    pub ufeats_all_tags: f64,
    pub words: usize,
}

/// A trained tagger.
#[derive(Debug, Clone, PartialEq)]
pub struct Tagger {
    tagset: TagSet,
    dict: TagDict,
    weights: TagWeights,
    feats: FeatsModel,
    /// UPOS of each class (derived from `tagset`).
    class_upos: Vec<Upos>,
}

/// Reusable buffers for [`Tagger::tag_with`].
#[derive(Debug, Default)]
pub struct TagScratch {
    sentence: SentenceFeatures,
    buf: ScoreBuffers,
    classes: Vec<u16>,
    feats: FeatsScratch,
    words: WordScores,
    infos: InfoCache,
}

/// Words whose summed word-only scores are kept; the cache is emptied when full. Most
/// of running text is its few thousand most frequent words; more entries cost memory
/// (one row of class scores each) and gain little.
const CACHED_WORDS: usize = 4096;

/// Summed scores of each recent word's [`word_features`] (about half of a word's
/// features; news text repeats most words), for the weights with id `owner`. Integer
/// sums: a cached row plus the context features gives exactly the uncached scores.
#[derive(Debug, Default)]
struct WordScores {
    owner: u64,
    n_classes: usize,
    index: U64Map<u32>,
    rows: Vec<i32>,
}

impl WordScores {
    /// Set `scores` to the word-only scores of `info`, computing and caching them if new.
    fn load(
        &mut self,
        weights: &TagWeights,
        info: &features::WordInfo,
        features: &mut Vec<u64>,
        scores: &mut [i32],
    ) {
        let n = weights.n_classes();
        if self.owner != weights.uid() || self.n_classes != n || self.index.len() >= CACHED_WORDS {
            self.owner = weights.uid();
            self.n_classes = n;
            self.index.clear();
            self.rows.clear();
            self.rows.reserve_exact(CACHED_WORDS * n);
        }
        let key = info.word_key();
        if let Some(&row) = self.index.get(&key) {
            let start = row as usize * n;
            if let Some(cached) = self.rows.get(start..start + n) {
                for (s, &c) in scores.iter_mut().zip(cached) {
                    *s = c;
                }
                return;
            }
        }
        features.clear();
        word_features(info, features);
        scores.fill(0);
        weights.score(features, scores);
        self.index.insert(key, self.index.len() as u32);
        self.rows.extend_from_slice(scores);
    }
}

thread_local! {
    static SCRATCH: RefCell<TagScratch> = RefCell::new(TagScratch::default());
}

const MAGIC: &[u8] = b"annals-tagger";
/// Version 3 adds word clusters after the dictionary; version 2 files load without them.
const VERSION: u32 = 3;

/// Index of the highest score; ties go to the lowest index.
#[inline]
pub(crate) fn argmax<T: PartialOrd>(scores: &[T]) -> usize {
    let mut best = 0;
    for (i, s) in scores.iter().enumerate() {
        if scores.get(best).is_some_and(|b| s > b) {
            best = i;
        }
    }
    best
}

/// Tag left to right, each word seeing the classes already given to the words before it.
fn greedy(
    weights: &TagWeights,
    infos: &[features::WordInfo],
    buf: &mut ScoreBuffers,
    words: &mut WordScores,
    classes: &mut Vec<u16>,
) {
    classes.clear();
    buf.scores.resize(weights.n_classes(), 0);
    for (i, info) in infos.iter().enumerate() {
        let class = match info.sure {
            Some(c) => c,
            None => {
                words.load(weights, info, &mut buf.features, &mut buf.scores);
                buf.features.clear();
                context_features(infos, i, classes, &mut buf.features);
                weights.score(&buf.features, &mut buf.scores);
                argmax(&buf.scores) as u16
            }
        };
        classes.push(class);
    }
}

/// Feature and score buffers reused across words.
#[derive(Debug, Default)]
struct ScoreBuffers {
    features: Vec<u64>,
    scores: Vec<i32>,
}

impl Tagger {
    /// Tag a sentence; `out` is cleared and gets one entry per word.
    pub fn tag(&self, words: &[&str], out: &mut Vec<TagOut>) {
        SCRATCH.with(|s| match s.try_borrow_mut() {
            Ok(mut s) => self.tag_with(words, &mut s, out),
            Err(_) => self.tag_with(words, &mut TagScratch::default(), out),
        })
    }

    /// [`Tagger::tag`] with caller-owned buffers.
    pub fn tag_with(&self, words: &[&str], scratch: &mut TagScratch, out: &mut Vec<TagOut>) {
        self.classify(words, scratch);
        out.clear();
        let infos = &scratch.sentence.infos;
        let classes = &scratch.classes;
        for (i, &class) in classes.iter().enumerate() {
            let (upos, xpos) = self
                .tagset
                .classes
                .get(class as usize)
                .copied()
                .unwrap_or((Upos::X, 0));
            let feats = self
                .feats
                .predict(infos, classes, &self.class_upos, i, &mut scratch.feats);
            out.push(TagOut { upos, xpos, feats });
        }
    }

    /// Predict the joint class of every word into `scratch.classes`.
    fn classify(&self, words: &[&str], scratch: &mut TagScratch) {
        // The weights' id stands for the dictionary too: both come with the tagger.
        scratch
            .sentence
            .compute_cached(words, &self.dict, self.weights.uid(), &mut scratch.infos);
        let infos = &scratch.sentence.infos;
        greedy(
            &self.weights,
            infos,
            &mut scratch.buf,
            &mut scratch.words,
            &mut scratch.classes,
        );
    }

    /// Whether the training treebank's tag dictionary holds `word`, by its exact form or
    /// its lowercase: a word it lacks was never seen as a function word.
    pub fn knows(&self, word: &str) -> bool {
        let mut lower = String::new();
        lowercase_into(word, &mut lower);
        let form = crate::perceptron::feature_bytes(features::ns::FORM, word.as_bytes());
        let lower = crate::perceptron::feature_bytes(features::ns::LOWER, lower.as_bytes());
        self.dict.get(form).is_some() || self.dict.get(lower).is_some()
    }

    /// Name of an XPOS id (`_` if out of range).
    pub fn xpos_name(&self, id: u16) -> &str {
        self.tagset
            .xpos
            .get(id as usize)
            .map_or("_", String::as_str)
    }

    /// FEATS string of an id (`_` for none or out of range).
    pub fn feats_name(&self, id: u16) -> &str {
        self.tagset
            .feats
            .get(id as usize)
            .map_or("_", String::as_str)
    }

    /// All XPOS names, indexed by id.
    pub fn xpos_names(&self) -> &[String] {
        &self.tagset.xpos
    }

    /// Id of a FEATS string, if the tagger knows it.
    pub fn feats_id(&self, feats: &str) -> Option<u16> {
        self.tagset
            .feats
            .iter()
            .position(|x| x == feats)
            .map(|i| i as u16)
    }

    /// All FEATS strings, indexed by id.
    pub fn feats_names(&self) -> &[String] {
        &self.tagset.feats
    }

    /// Id of an XPOS name, if the tagger knows it.
    pub fn xpos_id(&self, name: &str) -> Option<u16> {
        self.tagset
            .xpos
            .iter()
            .position(|x| x == name)
            .map(|i| i as u16)
    }

    /// Number of features with weights, and of stored weights.
    pub fn weight_stats(&self) -> (usize, usize) {
        (self.weights.n_features(), self.weights.n_entries())
    }

    /// Score against gold tags, tagging the gold words.
    pub fn evaluate(&self, gold: &[Sentence]) -> TaggerScores {
        let mut n = 0usize;
        let (mut upos, mut xpos, mut feats, mut all) = (0usize, 0usize, 0usize, 0usize);
        let mut words: Vec<&str> = Vec::new();
        let mut out = Vec::new();
        for s in gold {
            words.clear();
            words.extend(s.words.iter().map(|w| w.form.as_str()));
            self.tag(&words, &mut out);
            for (w, t) in s.words.iter().zip(&out) {
                n += 1;
                let u = w.upos == t.upos.as_str();
                let x = w.xpos == self.xpos_name(t.xpos);
                let gold_feats = if w.feats.is_empty() { "_" } else { &w.feats };
                let f = gold_feats == self.feats_name(t.feats);
                upos += u as usize;
                xpos += x as usize;
                feats += f as usize;
                all += (u && x && f) as usize;
            }
        }
        let pct = |k: usize| {
            if n == 0 {
                0.0
            } else {
                100.0 * k as f64 / n as f64
            }
        };
        TaggerScores {
            upos: pct(upos),
            xpos: pct(xpos),
            feats: pct(feats),
            ufeats_all_tags: pct(all),
            words: n,
        }
    }

    /// The word clusters this tagger was trained with (empty when none), for the parser.
    pub fn clusters(&self) -> WordClusters {
        WordClusters {
            map: std::sync::Arc::clone(self.dict.clusters()),
        }
    }

    pub fn encode(&self, e: &mut Encoder) {
        e.bytes(MAGIC);
        e.u32(VERSION);
        self.tagset.encode(e);
        self.dict.encode(e);
        self.dict.encode_clusters(e);
        self.weights.encode(e);
        self.feats.encode(e);
    }

    pub fn decode(d: &mut Decoder) -> Result<Tagger, CodecError> {
        if d.bytes()? != MAGIC {
            return Err(CodecError::Corrupt("not a tagger model".into()));
        }
        let v = d.u32()?;
        if v != VERSION && v != 2 {
            return Err(CodecError::Corrupt(format!(
                "tagger model version {v}, expected {VERSION}"
            )));
        }
        let tagset = TagSet::decode(d)?;
        let mut dict = TagDict::decode(d, tagset.n_classes())?;
        if v >= 3 {
            dict.decode_clusters(d)?;
        }
        let weights = TagWeights::decode(d)?;
        if weights.n_classes() != tagset.n_classes().max(1) {
            return Err(CodecError::Corrupt(
                "tagger weights and classes disagree".into(),
            ));
        }
        let feats = FeatsModel::decode(d, tagset.n_classes(), tagset.feats.len())?;
        let class_upos = tagset.classes.iter().map(|c| c.0).collect();
        Ok(Tagger {
            tagset,
            dict,
            weights,
            feats,
            class_upos,
        })
    }
}

#[cfg(test)]
pub(crate) mod tests;
