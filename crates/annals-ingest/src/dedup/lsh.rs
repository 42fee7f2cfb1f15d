//! Locality-sensitive hashing over MinHash signatures (banding).

use std::collections::HashMap;

use super::{hash, jaccard_estimate, MinHashError, Signature, DEFAULT_THRESHOLD};

/// An in-memory index of signatures: [`insert`](Self::insert) documents, then
/// [`query`](Self::query) a signature for the indexed documents at or above the
/// threshold. Signatures are cut into `bands` bands of `rows` values; documents sharing
/// any whole band are candidates, and candidates are kept only if their full signatures
/// agree at the threshold.
#[derive(Debug, Clone)]
pub struct LshIndex {
    bands: usize,
    rows: usize,
    threshold: f64,
    buckets: HashMap<(u16, u64), Vec<u32>>,
    docs: Vec<(String, Signature)>,
}

impl LshIndex {
    /// 32 bands of 4 rows (128-hash signatures), threshold [`DEFAULT_THRESHOLD`].
    pub fn new() -> Self {
        LshIndex {
            bands: 32,
            rows: 4,
            threshold: DEFAULT_THRESHOLD,
            buckets: HashMap::new(),
            docs: Vec::new(),
        }
    }

    /// `bands × rows` must equal the signatures' length; more rows per band means fewer,
    /// more similar candidates. `threshold` is in 0–1.
    pub fn with_bands(bands: usize, rows: usize, threshold: f64) -> Result<Self, MinHashError> {
        if bands == 0 || rows == 0 || bands > usize::from(u16::MAX) {
            return Err(MinHashError::Params(format!(
                "bands and rows must be positive (got {bands} × {rows})"
            )));
        }
        if !(0.0..=1.0).contains(&threshold) {
            return Err(MinHashError::Params(format!(
                "threshold must be in 0–1, not {threshold}"
            )));
        }
        Ok(LshIndex {
            bands,
            rows,
            threshold,
            ..LshIndex::new()
        })
    }

    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    pub fn len(&self) -> usize {
        self.docs.len()
    }

    pub fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// Index `signature` under `doc_id`. A signature of the wrong length (not
    /// `bands × rows`) or from an empty text is not indexed; returns whether it was.
    pub fn insert(&mut self, doc_id: impl Into<String>, signature: &Signature) -> bool {
        if signature.len() != self.bands * self.rows
            || signature.is_empty()
            || self.docs.len() >= u32::MAX as usize
        {
            return false;
        }
        let index = self.docs.len() as u32;
        for key in self.band_keys(signature) {
            self.buckets.entry(key).or_default().push(index);
        }
        self.docs.push((doc_id.into(), signature.clone()));
        true
    }

    /// Indexed documents whose estimated Jaccard similarity to `signature` is at least
    /// the threshold, most similar first (ties by id).
    pub fn query(&self, signature: &Signature) -> Vec<(String, f64)> {
        if signature.len() != self.bands * self.rows || signature.is_empty() {
            return Vec::new();
        }
        let mut candidates: Vec<u32> = self
            .band_keys(signature)
            .filter_map(|key| self.buckets.get(&key))
            .flatten()
            .copied()
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let mut found: Vec<(String, f64)> = candidates
            .into_iter()
            .filter_map(|i| self.docs.get(i as usize))
            .filter_map(|(id, other)| {
                let sim = jaccard_estimate(signature, other)?;
                (sim >= self.threshold).then(|| (id.clone(), sim))
            })
            .collect();
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        found
    }

    /// The (band, hash) keys of `signature` under this index's banding: stored by callers
    /// that keep the index on disk (the annals store) instead of in memory.
    pub fn band_keys<'a>(&self, signature: &'a Signature) -> impl Iterator<Item = (u16, u64)> + 'a {
        signature
            .values()
            .chunks_exact(self.rows)
            .take(self.bands)
            .enumerate()
            .map(|(band, rows)| (band as u16, hash::combine(rows)))
    }
}

impl Default for LshIndex {
    fn default() -> Self {
        LshIndex::new()
    }
}

#[cfg(test)]
mod tests {
    use super::super::{MinHashParams, MinHasher};
    use super::*;

    fn text(ids: impl Iterator<Item = usize>) -> String {
        ids.map(|i| format!("w{i}")).collect::<Vec<_>>().join(" ")
    }

    #[test]
    fn finds_near_copies_and_not_strangers() {
        let h = MinHasher::new(MinHashParams::default()).unwrap();
        let mut index = LshIndex::new();
        assert!(index.insert("a", &h.signature(&text(0..300))));
        assert!(index.insert("b", &h.signature(&text(5000..5300))));
        assert!(!index.insert("empty", &h.signature("")));
        assert_eq!(index.len(), 2);
        // 300 words with 5 words replaced at the end: true Jaccard 293/307.
        let near = h.signature(&text((0..295).chain(9000..9005)));
        let hits = index.query(&near);
        assert_eq!(hits.len(), 1, "{hits:?}");
        assert_eq!(hits[0].0, "a");
        assert!(hits[0].1 >= 0.8);
        assert!(index.query(&h.signature(&text(7000..7300))).is_empty());
    }

    #[test]
    fn wrong_lengths_are_not_indexed() {
        let h = MinHasher::new(MinHashParams {
            num_hashes: 64,
            ..Default::default()
        })
        .unwrap();
        let mut index = LshIndex::new();
        let s = h.signature("a b c d e f g");
        assert!(!index.insert("x", &s));
        assert!(index.query(&s).is_empty());
        let mut small = LshIndex::with_bands(16, 4, 0.8).unwrap();
        assert!(small.insert("x", &s));
        assert_eq!(small.query(&s), vec![("x".to_owned(), 1.0)]);
        assert!(LshIndex::with_bands(0, 4, 0.8).is_err());
        assert!(LshIndex::with_bands(4, 4, 1.5).is_err());
    }
}
