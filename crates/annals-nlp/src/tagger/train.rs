//! Training: build the label inventories and tag dictionary, then run greedy left-to-right
//! perceptron epochs over the sentences in a seeded shuffled order, keeping the averaged
//! weights of the best epoch on the development set.

use std::sync::Arc;

use crate::conllu::Sentence;
use crate::perceptron::{feature_bytes, CompactOptions, Trainer};

use super::dict::{DictOptions, TagDict, U64Map};
use super::feats::{FeatsExample, FeatsModel};
use super::features::{lowercase_into, ns, token_features, SentenceFeatures, WordInfo};
use super::tagset::TagSetBuilder;
use super::weights::TagWeights;
use super::{argmax, Tagger, TaggerScores};

/// Training settings. The defaults are the ones tuned on the EWT development set.
#[derive(Debug, Clone, Copy)]
pub struct TaggerConfig {
    /// Maximum number of passes over the training set.
    pub epochs: usize,
    /// Stop after this many epochs without a better development score (needs `dev`).
    pub patience: usize,
    /// Seed of the sentence-order shuffle.
    pub seed: u64,
    /// Averaged weights with a smaller magnitude are dropped from the model.
    pub prune_below: f32,
    /// Words seen fewer times get no tag-dictionary entry.
    pub dict_min_count: u32,
    /// Frequent words tagged without scoring: minimum count and share of the top class.
    pub sure_count: u32,
    pub sure_share: f32,
    /// Words seen at most `rare_count` times in training lose their identity features
    /// (as if unknown) with probability `rare_dropout` each time they are trained on, so
    /// the model learns to tag unknown words from affixes, shape and context.
    pub rare_count: u32,
    pub rare_dropout: f32,
    /// Epochs of the FEATS perceptron.
    pub feats_epochs: usize,
    /// Folds for the training sentences' tag dictionary (0: use the full dictionary).
    pub dict_folds: usize,
}

impl Default for TaggerConfig {
    fn default() -> Self {
        TaggerConfig {
            epochs: 10,
            patience: 3,
            seed: 0x7a67_6572,
            prune_below: 0.25,
            dict_min_count: 1,
            sure_count: 20,
            sure_share: 0.995,
            rare_count: 1,
            rare_dropout: 0.5,
            dict_folds: 10,
            feats_epochs: 5,
        }
    }
}

/// What happened in one epoch, for progress reports.
#[derive(Debug, Clone, Copy)]
pub struct EpochReport {
    pub epoch: usize,
    /// Share of scored training decisions that were right, in percent.
    pub train_accuracy: f64,
    pub dev: Option<TaggerScores>,
    pub n_features: usize,
}

/// splitmix64: a tiny deterministic generator for shuffling.
pub(crate) struct SplitMix(u64);

impl SplitMix {
    pub fn new(seed: u64) -> Self {
        SplitMix(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, 1).
    pub fn next_f32(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = (self.next_u64() % (i as u64 + 1)) as usize;
            v.swap(i, j);
        }
    }
}

/// A training sentence with its precomputed word features and gold classes.
struct Example {
    infos: Vec<WordInfo>,
    /// Whether each word is rare enough for identity dropout.
    rare: Vec<bool>,
    gold: Vec<u16>,
    gold_feats: Vec<u16>,
}

const NO_CLASS: u16 = u16::MAX;

/// Word clusters for the tagger's and the parser's features, keyed like the tagger's
/// lowercase forms. Shared, not copied: the tagger and the parser of a model hold the
/// same table.
#[derive(Clone, Default, PartialEq)]
pub struct WordClusters {
    pub(crate) map: Arc<U64Map<u16>>,
}

impl std::fmt::Debug for WordClusters {
    /// The size only: the table has some 200,000 entries.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "WordClusters({} words)", self.map.len())
    }
}

