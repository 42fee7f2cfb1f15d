//! Feature templates: Zhang & Nivre (2011)-style rich non-local features adapted to the
//! arc-hybrid stack/buffer, and a separate template set for the label classifier.
//!
//! Every feature is one `feature_ints` hash over ids packed into a u64 (words 20 bits,
//! tags 8, labels 12, small counts 4), so extraction allocates nothing and touches no
//! strings.

use super::transition::{State, NO_LABEL};
use crate::perceptron::{feature_ints, TemplateKey};

/// Token id for "no token here" (all id spaces).
pub(crate) const NONE_ID: u32 = 0;
/// Token id of the artificial root (all id spaces).
pub(crate) const ROOT_ID: u32 = 1;
/// Id of an unknown word or tag.
pub(crate) const UNK_ID: u32 = 2;
/// First id of a real vocabulary entry.
pub(crate) const FIRST_ID: u32 = 3;
/// Word ids must fit in 20 bits.
pub(crate) const MAX_WORDS: usize = (1 << 20) - 1;
/// Tag ids must fit in 8 bits.
pub(crate) const MAX_TAGS: usize = 255;
/// Label ids must fit in 12 bits (4095 stands for "none").
pub(crate) const MAX_LABELS: usize = 4095;

/// Bump when templates change: models trained with other templates are rejected.
pub(crate) const FEATURE_VERSION: u32 = 7;

/// Per-token ids of a sentence: index 0 is "none", `1..=n` the words, `n + 1` the root.
#[derive(Debug, Default)]
pub(crate) struct Tokens {
    pub word: Vec<u32>,
    pub xpos: Vec<u32>,
    pub upos: Vec<u32>,
    /// Word cluster leaf id + 1 (0: no cluster, "none" and the root); see `crate::clusters`.
    pub cluster: Vec<u32>,
    /// Whether the model was trained with cluster features: models without them must not
    /// see any (their hashed rows would read other features' weights).
    pub use_clusters: bool,
}

impl Tokens {
    /// Start a sentence: slot 0 ("none") is filled; push words with [`Tokens::push`],
    /// then [`Tokens::finish`].
    pub fn begin(&mut self) {
        for v in [
            &mut self.word,
            &mut self.xpos,
            &mut self.upos,
            &mut self.cluster,
        ] {
            v.clear();
            v.push(NONE_ID);
        }
    }

    /// Append a word; `cluster` is its leaf id + 1, or 0 when it has none.
    pub fn push(&mut self, word: u32, xpos: u32, upos: u32, cluster: u32) {
        self.word.push(word);
        self.xpos.push(xpos);
        self.upos.push(upos);
        self.cluster.push(cluster);
    }

    /// Append the root slot.
    pub fn finish(&mut self) {
        self.word.push(ROOT_ID);
        self.xpos.push(ROOT_ID);
        self.upos.push(ROOT_ID);
        self.cluster.push(NONE_ID);
    }

    #[inline]
    fn w(&self, i: u32) -> u64 {
        self.word.get(i as usize).copied().unwrap_or(NONE_ID) as u64
    }
    #[inline]
    fn p(&self, i: u32) -> u64 {
        self.xpos.get(i as usize).copied().unwrap_or(NONE_ID) as u64
    }
    #[inline]
    fn u(&self, i: u32) -> u64 {
        self.upos.get(i as usize).copied().unwrap_or(NONE_ID) as u64
    }
    /// Word and tag packed (28 bits).
    #[inline]
    fn wp(&self, i: u32) -> u64 {
        self.w(i) << 8 | self.p(i)
    }
    /// The word's cluster among 64 (7 bits: 0 = none).
    #[inline]
    fn c6(&self, i: u32) -> u64 {
        self.prefix(i, 6)
    }
    /// The word's cluster among 1,024 (11 bits: 0 = none).
    #[inline]
    fn c10(&self, i: u32) -> u64 {
        self.prefix(i, 2)
    }
    /// The top bits of the 12-bit leaf id, +1 (0 = no cluster).
    #[inline]
    fn prefix(&self, i: u32, shift: u32) -> u64 {
        match self.cluster.get(i as usize).copied().unwrap_or(0) {
            0 => 0,
            c => u64::from((c - 1) >> shift) + 1,
        }
    }
}

