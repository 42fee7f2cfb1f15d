//! Labelled transition-based dependency parser: arc-hybrid transitions, greedy decoding,
//! averaged perceptrons trained with a dynamic oracle and error exploration, and
//! pseudo-projective encoding for non-projective trees.
//!
//! Two classifiers share the work: a 3-class transition model (SHIFT / LEFT / RIGHT) and
//! a label model consulted whenever an arc is made. Scoring ~50 labels per transition
//! would make every step ~20× dearer and the training rows ~20× wider; labelling only the
//! n arcs of a sentence, with features chosen for labels, is cheap and lets later
//! transitions see the labels already assigned.

mod attachment;
mod beam;
pub mod due;
mod features;
mod labels;
mod oracle;
mod projectivize;
pub mod repair;
pub mod reporting;
mod train;
mod train_beam;
mod transition;
mod vocab;

use annals_core::Upos;

use crate::codec::{CodecError, Decoder, Encoder};
use crate::perceptron::{HashWeights, Weights, HASH_MAX_CLASSES};
use crate::tagger::{TagWeights, WordClusters};

use features::{
    context_features, label_features, role_features, roles, Tokens, FEATURED_ROLES, FEATURE_VERSION,
};
use projectivize::{deprojectivize, split_lifted, DeprojScratch, LabelLift};
use transition::{State, NO_LABEL, N_ACTIONS};
use vocab::{normalize_word, Vocab};

pub use attachment::AttachmentScore;
pub use train::{EpochReport, ParserConfig, TrainReport};

/// One input word: form and tags (from the tagger, or gold tags when evaluating).
#[derive(Debug, Clone, Copy)]
pub struct ParseWord<'a> {
    pub form: &'a str,
    pub lemma: &'a str,
    pub upos: Upos,
    pub xpos: &'a str,
}

/// Magic number of the parser section ("PRS2": with beam settings).
const MAGIC: u32 = 0x5052_5332;
/// The older section without beam settings ("PRS1"), read as greedy.
const MAGIC_GREEDY: u32 = 0x5052_5331;
/// A section with beam settings whose model uses word-cluster features ("PRS3"). The
/// clusters themselves are the tagger's (see [`Parser::with_clusters`]).
const MAGIC_CLUSTERS: u32 = 0x5052_5333;

/// Name of the relation of the word attached to the root.
const ROOT_LABEL: &str = "root";

/// Widest beam a model may ask for.
pub const MAX_BEAM: u16 = 64;

/// A trained parser.
#[derive(Debug, Clone, PartialEq)]
pub struct Parser {
    words: Vocab,
    xpos: Vocab,
    /// All label names, lifted ones (`d↑h`) included; output ids are always base labels.
    labels: Vec<String>,
    lifts: Vec<LabelLift>,
    root_label: u16,
    actions: HashWeights,
    labeller: Weights,
    /// `labeller` laid out for scoring: rows of one or two labels (most rare features)
    /// live in their hash slot, so they cost one cache miss instead of two.
    label_fast: TagWeights,
    /// Beam width for decoding (1 = greedy) and the score margin below the best
    /// candidate past which candidates are dropped (see `beam.rs`).
    beam: u16,
    beam_margin: f32,
    /// Whether the weights include word-cluster features.
    use_clusters: bool,
    /// Word clusters (the tagger's table); empty when the model uses none.
    clusters: WordClusters,
}

/// Reusable buffers for [`Parser::parse_with`]; parsing allocates nothing per transition
/// and, with a reused scratch, nothing per sentence once the buffers have grown.
#[derive(Debug, Default)]
pub struct ParseScratch {
    state: State,
    tokens: Tokens,
    feats: Vec<u64>,
    labels_scratch: labels::LabelScratch,
    norm: String,
    heads: Vec<usize>,
    labels: Vec<u16>,
    deproj: DeprojScratch,
    roles: RoleCache,
    beam: beam::BeamScratch,
}

/// Summed weights of each (role, token)'s single-token features, whether set, and the
/// token's arc label they were computed with (beam states may label a child differently).
#[derive(Debug, Default)]
struct RoleCache {
    sums: Vec<[i32; HASH_MAX_CLASSES]>,
    known: Vec<bool>,
    label: Vec<u16>,
}

impl RoleCache {
    /// Forget everything and size for a sentence of `n` words.
    fn reset(&mut self, n: usize) {
        let cached = FEATURED_ROLES.len() * (n + 2);
        self.known.clear();
        self.known.resize(cached, false);
        self.sums.resize(cached, [0; HASH_MAX_CLASSES]);
        self.label.resize(cached, NO_LABEL);
    }
}

