//! Global training for beam decoding: the structured perceptron with max-violation
//! updates (Huang, Fayong & Guo 2012) over beam search, with a latent gold sequence.
//!
//! Arc-hybrid has many transition sequences for one tree, so "the" gold sequence is the
//! best-scoring one the dynamic oracle allows: a hypothesis is correct while every action
//! it took had zero cost. At each step the gold reference is the best correct hypothesis
//! in the beam or, once none is left, the best zero-cost extension of the previous
//! reference. The update is made at the step where the beam's best (incorrect)
//! hypothesis outscores the reference by the most, on the two prefixes up to that step.

use super::beam::{better, Candidate};
use super::best_of;
use super::features::action_features;
use super::oracle::costs;
use super::train::{Learner, Sample};
use super::transition::{State, NO_LABEL, N_ACTIONS};

/// Transitions taken: action and the label of the arc it made.
type History = Vec<(u8, u16)>;

/// The largest violation so far: by how much, the beam's best prefix, the gold prefix.
type Violation = (f64, History, History);

/// A training hypothesis: its configuration, score, transitions and correctness.
#[derive(Clone)]
struct Hyp {
    state: State,
    score: f64,
    history: History,
    correct: bool,
}

impl Learner {
    /// One beam-training pass over a sentence; returns (transitions, 1 if updated).
    pub(super) fn sentence_beam(&mut self, s: &Sample, width: usize) -> (usize, usize) {
        let n = self.load_sentence(s);
        let mut start = State::default();
        start.reset(n);
        let mut beam = vec![Hyp {
            state: start,
            score: 0.0,
            history: Vec::with_capacity(2 * n + 1),
            correct: true,
        }];
        let mut gold = beam[0].clone();
        let mut worst: Option<Violation> = None;
        let mut cands: Vec<Candidate> = Vec::new();
        let mut cand_correct: Vec<bool> = Vec::new();
        let mut steps = 0;
        while beam.first().is_some_and(|h| !h.state.is_terminal()) {
            steps += 1;
            cands.clear();
            cand_correct.clear();
            for (i, h) in beam.iter().enumerate() {
                action_features(&h.state, &self.tokens, &mut self.feats);
                let mut scores = [0f32; N_ACTIONS];
                self.actions.score(&self.feats, &mut scores);
                let legal = h.state.legal();
                let cost = if h.correct {
                    costs(&h.state, &self.gold)
                } else {
                    [u32::MAX; N_ACTIONS]
                };
                for a in 0..N_ACTIONS {
                    if legal[a] {
                        cands.push(Candidate {
                            score: h.score + f64::from(scores[a]),
                            parent: i,
                            action: a,
                        });
                    }
                }
                cand_correct.extend((0..N_ACTIONS).filter(|&a| legal[a]).map(|a| cost[a] == 0));
            }
            let mut ranked: Vec<(Candidate, bool)> = cands
                .iter()
                .copied()
                .zip(cand_correct.iter().copied())
                .collect();
            ranked.sort_unstable_by(|a, b| better(&a.0, &b.0));
            ranked.truncate(width.max(1));
            let mut next: Vec<Hyp> = Vec::with_capacity(ranked.len());
            for (rank_i, (c, correct)) in ranked.iter().enumerate() {
                let Some(parent) = beam.get(c.parent) else {
                    continue;
                };
                let label = match parent.state.arc_of(c.action) {
                    Some((h, d)) => self.predict_label(s, &parent.state, h, d, rank_i == 0).0,
                    None => NO_LABEL,
                };
                let mut h = parent.clone();
                h.state.apply(c.action, label);
                h.score = c.score;
                h.history.push((c.action as u8, label));
                h.correct = *correct;
                next.push(h);
            }
            beam = next;
            // The gold reference: the best correct hypothesis kept, else extend the last.
            match beam.iter().find(|h| h.correct) {
                Some(h) => gold = h.clone(),
                None => self.extend_gold(s, &mut gold),
            }
            if let Some(top) = beam.first() {
                if !top.correct {
                    let v = top.score - gold.score;
                    if worst.as_ref().is_none_or(|w| v >= w.0) {
                        worst = Some((v, top.history.clone(), gold.history.clone()));
                    }
                }
            }
        }
        let mut updated = 0;
        if let Some((_, pred, truth)) = worst {
            let common = pred.iter().zip(&truth).take_while(|(a, b)| a == b).count();
            self.replay_update(n, &truth, common, 1.0);
            self.replay_update(n, &pred, common, -1.0);
            updated = 1;
        }
        self.actions.tick();
        (steps, updated)
    }

    /// Extend the gold reference by its best-scoring zero-cost action (gold label).
    fn extend_gold(&mut self, s: &Sample, gold: &mut Hyp) {
        let st = &gold.state;
        if st.is_terminal() {
            return;
        }
        action_features(st, &self.tokens, &mut self.feats);
        let mut scores = [0f32; N_ACTIONS];
        self.actions.score(&self.feats, &mut scores);
        let legal = st.legal();
        let cost = costs(st, &self.gold);
        let Some(a) = best_of(&scores, |a| legal[a] && cost[a] == 0)
            .or_else(|| best_of(&scores, |a| legal[a]))
        else {
            return;
        };
        let label = match st.arc_of(a) {
            Some((_, d)) => s.labels.get(d as usize - 1).copied().unwrap_or(0),
            None => NO_LABEL,
        };
        gold.state.apply(a, label);
        gold.score += f64::from(scores[a]);
        gold.history.push((a as u8, label));
    }

    /// Replay `history` from the start, adding `delta` to the weights of each action's
    /// features from step `from` on.
    fn replay_update(&mut self, n: usize, history: &[(u8, u16)], from: usize, delta: f32) {
        self.state.reset(n);
        for (t, &(a, label)) in history.iter().enumerate() {
            if t >= from {
                action_features(&self.state, &self.tokens, &mut self.feats);
                self.actions.update_class(&self.feats, a as usize, delta);
            }
            self.state.apply(a as usize, label);
        }
    }
}