/// Emits features with consecutive template ids.
struct Emit<'a> {
    t: u32,
    out: &'a mut Vec<u64>,
}

impl Emit<'_> {
    #[inline]
    fn one(&mut self, v: u64) {
        self.out.push(feature_ints(self.t, &[v]));
        self.t += 1;
    }
    #[inline]
    fn two(&mut self, a: u64, b: u64) {
        self.out.push(feature_ints(self.t, &[a, b]));
        self.t += 1;
    }
}

#[inline]
fn get<T: Copy + Default>(v: &[T], i: u32) -> T {
    v.get(i as usize).copied().unwrap_or_default()
}

/// Label of the arc into `i` (12 bits; 4095 when none).
#[inline]
fn lab(st: &State, i: u32) -> u64 {
    if i == 0 {
        return MAX_LABELS as u64;
    }
    match st.label.get(i as usize).copied().unwrap_or(NO_LABEL) {
        NO_LABEL => MAX_LABELS as u64,
        l => (l as u64).min(MAX_LABELS as u64),
    }
}

/// Distance bucket between two positions (0 when either is missing or the root).
#[inline]
fn dist(a: u32, b: u32, root: u32) -> u64 {
    if a == 0 || b == 0 || a == root || b == root {
        return 0;
    }
    match a.abs_diff(b) {
        d @ 0..=4 => d as u64,
        5..=6 => 5,
        7..=9 => 6,
        10..=14 => 7,
        _ => 8,
    }
}

#[inline]
fn count(v: u16) -> u64 {
    (v as u64).min(7)
}

/// Stack and buffer positions whose single-token features are cached while parsing.
pub(crate) const N_ROLES: usize = 14;
const S0: usize = 0;
const S1: usize = 1;
const S2: usize = 2;
const B0: usize = 3;
const B1: usize = 4;
const B2: usize = 5;
const S0L: usize = 6;
const S0R: usize = 7;
const S0L2: usize = 8;
const S0R2: usize = 9;
const S1L: usize = 10;
const S1R: usize = 11;
const B0L: usize = 12;
const B0L2: usize = 13;

/// Template ids reserved per role.
const ROLE_TEMPLATES: usize = 8;

/// Roles that have single-token features (see [`role_features`]).
pub(crate) const FEATURED_ROLES: [usize; 9] = [S0, S1, B0, B1, S0L, S0R, S1L, S1R, B0L];

/// The token in each role (0 = none).
#[inline]
pub(crate) fn roles(st: &State) -> [u32; N_ROLES] {
    let mut r = [0u32; N_ROLES];
    let (s0, s1, b0) = (st.s(0), st.s(1), st.buf(0));
    r[S0] = s0;
    r[S1] = s1;
    r[S2] = st.s(2);
    r[B0] = b0;
    r[B1] = st.buf(1);
    r[B2] = st.buf(2);
    r[S0L] = get(&st.lc1, s0);
    r[S0R] = get(&st.rc1, s0);
    r[S0L2] = get(&st.lc2, s0);
    r[S0R2] = get(&st.rc2, s0);
    r[S1L] = get(&st.lc1, s1);
    r[S1R] = get(&st.rc1, s1);
    r[B0L] = get(&st.lc1, b0);
    r[B0L2] = get(&st.lc2, b0);
    r
}

