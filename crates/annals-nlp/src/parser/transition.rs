//! The arc-hybrid transition system (Kuhlmann, Gómez-Rodríguez & Satta 2011) with the
//! artificial root at the END of the buffer (Ballesteros & Nivre 2013).
//!
//! Why arc-hybrid: its three transitions are arc-decomposable, so the dynamic oracle of
//! Goldberg & Nivre (2013) is a few set-membership counts (see `oracle.rs`), and every
//! dependent is popped exactly once, complete with all its own dependents, which lets the
//! separate label classifier see the whole subtree. Why the root at the end: forbidding
//! LEFT onto the root while more than one word is on the stack guarantees exactly one word
//! attached to the root, so every terminal configuration is a single-rooted tree without
//! any repair step.
//!
//! Positions: words are `1..=n`, the root is `n + 1`, and `0` means "no token".

/// Push the buffer front onto the stack.
pub(crate) const SHIFT: usize = 0;
/// Attach the stack top to the buffer front and pop it.
pub(crate) const LEFT: usize = 1;
/// Attach the stack top to the word below it and pop it.
pub(crate) const RIGHT: usize = 2;
pub(crate) const N_ACTIONS: usize = 3;

/// Label id meaning "no label yet".
pub(crate) const NO_LABEL: u16 = u16::MAX;

/// A parser configuration plus the bookkeeping the features need (children, valencies,
/// label sets), all in flat arrays indexed by position and reused across sentences.
#[derive(Debug, Default)]
pub(crate) struct State {
    n: u32,
    pub stack: Vec<u32>,
    /// Buffer front; `n + 1` when only the root is left.
    pub b: u32,
    /// Head of each position; 0 while unattached.
    pub head: Vec<u32>,
    pub label: Vec<u16>,
    /// Leftmost and second-leftmost left children, rightmost and second-rightmost right
    /// children (0 = none).
    pub lc1: Vec<u32>,
    pub lc2: Vec<u32>,
    pub rc1: Vec<u32>,
    pub rc2: Vec<u32>,
    pub n_left: Vec<u16>,
    pub n_right: Vec<u16>,
    /// Bit sets of the labels (mod 64) of left and right children.
    pub left_labels: Vec<u64>,
    pub right_labels: Vec<u64>,
}

/// `clone_from` reuses the target's buffers: beam search copies states at every step, and
/// the derived version would allocate twelve vectors each time.
impl Clone for State {
    fn clone(&self) -> Self {
        let mut s = State::default();
        s.clone_from(self);
        s
    }

    fn clone_from(&mut self, o: &Self) {
        self.n = o.n;
        self.b = o.b;
        self.stack.clone_from(&o.stack);
        self.head.clone_from(&o.head);
        self.label.clone_from(&o.label);
        self.lc1.clone_from(&o.lc1);
        self.lc2.clone_from(&o.lc2);
        self.rc1.clone_from(&o.rc1);
        self.rc2.clone_from(&o.rc2);
        self.n_left.clone_from(&o.n_left);
        self.n_right.clone_from(&o.n_right);
        self.left_labels.clone_from(&o.left_labels);
        self.right_labels.clone_from(&o.right_labels);
    }
}

impl State {
    /// Start configuration for `n` words: empty stack, all words in the buffer.
    pub fn reset(&mut self, n: usize) {
        let n32 = u32::try_from(n).unwrap_or(u32::MAX - 2).min(u32::MAX - 2);
        self.n = n32;
        let size = n32 as usize + 2;
        self.stack.clear();
        self.b = 1;
        for v in [
            &mut self.head,
            &mut self.lc1,
            &mut self.lc2,
            &mut self.rc1,
            &mut self.rc2,
        ] {
            v.clear();
            v.resize(size, 0);
        }
        self.label.clear();
        self.label.resize(size, NO_LABEL);
        for v in [&mut self.n_left, &mut self.n_right] {
            v.clear();
            v.resize(size, 0);
        }
        for v in [&mut self.left_labels, &mut self.right_labels] {
            v.clear();
            v.resize(size, 0);
        }
    }

    pub fn n(&self) -> u32 {
        self.n
    }

    /// Position of the artificial root.
    pub fn root(&self) -> u32 {
        self.n + 1
    }

    pub fn is_terminal(&self) -> bool {
        self.stack.is_empty() && self.b > self.n
    }

    /// The `i`-th stack element from the top (0 = top), or 0.
    #[inline]
    pub fn s(&self, i: usize) -> u32 {
        let len = self.stack.len();
        if i < len {
            self.stack[len - 1 - i]
        } else {
            0
        }
    }

    /// Buffer element `i` (0 = front): a word, the root (`n + 1`), or 0 past the root.
    #[inline]
    pub fn buf(&self, i: u32) -> u32 {
        let p = self.b.saturating_add(i);
        if p <= self.n + 1 {
            p
        } else {
            0
        }
    }

    /// Which actions are allowed. Never all false in a non-terminal configuration.
    pub fn legal(&self) -> [bool; N_ACTIONS] {
        let at_root = self.b > self.n;
        let depth = self.stack.len();
        [!at_root, depth >= 1 && (!at_root || depth == 1), depth >= 2]
    }

    /// The `(head, dependent)` arc an action would add, if any.
    #[inline]
    pub fn arc_of(&self, action: usize) -> Option<(u32, u32)> {
        match action {
            LEFT if !self.stack.is_empty() => Some((self.b, self.s(0))),
            RIGHT if self.stack.len() >= 2 => Some((self.s(1), self.s(0))),
            _ => None,
        }
    }

