//! Hash-kernel perceptron (as in Bohnet 2010) for models with at most four classes.
//!
//! Feature keys index a fixed table of `2^bits` weight rows directly, without storing
//! the keys: scoring a feature is one branch-free load of an 8-byte row, so the cache
//! misses of a large model overlap instead of serialising behind probe branches. Keys
//! that share a row share weights; training in the hashed space lets the perceptron
//! learn around those collisions, and the model file stores only non-zero rows.

use super::K;
use crate::codec::{CodecError, Decoder, Encoder};

/// Classes a hashed model can have (one 8-byte row of i16 weights).
pub const HASH_MAX_CLASSES: usize = 4;

/// Allowed table sizes, in bits.
const MIN_BITS: u32 = 4;
const MAX_BITS: u32 = 28;

#[inline]
fn bucket(key: u64, bits: u32) -> usize {
    // The top bits of a well-mixed key; a second multiply guards against keys whose high
    // bits are weak.
    (key.wrapping_mul(K) >> (64 - bits)) as usize
}

/// Training-time hash-kernel perceptron with averaging (see [`super::Trainer`]).
pub struct HashTrainer {
    bits: u32,
    n_classes: usize,
    w: Vec<f32>,
    u: Vec<f64>,
    c: f64,
}

impl HashTrainer {
    /// `n_classes` is clamped to 1..=4 and `bits` to 4..=28.
    pub fn new(n_classes: usize, bits: u32) -> Self {
        let bits = bits.clamp(MIN_BITS, MAX_BITS);
        let n_classes = n_classes.clamp(1, HASH_MAX_CLASSES);
        let len = (1usize << bits) * n_classes;
        HashTrainer {
            bits,
            n_classes,
            w: vec![0.0; len],
            u: vec![0.0; len],
            c: 1.0,
        }
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Rows with at least one non-zero weight.
    pub fn n_used_rows(&self) -> usize {
        self.w
            .chunks_exact(self.n_classes)
            .filter(|r| r.iter().any(|&x| x != 0.0))
            .count()
    }

    /// Add the current (not averaged) weights of `feats` to `scores`.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        let n = self.n_classes;
        for &f in feats {
            let start = bucket(f, self.bits) * n;
            if let Some(row) = self.w.get(start..start + n) {
                for (s, w) in scores.iter_mut().zip(row) {
                    *s += w;
                }
            }
        }
    }

    pub fn update_class(&mut self, feats: &[u64], class: usize, delta: f32) {
        if class >= self.n_classes {
            return;
        }
        let cd = self.c * delta as f64;
        for &f in feats {
            let i = bucket(f, self.bits) * self.n_classes + class;
            if let (Some(w), Some(u)) = (self.w.get_mut(i), self.u.get_mut(i)) {
                *w += delta;
                *u += cd;
            }
        }
    }

    /// Reward `truth`, penalise `guess` (no-op if equal).
    pub fn update(&mut self, feats: &[u64], truth: usize, guess: usize) {
        if truth != guess {
            self.update_class(feats, truth, 1.0);
            self.update_class(feats, guess, -1.0);
        }
    }

    /// Count one training instance.
    pub fn tick(&mut self) {
        self.c += 1.0;
    }

    /// Average and quantise; weights below `prune_below` in magnitude become 0.
    pub fn finish(&self, prune_below: f32) -> HashWeights {
        let n = self.n_classes;
        let avg: Vec<f32> = self
            .w
            .iter()
            .zip(&self.u)
            .map(|(&w, &u)| {
                let a = (w as f64 - u / self.c) as f32;
                if a.is_finite() && a.abs() >= prune_below {
                    a
                } else {
                    0.0
                }
            })
            .collect();
        let max_abs = avg.iter().fold(0f32, |m, a| m.max(a.abs()));
        let scale = if max_abs > 0.0 {
            max_abs / i16::MAX as f32
        } else {
            1.0
        };
        let table = avg
            .chunks_exact(n)
            .map(|r| {
                let mut row = [0i16; HASH_MAX_CLASSES];
                for (q, &a) in row.iter_mut().zip(r) {
                    *q = (a / scale).round() as i16;
                }
                row
            })
            .collect();
        HashWeights {
            bits: self.bits,
            n_classes: n,
            scale,
            table,
        }
    }
}

/// Inference-time hash-kernel weights: `2^bits` rows of four quantised weights.
#[derive(Debug, Clone, PartialEq)]
pub struct HashWeights {
    bits: u32,
    n_classes: usize,
    scale: f32,
    table: Vec<[i16; HASH_MAX_CLASSES]>,
}

impl HashWeights {
    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Rows with a non-zero weight.
    pub fn n_used_rows(&self) -> usize {
        self.table.iter().filter(|r| **r != [0; 4]).count()
    }

