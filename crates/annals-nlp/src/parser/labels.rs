//! Choosing arc labels: the label model's scratch space and a cache of recent choices.
//!
//! The chosen label is a function of the label features alone, so a cache keyed by the
//! exact feature values returns exactly what scoring would. Beam states often make the
//! same arc over the same subtrees, and running text repeats small arcs ("the" → noun),
//! so many arcs skip the label model's ~25 table reads.

/// Cache slots (direct-mapped); a power of two.
const SLOTS: usize = 1024;

/// Buffers for labelling arcs, reused across sentences.
#[derive(Debug, Default)]
pub struct LabelScratch {
    pub(super) feats: Vec<u64>,
    pub(super) scores: Vec<i32>,
    cache: LabelCache,
}

/// Recent (features → label) choices. Entries hold the full feature list, so a hit is
/// never a hash collision.
#[derive(Debug, Default)]
struct LabelCache {
    /// Features per entry (fixed by the templates; 0 until the first store).
    width: usize,
    keys: Vec<u64>,
    labels: Vec<u16>,
}

/// Slot of a feature list (its values are already well-mixed hashes).
fn slot_of(feats: &[u64]) -> usize {
    let mut h = 0u64;
    for &f in feats {
        h = (h ^ f).wrapping_mul(0x9E37_79B9_7F4A_7C15).rotate_left(29);
    }
    (h >> (64 - SLOTS.trailing_zeros())) as usize
}

impl LabelScratch {
    /// The cached label for the features in `self.feats`, if any.
    pub(super) fn cached(&self) -> Option<u16> {
        let c = &self.cache;
        if c.width == 0 || self.feats.len() != c.width {
            return None;
        }
        let slot = slot_of(&self.feats);
        let label = *c.labels.get(slot)?;
        let key = c.keys.get(slot * c.width..(slot + 1) * c.width)?;
        (label != u16::MAX && key == self.feats.as_slice()).then_some(label)
    }

    /// Remember `label` for the features in `self.feats`.
    pub(super) fn remember(&mut self, label: u16) {
        let c = &mut self.cache;
        if c.width == 0 {
            c.width = self.feats.len();
            c.keys.resize(SLOTS * c.width, 0);
            c.labels.resize(SLOTS, u16::MAX);
        }
        if self.feats.len() != c.width || c.width == 0 {
            return;
        }
        let slot = slot_of(&self.feats);
        if let (Some(key), Some(l)) = (
            c.keys.get_mut(slot * c.width..(slot + 1) * c.width),
            c.labels.get_mut(slot),
        ) {
            key.copy_from_slice(&self.feats);
            *l = label;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hits_only_on_identical_features() {
        let mut s = LabelScratch {
            feats: vec![1, 2, 3],
            ..LabelScratch::default()
        };
        assert_eq!(s.cached(), None);
        s.remember(7);
        assert_eq!(s.cached(), Some(7));
        s.feats = vec![1, 2, 4];
        assert_eq!(s.cached(), None);
        s.feats = vec![1, 2];
        assert_eq!(s.cached(), None, "other widths bypass the cache");
        s.remember(9);
        assert_eq!(s.cached(), None);
        s.feats = vec![1, 2, 3];
        assert_eq!(s.cached(), Some(7));
    }
}