/// Single-token features of `token` in `role`, appended to `out`. They depend only on the
/// token (and, for children, on their arc label, fixed once attached), so parsing caches
/// their summed weights per sentence. Roles without single-token features (s2, b2 and
/// the second children) only feed the conjunctions: retraining without their unigrams
/// lost nothing.
#[inline]
pub(crate) fn role_features(role: usize, token: u32, st: &State, tk: &Tokens, out: &mut Vec<u64>) {
    let x = token;
    let t = (role * 4) as u32;
    let h = |k: u32, v: u64| feature_ints(t + k, &[v]);
    match role {
        S0 | S1 | B0 => {
            out.extend_from_slice(&[h(0, tk.w(x)), h(1, tk.p(x)), h(2, tk.wp(x)), h(3, tk.u(x))])
        }
        B1 => out.extend_from_slice(&[h(0, tk.w(x)), h(1, tk.p(x)), h(2, tk.wp(x))]),
        S0L | S0R | S1L | S1R | B0L => {
            out.extend_from_slice(&[h(0, tk.w(x)), h(1, tk.p(x)), h(2, lab(st, x))])
        }
        _ => {}
    }
    if tk.use_clusters {
        role_cluster_features(role, x, st, tk, out);
    }
}

/// First template id of the cluster features of the roles (4 per role, after the label
/// templates at 200).
const ROLE_CLUSTER_BASE: u32 = 400;

/// Cluster prefixes (64 and 1,024 clusters) of the stack and buffer words and of s0's and
/// b0's outermost dependents, alone and with the tag or arc label: a word the treebank
/// rarely shows then shares weights with words used alike (Koo et al. 2008).
#[inline]
fn role_cluster_features(role: usize, x: u32, st: &State, tk: &Tokens, out: &mut Vec<u64>) {
    let t = ROLE_CLUSTER_BASE + (role * 4) as u32;
    let h = |k: u32, v: u64| feature_ints(t + k, &[v]);
    let (c6, c10) = (tk.c6(x), tk.c10(x));
    match role {
        S0 | S1 | B0 | B1 => out.extend_from_slice(&[
            h(0, c6),
            h(1, c10),
            h(2, c6 << 8 | tk.p(x)),
            h(3, c10 << 8 | tk.p(x)),
        ]),
        S0L | S0R | B0L => {
            out.extend_from_slice(&[h(0, c6), h(1, c10), h(2, c6 << 12 | lab(st, x))])
        }
        _ => {}
    }
}

/// Features for choosing the next transition; `out` is cleared first.
pub(crate) fn action_features(st: &State, tk: &Tokens, out: &mut Vec<u64>) {
    out.clear();
    let r = roles(st);
    for role in FEATURED_ROLES {
        role_features(role, r[role], st, tk, out);
    }
    context_features(st, tk, &r, out);
}

/// Number of [`context_features`].
pub(crate) const N_CONTEXT: usize = 53;

/// Hashing state of the context templates (ids after the role templates).
const CONTEXT_KEYS: [TemplateKey; N_CONTEXT] = {
    let mut keys = [TemplateKey::new(0); N_CONTEXT];
    let mut i = 0;
    while i < N_CONTEXT {
        keys[i] = TemplateKey::new((N_ROLES * ROLE_TEMPLATES + i) as u32);
        i += 1;
    }
    keys
};

