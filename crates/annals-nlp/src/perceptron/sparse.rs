//! Sparse-row trainer for models with many classes.

use super::{quantise_and_build, CompactOptions, KeyMap, Weights};

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
