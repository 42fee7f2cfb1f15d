//! Training: dynamic oracle with error exploration (Goldberg & Nivre 2012, 2013).
//!
//! Each transition is scored by the current model; if the best-scoring legal action is
//! not among the cheapest ones by the dynamic oracle, the model is updated towards the
//! best-scoring cheapest action. From `explore_from_epoch` on, the parser then follows
//! its own prediction with probability `explore_prob` (else the oracle's choice), so it
//! learns to recover from its own mistakes. Labels are learned on every arc that gets
//! its gold head.

use std::collections::HashMap;
use std::time::Instant;

use annals_core::Upos;

use super::features::{action_features, label_features, Tokens, MAX_LABELS, MAX_TAGS, MAX_WORDS};
use super::oracle::{costs, GoldTree};
use super::projectivize::{projectivize, split_lifted};
use super::transition::{State, NO_LABEL, N_ACTIONS};
use super::vocab::{normalize_word, Vocab};
use super::{best_of, cluster_token, upos_id, Parser, ROOT_LABEL};
use crate::conllu;
use crate::perceptron::{CompactOptions, HashTrainer, SparseTrainer};
use crate::tagger::WordClusters;

/// Training settings. The defaults are the shipped model's.
#[derive(Debug, Clone)]
pub struct ParserConfig {
    pub epochs: usize,
    pub seed: u64,
    /// First epoch (0-based) in which the parser follows its own predictions.
    pub explore_from_epoch: usize,
    /// Probability of following the model's prediction instead of the oracle's choice.
    pub explore_prob: f32,
    /// Words seen fewer times in training become "unknown".
    pub min_word_count: usize,
    /// Lifted labels (`d↑h`) seen fewer times keep only their base label.
    pub min_lift_count: usize,
    /// Averaged weights below this are dropped from the model.
    pub prune_below: f32,
    /// The transition model is a hash kernel of `2^action_bits` rows.
    pub action_bits: u32,
    /// Label features updated fewer times are dropped from the model.
    pub label_min_updates: u32,
    /// Averaged label weights below this are dropped: most of the label model is tiny
    /// weights of rare features, which cost time at every arc and change almost nothing.
    pub label_prune_below: f32,
    /// With a dev set, keep the epoch with the best dev LAS (else the last epoch).
    pub select_on_dev: bool,
    /// With predicted training tags, also train on every sentence with its gold tags:
    /// the parser learns both what tags mean and how far to trust the tagger.
    pub gold_tag_copy: bool,
    /// Beam width (1 = greedy training and decoding); wider beams train globally (see
    /// `train_beam.rs`) from epoch `beam_from_epoch` (0-based) on.
    pub beam: u16,
    pub beam_from_epoch: usize,
    /// Decoding drops candidates scoring more than this below the best.
    pub beam_margin: f32,
    /// Word clusters for cluster features (the tagger's; empty: no cluster features).
    pub clusters: WordClusters,
}

impl Default for ParserConfig {
    fn default() -> Self {
        ParserConfig {
            epochs: 15,
            seed: 0x5eed_0fa2_2a15,
            explore_from_epoch: 1,
            explore_prob: 0.9,
            min_word_count: 2,
            min_lift_count: 3,
            prune_below: 1e-3,
            action_bits: 21,
            label_min_updates: 1,
            label_prune_below: 1.0,
            select_on_dev: true,
            gold_tag_copy: true,
            beam: 1,
            beam_from_epoch: 0,
            beam_margin: f32::INFINITY,
            clusters: WordClusters::default(),
        }
    }
}

/// What happened in one epoch.
#[derive(Debug, Clone, PartialEq)]
pub struct EpochReport {
    /// 1-based.
    pub epoch: usize,
    pub seconds: f64,
    /// Transitions where the model's best action was not a zero-cost one.
    pub action_errors: usize,
    pub transitions: usize,
    pub action_features: usize,
    pub label_features: usize,
    pub dev_uas: Option<f64>,
    pub dev_las: Option<f64>,
}