/// The features of [`action_features`] that combine several positions, appended to
/// `out`: Zhang & Nivre's pairs, tag triples, child labels, distance and valency.
pub(crate) fn context_features(st: &State, tk: &Tokens, r: &[u32; N_ROLES], out: &mut Vec<u64>) {
    let root = st.root();
    let [s0, s1, s2, b0, b1, b2, s0l, s0r, s0l2, s0r2, s1l, s1r, b0l, b0l2] = *r;
    let p3 = |a: u32, b: u32, c: u32| tk.p(a) << 16 | tk.p(b) << 8 | tk.p(c);
    let u3 = |a: u32, b: u32, c: u32| tk.u(a) << 16 | tk.u(b) << 8 | tk.u(c);
    let d = dist(s0, b0, root);
    let d2 = dist(s1, s0, root);
    let (s0vl, s0vr) = (count(get(&st.n_left, s0)), count(get(&st.n_right, s0)));
    let b0vl = count(get(&st.n_left, b0));
    let (s1vl, s1vr) = (count(get(&st.n_left, s1)), count(get(&st.n_right, s1)));
    let values: [u64; N_CONTEXT] = [
        // s0 with b0.
        tk.wp(s0) << 28 | tk.wp(b0),
        tk.wp(s0) << 20 | tk.w(b0),
        tk.w(s0) << 28 | tk.wp(b0),
        tk.wp(s0) << 8 | tk.p(b0),
        tk.p(s0) << 28 | tk.wp(b0),
        tk.w(s0) << 20 | tk.w(b0),
        tk.p(s0) << 8 | tk.p(b0),
        // s1 with s0.
        tk.wp(s1) << 28 | tk.wp(s0),
        tk.wp(s1) << 8 | tk.p(s0),
        tk.p(s1) << 28 | tk.wp(s0),
        tk.w(s1) << 20 | tk.w(s0),
        tk.p(s1) << 8 | tk.p(s0),
        tk.u(s0) << 8 | tk.u(b0),
        tk.u(s1) << 8 | tk.u(s0),
        // Tag triples.
        p3(b0, b1, b2),
        p3(s0, b0, b1),
        p3(s1, s0, b0),
        p3(s2, s1, s0),
        p3(s0, s0l, b0),
        p3(s0, s0r, b0),
        p3(s0, b0, b0l),
        p3(s1, s0, s0l),
        p3(s1, s1r, s0),
        p3(s1, s0, s0r),
        p3(s0, s0l, s0l2),
        p3(s0, s0r, s0r2),
        p3(b0, b0l, b0l2),
        p3(s1, s1l, s0),
        u3(s0, b0, b1),
        u3(s1, s0, b0),
        u3(s2, s1, s0),
        u3(b0, b1, b2),
        // Labels of children with their heads.
        tk.p(s0) << 24 | lab(st, s0l) << 12 | lab(st, s0r),
        tk.p(s1) << 24 | lab(st, s1l) << 12 | lab(st, s1r),
        tk.p(b0) << 12 | lab(st, b0l),
        tk.p(s1) << 20 | tk.p(s0) << 12 | lab(st, s1r),
        // Distance.
        tk.w(s0) << 4 | d,
        tk.p(s0) << 4 | d,
        tk.w(b0) << 4 | d,
        tk.p(b0) << 4 | d,
        (tk.w(s0) << 20 | tk.w(b0)) << 4 | d,
        (tk.p(s0) << 8 | tk.p(b0)) << 4 | d,
        (tk.p(s1) << 8 | tk.p(s0)) << 4 | d2,
        (tk.w(s1) << 20 | tk.w(s0)) << 4 | d2,
        // Valency.
        tk.w(s0) << 4 | s0vl,
        tk.p(s0) << 4 | s0vl,
        tk.w(s0) << 4 | s0vr,
        tk.p(s0) << 4 | s0vr,
        tk.w(b0) << 4 | b0vl,
        tk.p(b0) << 4 | b0vl,
        tk.w(s1) << 4 | s1vr,
        tk.p(s1) << 4 | s1vr,
        tk.p(s1) << 4 | s1vl,
    ];
    // A plain push loop: an `extend` gets auto-vectorised with SSE2, which emulates each
    // 64-bit multiply of the hash with three 32-bit ones and ends up slower than scalar.
    out.reserve(N_CONTEXT + N_CLUSTER_CONTEXT);
    for (&v, k) in values.iter().zip(&CONTEXT_KEYS) {
        out.push(k.int(v));
    }
    if tk.use_clusters {
        cluster_context_features(tk, r, d, d2, out);
    }
}

/// Number of [`cluster_context_features`].
const N_CLUSTER_CONTEXT: usize = 12;

