//! Tag dictionary learned from the training treebank: for each frequent word (keyed by the
//! hash of its exact form and, separately, of its lowercase form) the set of classes it
//! takes (its "ambiguity class", used as a feature), and for very frequent words that
//! always take one class, that class (assigned without scoring).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use crate::codec::{CodecError, Decoder, Encoder};
use crate::perceptron::feature_ints;

/// Keys are already well-mixed hashes.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ b as u64;
        }
    }
    fn write_u64(&mut self, v: u64) {
        self.0 = v;
    }
}

pub(crate) type U64Map<V> = HashMap<u64, V, BuildHasherDefault<IdHasher>>;

const NO_CLASS: u16 = u16::MAX;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DictEntry {
    /// Hash of the sorted set of classes seen with this word (never 0).
    pub amb: u64,
    sure: u16,
}

impl DictEntry {
    pub fn sure(&self) -> Option<u16> {
        (self.sure != NO_CLASS).then_some(self.sure)
    }
}

/// Thresholds for building the dictionary.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DictOptions {
    /// Words seen fewer times get no entry.
    pub min_count: u32,
    /// Classes with a smaller share of a word's occurrences are left out of its class.
    pub min_share: f32,
    /// A word seen at least this often with one class in at least `sure_share` of its
    /// occurrences is tagged without scoring.
    pub sure_count: u32,
    pub sure_share: f32,
}

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct TagDict {
    map: U64Map<DictEntry>,
    /// Lowercase-form key → word cluster leaf id (see `crate::clusters`); empty when the
    /// tagger was trained without clusters.
    clusters: Arc<U64Map<u16>>,
}

impl TagDict {
    #[inline]
    pub fn get(&self, key: u64) -> Option<&DictEntry> {
        self.map.get(&key)
    }

    /// Build from `(key, class)` observations; `sure_keys` says which keys may get a
    /// sure class (exact forms only: lowercase keys merge words that differ).
    pub fn build(
        observations: impl IntoIterator<Item = (u64, u16, bool)>,
        opts: DictOptions,
    ) -> TagDict {
        let mut counts: U64Map<(bool, Vec<(u16, u32)>)> = U64Map::default();
        for (key, class, may_be_sure) in observations {
            let (sure_ok, v) = counts.entry(key).or_default();
            *sure_ok |= may_be_sure;
            match v.iter_mut().find(|(c, _)| *c == class) {
                Some((_, n)) => *n += 1,
                None => v.push((class, 1)),
            }
        }
        let mut map = U64Map::default();
        for (key, (sure_ok, mut v)) in counts {
            let total: u32 = v.iter().map(|(_, n)| n).sum();
            if total < opts.min_count {
                continue;
            }
            v.sort_unstable();
            let mut classes = Vec::with_capacity(v.len() + 1);
            classes.push(0x414d_4200);
            let mut best = (0u32, NO_CLASS);
            for &(c, n) in &v {
                if n as f32 >= opts.min_share * total as f32 {
                    classes.push(c as u64);
                }
                if n > best.0 {
                    best = (n, c);
                }
            }
            let sure = if sure_ok
                && total >= opts.sure_count
                && best.0 as f32 >= opts.sure_share * total as f32
            {
                best.1
            } else {
                NO_CLASS
            };
            let amb = feature_ints(0, &classes).max(1);
            map.insert(key, DictEntry { amb, sure });
        }
        TagDict {
            map,
            clusters: Arc::default(),
        }
    }

    /// The same dictionary, with word clusters.
    pub fn with_clusters(mut self, clusters: &Arc<U64Map<u16>>) -> TagDict {
        self.clusters = Arc::clone(clusters);
        self
    }

    /// The cluster table (shared with the parser).
    pub fn clusters(&self) -> &Arc<U64Map<u16>> {
        &self.clusters
    }

    /// The cluster leaf id of a lowercase-form key.
    #[inline]
    pub fn cluster(&self, lower: u64) -> Option<u16> {
        self.clusters.get(&lower).copied()
    }

    /// Write the clusters (sorted by key, for deterministic bytes).
    pub fn encode_clusters(&self, e: &mut Encoder) {
        let mut keys: Vec<u64> = self.clusters.keys().copied().collect();
        keys.sort_unstable();
        e.len(keys.len());
        for k in keys {
            if let Some(&c) = self.clusters.get(&k) {
                e.u64(k);
                e.u32(u32::from(c));
            }
        }
    }

    /// Read what [`TagDict::encode_clusters`] wrote.
    pub fn decode_clusters(&mut self, d: &mut Decoder) -> Result<(), CodecError> {
        let n = d.len(12)?;
        let mut clusters = U64Map::default();
        clusters.reserve(n);
        for _ in 0..n {
            let k = d.u64()?;
            let c = u16::try_from(d.u32()?)
                .ok()
                .filter(|&c| usize::from(c) < crate::clusters::LEAVES)
                .ok_or_else(|| CodecError::Corrupt("word cluster id".into()))?;
            clusters.insert(k, c);
        }
        self.clusters = Arc::new(clusters);
        Ok(())
    }

    pub fn encode(&self, e: &mut Encoder) {
        let mut keys: Vec<u64> = self.map.keys().copied().collect();
        keys.sort_unstable();
        e.len(keys.len());
        for k in keys {
            if let Some(v) = self.map.get(&k) {
                e.u64(k);
                e.u64(v.amb);
                e.u32(v.sure as u32);
            }
        }
    }

    pub fn decode(d: &mut Decoder, n_classes: usize) -> Result<TagDict, CodecError> {
        let n = d.len(20)?;
        let mut map = U64Map::default();
        map.reserve(n);
        for _ in 0..n {
            let k = d.u64()?;
            let amb = d.u64()?;
            let sure = d.u32()?;
            let sure = u16::try_from(sure)
                .ok()
                .filter(|&s| s == NO_CLASS || (s as usize) < n_classes)
                .ok_or_else(|| CodecError::Corrupt(format!("tag dictionary class {sure}")))?;
            map.insert(k, DictEntry { amb, sure });
        }
        Ok(TagDict {
            map,
            clusters: Arc::default(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const OPTS: DictOptions = DictOptions {
        min_count: 2,
        min_share: 0.1,
        sure_count: 5,
        sure_share: 0.99,
    };

    #[test]
    fn ambiguity_classes_and_sure_tags() {
        let mut obs = Vec::new();
        obs.extend(std::iter::repeat_n((10, 3u16, true), 6)); // always class 3
        obs.extend(std::iter::repeat_n((20, 1u16, true), 4)); // 1 or 2
        obs.extend(std::iter::repeat_n((20, 2u16, true), 4));
        obs.push((30, 1, true)); // too rare
        obs.extend(std::iter::repeat_n((40, 3u16, false), 6)); // lowercase key
        let d = TagDict::build(obs, OPTS);
        assert_eq!(d.get(10).unwrap().sure(), Some(3));
        assert_eq!(d.get(20).unwrap().sure(), None);
        assert!(d.get(30).is_none());
        assert_eq!(d.get(40).unwrap().sure(), None);
        assert_eq!(d.get(40).unwrap().amb, d.get(10).unwrap().amb);
        assert_ne!(d.get(20).unwrap().amb, d.get(10).unwrap().amb);

        let mut e = Encoder::new();
        d.encode(&mut e);
        let bytes = e.into_bytes();
        let back = TagDict::decode(&mut Decoder::new(&bytes), 4).unwrap();
        assert_eq!(back, d);
        assert!(TagDict::decode(&mut Decoder::new(&bytes), 2).is_err());
    }
}