/// Corpus statistics and per-epoch reports of a training run.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TrainReport {
    pub sentences: usize,
    /// Sentences skipped because their heads do not form a single-rooted tree.
    pub skipped_invalid: usize,
    /// Sentences whose predicted tags did not line up with their words (gold tags used).
    pub tag_mismatches: usize,
    pub non_projective_sentences: usize,
    pub non_projective_arcs: usize,
    pub lifts: usize,
    pub label_classes: usize,
    pub lifted_label_classes: usize,
    /// Lifted arcs whose `d↑h` label was too rare to keep.
    pub rare_lifts_dropped: usize,
    pub epochs: Vec<EpochReport>,
    /// 1-based epoch whose weights were kept.
    pub best_epoch: usize,
}

/// splitmix64: a tiny, well-mixed, reproducible generator.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn unit(&mut self) -> f32 {
        (self.next_u64() >> 40) as f32 / (1u64 << 24) as f32
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
}

/// A training sentence after validation and projectivisation, before interning.
struct RawSentence {
    forms: Vec<String>,
    /// Cluster leaf id + 1 per word (0: none).
    clusters: Vec<u32>,
    xpos: Vec<String>,
    upos: Vec<u32>,
    heads: Vec<usize>,
    labels: Vec<String>,
}

/// A training sentence in ids.
pub(super) struct Sample {
    word: Vec<u32>,
    cluster: Vec<u32>,
    xpos: Vec<u32>,
    upos: Vec<u32>,
    heads: Vec<usize>,
    pub(super) labels: Vec<u16>,
}

/// Heads form one tree with exactly one root.
fn is_single_rooted_tree(heads: &[usize]) -> bool {
    let n = heads.len();
    if heads.iter().filter(|&&h| h == 0).count() != 1 || heads.iter().any(|&h| h > n) {
        return false;
    }
    (1..=n).all(|mut cur| {
        for _ in 0..=n {
            if cur == 0 {
                return true;
            }
            cur = heads.get(cur - 1).copied().unwrap_or(0);
        }
        false
    })
}

fn prepare(
    train: &[conllu::Sentence],
    tags: Option<&[Vec<(Upos, String)>]>,
    clusters: &WordClusters,
    report: &mut TrainReport,
) -> Vec<RawSentence> {
    let mut out = Vec::with_capacity(train.len());
    let mut norm = String::new();
    for (i, s) in train.iter().enumerate() {
        let mut heads: Vec<usize> = s.words.iter().map(|w| w.head).collect();
        if heads.is_empty() || !is_single_rooted_tree(&heads) {
            report.skipped_invalid += 1;
            continue;
        }
        let mut labels: Vec<String> = s.words.iter().map(|w| w.deprel.clone()).collect();
        let np_arcs = (1..=heads.len())
            .filter(|&d| super::projectivize::is_non_projective_arc(&heads, d))
            .count();
        if np_arcs > 0 {
            report.non_projective_sentences += 1;
            report.non_projective_arcs += np_arcs;
            report.lifts += projectivize(&mut heads, &mut labels);
        }
        let predicted = tags.and_then(|t| t.get(i));
        let predicted = match predicted {
            Some(t) if t.len() == s.words.len() => Some(t),
            Some(_) => {
                report.tag_mismatches += 1;
                None
            }
            None => None,
        };
        let (upos, xpos) = match predicted {
            Some(t) => (
                t.iter().map(|(u, _)| upos_id(*u)).collect(),
                t.iter().map(|(_, x)| x.clone()).collect(),
            ),
            None => (
                s.words
                    .iter()
                    .map(|w| upos_id(Upos::parse(&w.upos).unwrap_or(Upos::X)))
                    .collect(),
                s.words.iter().map(|w| w.xpos.clone()).collect(),
            ),
        };
        let forms = s
            .words
            .iter()
            .map(|w| {
                normalize_word(&w.form, &mut norm);
                norm.clone()
            })
            .collect();
        let clusters = s
            .words
            .iter()
            .map(|w| cluster_token(clusters.get(&w.form, &mut norm)))
            .collect();
        out.push(RawSentence {
            forms,
            clusters,
            xpos,
            upos,
            heads,
            labels,
        });
    }
    report.sentences = out.len();
    out
}

