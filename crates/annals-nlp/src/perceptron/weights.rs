//! Compact inference-time weights for keyed features.

use super::K;
use crate::codec::{CodecError, Decoder, Encoder};

/// Inference-time weights: an open-addressing table of 16-byte slots, one per feature.
///
/// Scoring is bound by cache misses, so each feature costs one slot read: models with at
/// most [`INLINE_CLASSES`] classes keep the whole quantised row inside the slot; larger
/// models point from the slot into one packed run of `(class, weight)` entries.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    n_classes: usize,
    scale: f32,
    slots: Vec<Slot>,
    mask: usize,
    /// Sparse rows of models with more than [`INLINE_CLASSES`] classes.
    entries: Vec<Entry>,
    /// Dense rows (`n_classes` weights each) of features voting for many classes: a
    /// vectorised add beats walking a long `(class, weight)` list.
    dense: Vec<i16>,
    n_features: usize,
    n_entries: usize,
}

/// Rows of models with this many classes or fewer live inside their slot.
const INLINE_CLASSES: usize = 4;

/// Features looked up together (see [`Weights::lookup`]).
const LOOKUP_CHUNK: usize = 32;

/// Payload flag of a dense row (the rest is its offset in `dense`).
const DENSE: u64 = 1 << 63;

/// Models with at most this many classes sum scores in a stack buffer of integers.
const STACK_CLASSES: usize = 128;

