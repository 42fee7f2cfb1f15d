//! Averaged multiclass perceptron over hashed sparse features, shared by the tagger and
//! the parser.
//!
//! Training keeps dense per-feature rows (fast updates); [`Trainer::finish`] averages,
//! quantises and prunes them into [`Weights`], a sparse open-addressing table that is small
//! on disk and fast to score: most features only ever vote for a handful of classes, so a
//! feature's row stores only its non-zero `(class, weight)` pairs.
//!
//! Averaging uses the "lazy" trick of Daumé (2006): alongside the weights `w` keep
//! `u += c·δ` for every update `δ` at instance count `c`; the average is `w − u/c`. This
//! needs no per-weight timestamps.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

mod hashed;
mod sparse;
mod weights;

pub use hashed::{HashTrainer, HashWeights, HASH_MAX_CLASSES};
pub use sparse::SparseTrainer;
pub use weights::Weights;

#[cfg(test)]
use crate::codec::{Decoder, Encoder};

const K: u64 = 0x9E37_79B9_7F4A_7C15;

/// Mix a 64-bit value (the finaliser of MurmurHash3) so hashed features spread well.
#[inline]
fn mix(mut h: u64) -> u64 {
    h ^= h >> 33;
    h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
    h ^= h >> 33;
    h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    h ^ (h >> 33)
}

/// Stable 64-bit feature key from a template id and a string value. Platform independent,
/// so a model trained anywhere scores the same everywhere.
#[inline]
pub fn feature(template: u32, value: &str) -> u64 {
    feature_bytes(template, value.as_bytes())
}

/// Feature key from a template id and raw bytes.
#[inline]
pub fn feature_bytes(template: u32, value: &[u8]) -> u64 {
    let mut h = (template as u64 + 1).wrapping_mul(K);
    let mut chunks = value.chunks_exact(8);
    for c in &mut chunks {
        let mut a = [0u8; 8];
        a.copy_from_slice(c);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(a)).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut a = [0u8; 8];
        a[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(5) ^ u64::from_le_bytes(a) ^ ((rest.len() as u64) << 59))
            .wrapping_mul(K);
    }
    mix(h ^ value.len() as u64)
}

/// Feature key from a template id and up to a few integer values (tag ids, distances…).
#[inline]
pub fn feature_ints(template: u32, values: &[u64]) -> u64 {
    let mut h = match TEMPLATE_SEEDS.get(template as usize) {
        Some(&seed) => seed,
        None => template_seed(template),
    };
    for &v in values {
        h = (h.rotate_left(5) ^ v).wrapping_mul(K);
    }
    mix(h)
}

#[inline]
const fn template_seed(template: u32) -> u64 {
    (template as u64 + 1).wrapping_mul(K) ^ 0x5bd1_e995
}

/// Seeds of the first 256 templates, precomputed: saves a multiply per feature.
const TEMPLATE_SEEDS: [u64; 256] = {
    let mut seeds = [0u64; 256];
    let mut t = 0;
    while t < 256 {
        seeds[t] = template_seed(t as u32);
        t += 1;
    }
    seeds
};

/// A template's precomputed hashing state, for hot loops:
/// `TemplateKey::new(t).int(v) == feature_ints(t, &[v])`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateKey(u64);

impl TemplateKey {
    pub const fn new(template: u32) -> Self {
        TemplateKey(template_seed(template).rotate_left(5))
    }

    /// The key of this template with one integer value.
    #[inline]
    pub fn int(self, v: u64) -> u64 {
        mix((self.0 ^ v).wrapping_mul(K))
    }
}

/// Combine two feature keys into a conjunction feature.
#[inline]
pub fn conjoin(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(17) ^ b.wrapping_mul(K))
}

/// Keys are already well-mixed hashes; hashing them again would only cost time.
#[derive(Default)]
pub(crate) struct IdentityHasher(u64);

impl Hasher for IdentityHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8) | b as u64;
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

pub(crate) type KeyMap = HashMap<u64, u32, BuildHasherDefault<IdentityHasher>>;

/// Training-time perceptron: dense rows of `n_classes` weights per feature.
pub struct Trainer {
    n_classes: usize,
    index: KeyMap,
    keys: Vec<u64>,
    w: Vec<f32>,
    /// `Σ c·δ` per weight. f64: with millions of instances the sums pass 2^24 and f32
    /// would round every update away.
    u: Vec<f64>,
    /// Instances seen so far, starting at 1 (Daumé's averaging counter).
    c: f64,
}

