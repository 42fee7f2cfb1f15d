//! FEATS from the predicted classes.
//!
//! Most words take one FEATS string per class ("the"/DT → `Definite=Def|PronType=Art`),
//! and a table learned from training answers those. The rest depend on context — the mood
//! of a bare verb (imperative or infinitive), the case of "it" and "you", the person and
//! number a past verb agrees with, passive participles — and a small perceptron chooses
//! among the FEATS seen with the word (or, for an unknown word, with its class), from the
//! classes and words around it.

use annals_core::Upos;

use crate::codec::{CodecError, Decoder, Encoder};
use crate::perceptron::{feature_ints, CompactOptions, Trainer};

use super::dict::U64Map;
use super::features::{WordInfo, NO_TAG};
use super::train::SplitMix;
use super::weights::TagWeights;

/// Candidate FEATS of a word or class: a run `start..start + len` of `cands`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Run {
    start: u32,
    len: u32,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FeatsModel {
    /// (class, lowercase word) → its candidates.
    words: U64Map<Run>,
    /// Per class, the candidates of unknown words.
    classes: Vec<Run>,
    cands: Vec<u16>,
    weights: TagWeights,
}

/// Candidates below this share of their word's (or class's) occurrences are dropped.
const MIN_SHARE: f32 = 0.05;

#[inline]
fn word_key(class: u16, lower: u64) -> u64 {
    feature_ints(0x4645_0001, &[class as u64, lower])
}

/// Reusable buffers for scoring.
#[derive(Debug, Default)]
pub(crate) struct FeatsScratch {
    features: Vec<u64>,
    scores: Vec<i32>,
}

/// One training word: the sentence's classes and words, its position and gold FEATS.
pub(crate) struct FeatsExample<'a> {
    pub infos: &'a [WordInfo],
    pub classes: &'a [u16],
    pub gold: &'a [u16],
}

impl FeatsModel {
    /// Learn from sentences with their classes and gold FEATS ids.
    pub fn train(
        sentences: &[FeatsExample],
        class_upos: &[Upos],
        epochs: usize,
        seed: u64,
    ) -> FeatsModel {
        let n_classes = class_upos.len();
        let mut word_counts: U64Map<(u16, Vec<(u16, u32)>)> = U64Map::default();
        let mut class_counts: Vec<Vec<(u16, u32)>> = vec![Vec::new(); n_classes];
        let bump = |v: &mut Vec<(u16, u32)>, f: u16| match v.iter_mut().find(|(x, _)| *x == f) {
            Some((_, n)) => *n += 1,
            None => v.push((f, 1)),
        };
        for s in sentences {
            for ((info, &c), &f) in s.infos.iter().zip(s.classes).zip(s.gold) {
                let entry = word_counts
                    .entry(word_key(c, info.lower))
                    .or_insert_with(|| (c, Vec::new()));
                bump(&mut entry.1, f);
                if let Some(v) = class_counts.get_mut(c as usize) {
                    bump(v, f);
                }
            }
        }
        let mut cands = Vec::new();
        let classes: Vec<Run> = class_counts
            .into_iter()
            .map(|v| push_run(&mut cands, v))
            .collect();
        // Words whose candidates are their class's need no entry of their own.
        let mut keys: Vec<(u64, u16)> = word_counts.iter().map(|(&k, v)| (k, v.0)).collect();
        keys.sort_unstable();
        let mut words = U64Map::default();
        for (k, class) in keys {
            let Some((_, v)) = word_counts.remove(&k) else {
                continue;
            };
            let run = push_run(&mut cands, v);
            let class_run = classes.get(class as usize).copied().unwrap_or_default();
            let same = |r: Run| cands.get(r.start as usize..(r.start + r.len) as usize);
            if same(run) == same(class_run) {
                cands.truncate(run.start as usize);
            } else {
                words.insert(k, run);
            }
        }
        let mut model = FeatsModel {
            words,
            classes,
            cands,
            weights: TagWeights::from_trainer(&Trainer::new(MAX_CANDS), CompactOptions::default()),
        };

        let mut trainer = Trainer::new(MAX_CANDS);
        let mut scratch = FeatsScratch::default();
        let mut order: Vec<usize> = (0..sentences.len()).collect();
        let mut rng = SplitMix::new(seed);
        let mut scores = vec![0f32; MAX_CANDS];
        for _ in 0..epochs {
            rng.shuffle(&mut order);
            for s in order.iter().filter_map(|&k| sentences.get(k)) {
                for (i, &gold) in s.gold.iter().enumerate() {
                    let Some(run) = model.candidates(s.infos, s.classes, i) else {
                        continue;
                    };
                    if run.len < 2 {
                        continue;
                    }
                    let cands = model.run(run);
                    let cands = cands.get(..MAX_CANDS).unwrap_or(cands);
                    features(
                        s.infos,
                        s.classes,
                        class_upos,
                        i,
                        cands,
                        &mut scratch.features,
                    );
                    scores.fill(0.0);
                    trainer.score(&scratch.features, &mut scores);
                    let guess = argmax_of(scores.get(..cands.len()).unwrap_or(&[]));
                    if let Some(truth) = cands.iter().position(|&f| f == gold) {
                        trainer.update(&scratch.features, truth, guess);
                    }
                    trainer.tick();
                }
            }
        }
        model.weights = TagWeights::from_trainer(&trainer, CompactOptions::default());
        model
    }

