//! FEATS from the predicted class and the word: the most frequent FEATS string of each
//! (class, lowercase word) pair seen in training, else the most frequent one of the class.

use crate::codec::{CodecError, Decoder, Encoder};
use crate::perceptron::feature_ints;

use super::dict::U64Map;

#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct FeatsTable {
    by_word: U64Map<u16>,
    by_class: Vec<u16>,
}

const TPL: u32 = 0x4645;

#[inline]
fn key(class: u16, lower: u64) -> u64 {
    feature_ints(TPL, &[class as u64, lower])
}

impl FeatsTable {
    /// Learn from `(class, lowercase-word key, feats id)` observations.
    pub fn build(obs: impl IntoIterator<Item = (u16, u64, u16)>, n_classes: usize) -> FeatsTable {
        let mut words: U64Map<(u16, Vec<(u16, u32)>)> = U64Map::default();
        let mut classes: Vec<Vec<(u16, u32)>> = vec![Vec::new(); n_classes];
        let bump = |v: &mut Vec<(u16, u32)>, f: u16| match v.iter_mut().find(|(x, _)| *x == f) {
            Some((_, n)) => *n += 1,
            None => v.push((f, 1)),
        };
        for (class, lower, f) in obs {
            let e = words
                .entry(key(class, lower))
                .or_insert((class, Vec::new()));
            bump(&mut e.1, f);
            if let Some(v) = classes.get_mut(class as usize) {
                bump(v, f);
            }
        }
        // Most frequent, ties to the smaller id, so the result never depends on map order.
        let best = |v: &[(u16, u32)]| {
            v.iter()
                .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
                .map_or(0, |&(f, _)| f)
        };
        let by_class: Vec<u16> = classes.iter().map(|v| best(v)).collect();
        let mut by_word = U64Map::default();
        for (k, (class, v)) in words {
            let f = best(&v);
            // Entries equal to their class default add nothing.
            if by_class.get(class as usize) != Some(&f) {
                by_word.insert(k, f);
            }
        }
        FeatsTable { by_word, by_class }
    }

    #[inline]
    pub fn get(&self, class: u16, lower: u64) -> u16 {
        match self.by_word.get(&key(class, lower)) {
            Some(&f) => f,
            None => self.by_class.get(class as usize).copied().unwrap_or(0),
        }
    }

    pub fn encode(&self, e: &mut Encoder) {
        let mut keys: Vec<u64> = self.by_word.keys().copied().collect();
        keys.sort_unstable();
        e.len(keys.len());
        for k in keys {
            e.u64(k);
            e.u32(self.by_word.get(&k).copied().unwrap_or(0) as u32);
        }
        let v: Vec<u32> = self.by_class.iter().map(|&f| f as u32).collect();
        e.u32s(&v);
    }

    pub fn decode(d: &mut Decoder, n_feats: usize) -> Result<FeatsTable, CodecError> {
        let check = |f: u32| {
            u16::try_from(f)
                .ok()
                .filter(|&f| (f as usize) < n_feats)
                .ok_or_else(|| CodecError::Corrupt(format!("FEATS id {f}")))
        };
        let n = d.len(12)?;
        let mut by_word = U64Map::default();
        by_word.reserve(n);
        for _ in 0..n {
            let k = d.u64()?;
            by_word.insert(k, check(d.u32()?)?);
        }
        let by_class = d.u32s()?.into_iter().map(check).collect::<Result<_, _>>()?;
        Ok(FeatsTable { by_word, by_class })
    }
}