/// Strings sorted by descending count, then by name (deterministic), at most `max`.
fn by_count(counts: HashMap<&str, usize>, min: usize, max: usize) -> Vec<String> {
    let mut v: Vec<(&str, usize)> = counts.into_iter().filter(|&(_, c)| c >= min).collect();
    v.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    v.into_iter()
        .take(max)
        .map(|(s, _)| s.to_string())
        .collect()
}

/// Build vocabularies and the label set, then intern every sentence.
fn intern(
    raw: &mut [RawSentence],
    cfg: &ParserConfig,
    report: &mut TrainReport,
) -> (Vocab, Vocab, Vec<String>, Vec<Sample>) {
    let mut word_counts: HashMap<&str, usize> = HashMap::new();
    let mut tag_counts: HashMap<&str, usize> = HashMap::new();
    let mut label_counts: HashMap<String, usize> = HashMap::new();
    for s in raw.iter() {
        for f in &s.forms {
            *word_counts.entry(f).or_default() += 1;
        }
        for x in &s.xpos {
            *tag_counts.entry(x).or_default() += 1;
        }
        for l in &s.labels {
            *label_counts.entry(l.clone()).or_default() += 1;
        }
    }
    let words = Vocab::new(by_count(
        word_counts,
        cfg.min_word_count.max(1),
        MAX_WORDS - 4,
    ));
    let xpos = Vocab::new(by_count(tag_counts, 1, MAX_TAGS - 4));

    // Rare lifted labels fall back to their base label.
    let keep_lift = |l: &str| label_counts.get(l).copied().unwrap_or(0) >= cfg.min_lift_count;
    let mut dropped = 0;
    for s in raw.iter_mut() {
        for l in s.labels.iter_mut() {
            if let Some((d, _)) = split_lifted(l) {
                if !keep_lift(l) {
                    *l = d.to_string();
                    dropped += 1;
                }
            }
        }
    }
    report.rare_lifts_dropped = dropped;
    let mut names: Vec<String> = Vec::new();
    let add = |n: &str, names: &mut Vec<String>| {
        if !names.iter().any(|x| x == n) {
            names.push(n.to_string());
        }
    };
    add(ROOT_LABEL, &mut names);
    add("dep", &mut names);
    for s in raw.iter() {
        for l in &s.labels {
            add(l, &mut names);
            if let Some((d, h)) = split_lifted(l) {
                add(d, &mut names);
                add(h, &mut names);
            }
        }
    }
    names.sort_unstable();
    names.truncate(MAX_LABELS - 1);
    report.label_classes = names.len();
    report.lifted_label_classes = names.iter().filter(|l| split_lifted(l).is_some()).count();
    let label_id = |l: &str| {
        names
            .binary_search_by(|x| x.as_str().cmp(l))
            .map_or(0, |i| i as u16)
    };
    let samples = raw
        .iter()
        .map(|s| Sample {
            word: s.forms.iter().map(|f| words.id(f)).collect(),
            cluster: s.clusters.clone(),
            xpos: s.xpos.iter().map(|x| xpos.id(x)).collect(),
            upos: s.upos.clone(),
            heads: s.heads.clone(),
            labels: s.labels.iter().map(|l| label_id(l)).collect(),
        })
        .collect();
    (words, xpos, names, samples)
}

/// Mutable training state shared across sentences.
pub(super) struct Learner {
    pub(super) actions: HashTrainer,
    pub(super) labeller: SparseTrainer,
    pub(super) root_label: u16,
    pub(super) state: State,
    pub(super) tokens: Tokens,
    pub(super) gold: GoldTree,
    pub(super) feats: Vec<u64>,
    pub(super) label_feats: Vec<u64>,
    pub(super) label_scores: Vec<f32>,
}

