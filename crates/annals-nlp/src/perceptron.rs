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

use crate::codec::{CodecError, Decoder, Encoder};

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
    let mut h = (template as u64 + 1).wrapping_mul(K) ^ 0x5bd1_e995;
    for &v in values {
        h = (h.rotate_left(5) ^ v).wrapping_mul(K);
    }
    mix(h)
}

/// Combine two feature keys into a conjunction feature.
#[inline]
pub fn conjoin(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(17) ^ b.wrapping_mul(K))
}

/// Keys are already well-mixed hashes; hashing them again would only cost time.
#[derive(Default)]
struct IdentityHasher(u64);

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

type KeyMap = HashMap<u64, u32, BuildHasherDefault<IdentityHasher>>;

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
fn quantise_and_build(n: usize, max_abs: f32, rows: Vec<(u64, Vec<(u16, f32)>)>) -> Weights {
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

/// One non-zero weight of a [`SparseTrainer`] row.
#[derive(Clone, Copy)]
struct SparseEntry {
    class: u16,
    w: f32,
    u: f64,
}

/// Training-time perceptron for many classes: each feature keeps only the classes it was
/// ever updated for. With ~100 classes a dense row would cost ~1 KB per feature; most
/// features touch a handful of classes.
pub struct SparseTrainer {
    n_classes: usize,
    index: KeyMap,
    keys: Vec<u64>,
    rows: Vec<Vec<SparseEntry>>,
    /// Times each feature was part of an update (for [`SparseTrainer::finish_min_count`]).
    counts: Vec<u32>,
    c: f64,
}

impl SparseTrainer {
    pub fn new(n_classes: usize) -> Self {
        SparseTrainer {
            n_classes,
            index: KeyMap::default(),
            keys: Vec::new(),
            rows: Vec::new(),
            counts: Vec::new(),
            c: 1.0,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    pub fn n_features(&self) -> usize {
        self.keys.len()
    }

    /// Add the current (not averaged) weights of `feats` to `scores`.
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        for f in feats {
            if let Some(&row) = self.index.get(f) {
                if let Some(entries) = self.rows.get(row as usize) {
                    for e in entries {
                        if let Some(s) = scores.get_mut(e.class as usize) {
                            *s += e.w;
                        }
                    }
                }
            }
        }
    }

    fn row(&mut self, key: u64) -> usize {
        let next = self.keys.len() as u32;
        let row = *self.index.entry(key).or_insert(next);
        if row == next {
            self.keys.push(key);
            self.rows.push(Vec::new());
            self.counts.push(0);
        }
        row as usize
    }

    /// Add `delta` to the weight of `class` for every feature in `feats`.
    pub fn update_class(&mut self, feats: &[u64], class: usize, delta: f32) {
        if class >= self.n_classes {
            return;
        }
        let cd = self.c * delta as f64;
        for &f in feats {
            let r = self.row(f);
            if let Some(count) = self.counts.get_mut(r) {
                *count = count.saturating_add(1);
            }
            let Some(entries) = self.rows.get_mut(r) else {
                continue;
            };
            match entries.iter_mut().find(|e| e.class as usize == class) {
                Some(e) => {
                    e.w += delta;
                    e.u += cd;
                }
                None => entries.push(SparseEntry {
                    class: class as u16,
                    w: delta,
                    u: cd,
                }),
            }
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

    /// Average, prune and pack (see [`Trainer::finish`]).
    pub fn finish(&self, opts: CompactOptions) -> Weights {
        self.finish_min_count(opts, 0)
    }

    /// Like [`SparseTrainer::finish`], also dropping features that took part in fewer
    /// than `min_updates` updates: rare features are mostly noise and most of the size.
    pub fn finish_min_count(&self, opts: CompactOptions, min_updates: u32) -> Weights {
        let mut order: Vec<usize> = (0..self.keys.len()).collect();
        order.sort_unstable_by_key(|&r| self.keys.get(r).copied().unwrap_or(0));
        let mut rows: Vec<(u64, Vec<(u16, f32)>)> = Vec::new();
        let mut max_abs = 0f32;
        for r in order {
            let (Some(&key), Some(entries), Some(&count)) =
                (self.keys.get(r), self.rows.get(r), self.counts.get(r))
            else {
                continue;
            };
            if count < min_updates {
                continue;
            }
            let mut kept: Vec<(u16, f32)> = entries
                .iter()
                .map(|e| (e.class, (e.w as f64 - e.u / self.c) as f32))
                .filter(|(_, avg)| avg.abs() >= opts.prune_below && avg.is_finite())
                .collect();
            kept.sort_unstable_by_key(|e| e.0);
            for (_, avg) in &kept {
                max_abs = max_abs.max(avg.abs());
            }
            if !kept.is_empty() {
                rows.push((key, kept));
            }
        }
        quantise_and_build(self.n_classes, max_abs, rows)
    }
}

/// Inference-time weights: open-addressing table from feature key to a run of
/// `(class, weight)` entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    n_classes: usize,
    scale: f32,
    /// Table slots: feature key (0 = empty) and the entry range of its row.
    slot_keys: Vec<u64>,
    slot_start: Vec<u32>,
    slot_len: Vec<u16>,
    mask: usize,
    classes: Vec<u16>,
    values: Vec<f32>,
    /// Quantised values, kept for encoding without a lossy round trip.
    qvalues: Vec<i16>,
}

/// Key 0 marks an empty slot, so a (vanishingly unlikely) real key 0 is remapped.
#[inline]
fn slot_key(key: u64) -> u64 {
    if key == 0 {
        K
    } else {
        key
    }
}

impl Weights {
    fn build(n_classes: usize, scale: f32, rows: &[(u64, Vec<(u16, i16)>)]) -> Weights {
        let cap = (rows.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let mut w = Weights {
            n_classes,
            scale,
            slot_keys: vec![0; cap],
            slot_start: vec![0; cap],
            slot_len: vec![0; cap],
            mask,
            classes: Vec::new(),
            values: Vec::new(),
            qvalues: Vec::new(),
        };
        for (key, entries) in rows {
            let key = slot_key(*key);
            let mut s = key as usize & mask;
            while w.slot_keys[s] != 0 && w.slot_keys[s] != key {
                s = (s + 1) & mask;
            }
            if w.slot_keys[s] == key {
                continue; // duplicate row: keep the first
            }
            w.slot_keys[s] = key;
            w.slot_start[s] = w.classes.len() as u32;
            w.slot_len[s] = entries.len().min(u16::MAX as usize) as u16;
            for &(k, q) in entries.iter().take(u16::MAX as usize) {
                w.classes.push(k);
                w.qvalues.push(q);
                w.values.push(q as f32 * scale);
            }
        }
        w
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features with at least one weight.
    pub fn n_features(&self) -> usize {
        self.slot_keys.iter().filter(|&&k| k != 0).count()
    }

    /// Number of stored `(class, weight)` entries.
    pub fn n_entries(&self) -> usize {
        self.classes.len()
    }

    /// Add the weights of `feats` to `scores` (length `n_classes`).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        for &f in feats {
            let key = slot_key(f);
            let mut s = key as usize & self.mask;
            loop {
                let k = self.slot_keys[s];
                if k == key {
                    let start = self.slot_start[s] as usize;
                    let end = start + self.slot_len[s] as usize;
                    for (c, v) in self.classes[start..end]
                        .iter()
                        .zip(&self.values[start..end])
                    {
                        if let Some(x) = scores.get_mut(*c as usize) {
                            *x += v;
                        }
                    }
                    break;
                }
                if k == 0 {
                    break;
                }
                s = (s + 1) & self.mask;
            }
        }
    }

    /// Serialise (rows in key order, so equal models give equal bytes).
    pub fn encode(&self, e: &mut Encoder) {
        let mut rows: Vec<(u64, usize, usize)> = self
            .slot_keys
            .iter()
            .enumerate()
            .filter(|(_, &k)| k != 0)
            .map(|(s, &k)| (k, self.slot_start[s] as usize, self.slot_len[s] as usize))
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        e.u32(self.n_classes as u32);
        e.f32(self.scale);
        e.len(rows.len());
        for (key, start, len) in rows {
            e.u64(key);
            e.len(len);
            for i in start..start + len {
                let [c0, c1] = self.classes[i].to_le_bytes();
                let [q0, q1] = self.qvalues[i].to_le_bytes();
                for b in [c0, c1, q0, q1] {
                    e.u8(b);
                }
            }
        }
    }

    pub fn decode(d: &mut Decoder) -> Result<Weights, CodecError> {
        let n_classes = d.u32()? as usize;
        let scale = d.f32()?;
        if !scale.is_finite() || scale <= 0.0 {
            return Err(CodecError::Corrupt(format!("bad weight scale {scale}")));
        }
        let n_rows = d.len(12)?;
        let mut rows = Vec::with_capacity(n_rows);
        for _ in 0..n_rows {
            let key = d.u64()?;
            let len = d.len(4)?;
            let mut entries = Vec::with_capacity(len);
            for _ in 0..len {
                let class = u16::from_le_bytes([d.u8()?, d.u8()?]);
                let q = i16::from_le_bytes([d.u8()?, d.u8()?]);
                if class as usize >= n_classes {
                    return Err(CodecError::Corrupt(
                        "weight entry class out of range".into(),
                    ));
                }
                entries.push((class, q));
            }
            rows.push((key, entries));
        }
        Ok(Weights::build(n_classes, scale, &rows))
    }
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

    #[test]
    fn feature_keys_differ_by_template_and_value() {
        assert_ne!(feature(0, "a"), feature(1, "a"));
        assert_ne!(feature(0, "a"), feature(0, "b"));
        assert_ne!(feature(0, "abcdefgh"), feature(0, "abcdefgh\0"));
        assert_eq!(feature(3, "x"), feature_bytes(3, b"x"));
        assert_ne!(feature_ints(0, &[1, 2]), feature_ints(0, &[2, 1]));
        assert_ne!(conjoin(1, 2), conjoin(2, 1));
    }
}