impl WordClusters {
    /// From (word, leaf id) pairs, e.g. `crate::clusters::from_tsv`; words are looked up
    /// lowercased.
    pub fn new<'w>(pairs: impl IntoIterator<Item = (&'w str, u16)>) -> WordClusters {
        let mut map = U64Map::default();
        let mut lower = String::new();
        for (w, c) in pairs {
            map.entry(lower_key(w, &mut lower)).or_insert(c);
        }
        WordClusters { map: Arc::new(map) }
    }

    /// The leaf id of `word` (any case); `buf` is scratch space.
    #[inline]
    pub fn get(&self, word: &str, buf: &mut String) -> Option<u16> {
        if self.map.is_empty() {
            return None;
        }
        self.map.get(&lower_key(word, buf)).copied()
    }

    pub fn len(&self) -> usize {
        self.map.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// The tagger's key of a word's lowercase form.
fn lower_key(word: &str, buf: &mut String) -> u64 {
    lowercase_into(word, buf);
    feature_bytes(ns::LOWER, buf.as_bytes())
}

impl Tagger {
    /// Train on `train`; with `dev`, keep the best epoch on it and stop early.
    pub fn train(train: &[Sentence], dev: Option<&[Sentence]>, cfg: &TaggerConfig) -> Tagger {
        Tagger::train_with_progress(train, dev, cfg, &mut |_| {})
    }

    /// [`Tagger::train`], calling `progress` after every epoch.
    pub fn train_with_progress(
        train: &[Sentence],
        dev: Option<&[Sentence]>,
        cfg: &TaggerConfig,
        progress: &mut dyn FnMut(&EpochReport),
    ) -> Tagger {
        Tagger::train_with_clusters(train, dev, cfg, &WordClusters::default(), progress)
    }

    /// [`Tagger::train_with_progress`] with word-cluster features.
    pub fn train_with_clusters(
        train: &[Sentence],
        dev: Option<&[Sentence]>,
        cfg: &TaggerConfig,
        clusters: &WordClusters,
        progress: &mut dyn FnMut(&EpochReport),
    ) -> Tagger {
        let (mut tagger, examples) = prepare(train, cfg, clusters);
        let n_classes = tagger.tagset.n_classes().max(1);
        let mut rng = SplitMix::new(cfg.seed);
        let all: Vec<&Example> = examples.iter().collect();
        tagger.weights = run_epochs(&all, n_classes, cfg, &mut rng, &mut |r| {
            tagger.weights = r.weights.clone();
            report(&tagger, r, dev, progress)
        });
        tagger
    }
}

/// Score the tagger on `dev` after an epoch, tell `progress`, and return the early
/// stopping metric.
fn report(
    tagger: &Tagger,
    r: &EpochResult,
    dev: Option<&[Sentence]>,
    progress: &mut dyn FnMut(&EpochReport),
) -> Option<f64> {
    let dev_scores = dev.map(|d| tagger.evaluate(d));
    progress(&EpochReport {
        epoch: r.epoch,
        train_accuracy: r.train_accuracy,
        dev: dev_scores,
        n_features: r.n_features,
    });
    dev_scores.map(|s| s.upos + s.xpos)
}

/// Build the label inventories, tag dictionary, FEATS table and hashed training examples.
fn prepare(
    train: &[Sentence],
    cfg: &TaggerConfig,
    clusters: &WordClusters,
) -> (Tagger, Vec<Example>) {
    let mut builder = TagSetBuilder::new();
    let mut gold_classes: Vec<Vec<(u16, u16)>> = Vec::with_capacity(train.len());
    for s in train {
        let g = s
            .words
            .iter()
            .map(|w| {
                let c = builder.class(&w.upos, &w.xpos).unwrap_or(NO_CLASS);
                let f = builder.feats(&w.feats).unwrap_or(0);
                (c, f)
            })
            .collect();
        gold_classes.push(g);
    }
    let tagset = builder.finish();
    let n_classes = tagset.n_classes().max(1);

    // Hash words once (dictionary-free) to learn the dictionary and FEATS table.
    let empty = TagDict::default();
    let mut sf = SentenceFeatures::default();
    let mut dict_obs = Vec::new();
    let mut counts: U64Map<u32> = U64Map::default();
    let mut words: Vec<&str> = Vec::new();
    for (k, (s, g)) in train.iter().zip(&gold_classes).enumerate() {
        words.clear();
        words.extend(s.words.iter().map(|w| w.form.as_str()));
        sf.compute(&words, &empty);
        for (info, &(c, _)) in sf.infos.iter().zip(g) {
            if c == NO_CLASS {
                continue;
            }
            dict_obs.push((k, info.form, c, true));
            if info.lower != info.form {
                dict_obs.push((k, info.lower, c, false));
            }
            *counts.entry(info.lower).or_default() += 1;
        }
    }
    let dict_opts = DictOptions {
        min_count: cfg.dict_min_count,
        min_share: 0.01,
        sure_count: cfg.sure_count,
        sure_share: cfg.sure_share,
    };
    let dict = TagDict::build(dict_obs.iter().map(|&(_, k, c, s)| (k, c, s)), dict_opts)
        .with_clusters(&clusters.map);
    // Training sentences see a dictionary built without their own fold, so rare words'
    // ambiguity classes are as incomplete as they will be on new text.
    let fold_dicts: Vec<TagDict> = (0..cfg.dict_folds)
        .map(|fold| {
            let obs = dict_obs
                .iter()
                .filter(|o| o.0 % cfg.dict_folds != fold)
                .map(|&(_, k, c, s)| (k, c, s));
            TagDict::build(obs, dict_opts).with_clusters(&clusters.map)
        })
        .collect();

    let mut examples = Vec::with_capacity(train.len());
    for (k, (s, g)) in train.iter().zip(&gold_classes).enumerate() {
        words.clear();
        words.extend(s.words.iter().map(|w| w.form.as_str()));
        let d = k
            .checked_rem(cfg.dict_folds)
            .and_then(|f| fold_dicts.get(f))
            .unwrap_or(&dict);
        sf.compute(&words, d);
        examples.push(Example {
            rare: sf
                .infos
                .iter()
                .map(|x| counts.get(&x.lower).copied().unwrap_or(0) <= cfg.rare_count)
                .collect(),
            infos: sf.infos.clone(),
            gold: g.iter().map(|&(c, _)| c).collect(),
            gold_feats: g.iter().map(|&(_, f)| f).collect(),
        });
    }
    let empty_weights =
        TagWeights::from_trainer(&Trainer::new(n_classes), CompactOptions::default());
    let class_upos: Vec<_> = tagset.classes.iter().map(|c| c.0).collect();
    let feats_examples: Vec<FeatsExample> = examples
        .iter()
        .map(|e| FeatsExample {
            infos: &e.infos,
            classes: &e.gold,
            gold: &e.gold_feats,
        })
        .collect();
    let feats = FeatsModel::train(
        &feats_examples,
        &class_upos,
        cfg.feats_epochs,
        cfg.seed ^ 0x4645,
    );
    let tagger = Tagger {
        tagset,
        dict,
        weights: empty_weights,
        feats,
        class_upos,
    };
    (tagger, examples)
}

/// The averaged weights after an epoch, with training statistics.
struct EpochResult {
    epoch: usize,
    weights: TagWeights,
    train_accuracy: f64,
    n_features: usize,
}

/// Run up to `cfg.epochs` perceptron epochs over `examples`. After each epoch `on_epoch`
/// gets the averaged weights and returns a development score, if there is one; the
/// best-scoring weights are returned, else the last.
fn run_epochs(
    examples: &[&Example],
    n_classes: usize,
    cfg: &TaggerConfig,
    rng: &mut SplitMix,
    on_epoch: &mut dyn FnMut(&EpochResult) -> Option<f64>,
) -> TagWeights {
    let opts = CompactOptions {
        prune_below: cfg.prune_below,
    };
    let mut trainer = Trainer::new(n_classes);
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut best: Option<(f64, TagWeights)> = None;
    let mut last = None;
    let mut since_best = 0;
    let mut features = Vec::new();
    let mut scores = vec![0f32; n_classes];
    let mut prev: Vec<u16> = Vec::new();
    let mut infos: Vec<WordInfo> = Vec::new();
    for epoch in 1..=cfg.epochs.max(1) {
        rng.shuffle(&mut order);
        let (mut right, mut seen) = (0usize, 0usize);
        for &k in &order {
            let Some(ex) = examples.get(k) else { continue };
            prev.clear();
            infos.clear();
            infos.extend_from_slice(&ex.infos);
            for (info, &rare) in infos.iter_mut().zip(&ex.rare) {
                if rare && rng.next_f32() < cfg.rare_dropout {
                    info.forget_identity();
                }
            }
            for (i, (info, &gold)) in infos.iter().zip(&ex.gold).enumerate() {
                if let Some(c) = info.sure {
                    prev.push(c);
                    continue;
                }
                token_features(&infos, i, &prev, &mut features);
                scores.fill(0.0);
                trainer.score(&features, &mut scores);
                let guess = argmax(&scores) as u16;
                if gold != NO_CLASS {
                    trainer.update(&features, gold as usize, guess as usize);
                    right += (gold == guess) as usize;
                    seen += 1;
                }
                trainer.tick();
                prev.push(guess);
            }
        }
        let result = EpochResult {
            epoch,
            weights: TagWeights::from_trainer(&trainer, opts),
            train_accuracy: if seen == 0 {
                0.0
            } else {
                100.0 * right as f64 / seen as f64
            },
            n_features: trainer.n_features(),
        };
        match on_epoch(&result) {
            Some(metric) => {
                let improved = match &best {
                    Some((m, _)) => metric > *m,
                    None => true,
                };
                if improved {
                    best = Some((metric, result.weights));
                    since_best = 0;
                } else {
                    since_best += 1;
                    if since_best >= cfg.patience {
                        break;
                    }
                }
            }
            None => last = Some(result.weights),
        }
    }
    match (best, last) {
        (Some((_, w)), _) | (None, Some(w)) => w,
        (None, None) => TagWeights::from_trainer(&Trainer::new(n_classes), opts),
    }
}