    /// Apply an action (ignored if illegal), labelling the arc it makes with `label`.
    pub fn apply(&mut self, action: usize, label: u16) {
        let legal = self.legal();
        if !legal.get(action).copied().unwrap_or(false) {
            return;
        }
        match action {
            SHIFT => {
                self.stack.push(self.b);
                self.b += 1;
            }
            _ => {
                if let Some((h, d)) = self.arc_of(action) {
                    self.stack.pop();
                    self.add_arc(h, d, label);
                }
            }
        }
    }

    fn add_arc(&mut self, h: u32, d: u32, label: u16) {
        let (hi, di) = (h as usize, d as usize);
        self.head[di] = h;
        self.label[di] = label;
        let bit = 1u64 << (label % 64);
        if d < h {
            self.n_left[hi] = self.n_left[hi].saturating_add(1);
            self.left_labels[hi] |= bit;
            let (c1, c2) = (self.lc1[hi], self.lc2[hi]);
            if c1 == 0 || d < c1 {
                self.lc2[hi] = c1;
                self.lc1[hi] = d;
            } else if c2 == 0 || d < c2 {
                self.lc2[hi] = d;
            }
        } else {
            self.n_right[hi] = self.n_right[hi].saturating_add(1);
            self.right_labels[hi] |= bit;
            let (c1, c2) = (self.rc1[hi], self.rc2[hi]);
            if c1 == 0 || d > c1 {
                self.rc2[hi] = c1;
                self.rc1[hi] = d;
            } else if c2 == 0 || d > c2 {
                self.rc2[hi] = d;
            }
        }
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::parser::oracle::{costs, static_action, GoldTree};

    /// Tiny deterministic generator for test trees.
    pub(crate) struct Lcg(pub u64);
    impl Lcg {
        pub fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            ((self.0 >> 33) as usize) % n.max(1)
        }
    }

    /// A random projective tree over `n` words (heads 1-based, 0 = root, one root): split
    /// each span into contiguous blocks, each block one child subtree.
    pub(crate) fn random_projective(n: usize, rng: &mut Lcg) -> Vec<usize> {
        fn span(lo: usize, hi: usize, head: usize, heads: &mut [usize], rng: &mut Lcg) {
            let mut start = lo;
            while start < hi {
                let end = start + 1 + rng.below(hi - start);
                let root = start + rng.below(end - start);
                heads[root] = head;
                span(start, root, root + 1, heads, rng);
                span(root + 1, end, root + 1, heads, rng);
                start = end;
            }
        }
        let mut heads = vec![0; n];
        if n == 0 {
            return heads;
        }
        let root = rng.below(n);
        span(0, root, root + 1, &mut heads, rng);
        span(root + 1, n, root + 1, &mut heads, rng);
        heads
    }

    #[test]
    fn static_oracle_reproduces_every_projective_tree_with_zero_cost() {
        let mut rng = Lcg(7);
        let mut state = State::default();
        for trial in 0..400 {
            let n = 1 + trial % 23;
            let heads = random_projective(n, &mut rng);
            let gold = GoldTree::new(&heads);
            state.reset(n);
            let mut steps = 0;
            while !state.is_terminal() {
                let a = static_action(&state, &gold);
                assert!(state.legal()[a], "static action must be legal");
                assert_eq!(costs(&state, &gold)[a], 0, "gold action costs nothing");
                state.apply(a, 0);
                steps += 1;
                assert!(steps <= 2 * n + 1);
            }
            assert_eq!(steps, 2 * n);
            for (i, &h) in heads.iter().enumerate() {
                let got = state.head[i + 1];
                let got = if got == state.root() { 0 } else { got as usize };
                assert_eq!(got, h, "tree {heads:?}");
            }
        }
    }

    #[test]
    fn any_legal_sequence_ends_in_one_rooted_tree() {
        let mut rng = Lcg(11);
        let mut state = State::default();
        for n in [0usize, 1, 2, 3, 7, 40] {
            for _ in 0..50 {
                state.reset(n);
                while !state.is_terminal() {
                    let legal = state.legal();
                    assert!(legal.iter().any(|&l| l));
                    let mut a = rng.below(N_ACTIONS);
                    while !legal[a] {
                        a = (a + 1) % N_ACTIONS;
                    }
                    state.apply(a, 3);
                }
                let roots = (1..=n).filter(|&i| state.head[i] == state.root()).count();
                assert_eq!(roots, usize::from(n > 0));
                for i in 1..=n {
                    assert_ne!(state.head[i], 0, "word {i} attached");
                    let mut cur = i as u32;
                    let mut hops = 0;
                    while cur != state.root() {
                        cur = state.head[cur as usize];
                        hops += 1;
                        assert!(hops <= n, "no cycles");
                    }
                }
            }
        }
    }

    #[test]
    fn children_and_valency_bookkeeping() {
        // Words 1 2 3 4: 1 <- 3, 2 <- 3, 3 -> 4, 3 root.
        let mut s = State::default();
        s.reset(4);
        s.apply(SHIFT, 0); // [1]
        s.apply(SHIFT, 0); // [1 2]
        s.apply(SHIFT, 0); // [1 2 3]
        s.apply(SHIFT, 0); // [1 2 3 4]
        s.apply(RIGHT, 5); // 3 -> 4
        s.apply(RIGHT, 6); // 2 -> 3
        assert_eq!(s.rc1[2], 3);
        s.apply(LEFT, 1); // root <- 2? only if depth 1: depth is 2 -> illegal, ignored
        assert_eq!(s.stack, vec![1, 2]);
        assert_eq!(s.rc1[3], 4);
        assert_eq!(s.n_right[3], 1);
        assert_eq!(s.right_labels[3], 1 << 5);
        assert!(!s.legal()[SHIFT]);
        assert!(!s.legal()[LEFT]);
    }
}
