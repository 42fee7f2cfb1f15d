//! Static and dynamic oracles for the arc-hybrid system.
//!
//! The dynamic oracle (Goldberg & Nivre 2013) gives, for any configuration, the number of
//! gold arcs each action makes unreachable. Arc-hybrid is arc-decomposable, so for a
//! projective gold tree that count is the exact loss of the best tree still reachable;
//! training follows any zero-cost action and may wander off the gold path (error
//! exploration) while still learning the best continuation. With stack `σ|s1|s0` and
//! buffer `b0|β` (the root being the last buffer element):
//!
//! * LEFT  loses s0's dependents in the buffer and s0's head if it is s1 or in β;
//! * RIGHT loses s0's dependents in the buffer and s0's head if it is in the buffer;
//! * SHIFT loses b0's dependents on the stack and b0's head if it is on the stack below s0.
//!
//! The single-root constraint adds one term: the root arc can only be made when the root
//! word is alone on the stack, so shifting the gold root word onto a non-empty stack loses
//! it, and once the root word sits above another word its root arc is already gone (and
//! must not be counted again when it is popped). With that term the costs stay exact; the
//! brute-force test below checks it.

use super::transition::{State, LEFT, N_ACTIONS, RIGHT, SHIFT};

/// A gold tree in state positions (root = `n + 1`) with each word's dependents sorted.
#[derive(Debug, Default, Clone)]
pub(crate) struct GoldTree {
    /// Gold head of each position (index 0 and the root unused).
    pub head: Vec<u32>,
    /// Dependents of each position, ascending.
    deps_start: Vec<u32>,
    deps: Vec<u32>,
}

impl GoldTree {
    /// From 1-based heads per word (0 = root). Heads out of range are treated as root;
    /// callers validate trees before training.
    #[cfg(test)]
    pub fn new(heads: &[usize]) -> Self {
        let mut t = GoldTree::default();
        t.set(heads);
        t
    }

    /// Refill in place (reusing the buffers).
    pub fn set(&mut self, heads: &[usize]) {
        let n = heads.len();
        let root = n as u32 + 1;
        self.head.clear();
        self.head.resize(n + 2, 0);
        let mut counts = vec![0u32; n + 3];
        for (i, &h) in heads.iter().enumerate() {
            let h = if h == 0 || h > n { root } else { h as u32 };
            self.head[i + 1] = h;
            counts[h as usize + 1] += 1;
        }
        for i in 1..counts.len() {
            counts[i] += counts[i - 1];
        }
        self.deps_start.clear();
        self.deps_start.extend_from_slice(&counts);
        self.deps.clear();
        self.deps.resize(n, 0);
        let mut fill = counts;
        for d in 1..=n {
            let h = self.head[d] as usize;
            let slot = fill[h] as usize;
            self.deps[slot] = d as u32;
            fill[h] += 1;
        }
    }

    /// Gold dependents of position `x`, ascending.
    #[inline]
    pub fn deps_of(&self, x: u32) -> &[u32] {
        let x = x as usize;
        match (self.deps_start.get(x), self.deps_start.get(x + 1)) {
            (Some(&a), Some(&b)) => self.deps.get(a as usize..b as usize).unwrap_or(&[]),
            _ => &[],
        }
    }

    #[inline]
    fn head_of(&self, x: u32) -> u32 {
        self.head.get(x as usize).copied().unwrap_or(0)
    }
}

/// Gold dependents of `x` still in the buffer (the root has no head, so never counts).
#[inline]
fn deps_in_buffer(state: &State, gold: &GoldTree, x: u32) -> u32 {
    let deps = gold.deps_of(x);
    let first = deps.partition_point(|&d| d < state.b);
    (deps.len() - first) as u32
}

/// Gold dependents of `x` on the stack: words before the buffer front without a head.
#[inline]
fn deps_on_stack(state: &State, gold: &GoldTree, x: u32) -> u32 {
    gold.deps_of(x)
        .iter()
        .take_while(|&&d| d < state.b)
        .filter(|&&d| state.head.get(d as usize) == Some(&0))
        .count() as u32
}

