//! Inference-time weights laid out for the tagger's many-class, many-feature scoring.
//!
//! Tagging is bound by cache misses on the weight table. [`crate::perceptron::Weights`]
//! costs two misses per feature with more than four classes (its slot, then the row);
//! here rows of one or two entries — most rare features, which are the ones that miss —
//! live inside the 16-byte slot, so they cost one. Weights stay quantised and are summed
//! as integers (exact, so the result does not depend on feature order).

use crate::codec::{CodecError, Decoder, Encoder};
use crate::perceptron::{CompactOptions, Trainer, Weights};

/// Features whose home slots are read together, so their cache misses overlap.
const CHUNK: usize = 32;

const INLINE: u64 = 1 << 63;
const SECOND: u64 = 1 << 62;
const DENSE: u64 = 1 << 61;
/// Rows with more entries than this are stored densely (one weight per class): adding a
/// dense row vectorises, and the long rows are those of frequent features.
const DENSE_MIN: usize = 16;
/// Inline second entries keep 14 bits of class.
const MAX_INLINE_CLASS: u16 = 1 << 14;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(C, align(16))]
struct Slot {
    key: u64,
    /// Inline: `INLINE | [SECOND] | entry1 << 32 | entry0`; dense: `DENSE | start` into
    /// `dense`; else `len << 32 | start` into `entries`.
    payload: u64,
}

/// An entry packed as `class << 16 | weight`.
#[inline]
fn pack(class: u16, q: i16) -> u32 {
    (class as u32) << 16 | q as u16 as u32
}

#[inline]
fn add_entry(scores: &mut [i32], e: u32) {
    if let Some(s) = scores.get_mut((e >> 16) as usize) {
        *s += e as u16 as i16 as i32;
    }
}

/// Key 0 marks an empty slot, so a real key 0 is remapped.
#[inline]
fn slot_key(key: u64) -> u64 {
    if key == 0 {
        0x9E37_79B9_7F4A_7C15
    } else {
        key
    }
}

#[derive(Debug, Clone)]
pub(crate) struct TagWeights {
    /// Distinct for every built table (clones share it), so caches of scores can tell
    /// which weights they were computed with.
    uid: u64,
    n_classes: usize,
    scale: f32,
    slots: Vec<Slot>,
    mask: usize,
    entries: Vec<u32>,
    dense: Vec<i16>,
    n_features: usize,
}

type Row = (u64, Vec<(u16, i16)>);

static NEXT_UID: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);

impl PartialEq for TagWeights {
    fn eq(&self, other: &Self) -> bool {
        self.n_classes == other.n_classes
            && self.scale == other.scale
            && self.slots == other.slots
            && self.entries == other.entries
            && self.dense == other.dense
    }
}

impl TagWeights {
    /// Re-lay out averaged perceptron weights (read through their stable encoding).
    pub fn from_weights(w: &Weights) -> Result<TagWeights, CodecError> {
        let mut e = Encoder::new();
        w.encode(&mut e);
        let bytes = e.into_bytes();
        TagWeights::decode(&mut Decoder::new(&bytes))
    }

    /// Weights with no features (every score 0).
    pub fn empty(n_classes: usize) -> TagWeights {
        TagWeights::build(n_classes, 1.0, Vec::new())
    }

    /// Averaged, pruned weights of a trainer.
    pub fn from_trainer(t: &Trainer, opts: CompactOptions) -> TagWeights {
        TagWeights::from_weights(&t.finish(opts))
            .unwrap_or_else(|_| TagWeights::build(t.n_classes(), 1.0, Vec::new()))
    }