/// Hashing state of the cluster context templates (ids from 500).
const CLUSTER_CONTEXT_KEYS: [TemplateKey; N_CLUSTER_CONTEXT] = {
    let mut keys = [TemplateKey::new(0); N_CLUSTER_CONTEXT];
    let mut i = 0;
    while i < N_CLUSTER_CONTEXT {
        keys[i] = TemplateKey::new(500 + i as u32);
        i += 1;
    }
    keys
};

/// The strongest word-pair templates with clusters in place of words (Koo et al. 2008):
/// the candidate head–dependent pairs s0–b0 and s1–s0, alone, with tags and with their
/// distance, and the pairs of a word and its outermost dependents. Cluster ids take 7
/// (64 clusters) or 11 bits (1,024).
fn cluster_context_features(tk: &Tokens, r: &[u32; N_ROLES], d: u64, d2: u64, out: &mut Vec<u64>) {
    let [s0, s1, _, b0, b1, _, s0l, s0r, _, _, _, _, b0l, _] = *r;
    let cp = |i: u32| tk.c6(i) << 8 | tk.p(i);
    let values: [u64; N_CLUSTER_CONTEXT] = [
        tk.c10(s0) << 11 | tk.c10(b0),
        cp(s0) << 15 | cp(b0),
        tk.c10(s0) << 8 | tk.p(b0),
        tk.p(s0) << 11 | tk.c10(b0),
        (tk.c6(s0) << 7 | tk.c6(b0)) << 4 | d,
        tk.c10(s1) << 11 | tk.c10(s0),
        cp(s1) << 15 | cp(s0),
        (tk.c6(s1) << 7 | tk.c6(s0)) << 4 | d2,
        tk.c6(s0) << 7 | tk.c6(s0l),
        tk.c6(s0) << 7 | tk.c6(s0r),
        tk.c6(b0) << 7 | tk.c6(b0l),
        cp(b0) << 15 | cp(b1),
    ];
    for (&v, k) in values.iter().zip(&CLUSTER_CONTEXT_KEYS) {
        out.push(k.int(v));
    }
}