impl Learner {
    /// One pass over a sentence; returns (transitions, action errors).
    fn sentence(&mut self, s: &Sample, explore: bool, p: f32, rng: &mut Rng) -> (usize, usize) {
        let n = self.load_sentence(s);
        self.state.reset(n);
        let (mut steps, mut errors) = (0, 0);
        while !self.state.is_terminal() {
            action_features(&self.state, &self.tokens, &mut self.feats);
            let mut scores = [0f32; N_ACTIONS];
            self.actions.score(&self.feats, &mut scores);
            let legal = self.state.legal();
            let cost = costs(&self.state, &self.gold);
            let min_cost = (0..N_ACTIONS)
                .filter(|&a| legal[a])
                .map(|a| cost[a])
                .min()
                .unwrap_or(0);
            let (Some(guess), Some(best)) = (
                best_of(&scores, |a| legal[a]),
                best_of(&scores, |a| legal[a] && cost[a] == min_cost),
            ) else {
                break;
            };
            if cost[guess] != min_cost {
                self.actions.update(&self.feats, best, guess);
                errors += 1;
            }
            self.actions.tick();
            steps += 1;
            let next = if explore && rng.unit() < p {
                guess
            } else {
                best
            };
            let label = match self.state.arc_of(next) {
                Some((h, d)) => self.label(s, h, d, explore),
                None => NO_LABEL,
            };
            self.state.apply(next, label);
        }
        (steps, errors)
    }

    /// Load a sentence's ids and gold tree; returns its length.
    pub(super) fn load_sentence(&mut self, s: &Sample) -> usize {
        let n = s.heads.len();
        self.tokens.begin();
        for i in 0..n {
            self.tokens.push(
                s.word.get(i).copied().unwrap_or(0),
                s.xpos.get(i).copied().unwrap_or(0),
                s.upos.get(i).copied().unwrap_or(0),
                s.cluster.get(i).copied().unwrap_or(0),
            );
        }
        self.tokens.finish();
        self.gold.set(&s.heads);
        n
    }

    /// Predict the label of `h → d`, learning from it when the head is right.
    fn label(&mut self, s: &Sample, h: u32, d: u32, explore: bool) -> u16 {
        let st = std::mem::take(&mut self.state);
        let (guess, truth) = self.predict_label(s, &st, h, d, true);
        self.state = st;
        match truth {
            Some(truth) if !explore => truth,
            _ => guess,
        }
    }

    /// Predict the label of `h → d` in `st`, with the gold label when the head is right;
    /// when `learn` and the head is right, also update the label model towards it.
    pub(super) fn predict_label(
        &mut self,
        s: &Sample,
        st: &State,
        h: u32,
        d: u32,
        learn: bool,
    ) -> (u16, Option<u16>) {
        if h == st.root() {
            return (self.root_label, None);
        }
        label_features(st, &self.tokens, h, d, &mut self.label_feats);
        self.label_scores.clear();
        self.label_scores.resize(self.labeller.n_classes(), 0.0);
        self.labeller
            .score(&self.label_feats, &mut self.label_scores);
        let root = self.root_label as usize;
        let guess = best_of(&self.label_scores, |l| l != root).unwrap_or(0);
        let gold_head = self.gold.head.get(d as usize).copied().unwrap_or(0);
        if gold_head != h {
            return (guess as u16, None);
        }
        let truth = s.labels.get(d as usize - 1).copied().unwrap_or(0) as usize;
        if learn {
            self.labeller.update(&self.label_feats, truth, guess);
            self.labeller.tick();
        }
        (guess as u16, Some(truth as u16))
    }
}

impl Parser {
    /// Train on `train` (tags from `train_tags` when given, e.g. jackknifed tagger output
    /// per word, else the gold tags). With `dev`, the epoch with the best dev LAS is kept.
    pub fn train(
        train: &[conllu::Sentence],
        train_tags: Option<&[Vec<(Upos, String)>]>,
        dev: Option<&[conllu::Sentence]>,
        cfg: &ParserConfig,
    ) -> Parser {
        Parser::train_with_report(train, train_tags, dev, cfg, &mut |_| {}).0
    }

    /// [`Parser::train`] with corpus statistics and a callback after every epoch.
    pub fn train_with_report(
        train: &[conllu::Sentence],
        train_tags: Option<&[Vec<(Upos, String)>]>,
        dev: Option<&[conllu::Sentence]>,
        cfg: &ParserConfig,
        on_epoch: &mut dyn FnMut(&EpochReport),
    ) -> (Parser, TrainReport) {
        Parser::train_with_dev_tags(train, train_tags, dev, None, cfg, on_epoch)
    }