    fn run(&self, r: Run) -> &[u16] {
        let start = r.start as usize;
        self.cands.get(start..start + r.len as usize).unwrap_or(&[])
    }

    fn candidates(&self, infos: &[WordInfo], classes: &[u16], i: usize) -> Option<Run> {
        let class = *classes.get(i)?;
        let info = infos.get(i)?;
        self.words
            .get(&word_key(class, info.lower))
            .or_else(|| self.classes.get(class as usize))
            .copied()
    }

    /// FEATS id of word `i`, given every word's class.
    pub fn predict(
        &self,
        infos: &[WordInfo],
        classes: &[u16],
        class_upos: &[Upos],
        i: usize,
        scratch: &mut FeatsScratch,
    ) -> u16 {
        let Some(run) = self.candidates(infos, classes, i) else {
            return 0;
        };
        let cands = self.run(run);
        match cands {
            [] => 0,
            [f] => *f,
            _ => {
                let cands = cands.get(..MAX_CANDS).unwrap_or(cands);
                features(infos, classes, class_upos, i, cands, &mut scratch.features);
                scratch.scores.clear();
                scratch.scores.resize(self.weights.n_classes(), 0);
                self.weights.score(&scratch.features, &mut scratch.scores);
                let best = argmax_of(scratch.scores.get(..cands.len()).unwrap_or(&[]));
                cands.get(best).copied().unwrap_or(0)
            }
        }
    }

    pub fn encode(&self, e: &mut Encoder) {
        let mut keys: Vec<u64> = self.words.keys().copied().collect();
        keys.sort_unstable();
        e.len(keys.len());
        for k in keys {
            let r = self.words.get(&k).copied().unwrap_or_default();
            e.u64(k);
            e.u32(r.start);
            e.u32(r.len);
        }
        e.len(self.classes.len());
        for r in &self.classes {
            e.u32(r.start);
            e.u32(r.len);
        }
        let cands: Vec<u32> = self.cands.iter().map(|&f| f as u32).collect();
        e.u32s(&cands);
        self.weights.encode(e);
    }

    pub fn decode(
        d: &mut Decoder,
        n_classes: usize,
        n_feats: usize,
    ) -> Result<FeatsModel, CodecError> {
        let mut runs = Vec::new();
        let n = d.len(16)?;
        let mut words = U64Map::default();
        words.reserve(n);
        for _ in 0..n {
            let k = d.u64()?;
            let r = Run {
                start: d.u32()?,
                len: d.u32()?,
            };
            runs.push(r);
            words.insert(k, r);
        }
        let n = d.len(8)?;
        if n != n_classes {
            return Err(CodecError::Corrupt("FEATS model classes".into()));
        }
        let mut classes = Vec::with_capacity(n);
        for _ in 0..n {
            let r = Run {
                start: d.u32()?,
                len: d.u32()?,
            };
            runs.push(r);
            classes.push(r);
        }
        let cands = d
            .u32s()?
            .into_iter()
            .map(|f| {
                u16::try_from(f)
                    .ok()
                    .filter(|&f| (f as usize) < n_feats)
                    .ok_or_else(|| CodecError::Corrupt(format!("FEATS id {f}")))
            })
            .collect::<Result<Vec<u16>, _>>()?;
        if runs
            .iter()
            .any(|r| r.start as usize + r.len as usize > cands.len())
        {
            return Err(CodecError::Corrupt("FEATS candidate run".into()));
        }
        let weights = TagWeights::decode(d)?;
        if weights.n_classes() != MAX_CANDS {
            return Err(CodecError::Corrupt("FEATS weights".into()));
        }
        Ok(FeatsModel {
            words,
            classes,
            cands,
            weights,
        })
    }
}

/// Append a word's (or class's) FEATS counts to `cands` as a candidate run, by decreasing
/// frequency (ties to the smaller id), so the first is the answer when the perceptron has
/// no opinion.
fn push_run(cands: &mut Vec<u16>, mut v: Vec<(u16, u32)>) -> Run {
    let total: u32 = v.iter().map(|x| x.1).sum();
    v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let start = cands.len() as u32;
    for (i, &(f, n)) in v.iter().enumerate() {
        if i == 0 || n as f32 >= MIN_SHARE * total as f32 {
            cands.push(f);
        }
    }
    Run {
        start,
        len: cands.len() as u32 - start,
    }
}

/// Candidate lists longer than this are cut (positions are the perceptron's classes).
const MAX_CANDS: usize = 16;