/// Cost of each action (`u32::MAX` when illegal).
pub(crate) fn costs(state: &State, gold: &GoldTree) -> [u32; N_ACTIONS] {
    let legal = state.legal();
    let mut c = [u32::MAX; N_ACTIONS];
    let s0 = state.s(0);
    let s1 = state.s(1);
    let b0 = state.b;
    let root_word = gold.deps_of(state.root()).first().copied().unwrap_or(0);
    if legal[SHIFT] {
        let h = gold.head_of(b0);
        let head_below = h < b0 && h != s0 && state.head.get(h as usize) == Some(&0) && h != 0;
        let root_lost = b0 == root_word && !state.stack.is_empty();
        c[SHIFT] = deps_on_stack(state, gold, b0) + u32::from(head_below) + u32::from(root_lost);
    }
    if legal[LEFT] || legal[RIGHT] {
        let lost_deps = deps_in_buffer(state, gold, s0);
        let h = gold.head_of(s0);
        // The root word's root arc is still reachable only while it is alone on the stack.
        let head_reachable = s0 != root_word || state.stack.len() == 1;
        if legal[LEFT] {
            let head_lost = (s1 != 0 && h == s1) || h > b0;
            c[LEFT] = lost_deps + u32::from(head_lost && head_reachable);
        }
        if legal[RIGHT] {
            c[RIGHT] = lost_deps + u32::from(h >= b0 && head_reachable);
        }
    }
    c
}

/// The static oracle's action: attach as soon as a word is complete, else shift.
#[cfg(test)]
pub(crate) fn static_action(state: &State, gold: &GoldTree) -> usize {
    let s0 = state.s(0);
    let legal = state.legal();
    if legal[LEFT] && gold.head_of(s0) == state.b && deps_in_buffer(state, gold, s0) == 0 {
        return LEFT;
    }
    if legal[RIGHT] && gold.head_of(s0) == state.s(1) && deps_in_buffer(state, gold, s0) == 0 {
        return RIGHT;
    }
    if legal[SHIFT] {
        SHIFT
    } else if legal[RIGHT] {
        RIGHT
    } else {
        LEFT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::transition::tests::{random_projective, Lcg};

    #[test]
    fn gold_tree_children_sorted() {
        // 1 <- 2 -> 3, 2 root.
        let g = GoldTree::new(&[2, 0, 2]);
        assert_eq!(g.deps_of(2), &[1, 3]);
        assert_eq!(g.deps_of(4), &[2]);
        assert_eq!(g.deps_of(1), &[] as &[u32]);
    }

    /// Brute force: the best number of correct arcs reachable from a configuration.
    fn best_reachable(state: &State, gold: &GoldTree) -> u32 {
        if state.is_terminal() {
            return (1..=state.n())
                .filter(|&i| state.head[i as usize] == gold.head[i as usize])
                .count() as u32;
        }
        let legal = state.legal();
        (0..N_ACTIONS)
            .filter(|&a| legal[a])
            .map(|a| {
                let mut next = state.clone();
                next.apply(a, 0);
                best_reachable(&next, gold)
            })
            .max()
            .unwrap_or(0)
    }

    #[test]
    fn dynamic_costs_are_exact_on_random_configurations() {
        let mut rng = Lcg(3);
        for trial in 0..300 {
            let n = 1 + trial % 7;
            let heads = random_projective(n, &mut rng);
            let gold = GoldTree::new(&heads);
            let mut state = State::default();
            state.reset(n);
            // Wander randomly, checking each action's cost against brute force.
            while !state.is_terminal() {
                let best_here = best_reachable(&state, &gold);
                let c = costs(&state, &gold);
                let legal = state.legal();
                for a in 0..N_ACTIONS {
                    if !legal[a] {
                        assert_eq!(c[a], u32::MAX);
                        continue;
                    }
                    let mut next = state.clone();
                    next.apply(a, 0);
                    let loss = best_here - best_reachable(&next, &gold);
                    assert_eq!(
                        c[a], loss,
                        "heads {heads:?} stack {:?} b {}",
                        state.stack, state.b
                    );
                }
                let mut a = rng.below(N_ACTIONS);
                while !legal[a] {
                    a = (a + 1) % N_ACTIONS;
                }
                state.apply(a, 0);
            }
        }
    }
}