/// Features for labelling the arc `head → dep` about to be added; `out` is cleared first.
/// In arc-hybrid the dependent is complete (all its own dependents attached) here, and
/// its subtree is what tells most labels apart (case markers, determiners, copulas).
/// Head–dependent pair and neighbour templates were dropped: retraining without them
/// lost nothing.
pub(crate) fn label_features(st: &State, tk: &Tokens, head: u32, dep: u32, out: &mut Vec<u64>) {
    out.clear();
    let mut e = Emit { t: 200, out };
    let dir = u64::from(dep < head);
    let (h, m) = (head, dep);
    let ml = get(&st.lc1, m);
    let mr = get(&st.rc1, m);
    let ml2 = get(&st.lc2, m);
    let hl = get(&st.lc1, h);
    let hr = get(&st.rc1, h);

    e.one(tk.w(m));
    e.one(tk.p(m));
    e.one(tk.wp(m));
    e.one(tk.u(m) << 1 | dir);
    e.one(tk.w(h));
    e.one(tk.p(h));
    e.one(tk.wp(h));

    // The dependent's own subtree: case markers, determiners, copulas, clause markers.
    e.one(lab(st, ml));
    e.one(lab(st, mr));
    e.one(tk.w(ml));
    e.one(tk.w(mr));
    e.one(tk.p(m) << 20 | tk.w(ml));
    e.one(tk.p(m) << 24 | lab(st, ml) << 12 | lab(st, mr));
    e.one(tk.p(m) << 12 | lab(st, ml2));
    e.one(tk.w(ml) << 8 | tk.p(h));
    e.one((tk.w(ml) << 8 | tk.p(m)) << 8 | tk.p(h));
    e.two(tk.p(m) << 1 | dir, get(&st.left_labels, m));
    e.two(tk.p(m) << 1 | dir, get(&st.right_labels, m));
    e.one(tk.p(m) << 8 | count(get(&st.n_left, m)) << 4 | count(get(&st.n_right, m)));

    // What the head already has.
    e.two(tk.p(h) << 1 | dir, get(&st.left_labels, h));
    e.two(tk.p(h) << 1 | dir, get(&st.right_labels, h));
    e.one((tk.p(h) << 12 | lab(st, hl)) << 1 | dir);
    e.one((tk.p(h) << 12 | lab(st, hr)) << 1 | dir);
    e.one(((tk.p(h) << 8 | tk.p(m)) << 12 | lab(st, hl)) << 1 | dir);

    // Clusters of the dependent and the head (models trained with them only).
    if tk.use_clusters {
        e.one(tk.c10(m) << 1 | dir);
        e.one((tk.c10(m) << 8 | tk.p(h)) << 1 | dir);
        e.one((tk.c6(h) << 7 | tk.c6(m)) << 1 | dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parser::transition::{LEFT, SHIFT};

    fn tokens(n: u32) -> Tokens {
        let mut t = Tokens::default();
        t.begin();
        for i in 0..n {
            t.push(FIRST_ID + i, FIRST_ID + i % 3, FIRST_ID, i % 2);
        }
        t.finish();
        t
    }

    #[test]
    fn feature_count_is_fixed_and_keys_change_with_the_configuration() {
        let tk = tokens(4);
        let mut st = State::default();
        st.reset(4);
        let mut a = Vec::new();
        let mut b = Vec::new();
        action_features(&st, &tk, &mut a);
        st.apply(SHIFT, NO_LABEL);
        action_features(&st, &tk, &mut b);
        assert_eq!(a.len(), b.len());
        assert_ne!(a, b);
        st.apply(SHIFT, NO_LABEL);
        let mut c = Vec::new();
        label_features(&st, &tk, st.b, st.s(0), &mut c);
        let mut c2 = Vec::new();
        label_features(&st, &tk, st.s(1), st.s(0), &mut c2);
        assert_eq!(c.len(), c2.len());
        assert_ne!(c, c2);
        st.apply(LEFT, 4);
        action_features(&st, &tk, &mut b);
        assert_eq!(a.len(), b.len());
    }

    #[test]
    fn cluster_features_come_only_with_clusters() {
        let mut tk = tokens(4);
        let mut st = State::default();
        st.reset(4);
        st.apply(SHIFT, NO_LABEL);
        let (mut a, mut b) = (Vec::new(), Vec::new());
        action_features(&st, &tk, &mut a);
        label_features(&st, &tk, st.b, st.s(0), &mut b);
        assert_eq!((a.len(), b.len()), (83, 24));
        tk.use_clusters = true;
        let (mut c, mut d) = (Vec::new(), Vec::new());
        action_features(&st, &tk, &mut c);
        label_features(&st, &tk, st.b, st.s(0), &mut d);
        // 4 for each of s0, s1, b0, b1, 3 for each of three children, 12 pairs; 3 labels.
        assert_eq!((c.len(), d.len()), (83 + 25 + 12, 24 + 3));
        assert!(c.starts_with(&a[..4]), "the other features are unchanged");
        // Leaf 4000 is cluster 62 of 64 and 1000 of 1,024 (ids + 1; 0 for no cluster).
        tk.cluster[1] = 4001;
        assert_eq!((tk.c6(1), tk.c10(1)), (63, 1001));
        assert_eq!((tk.c6(0), tk.c10(0), tk.c6(99)), (0, 0, 0));
    }

    #[test]
    fn empty_and_out_of_range_positions_are_safe() {
        let tk = Tokens::default();
        let mut st = State::default();
        st.reset(0);
        let mut out = Vec::new();
        action_features(&st, &tk, &mut out);
        assert!(!out.is_empty());
        label_features(&st, &tk, 99, 98, &mut out);
        assert!(!out.is_empty());
    }
}