fn list_key(cands: &[u16]) -> u64 {
    let mut v = [0u64; MAX_CANDS];
    for (x, &f) in v.iter_mut().zip(cands) {
        *x = f as u64;
    }
    feature_ints(
        0x4645_0002,
        v.get(..cands.len().min(MAX_CANDS)).unwrap_or(&[]),
    )
}

/// Index of the highest score; ties to the earlier (more frequent) candidate.
fn argmax_of<T: PartialOrd + Copy>(scores: &[T]) -> usize {
    let mut best = 0;
    for (i, s) in scores.iter().enumerate() {
        if scores.get(best).is_some_and(|b| s > b) {
            best = i;
        }
    }
    best
}

mod tpl {
    pub const CLASS: u32 = 0x4646_0000;
    pub const LOWER: u32 = CLASS + 1;
    pub const PREV: u32 = CLASS + 2;
    pub const PREV2: u32 = CLASS + 3;
    pub const NEXT: u32 = CLASS + 4;
    pub const NEXT2: u32 = CLASS + 5;
    pub const PREV_LOWER: u32 = CLASS + 6;
    pub const NEXT_LOWER: u32 = CLASS + 7;
    pub const PREV2_LOWER: u32 = CLASS + 8;
    pub const SUBJECT: u32 = CLASS + 9;
    pub const SUBJECT_CLASS: u32 = CLASS + 10;
    pub const AUX: u32 = CLASS + 11;
    pub const LAST: u32 = CLASS + 12;
    pub const PREV_NEXT: u32 = CLASS + 13;
    pub const SUFFIX: u32 = CLASS + 14;
    pub const SHAPE: u32 = CLASS + 15;
    pub const AROUND: u32 = CLASS + 16;
}

/// Context features for choosing word `i`'s FEATS, all conjoined with its class.
fn features(
    infos: &[WordInfo],
    classes: &[u16],
    class_upos: &[Upos],
    i: usize,
    cands: &[u16],
    out: &mut Vec<u64>,
) {
    out.clear();
    let class_at =
        |j: Option<usize>| -> u64 { j.and_then(|j| classes.get(j)).map_or(NO_TAG, |&c| c as u64) };
    let lower_at =
        |j: Option<usize>| -> u64 { j.and_then(|j| infos.get(j)).map_or(0, |w| w.lower) };
    let upos_at = |j: usize| {
        classes
            .get(j)
            .and_then(|&c| class_upos.get(c as usize))
            .copied()
    };
    // Features are conjoined with the candidate list: words choosing among the same
    // FEATS share weights, and the perceptron's classes are positions in the list.
    let c = list_key(cands);
    let (p1, p2, n1, n2) = (i.checked_sub(1), i.checked_sub(2), Some(i + 1), Some(i + 2));
    let lower = lower_at(Some(i));
    out.push(feature_ints(tpl::CLASS, &[c]));
    out.push(feature_ints(tpl::LOWER, &[c, lower]));
    out.push(feature_ints(tpl::PREV, &[c, class_at(p1)]));
    out.push(feature_ints(tpl::PREV2, &[c, class_at(p1), class_at(p2)]));
    out.push(feature_ints(tpl::NEXT, &[c, class_at(n1)]));
    out.push(feature_ints(tpl::NEXT2, &[c, class_at(n1), class_at(n2)]));
    out.push(feature_ints(
        tpl::PREV_NEXT,
        &[c, class_at(p1), class_at(n1)],
    ));
    out.push(feature_ints(tpl::PREV_LOWER, &[c, lower_at(p1)]));
    out.push(feature_ints(tpl::NEXT_LOWER, &[c, lower_at(n1)]));
    out.push(feature_ints(tpl::PREV2_LOWER, &[c, lower_at(p2)]));
    if let Some(w) = infos.get(i) {
        out.push(feature_ints(tpl::SUFFIX, &[c, w.suffix[2]]));
        out.push(feature_ints(tpl::SHAPE, &[c, w.shape_short]));
    }
    out.push(feature_ints(tpl::AROUND, &[c, lower_at(p1), lower_at(n1)]));
    // The nearest nominal before the word (its likely subject) and the nearest auxiliary.
    let mut subject = None;
    let mut aux = None;
    for j in (i.saturating_sub(8)..i).rev() {
        match upos_at(j) {
            Some(Upos::PRON | Upos::NOUN | Upos::PROPN) if subject.is_none() => subject = Some(j),
            Some(Upos::AUX) if aux.is_none() && j + 4 > i => aux = Some(j),
            _ => {}
        }
    }
    out.push(feature_ints(tpl::SUBJECT, &[c, lower_at(subject)]));
    out.push(feature_ints(tpl::SUBJECT_CLASS, &[c, class_at(subject)]));
    out.push(feature_ints(tpl::AUX, &[c, lower_at(aux)]));
    let last = infos.len().checked_sub(1);
    out.push(feature_ints(tpl::LAST, &[c, lower_at(last)]));
}
