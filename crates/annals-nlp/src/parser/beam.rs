//! Beam-search decoding: keep the `width` best-scoring transition sequences instead of
//! one, so an early mistake that looked best locally can be outscored later (Zhang &
//! Nivre 2011). The transition model is trained globally for it (see `train_beam.rs`);
//! every complete sequence of a sentence has the same length (each word is shifted once
//! and attached once), so raw score sums compare fairly.
//!
//! Candidates scoring more than `margin` below the best one are dropped: where the
//! model is sure (most steps) the beam collapses to one state and costs what greedy
//! decoding costs.

use super::transition::{State, NO_LABEL, N_ACTIONS};
use super::{ParseScratch, Parser};

/// Longer sentences are parsed greedily: every beam step copies whole states, so the
/// cost grows with the square of the length, and such "sentences" are mostly tables or
/// run-on lists where a beam helps little.
pub(crate) const MAX_BEAM_WORDS: usize = 150;

/// One expansion of a beam state: total score, the state it extends, the action.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Candidate {
    pub score: f64,
    pub parent: usize,
    pub action: usize,
}

/// Beam buffers, reused across sentences.
#[derive(Debug, Default)]
pub struct BeamScratch {
    states: Vec<State>,
    scores: Vec<f64>,
    next: Vec<State>,
    next_scores: Vec<f64>,
    cands: Vec<Candidate>,
    /// Per live state: the slot of its last kept child.
    last_child: Vec<usize>,
}

impl BeamScratch {
    /// Make `states[0]` the start configuration for `n` words, the only live state.
    fn start(&mut self, n: usize) {
        if self.states.is_empty() {
            self.states.push(State::default());
        }
        if let Some(s) = self.states.first_mut() {
            s.reset(n);
        }
        self.scores.clear();
        self.scores.push(0.0);
    }
}

/// Sort candidates best first; ties go to the earlier state, then the lower action, so
/// decoding is deterministic.
pub(crate) fn rank(cands: &mut [Candidate]) {
    cands.sort_unstable_by(better);
}

/// The ranking order of [`rank`]: `Less` when `a` ranks first.
pub(crate) fn better(a: &Candidate, b: &Candidate) -> std::cmp::Ordering {
    b.score
        .total_cmp(&a.score)
        .then(a.parent.cmp(&b.parent))
        .then(a.action.cmp(&b.action))
}

/// How many of the ranked `cands` to keep: at most `width`, none more than `margin`
/// below the best.
pub(crate) fn keep(cands: &[Candidate], width: usize, margin: f64) -> usize {
    let Some(best) = cands.first() else { return 0 };
    cands
        .iter()
        .take(width)
        .take_while(|c| c.score >= best.score - margin)
        .count()
}

impl Parser {
    /// Beam search over the sentence already in `scratch.tokens`; the best final state
    /// is left in `scratch.state`.
    pub(super) fn beam_search(&self, scratch: &mut ParseScratch, n: usize) {
        let width = self.beam.max(1) as usize;
        let margin = f64::from(self.beam_margin);
        let ParseScratch {
            state,
            tokens,
            feats,
            labels_scratch,
            roles,
            beam,
            ..
        } = scratch;
        let b = beam;
        b.start(n);
        // States are pooled: `scores.len()` of them are live, the rest keep their buffers.
        loop {
            let done = b.states.first().is_none_or(State::is_terminal);
            if done {
                break;
            }
            b.cands.clear();
            for (i, st) in b.states.iter().take(b.scores.len()).enumerate() {
                let mut scores = [0f32; N_ACTIONS];
                self.score_actions(st, tokens, feats, roles, &mut scores);
                let legal = st.legal();
                let base = b.scores.get(i).copied().unwrap_or(0.0);
                for (a, &s) in scores.iter().enumerate() {
                    if legal[a] {
                        b.cands.push(Candidate {
                            score: base + f64::from(s),
                            parent: i,
                            action: a,
                        });
                    }
                }
            }
            if b.cands.is_empty() {
                break; // unreachable: a non-terminal configuration has a legal action
            }
            rank(&mut b.cands);
            let k = keep(&b.cands, width, margin);
            while b.next.len() < k {
                b.next.push(State::default());
            }
            b.next_scores.clear();
            // A parent's last child takes over its buffers instead of copying them: once
            // the beam has collapsed to one state, a step no longer copies O(n) arrays.
            b.last_child.clear();
            b.last_child.resize(b.scores.len(), usize::MAX);
            for (slot, c) in b.cands.iter().take(k).enumerate() {
                if let Some(l) = b.last_child.get_mut(c.parent) {
                    *l = slot;
                }
            }
            for (slot, c) in b.cands.iter().take(k).enumerate() {
                let (Some(parent), Some(next)) = (b.states.get_mut(c.parent), b.next.get_mut(slot))
                else {
                    continue;
                };
                if b.last_child.get(c.parent) == Some(&slot) {
                    std::mem::swap(next, parent);
                } else {
                    next.clone_from(parent);
                }
                let label = match next.arc_of(c.action) {
                    Some((h, d)) => self.label_arc(next, tokens, h, d, labels_scratch),
                    None => NO_LABEL,
                };
                next.apply(c.action, label);
                b.next_scores.push(c.score);
            }
            std::mem::swap(&mut b.states, &mut b.next);
            std::mem::swap(&mut b.scores, &mut b.next_scores);
        }
        if let Some(best) = b.states.first_mut() {
            std::mem::swap(state, best);
        }
    }
}