/// How [`Trainer::finish`] shrinks the model.
#[derive(Debug, Clone, Copy)]
pub struct CompactOptions {
    /// Averaged weights with absolute value below this are dropped.
    pub prune_below: f32,
}

impl Default for CompactOptions {
    fn default() -> Self {
        CompactOptions { prune_below: 1e-3 }
    }
}

impl Trainer {
    pub fn new(n_classes: usize) -> Self {
        Trainer {
            n_classes,
            index: KeyMap::default(),
            keys: Vec::new(),
            w: Vec::new(),
            u: Vec::new(),
            c: 1.0,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of distinct features seen so far.
    pub fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// Add the current (not averaged) weights of `feats` to `scores` (length `n_classes`).
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        let n = self.n_classes;
        for f in feats {
            if let Some(&row) = self.index.get(f) {
                let start = row as usize * n;
                for (s, w) in scores.iter_mut().zip(&self.w[start..start + n]) {
                    *s += w;
                }
            }
        }
    }

    fn row(&mut self, key: u64) -> usize {
        let n = self.n_classes;
        let next = self.keys.len() as u32;
        let row = *self.index.entry(key).or_insert(next);
        if row == next {
            self.keys.push(key);
            self.w.resize(self.w.len() + n, 0.0);
            self.u.resize(self.u.len() + n, 0.0);
        }
        row as usize * n
    }

    /// Add `delta` to the weight of `class` for every feature in `feats`.
    pub fn update_class(&mut self, feats: &[u64], class: usize, delta: f32) {
        if class >= self.n_classes {
            return;
        }
        let cd = self.c * delta as f64;
        for &f in feats {
            let i = self.row(f) + class;
            self.w[i] += delta;
            self.u[i] += cd;
        }
    }

    /// The standard perceptron update: reward `truth`, penalise `guess` (no-op if equal).
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth != guess {
            self.update_class(feats, truth, 1.0);
            self.update_class(feats, guess, -1.0);
        }
    }

    /// Count one training instance; call once per classification decision.
    pub fn tick(&mut self) {
        self.c += 1.0;
    }

    /// Average, prune and pack into the compact inference form. Deterministic: features
    /// are laid out in key order, whatever order training met them in.
    pub fn finish(&self, opts: CompactOptions) -> Weights {
        let n = self.n_classes;
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        order.sort_unstable_by_key(|&r| self.keys[r]);
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = Vec::new();
        let mut max_abs = 0f32;
        for r in order {
            let mut entries = Vec::new();
            for k in 0..n {
                let i = r * n + k;
                let avg = (self.w[i] as f64 - self.u[i] / self.c) as f32;
                if avg.abs() >= opts.prune_below && avg.is_finite() {
                    max_abs = max_abs.max(avg.abs());
                    entries.push((k as u16, avg));
                }
            }
            if !entries.is_empty() {
                rows.push((self.keys[r], entries));
            }
        }
        quantise_and_build(n, max_abs, rows)
    }
}