    fn build(n_classes: usize, scale: f32, mut rows: Vec<Row>) -> TagWeights {
        rows.sort_unstable_by_key(|r| r.0);
        rows.dedup_by_key(|r| r.0);
        let cap = (rows.len() * 2).next_power_of_two().max(16);
        let mut w = TagWeights {
            uid: NEXT_UID.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
            n_classes,
            scale,
            slots: vec![Slot::default(); cap],
            mask: cap - 1,
            entries: Vec::new(),
            dense: Vec::new(),
            n_features: 0,
        };
        for (key, row) in rows {
            let row: Vec<(u16, i16)> = row
                .into_iter()
                .filter(|&(c, q)| q != 0 && (c as usize) < n_classes)
                .collect();
            let payload = match row.as_slice() {
                [] => continue,
                [(c, q)] => INLINE | pack(*c, *q) as u64,
                [(c0, q0), (c1, q1)] if *c1 < MAX_INLINE_CLASS => {
                    INLINE | SECOND | (pack(*c1, *q1) as u64) << 32 | pack(*c0, *q0) as u64
                }
                _ if row.len() > DENSE_MIN => {
                    let start = w.dense.len() as u64;
                    w.dense.resize(w.dense.len() + n_classes, 0);
                    for &(c, q) in &row {
                        if let Some(x) = w.dense.get_mut(start as usize + c as usize) {
                            *x = q;
                        }
                    }
                    DENSE | start
                }
                _ => {
                    let start = w.entries.len() as u64;
                    w.entries.extend(row.iter().map(|&(c, q)| pack(c, q)));
                    (row.len() as u64) << 32 | start
                }
            };
            let key = slot_key(key);
            let mut s = key as usize & w.mask;
            while w.slots.get(s).is_some_and(|x| x.key != 0) {
                s = (s + 1) & w.mask;
            }
            if let Some(slot) = w.slots.get_mut(s) {
                *slot = Slot { key, payload };
                w.n_features += 1;
            }
        }
        w
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Identity of this table (see the field).
    pub fn uid(&self) -> u64 {
        self.uid
    }

    pub fn n_entries(&self) -> usize {
        self.rows().iter().map(|r| r.1.len()).sum()
    }

    #[inline(never)]
    fn probe(&self, key: u64, home: usize) -> u64 {
        let mut s = (home + 1) & self.mask;
        while let Some(slot) = self.slots.get(s) {
            if slot.key == key {
                return slot.payload;
            }
            if slot.key == 0 {
                break;
            }
            s = (s + 1) & self.mask;
        }
        0
    }

    /// Add the (quantised) weights of `feats` to `scores`, one per class.
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [i32]) {
        let mut home = [Slot::default(); CHUNK];
        for chunk in feats.chunks(CHUNK) {
            // Read every home slot first, with no branch on the loaded data.
            for (h, &f) in home.iter_mut().zip(chunk) {
                *h = self
                    .slots
                    .get(slot_key(f) as usize & self.mask)
                    .copied()
                    .unwrap_or_default();
            }
            for (h, &f) in home.iter().zip(chunk) {
                let key = slot_key(f);
                let payload = if h.key == key {
                    h.payload
                } else if h.key == 0 {
                    continue;
                } else {
                    self.probe(key, key as usize & self.mask)
                };
                if payload & INLINE != 0 {
                    add_entry(scores, payload as u32);
                    if payload & SECOND != 0 {
                        add_entry(scores, (payload >> 32) as u32 & 0x3fff_ffff);
                    }
                } else if payload & DENSE != 0 {
                    let start = (payload & !DENSE) as usize;
                    let row = self.dense.get(start..start + self.n_classes).unwrap_or(&[]);
                    for (s, &q) in scores.iter_mut().zip(row) {
                        *s += q as i32;
                    }
                } else if payload != 0 {
                    let start = payload as u32 as usize;
                    let end = start + (payload >> 32) as usize;
                    for &e in self.entries.get(start..end).unwrap_or(&[]) {
                        add_entry(scores, e);
                    }
                }
            }
        }
    }

