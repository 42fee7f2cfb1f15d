//! Hash-kernel perceptron (as in Bohnet 2010) for models with at most four classes.
//!
//! Feature keys index a fixed table of `2^bits` weight rows directly, without storing
//! the keys: scoring a feature is one branch-free load of an 8-byte row, so the cache
//! misses of a large model overlap instead of serialising behind probe branches. Keys
//! that share a row share weights; training in the hashed space lets the perceptron
//! learn around those collisions, and the model file stores only non-zero rows. Weights
//! are 8-bit logarithmic codes (see `LogCodes`), so a row is 4 bytes.

use crate::codec::{CodecError, Decoder, Encoder};

/// Classes a hashed model can have (one 4-byte row of weight codes).
pub const HASH_MAX_CLASSES: usize = 4;

/// Allowed table sizes, in bits.
const MIN_BITS: u32 = 4;
const MAX_BITS: u32 = 28;

/// The top bits of a key: feature keys leave the MurmurHash3 finaliser well mixed.
#[inline]
fn bucket(key: u64, bits: u32) -> usize {
    (key >> (64 - bits)) as usize
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
        let codec = LogCodes::new(max_abs);
        let table = avg
            .chunks_exact(n)
            .map(|r| {
                let mut row = [0i8; HASH_MAX_CLASSES];
                for (q, &a) in row.iter_mut().zip(r) {
                    *q = codec.code(a);
                }
                row
            })
            .collect();
        HashWeights {
            bits: self.bits,
            n_classes: n,
            unit: codec.unit,
            codebook: codec.book,
            table,
        }
    }
}

/// Smallest representable weight magnitude relative to the largest.
const DYNAMIC_RANGE: f64 = 1e-4;

/// 8-bit logarithmic ("μ-law") weight codes: code `c` stands for
/// `sign(c)·s0·(e^{|c|/C} − 1)`, so magnitudes from `max·1e-4` to `max` keep a relative
/// precision of ~4% in one byte, against 2 bytes for linear i16. Halving the rows halves
/// the cache misses that bound scoring.
struct LogCodes {
    s0: f64,
    c: f64,
    /// Integer weight per code (indexed by the code's byte), in `unit`s.
    book: [i32; 256],
    unit: f32,
}

impl LogCodes {
    fn new(max_abs: f32) -> LogCodes {
        let max = if max_abs > 0.0 && max_abs.is_finite() {
            max_abs as f64
        } else {
            1.0
        };
        let s0 = max * DYNAMIC_RANGE;
        let c = 127.0 / (1.0 + 1.0 / DYNAMIC_RANGE).ln();
        // Sums of a few hundred features stay far below i32::MAX.
        let unit = max / f64::from(1u32 << 20);
        let mut book = [0i32; 256];
        for code in -127i32..=127 {
            let v = s0 * ((code.abs() as f64 / c).exp() - 1.0);
            let v = if code < 0 { -v } else { v };
            book[code as i8 as u8 as usize] = (v / unit).round() as i32;
        }
        LogCodes {
            s0,
            c,
            book,
            unit: unit as f32,
        }
    }

    fn code(&self, w: f32) -> i8 {
        if !w.is_finite() || w == 0.0 {
            return 0;
        }
        let m = (self.c * (1.0 + (w.abs() as f64) / self.s0).ln()).round();
        let m = m.clamp(0.0, 127.0) as i8;
        if w < 0.0 {
            -m
        } else {
            m
        }
    }
}

/// Inference-time hash-kernel weights: `2^bits` rows of four 8-bit weight codes.
#[derive(Debug, Clone, PartialEq)]
pub struct HashWeights {
    bits: u32,
    n_classes: usize,
    /// Value of one integer step of the codebook.
    unit: f32,
    codebook: [i32; 256],
    table: Vec<[i8; HASH_MAX_CLASSES]>,
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

    /// Add the integer weights of `feats` to `acc`; partial sums can be cached and
    /// combined, then turned into scores with [`HashWeights::add_scores`].
    #[inline]
    pub fn accumulate(&self, feats: &[u64], acc: &mut [i32; HASH_MAX_CLASSES]) {
        if self.n_classes == 3 {
            self.accumulate_n::<3>(feats, acc);
        } else {
            self.accumulate_n::<HASH_MAX_CLASSES>(feats, acc);
        }
    }

    /// [`HashWeights::accumulate`] over the first `N` classes (the others are 0).
    #[inline]
    fn accumulate_n<const N: usize>(&self, feats: &[u64], acc: &mut [i32; HASH_MAX_CLASSES]) {
        let book = &self.codebook;
        for &f in feats {
            let row = self
                .table
                .get(bucket(f, self.bits))
                .copied()
                .unwrap_or_default();
            for k in 0..N.min(HASH_MAX_CLASSES) {
                acc[k] += book[row[k] as u8 as usize];
            }
        }
    }

    /// Add accumulated integer weights, scaled, to `scores`.
    #[inline]
    pub fn add_scores(&self, acc: &[i32; HASH_MAX_CLASSES], scores: &mut [f32]) {
        for (s, &a) in scores.iter_mut().zip(acc) {
            *s += a as f32 * self.unit;
        }
    }

    /// A copy with weights below `min_abs` in magnitude set to 0 (smaller file).
    pub fn pruned(&self, min_abs: f32) -> HashWeights {
        let keep = |q: i8| (self.codebook[q as u8 as usize] as f32 * self.unit).abs() >= min_abs;
        let table = self
            .table
            .iter()
            .map(|r| r.map(|q| if keep(q) { q } else { 0 }))
            .collect();
        HashWeights {
            table,
            ..self.clone()
        }
    }

    /// Sparse serialisation: the codebook, then non-zero rows as (index gap varint,
    /// codes).
    pub fn encode(&self, e: &mut Encoder) {
        e.u32(self.bits);
        e.u32(self.n_classes as u32);
        e.f32(self.unit);
        for &v in &self.codebook {
            e.u32(v as u32);
        }
        let used: Vec<(usize, &[i8; 4])> = self
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
                e.u8(q as u8);
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
        let unit = d.f32()?;
        if !unit.is_finite() || unit <= 0.0 {
            return Err(CodecError::Corrupt(format!("bad weight unit {unit}")));
        }
        let mut codebook = [0i32; 256];
        for v in codebook.iter_mut() {
            *v = d.u32()? as i32;
            // Bounded so that sums over any feature vector cannot overflow.
            if v.unsigned_abs() > 1 << 24 {
                return Err(CodecError::Corrupt("weight codebook out of range".into()));
            }
        }
        let size = 1usize << bits;
        let n_rows = d.len(1 + n_classes)?;
        let mut table = vec![[0i8; HASH_MAX_CLASSES]; size];
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
                *q = d.u8()? as i8;
            }
        }
        Ok(HashWeights {
            bits,
            n_classes,
            unit,
            codebook,
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
    fn log_codes_keep_relative_precision() {
        let codes = LogCodes::new(100.0);
        for w in [100.0f32, -100.0, 3.7, -0.25, 0.02, 0.011] {
            let q = codes.code(w);
            let back = codes.book[q as u8 as usize] as f64 * codes.unit as f64;
            let rel = (back - w as f64).abs() / (w.abs() as f64);
            assert!(rel < 0.05, "{w} -> {q} -> {back}");
        }
        assert_eq!(codes.code(0.0), 0);
        assert_eq!(codes.code(1e-9), 0);
        assert_eq!(codes.code(f32::NAN), 0);
        assert_eq!(codes.code(1e9), 127);
        assert_eq!(codes.code(-1e9), -127);
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