    /// [`Parser::train_with_report`] where the dev set is parsed from `dev_tags` (e.g. the
    /// tagger's output, matching jackknifed `train_tags`) when choosing the best epoch.
    pub fn train_with_dev_tags(
        train: &[conllu::Sentence],
        train_tags: Option<&[Vec<(Upos, String)>]>,
        dev: Option<&[conllu::Sentence]>,
        dev_tags: Option<&[Vec<(Upos, String)>]>,
        cfg: &ParserConfig,
        on_epoch: &mut dyn FnMut(&EpochReport),
    ) -> (Parser, TrainReport) {
        let mut report = TrainReport::default();
        let mut raw = prepare(train, train_tags, &cfg.clusters, &mut report);
        if train_tags.is_some() && cfg.gold_tag_copy {
            let mut gold_report = TrainReport::default();
            raw.extend(prepare(train, None, &cfg.clusters, &mut gold_report));
        }
        let use_clusters = !cfg.clusters.is_empty();
        let (words, xpos, labels, samples) = intern(&mut raw, cfg, &mut report);
        drop(raw);
        let root_label = labels.iter().position(|l| l == ROOT_LABEL).unwrap_or(0) as u16;
        let mut learner = Learner {
            actions: HashTrainer::new(N_ACTIONS, cfg.action_bits),
            labeller: SparseTrainer::new(labels.len()),
            root_label,
            state: State::default(),
            tokens: Tokens {
                use_clusters,
                ..Tokens::default()
            },
            gold: GoldTree::default(),
            feats: Vec::new(),
            label_feats: Vec::new(),
            label_scores: Vec::new(),
        };
        let mut rng = Rng(cfg.seed);
        let mut order: Vec<usize> = (0..samples.len()).collect();
        let build = |l: &Learner| {
            Parser::assemble(
                words.clone(),
                xpos.clone(),
                labels.clone(),
                l.actions.finish(cfg.prune_below),
                l.labeller.finish_min_count(
                    CompactOptions {
                        prune_below: cfg.label_prune_below,
                    },
                    cfg.label_min_updates,
                ),
            )
            .with_beam(cfg.beam, cfg.beam_margin)
            .with_clusters(use_clusters, cfg.clusters.clone())
        };
        let dev = dev.filter(|_| cfg.select_on_dev);
        let mut best: Option<(f64, Parser)> = None;
        let epochs = cfg.epochs.max(1);
        for epoch in 0..epochs {
            let start = Instant::now();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            let explore = epoch >= cfg.explore_from_epoch;
            let (mut steps, mut errors) = (0, 0);
            for &i in &order {
                if let Some(s) = samples.get(i) {
                    let (a, b) = if cfg.beam > 1 && epoch >= cfg.beam_from_epoch {
                        learner.sentence_beam(s, cfg.beam as usize)
                    } else {
                        learner.sentence(s, explore, cfg.explore_prob, &mut rng)
                    };
                    steps += a;
                    errors += b;
                }
            }
            let mut er = EpochReport {
                epoch: epoch + 1,
                seconds: start.elapsed().as_secs_f64(),
                action_errors: errors,
                transitions: steps,
                action_features: learner.actions.n_used_rows(),
                label_features: learner.labeller.n_features(),
                dev_uas: None,
                dev_las: None,
            };
            if let Some(dev) = dev {
                {
                    let p = build(&learner);
                    let s = p.score(dev, dev_tags);
                    er.dev_uas = Some(s.uas());
                    er.dev_las = Some(s.las());
                    let improved = match &best {
                        None => true,
                        Some((b, _)) => s.las() > *b,
                    };
                    if improved {
                        best = Some((s.las(), p));
                        report.best_epoch = epoch + 1;
                    }
                }
            }
            on_epoch(&er);
            report.epochs.push(er);
        }
        let parser = match best {
            Some((_, p)) => p,
            None => {
                report.best_epoch = epochs;
                build(&learner)
            }
        };
        (parser, report)
    }
}