/// Quantise averaged rows to i16 against the largest weight and pack them.
pub(crate) fn quantise_and_build(
    n: usize,
    max_abs: f32,
    rows: Vec<(u64, Vec<(u16, f32)>)>,
) -> Weights {
    let scale = if max_abs > 0.0 {
        max_abs / i16::MAX as f32
    } else {
        1.0
    };
    let quantised = rows
        .into_iter()
        .filter_map(|(key, entries)| {
            let q: Vec<(u16, i16)> = entries
                .into_iter()
                .map(|(k, v)| (k, (v / scale).round() as i16))
                .filter(|&(_, q)| q != 0)
                .collect();
            (!q.is_empty()).then_some((key, q))
        })
        .collect::<Vec<_>>();
    Weights::build(n, scale, &quantised)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Learn a toy task: class = which of three marker features is present.
    fn toy() -> Trainer {
        let mut t = Trainer::new(3);
        let data: Vec<(Vec<u64>, usize)> = (0..30)
            .map(|i| {
                let class = i % 3;
                (
                    vec![feature(0, &format!("m{class}")), feature(1, "bias")],
                    class,
                )
            })
            .collect();
        for _ in 0..5 {
            for (feats, truth) in &data {
                let mut s = [0f32; 3];
                t.score(feats, &mut s);
                let guess = argmax(&s);
                t.update(feats, *truth, guess);
                t.tick();
            }
        }
        t
    }

    fn argmax(s: &[f32]) -> usize {
        let mut best = 0;
        for (i, v) in s.iter().enumerate() {
            if *v > s[best] {
                best = i;
            }
        }
        best
    }

    #[test]
    fn learns_and_compacts() {
        let w = toy().finish(CompactOptions::default());
        for class in 0..3 {
            let mut s = [0f32; 3];
            w.score(
                &[feature(0, &format!("m{class}")), feature(1, "bias")],
                &mut s,
            );
            assert_eq!(argmax(&s), class);
        }
        assert!(w.n_features() >= 3);
        let mut s = [0f32; 3];
        w.score(&[feature(9, "unseen")], &mut s);
        assert_eq!(s, [0.0; 3]);
    }

    #[test]
    fn encode_round_trip_is_exact_and_deterministic() {
        let w = toy().finish(CompactOptions::default());
        let mut e = Encoder::new();
        w.encode(&mut e);
        let bytes = e.into_bytes();
        let back = Weights::decode(&mut Decoder::new(&bytes)).unwrap();
        let mut e2 = Encoder::new();
        back.encode(&mut e2);
        assert_eq!(bytes, e2.into_bytes());
        let mut e3 = Encoder::new();
        toy().finish(CompactOptions::default()).encode(&mut e3);
        assert_eq!(bytes, e3.into_bytes(), "training is deterministic");
    }

    #[test]
    fn corrupt_weights_are_rejected() {
        let w = toy().finish(CompactOptions::default());
        let mut e = Encoder::new();
        w.encode(&mut e);
        let bytes = e.into_bytes();
        assert!(Weights::decode(&mut Decoder::new(&bytes[..bytes.len() - 3])).is_err());
    }

    /// Six classes (packed rows) learned by both trainers give the same predictions.
    #[test]
    fn many_classes_dense_and_sparse_trainers_agree() {
        let mut dense = Trainer::new(6);
        let mut sparse = SparseTrainer::new(6);
        let data: Vec<(Vec<u64>, usize)> = (0..60)
            .map(|i| {
                let class = i % 6;
                let feats = vec![
                    feature(0, &format!("m{class}")),
                    feature(1, "bias"),
                    feature_ints(2, &[class as u64 / 2]),
                ];
                (feats, class)
            })
            .collect();
        for _ in 0..4 {
            for (feats, truth) in &data {
                let mut a = [0f32; 6];
                let mut b = [0f32; 6];
                dense.score(feats, &mut a);
                sparse.score(feats, &mut b);
                assert_eq!(a, b);
                dense.update(feats, *truth, argmax(&a));
                sparse.update(feats, *truth, argmax(&b));
                dense.tick();
                sparse.tick();
            }
        }
        let wd = dense.finish(CompactOptions::default());
        let ws = sparse.finish(CompactOptions::default());
        assert_eq!(wd, ws);
        for (feats, truth) in &data {
            let mut s = [0f32; 6];
            wd.score(feats, &mut s);
            assert_eq!(argmax(&s), *truth, "{s:?}");
        }
        let mut e = Encoder::new();
        wd.encode(&mut e);
        let bytes = e.into_bytes();
        assert_eq!(Weights::decode(&mut Decoder::new(&bytes)).unwrap(), wd);
    }

    #[test]
    fn pruning_drops_small_weights_only() {
        let w = toy().finish(CompactOptions::default());
        assert_eq!(w.pruned(0.0), w);
        let p = w.pruned(1e9);
        assert_eq!(p.n_features(), 0);
        assert_eq!(p.n_entries(), 0);
        let mut s = [0f32; 3];
        p.score(&[feature(0, "m1")], &mut s);
        assert_eq!(s, [0.0; 3]);
    }

    #[test]
    fn feature_keys_differ_by_template_and_value() {
        assert_ne!(feature(0, "a"), feature(1, "a"));
        assert_ne!(feature(0, "a"), feature(0, "b"));
        assert_ne!(feature(0, "abcdefgh"), feature(0, "abcdefgh\0"));
        assert_eq!(feature(3, "x"), feature_bytes(3, b"x"));
        assert_ne!(feature_ints(0, &[1, 2]), feature_ints(0, &[2, 1]));
        assert_eq!(TEMPLATE_SEEDS[200], template_seed(200));
        for t in [0, 7, 255, 256, 9999] {
            for v in [0, 1, u64::MAX, 0xdead_beef] {
                assert_eq!(TemplateKey::new(t).int(v), feature_ints(t, &[v]));
            }
        }
        assert_ne!(feature_ints(255, &[3]), feature_ints(256, &[3]));
        assert_ne!(conjoin(1, 2), conjoin(2, 1));
    }
}