    /// Add the weights of `feats` to `scores` (length `n_classes`). Integer sums: the
    /// result does not depend on feature order.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        let mut acc = [0i32; HASH_MAX_CLASSES];
        self.accumulate(feats, &mut acc);
        self.add_scores(&acc, scores);
    }

    /// Add the quantised weights of `feats` to `acc`; partial sums can be cached and
    /// combined, then turned into scores with [`HashWeights::add_scores`].
    #[inline]
    pub fn accumulate(&self, feats: &[u64], acc: &mut [i32; HASH_MAX_CLASSES]) {
        for &f in feats {
            let row = self
                .table
                .get(bucket(f, self.bits))
                .copied()
                .unwrap_or_default();
            for (a, q) in acc.iter_mut().zip(row) {
                *a += q as i32;
            }
        }
    }

    /// Add accumulated quantised weights, scaled, to `scores`.
    #[inline]
    pub fn add_scores(&self, acc: &[i32; HASH_MAX_CLASSES], scores: &mut [f32]) {
        for (s, &a) in scores.iter_mut().zip(acc) {
            *s += a as f32 * self.scale;
        }
    }

    /// A copy with weights below `min_abs` in magnitude set to 0 (smaller file).
    pub fn pruned(&self, min_abs: f32) -> HashWeights {
        let q_min = min_abs / self.scale;
        let table = self
            .table
            .iter()
            .map(|r| r.map(|q| if (q as f32).abs() >= q_min { q } else { 0 }))
            .collect();
        HashWeights {
            table,
            ..self.clone()
        }
    }

    /// Sparse serialisation: non-zero rows as (index gap varint, weights).
    pub fn encode(&self, e: &mut Encoder) {
        e.u32(self.bits);
        e.u32(self.n_classes as u32);
        e.f32(self.scale);
        let used: Vec<(usize, &[i16; 4])> = self
            .table
            .iter()
            .enumerate()
            .filter(|(_, r)| **r != [0; 4])
            .collect();
        e.len(used.len());
        let mut prev = 0usize;
        for (i, row) in used {
            let mut gap = (i - prev) as u64;
            prev = i;
            loop {
                let b = (gap & 0x7f) as u8;
                gap >>= 7;
                if gap == 0 {
                    e.u8(b);
                    break;
                }
                e.u8(b | 0x80);
            }
            for &q in row.iter().take(self.n_classes) {
                let [a, b] = q.to_le_bytes();
                e.u8(a);
                e.u8(b);
            }
        }
    }

    pub fn decode(d: &mut Decoder) -> Result<HashWeights, CodecError> {
        let bits = d.u32()?;
        if !(MIN_BITS..=MAX_BITS).contains(&bits) {
            return Err(CodecError::Corrupt(format!("hash table of {bits} bits")));
        }
        let n_classes = d.u32()? as usize;
        if !(1..=HASH_MAX_CLASSES).contains(&n_classes) {
            return Err(CodecError::Corrupt(format!("{n_classes} hashed classes")));
        }
        let scale = d.f32()?;
        if !scale.is_finite() || scale <= 0.0 {
            return Err(CodecError::Corrupt(format!("bad weight scale {scale}")));
        }
        let size = 1usize << bits;
        let n_rows = d.len(1 + 2 * n_classes)?;
        let mut table = vec![[0i16; HASH_MAX_CLASSES]; size];
        let mut index = 0usize;
        for _ in 0..n_rows {
            let mut gap = 0u64;
            let mut shift = 0;
            loop {
                let b = d.u8()?;
                if shift > 35 {
                    return Err(CodecError::Corrupt("row gap too long".into()));
                }
                gap |= ((b & 0x7f) as u64) << shift;
                shift += 7;
                if b & 0x80 == 0 {
                    break;
                }
            }
            index = index.saturating_add(gap as usize);
            let row = table
                .get_mut(index)
                .ok_or_else(|| CodecError::Corrupt("hashed row out of range".into()))?;
            for q in row.iter_mut().take(n_classes) {
                *q = i16::from_le_bytes([d.u8()?, d.u8()?]);
            }
        }
        Ok(HashWeights {
            bits,
            n_classes,
            scale,
            table,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perceptron::feature_ints;

    fn argmax(s: &[f32]) -> usize {
        (0..s.len()).fold(0, |b, i| if s[i] > s[b] { i } else { b })
    }

    fn trained(bits: u32) -> HashTrainer {
        let mut t = HashTrainer::new(3, bits);
        for _ in 0..5 {
            for i in 0..90u64 {
                let class = (i % 3) as usize;
                let feats = [feature_ints(0, &[class as u64]), feature_ints(1, &[i % 5])];
                let mut s = [0f32; 3];
                t.score(&feats, &mut s);
                t.update(&feats, class, argmax(&s));
                t.tick();
            }
        }
        t
    }

    #[test]
    fn learns_and_round_trips() {
        let w = trained(12).finish(0.0);
        for class in 0..3u64 {
            let mut s = [0f32; 3];
            w.score(&[feature_ints(0, &[class])], &mut s);
            assert_eq!(argmax(&s), class as usize);
        }
        assert!(w.n_used_rows() >= 3);
        let mut e = Encoder::new();
        w.encode(&mut e);
        let bytes = e.into_bytes();
        let back = HashWeights::decode(&mut Decoder::new(&bytes)).unwrap();
        assert_eq!(back, w);
        let mut e2 = Encoder::new();
        trained(12).finish(0.0).encode(&mut e2);
        assert_eq!(e2.into_bytes(), bytes, "deterministic");
        for cut in [0, 5, bytes.len() - 1] {
            assert!(HashWeights::decode(&mut Decoder::new(&bytes[..cut])).is_err());
        }
    }

    #[test]
    fn tiny_tables_still_work_and_pruning_zeroes() {
        let w = trained(4).finish(0.0);
        assert!(w.n_used_rows() <= 16);
        let p = w.pruned(f32::MAX);
        assert_eq!(p.n_used_rows(), 0);
        let mut s = [1f32; 3];
        p.score(&[feature_ints(0, &[1])], &mut s);
        assert_eq!(s, [1.0; 3]);
    }
}