/// A row of a model with more than [`INLINE_CLASSES`] classes.
enum Row<'a> {
    Sparse(&'a [Entry]),
    Dense(&'a [i16]),
}

/// A feature key (0 = empty) and its row: four i16 weights packed little-endian when
/// inline, else `start | len << 32` into `entries`. Aligned so a slot never straddles a
/// cache line.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[repr(C, align(16))]
struct Slot {
    key: u64,
    payload: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Entry {
    class: u16,
    q: i16,
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

#[inline]
fn inline_weight(payload: u64, class: usize) -> i16 {
    (payload >> (16 * class)) as u16 as i16
}

impl Weights {
    pub(crate) fn build(n_classes: usize, scale: f32, rows: &[(u64, Vec<(u16, i16)>)]) -> Weights {
        let cap = (rows.len() * 2).next_power_of_two().max(16);
        let mask = cap - 1;
        let inline = n_classes <= INLINE_CLASSES;
        let mut w = Weights {
            n_classes,
            scale,
            slots: vec![Slot::default(); cap],
            mask,
            entries: Vec::new(),
            dense: Vec::new(),
            n_features: 0,
            n_entries: 0,
        };
        for (key, row) in rows {
            let key = slot_key(*key);
            let mut s = key as usize & mask;
            while w.slots[s].key != 0 && w.slots[s].key != key {
                s = (s + 1) & mask;
            }
            if w.slots[s].key == key {
                continue; // duplicate row: keep the first
            }
            let row: Vec<(u16, i16)> = row
                .iter()
                .copied()
                .filter(|&(c, q)| q != 0 && (c as usize) < n_classes)
                .take(u16::MAX as usize)
                .collect();
            if row.is_empty() {
                continue;
            }
            let payload = if inline {
                let mut p = 0u64;
                for &(c, q) in &row {
                    p |= (q as u16 as u64) << (16 * c as u32);
                }
                p
            } else if row.len() * 4 >= n_classes {
                let start = w.dense.len();
                w.dense.resize(start + n_classes, 0);
                for &(c, q) in &row {
                    if let Some(x) = w.dense.get_mut(start + c as usize) {
                        *x = q;
                    }
                }
                DENSE | start as u64
            } else {
                let start = w.entries.len() as u64;
                w.entries
                    .extend(row.iter().map(|&(class, q)| Entry { class, q }));
                start | (row.len() as u64) << 32
            };
            w.slots[s] = Slot { key, payload };
            w.n_features += 1;
            w.n_entries += row.len();
        }
        w
    }

    pub fn n_classes(&self) -> usize {
        self.n_classes
    }

    /// Number of features with at least one weight.
    pub fn n_features(&self) -> usize {
        self.n_features
    }

    /// Number of stored non-zero `(class, weight)` entries.
    pub fn n_entries(&self) -> usize {
        self.n_entries
    }

    /// Row payload of a feature whose home slot (already read) did not hold it.
    #[inline(never)]
    fn probe(&self, key: u64, home: usize) -> Option<u64> {
        let mut s = (home + 1) & self.mask;
        loop {
            let slot = self.slots.get(s)?;
            if slot.key == key {
                return Some(slot.payload);
            }
            if slot.key == 0 {
                return None;
            }
            s = (s + 1) & self.mask;
        }
    }

    /// Payloads of `feats` (0 = absent), read in two passes: first every home slot, with
    /// no branch on loaded data so the cache misses overlap, then the rare collision
    /// chains. This roughly halves scoring time against one probe loop per feature.
    #[inline]
    fn lookup(&self, feats: &[u64], out: &mut [u64; LOOKUP_CHUNK]) {
        let home: [Slot; LOOKUP_CHUNK] = std::array::from_fn(|i| match feats.get(i) {
            Some(&f) => {
                let s = slot_key(f) as usize & self.mask;
                self.slots.get(s).copied().unwrap_or_default()
            }
            None => Slot::default(),
        });
        for ((o, h), &f) in out.iter_mut().zip(&home).zip(feats) {
            let key = slot_key(f);
            *o = if h.key == key {
                h.payload
            } else if h.key == 0 {
                0
            } else {
                self.probe(key, key as usize & self.mask).unwrap_or(0)
            };
        }
    }

    /// Add the weights of `feats` to `scores` (length `n_classes`).
    #[inline]
    pub fn score(&self, feats: &[u64], scores: &mut [f32]) {
        let mut payloads = [0u64; LOOKUP_CHUNK];
        if self.n_classes <= INLINE_CLASSES {
            // Integer sums are exact, so the result does not depend on feature order.
            let mut acc = [0i32; INLINE_CLASSES];
            for chunk in feats.chunks(LOOKUP_CHUNK) {
                self.lookup(chunk, &mut payloads);
                for &p in payloads.iter().take(chunk.len()) {
                    for (k, a) in acc.iter_mut().enumerate() {
                        *a += inline_weight(p, k) as i32;
                    }
                }
            }
            for (s, a) in scores.iter_mut().zip(acc) {
                *s += a as f32 * self.scale;
            }
            return;
        }
        if self.n_classes <= STACK_CLASSES {
            let mut acc = [0i32; STACK_CLASSES];
            let acc = &mut acc[..self.n_classes];
            for chunk in feats.chunks(LOOKUP_CHUNK) {
                self.lookup(chunk, &mut payloads);
                for &p in payloads.iter().take(chunk.len()) {
                    match self.row(p) {
                        Row::Sparse(entries) => {
                            for e in entries {
                                if let Some(x) = acc.get_mut(e.class as usize) {
                                    *x += e.q as i32;
                                }
                            }
                        }
                        Row::Dense(values) => {
                            for (x, &q) in acc.iter_mut().zip(values) {
                                *x += q as i32;
                            }
                        }
                    }
                }
            }
            for (s, &a) in scores.iter_mut().zip(acc.iter()) {
                *s += a as f32 * self.scale;
            }
            return;
        }
        for chunk in feats.chunks(LOOKUP_CHUNK) {
            self.lookup(chunk, &mut payloads);
            for &p in payloads.iter().take(chunk.len()) {
                for (class, q) in self.row_entries(p) {
                    if let Some(x) = scores.get_mut(class as usize) {
                        *x += q as f32 * self.scale;
                    }
                }
            }
        }
    }

    /// The row a (non-inline, non-zero) payload points to.
    #[inline]
    fn row(&self, p: u64) -> Row<'_> {
        if p & DENSE != 0 {
            let start = (p & !DENSE) as usize;
            Row::Dense(self.dense.get(start..start + self.n_classes).unwrap_or(&[]))
        } else {
            let start = (p & 0xffff_ffff) as usize;
            let end = start + (p >> 32) as usize;
            Row::Sparse(self.entries.get(start..end).unwrap_or(&[]))
        }
    }

    /// Non-zero `(class, weight)` pairs of a payload's row.
    fn row_entries(&self, p: u64) -> Vec<(u16, i16)> {
        if self.n_classes <= INLINE_CLASSES {
            return (0..self.n_classes)
                .map(|k| (k as u16, inline_weight(p, k)))
                .filter(|&(_, q)| q != 0)
                .collect();
        }
        match self.row(p) {
            Row::Sparse(entries) => entries.iter().map(|e| (e.class, e.q)).collect(),
            Row::Dense(values) => values
                .iter()
                .enumerate()
                .filter(|(_, &q)| q != 0)
                .map(|(c, &q)| (c as u16, q))
                .collect(),
        }
    }

    /// All rows as `(key, [(class, quantised weight)])`, in key order.
    fn rows(&self) -> Vec<(u64, Vec<(u16, i16)>)> {
        let mut rows: Vec<(u64, Vec<(u16, i16)>)> = self
            .slots
            .iter()
            .filter(|s| s.key != 0)
            .map(|s| (s.key, self.row_entries(s.payload)))
            .collect();
        rows.sort_unstable_by_key(|r| r.0);
        rows
    }

    /// A copy without weights whose magnitude is below `min_abs` (features left with no
    /// weight disappear): trades a little accuracy for size and speed.
    pub fn pruned(&self, min_abs: f32) -> Weights {
        let rows: Vec<(u64, Vec<(u16, i16)>)> = self
            .rows()
            .into_iter()
            .map(|(k, row)| {
                let kept = row
                    .into_iter()
                    .filter(|&(_, q)| (q as f32 * self.scale).abs() >= min_abs)
                    .collect();
                (k, kept)
            })
            .collect();
        Weights::build(self.n_classes, self.scale, &rows)
    }

    /// Serialise (rows in key order, so equal models give equal bytes).
    pub fn encode(&self, e: &mut Encoder) {
        let rows = self.rows();
        e.u32(self.n_classes as u32);
        e.f32(self.scale);
        e.len(rows.len());
        for (key, row) in rows {
            e.u64(key);
            e.len(row.len());
            for (c, q) in row {
                let [c0, c1] = c.to_le_bytes();
                let [q0, q1] = q.to_le_bytes();
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