    fn rows(&self) -> Vec<Row> {
        let unpack = |e: u32| ((e >> 16) as u16, e as u16 as i16);
        let mut rows: Vec<Row> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| {
                let p = s.payload;
                let row = if p & INLINE != 0 {
                    let mut r = vec![unpack(p as u32)];
                    if p & SECOND != 0 {
                        r.push(unpack((p >> 32) as u32 & 0x3fff_ffff));
                    }
                    r
                } else if p & DENSE != 0 {
                    let start = (p & !DENSE) as usize;
                    let row = self.dense.get(start..start + self.n_classes).unwrap_or(&[]);
                    (0u16..)
                        .zip(row)
                        .filter(|(_, &q)| q != 0)
                        .map(|(c, &q)| (c, q))
                        .collect()
                } else {
                    let start = p as u32 as usize;
                    let end = start + (p >> 32) as usize;
                    self.entries
                        .get(start..end)
                        .unwrap_or(&[])
                        .iter()
                        .map(|&e| unpack(e))
                        .collect()
                };
                (s.key, row)
            })
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        rows
    }

    /// Same layout as [`Weights::encode`] (rows in key order), which
    /// [`TagWeights::from_weights`] relies on.
    pub fn encode(&self, e: &mut Encoder) {
        let rows = self.rows();
        e.u32(self.n_classes as u32);
        e.f32(self.scale);
        e.len(rows.len());
        for (key, row) in rows {
            e.u64(key);
            e.len(row.len());
            for (c, q) in row {
                // Little-endian class then weight, as `Weights` writes them.
                e.u32((q as u16 as u32) << 16 | c as u32);
            }
        }
    }

    pub fn decode(d: &mut Decoder) -> Result<TagWeights, CodecError> {
        let n_classes = d.u32()? as usize;
        let scale = d.f32()?;
        if !scale.is_finite() || scale <= 0.0 || n_classes > u16::MAX as usize {
            return Err(CodecError::Corrupt("tagger weight header".into()));
        }
        let n_rows = d.len(12)?;
        let mut rows = Vec::with_capacity(n_rows);
        for _ in 0..n_rows {
            let key = d.u64()?;
            let len = d.len(4)?;
            let mut row = Vec::with_capacity(len);
            for _ in 0..len {
                let e = d.u32()?;
                let class = e as u16;
                if class as usize >= n_classes {
                    return Err(CodecError::Corrupt(
                        "tagger weight class out of range".into(),
                    ));
                }
                row.push((class, (e >> 16) as u16 as i16));
            }
            rows.push((key, row));
        }
        Ok(TagWeights::build(n_classes, scale, rows))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::perceptron::feature;

    const N: usize = 40;

    /// A model whose rows come in every layout: one or two entries (inline), a few
    /// (packed entries) and many (dense).
    fn trained() -> Weights {
        let mut t = Trainer::new(N);
        for i in 0..2000u64 {
            let class = (i % N as u64) as usize;
            let feats = [
                feature(0, &format!("m{class}")),
                feature(1, "bias"),
                feature(2, &format!("pair{}", i % 2)),
                feature(3, &format!("few{}", class / 8)),
            ];
            let mut s = [0f32; N];
            t.score(&feats, &mut s);
            let guess = super::super::argmax(&s);
            t.update(&feats, class, guess);
            t.tick();
        }
        t.finish(CompactOptions::default())
    }

    #[test]
    fn scores_like_the_perceptron_weights() {
        let w = trained();
        let fast = TagWeights::from_weights(&w).unwrap();
        assert!(!fast.dense.is_empty() && !fast.entries.is_empty());
        assert!(fast.slots.iter().any(|s| s.payload & SECOND != 0));
        assert_eq!(fast.n_features(), w.n_features());
        assert_eq!(fast.n_entries(), w.n_entries());
        let sets: Vec<Vec<u64>> = vec![
            vec![feature(0, "m3"), feature(1, "bias")],
            vec![feature(2, "pair1"), feature(9, "unseen"), feature(0, "m0")],
            (0..70)
                .map(|i| feature(0, &format!("m{}", i % 7)))
                .collect(),
            vec![],
        ];
        for feats in sets {
            let mut a = [0f32; N];
            w.score(&feats, &mut a);
            let mut b = [0i32; N];
            fast.score(&feats, &mut b);
            for (x, y) in a.iter().zip(b) {
                assert!(
                    (x - y as f32 * fast.scale).abs() < 1e-3 * (1.0 + x.abs()),
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn encode_round_trip() {
        let fast = TagWeights::from_weights(&trained()).unwrap();
        let mut e = Encoder::new();
        fast.encode(&mut e);
        let bytes = e.into_bytes();
        let back = TagWeights::decode(&mut Decoder::new(&bytes)).unwrap();
        assert_eq!(back, fast);
        assert!(TagWeights::decode(&mut Decoder::new(&bytes[..bytes.len() - 1])).is_err());
    }
}