/// A word's cluster as the parser's tokens hold it: leaf id + 1, 0 for none.
fn cluster_token(leaf: Option<u16>) -> u32 {
    leaf.map_or(0, |c| u32::from(c) + 1)
}

fn upos_id(u: Upos) -> u32 {
    features::FIRST_ID + Upos::ALL.iter().position(|&x| x == u).unwrap_or(0) as u32
}

/// Index of the best-scoring allowed class (first on ties).
#[inline]
fn best_of(scores: &[f32], allowed: impl Fn(usize) -> bool) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, &s) in scores.iter().enumerate() {
        if !allowed(i) {
            continue;
        }
        match best {
            Some(b) if scores.get(b).is_some_and(|&bs| bs >= s) => {}
            _ => best = Some(i),
        }
    }
    best
}

impl Parser {
    /// Assemble a parser from its parts. Lenient: a lifted label naming a label the
    /// model lacks is treated as an ordinary label ([`Parser::check`] rejects such input
    /// when decoding).
    fn assemble(
        words: Vocab,
        xpos: Vocab,
        labels: Vec<String>,
        actions: HashWeights,
        labeller: Weights,
    ) -> Parser {
        let id_of = |name: &str| labels.iter().position(|l| l == name).map(|i| i as u16);
        let lifts = labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let plain = LabelLift {
                    base: i as u16,
                    head: None,
                };
                match split_lifted(l) {
                    Some((d, h)) => match (id_of(d), id_of(h)) {
                        (Some(base), Some(head)) => LabelLift {
                            base,
                            head: Some(head),
                        },
                        _ => plain,
                    },
                    None => plain,
                }
            })
            .collect();
        let root_label = id_of(ROOT_LABEL).unwrap_or(0);
        let label_fast = TagWeights::from_weights(&labeller)
            .unwrap_or_else(|_| TagWeights::empty(labeller.n_classes()));
        Parser {
            words,
            xpos,
            labels,
            lifts,
            root_label,
            actions,
            labeller,
            label_fast,
            beam: 1,
            beam_margin: f32::INFINITY,
            use_clusters: false,
            clusters: WordClusters::default(),
        }
    }

    /// The same parser using word-cluster features (`use_clusters`, fixed by how it was
    /// trained) looked up in `clusters`.
    pub fn with_clusters(mut self, use_clusters: bool, clusters: WordClusters) -> Parser {
        self.use_clusters = use_clusters;
        self.clusters = clusters;
        self
    }

    /// Whether the model uses word-cluster features.
    pub fn uses_clusters(&self) -> bool {
        self.use_clusters
    }

    /// The word clusters looked up (empty unless attached).
    pub fn clusters(&self) -> &WordClusters {
        &self.clusters
    }

    /// Decode with a beam of `width` states (1 = greedy), dropping candidates more than
    /// `margin` below the best.
    pub fn with_beam(mut self, width: u16, margin: f32) -> Parser {
        self.beam = width.clamp(1, MAX_BEAM);
        self.beam_margin = if margin.is_nan() || self.beam == 1 {
            f32::INFINITY
        } else {
            margin.max(0.0)
        };
        self
    }

    /// Beam width and margin used when decoding.
    pub fn beam(&self) -> (u16, f32) {
        (self.beam, self.beam_margin)
    }

    /// Consistency checks for decoded parts.
    fn check(
        labels: &[String],
        actions: &HashWeights,
        labeller: &Weights,
    ) -> Result<(), CodecError> {
        if labels.len() > features::MAX_LABELS {
            return Err(CodecError::Corrupt(format!(
                "{} parser labels",
                labels.len()
            )));
        }
        if !labels.iter().any(|l| l == ROOT_LABEL) {
            return Err(CodecError::Corrupt("parser labels lack \"root\"".into()));
        }
        for l in labels {
            if let Some((d, h)) = split_lifted(l) {
                if !labels.iter().any(|x| x == d) || !labels.iter().any(|x| x == h) {
                    return Err(CodecError::Corrupt(format!(
                        "lifted label {l:?} names a label the model lacks"
                    )));
                }
            }
        }
        if actions.n_classes() != N_ACTIONS || labeller.n_classes() != labels.len() {
            return Err(CodecError::Corrupt(
                "parser weight shapes do not match".into(),
            ));
        }
        Ok(())
    }

    /// Name of a label id returned by [`Parser::parse`] (`"_"` for an unknown id).
    pub fn label_name(&self, id: u16) -> &str {
        self.labels.get(id as usize).map_or("_", String::as_str)
    }

    /// Id of a base label by name (`None` when the model lacks it).
    pub fn label_id(&self, name: &str) -> Option<u16> {
        self.labels
            .iter()
            .position(|l| l == name)
            .and_then(|i| u16::try_from(i).ok())
    }

    /// A copy without weights below `action_min` (transition model) and `label_min` (label
    /// model) in magnitude: smaller and faster, at some cost in accuracy.
    pub fn pruned(&self, action_min: f32, label_min: f32) -> Parser {
        Parser::assemble(
            self.words.clone(),
            self.xpos.clone(),
            self.labels.clone(),
            self.actions.pruned(action_min),
            self.labeller.pruned(label_min),
        )
        .with_beam(self.beam, self.beam_margin)
        .with_clusters(self.use_clusters, self.clusters.clone())
    }

    /// Sizes: (used transition weight rows, label features, label weight entries).
    pub fn sizes(&self) -> (usize, usize, usize) {
        (
            self.actions.n_used_rows(),
            self.labeller.n_features(),
            self.labeller.n_entries(),
        )
    }

    /// Number of label classes (lifted ones included).
    pub fn n_labels(&self) -> usize {
        self.labels.len()
    }

    /// Parse one sentence into `(head, label)` per word: heads 1-based, 0 for the root.
    /// The result is always a tree with exactly one word attached to the root.
    pub fn parse(&self, words: &[ParseWord], out: &mut Vec<(usize, u16)>) {
        let mut scratch = ParseScratch::default();
        self.parse_with(&mut scratch, words, out);
    }

    /// [`Parser::parse`] reusing buffers across sentences.
    pub fn parse_with(
        &self,
        scratch: &mut ParseScratch,
        words: &[ParseWord],
        out: &mut Vec<(usize, u16)>,
    ) {
        out.clear();
        let n = words.len();
        if n == 0 {
            return;
        }
        self.fill_tokens(words, &mut scratch.tokens, &mut scratch.norm);
        scratch.roles.reset(n);
        if self.beam > 1 && n <= beam::MAX_BEAM_WORDS {
            self.beam_search(scratch, n);
        } else {
            self.greedy(scratch, n);
        }
        self.finish_tree(scratch, n, out);
    }

    /// Greedy decoding into `scratch.state`.
    fn greedy(&self, scratch: &mut ParseScratch, n: usize) {
        let st = &mut scratch.state;
        st.reset(n);
        while !st.is_terminal() {
            let mut scores = [0f32; N_ACTIONS];
            self.score_actions(
                st,
                &scratch.tokens,
                &mut scratch.feats,
                &mut scratch.roles,
                &mut scores,
            );
            let legal = st.legal();
            let Some(action) = best_of(&scores, |a| legal[a]) else {
                break; // unreachable: a non-terminal configuration has a legal action
            };
            let label = match st.arc_of(action) {
                Some((h, d)) => {
                    self.label_arc(st, &scratch.tokens, h, d, &mut scratch.labels_scratch)
                }
                None => NO_LABEL,
            };
            st.apply(action, label);
        }
    }

    /// Read the tree off the final `scratch.state`, undo the pseudo-projective lifts and
    /// write `(head, label)` per word to `out`.
    fn finish_tree(&self, scratch: &mut ParseScratch, n: usize, out: &mut Vec<(usize, u16)>) {
        let st = &scratch.state;
        let root = st.root();
        scratch.heads.clear();
        scratch.labels.clear();
        for i in 1..=n {
            let h = st.head.get(i).copied().unwrap_or(root);
            scratch.heads.push(if h == root { 0 } else { h as usize });
            scratch
                .labels
                .push(st.label.get(i).copied().unwrap_or(self.root_label));
        }
        deprojectivize(
            &mut scratch.heads,
            &mut scratch.labels,
            &self.lifts,
            &mut scratch.deproj,
        );
        out.extend(
            scratch
                .heads
                .iter()
                .copied()
                .zip(scratch.labels.iter().copied()),
        );
    }

    /// Transition scores, with single-token feature sums cached per (role, token): the
    /// same integer sums as scoring every feature, with ~40% fewer table reads.
    fn score_actions(
        &self,
        st: &State,
        tokens: &Tokens,
        feats: &mut Vec<u64>,
        cache: &mut RoleCache,
        scores: &mut [f32; N_ACTIONS],
    ) {
        let width = st.n() as usize + 2;
        let r = roles(st);
        let mut acc = [0i32; HASH_MAX_CLASSES];
        for (slot, &role) in FEATURED_ROLES.iter().enumerate() {
            let token = r[role];
            let i = slot * width + token as usize;
            let (Some(k), Some(sum), Some(kl)) = (
                cache.known.get_mut(i),
                cache.sums.get_mut(i),
                cache.label.get_mut(i),
            ) else {
                continue;
            };
            let label = st.label.get(token as usize).copied().unwrap_or(NO_LABEL);
            if !*k || *kl != label {
                *kl = label;
                feats.clear();
                role_features(role, token, st, tokens, feats);
                *sum = [0; HASH_MAX_CLASSES];
                self.actions.accumulate(feats, sum);
                *k = true;
            }
            for (a, s) in acc.iter_mut().zip(*sum) {
                *a += s;
            }
        }
        feats.clear();
        context_features(st, tokens, &r, feats);
        self.actions.accumulate(feats, &mut acc);
        self.actions.add_scores(&acc, scores);
    }

    fn fill_tokens(&self, words: &[ParseWord], tokens: &mut Tokens, norm: &mut String) {
        tokens.begin();
        tokens.use_clusters = self.use_clusters;
        for w in words {
            let cluster = match self.use_clusters {
                true => cluster_token(self.clusters.get(w.form, norm)),
                false => 0,
            };
            normalize_word(w.form, norm);
            tokens.push(
                self.words.id(norm),
                self.xpos.id(w.xpos),
                upos_id(w.upos),
                cluster,
            );
        }
        tokens.finish();
    }

    /// Label for the arc `h → d`: `root` for the root arc, else the best other label.
    fn label_arc(
        &self,
        st: &State,
        tokens: &Tokens,
        h: u32,
        d: u32,
        ls: &mut labels::LabelScratch,
    ) -> u16 {
        if h == st.root() {
            return self.root_label;
        }
        label_features(st, tokens, h, d, &mut ls.feats);
        if let Some(label) = ls.cached() {
            return label;
        }
        ls.scores.clear();
        ls.scores.resize(self.labels.len(), 0);
        self.label_fast.score(&ls.feats, &mut ls.scores);
        let root = self.root_label as usize;
        // Integer sums of the quantised weights rank labels exactly as `labeller.score`.
        let mut best: Option<(usize, i32)> = None;
        for (l, &s) in ls.scores.iter().enumerate() {
            let better = match best {
                Some((_, b)) => s > b,
                None => true,
            };
            if l != root && better {
                best = Some((l, s));
            }
        }
        let label = best.map_or(self.root_label, |(l, _)| l as u16);
        ls.remember(label);
        label
    }

    /// Serialise; equal models give equal bytes.
    pub fn encode(&self, e: &mut Encoder) {
        // Greedy models keep the older section layout, so retraining the shipped model
        // still reproduces its bytes.
        if self.use_clusters {
            e.u32(MAGIC_CLUSTERS);
            e.u32(FEATURE_VERSION);
            e.u32(u32::from(self.beam));
            e.f32(self.beam_margin);
        } else if self.beam > 1 {
            e.u32(MAGIC);
            e.u32(FEATURE_VERSION);
            e.u32(u32::from(self.beam));
            e.f32(self.beam_margin);
        } else {
            e.u32(MAGIC_GREEDY);
            e.u32(FEATURE_VERSION);
        }
        e.strs(self.words.names());
        e.strs(self.xpos.names());
        e.strs(&self.labels);
        self.actions.encode(e);
        self.labeller.encode(e);
    }

    pub fn decode(d: &mut Decoder) -> Result<Parser, CodecError> {
        let magic = d.u32()?;
        if ![MAGIC, MAGIC_GREEDY, MAGIC_CLUSTERS].contains(&magic) {
            return Err(CodecError::Corrupt(format!(
                "not a parser section (magic {magic:#x})"
            )));
        }
        let version = d.u32()?;
        if version != FEATURE_VERSION {
            return Err(CodecError::Corrupt(format!(
                "parser feature version {version}, this build reads {FEATURE_VERSION}"
            )));
        }
        let (beam, margin) = if magic != MAGIC_GREEDY {
            let beam = d.u32()?;
            let margin = d.f32()?;
            if beam == 0 || beam > u32::from(MAX_BEAM) || margin.is_nan() || margin < 0.0 {
                return Err(CodecError::Corrupt(format!(
                    "parser beam {beam} with margin {margin}"
                )));
            }
            (beam as u16, margin)
        } else {
            (1, f32::INFINITY)
        };
        let words = d.strs()?;
        let xpos = d.strs()?;
        let labels = d.strs()?;
        if words.len() > features::MAX_WORDS || xpos.len() > features::MAX_TAGS {
            return Err(CodecError::Corrupt("parser vocabulary too large".into()));
        }
        let actions = HashWeights::decode(d)?;
        let labeller = Weights::decode(d)?;
        Parser::check(&labels, &actions, &labeller)?;
        Ok(Parser::assemble(
            Vocab::new(words),
            Vocab::new(xpos),
            labels,
            actions,
            labeller,
        )
        .with_beam(beam, margin)
        .with_clusters(magic == MAGIC_CLUSTERS, WordClusters::default()))
    }
}

#[cfg(test)]
mod tests;
