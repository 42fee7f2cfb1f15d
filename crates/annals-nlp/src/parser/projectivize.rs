//! Pseudo-projective parsing (Nivre & Nilsson 2005), "head" encoding.
//!
//! Training trees are made projective by lifting the shortest non-projective arc to the
//! head's head until none is left; a lifted dependent's label `d` becomes `d↑h`, with `h`
//! the label of its real (syntactic) head. After parsing, every `d↑h` dependent is moved
//! back: a breadth-first, left-to-right search below its current head (outside its own
//! subtree) for the first word labelled `h`; the label becomes `d` either way.

/// Separator between the dependent's label and its real head's label.
pub(crate) const LIFT_MARK: char = '↑';

/// The label of a dependent lifted away from a head labelled `head_label`.
pub(crate) fn lifted_label(label: &str, head_label: &str) -> String {
    format!("{label}{LIFT_MARK}{head_label}")
}

/// `(dependent label, real head's label)` of a lifted label.
pub(crate) fn split_lifted(label: &str) -> Option<(&str, &str)> {
    label.split_once(LIFT_MARK)
}

/// Whether `anc` dominates `node` (reflexively) under 1-based `heads` (0 = root). Gives up
/// on cycles after `heads.len()` steps.
fn dominates(heads: &[usize], anc: usize, mut node: usize) -> bool {
    for _ in 0..=heads.len() {
        if node == anc {
            return true;
        }
        if node == 0 {
            return false;
        }
        node = heads.get(node - 1).copied().unwrap_or(0);
    }
    false
}

/// Whether the arc into word `d` (1-based) is non-projective: some word strictly between
/// it and its head is not dominated by the head.
pub(crate) fn is_non_projective_arc(heads: &[usize], d: usize) -> bool {
    let Some(&h) = heads.get(d.wrapping_sub(1)) else {
        return false;
    };
    if h == 0 {
        return false;
    }
    let (lo, hi) = if h < d { (h, d) } else { (d, h) };
    (lo + 1..hi).any(|k| !dominates(heads, h, k))
}

#[cfg(test)]
pub(crate) fn is_projective(heads: &[usize]) -> bool {
    (1..=heads.len()).all(|d| !is_non_projective_arc(heads, d))
}

/// Make a tree projective in place; returns the number of lifts. `heads` are 1-based
/// (0 = root) and must form a tree; `labels` are the matching relation names.
pub(crate) fn projectivize(heads: &mut [usize], labels: &mut [String]) -> usize {
    let mut lifts = 0;
    // Lifting strictly shortens the distance to the root, so this terminates; the bound
    // only guards against malformed input.
    for _ in 0..heads.len() * heads.len() + 1 {
        let shortest = (1..=heads.len())
            .filter(|&d| is_non_projective_arc(heads, d))
            .min_by_key(|&d| {
                let h = heads.get(d - 1).copied().unwrap_or(0);
                (h.abs_diff(d), d)
            });
        let Some(d) = shortest else {
            break;
        };
        let h = heads.get(d - 1).copied().unwrap_or(0);
        let Some(&grand) = heads.get(h.wrapping_sub(1)) else {
            break;
        };
        if grand == 0 {
            break; // would create a second root; cannot happen in a single-rooted tree
        }
        if let Some(label) = labels.get(d - 1) {
            if split_lifted(label).is_none() {
                let head_label = labels.get(h - 1).map_or("", |l| base_label(l));
                let new = lifted_label(label, head_label);
                if let Some(slot) = labels.get_mut(d - 1) {
                    *slot = new;
                }
            }
        }
        if let Some(slot) = heads.get_mut(d - 1) {
            *slot = grand;
        }
        lifts += 1;
    }
    lifts
}

fn base_label(label: &str) -> &str {
    split_lifted(label).map_or(label, |(d, _)| d)
}

/// Per label id: its base label id and, for lifted labels, the label id of the real head
/// to look for (`None` for ordinary labels).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct LabelLift {
    pub base: u16,
    pub head: Option<u16>,
}

/// Undo the lifting on a parsed tree: `heads` 1-based (0 = root), `labels` ids into
/// `table`; afterwards every label is a base label. `scratch` is reused across calls.
///
/// Linear in the sentence length whatever the input: children are kept in sibling
/// lists updated in place, and the searches share a budget of visited nodes (a lifted
/// arc whose search would exceed it keeps its head). Returns the nodes the searches
/// looked at.
pub(crate) fn deprojectivize(
    heads: &mut [usize],
    labels: &mut [u16],
    table: &[LabelLift],
    scratch: &mut DeprojScratch,
) -> usize {
    let lift_of = |l: u16| table.get(l as usize).copied();
    if !labels
        .iter()
        .any(|&l| lift_of(l).is_some_and(|t| t.head.is_some()))
    {
        return 0;
    }
    let n = heads.len();
    scratch.build(heads);
    // Top-down order, so a dependent's real head is found in an already repaired tree.
    let mut order = std::mem::take(&mut scratch.order);
    order.clear();
    // Every node is listed once: linear, no budget needed.
    let mut unlimited = usize::MAX;
    scratch.push_children(0, usize::MAX, &mut order, &mut unlimited);
    let mut i = 0;
    while let Some(&node) = order.get(i) {
        scratch.push_children(node, usize::MAX, &mut order, &mut unlimited);
        i += 1;
    }
    let start_budget = 64 * n + 1024;
    let mut budget = start_budget;
    let mut queue = std::mem::take(&mut scratch.queue);
    for &d in &order {
        let Some(lift) = labels.get(d - 1).and_then(|&l| lift_of(l)) else {
            continue;
        };
        let Some(target) = lift.head else {
            continue;
        };
        if let Some(slot) = labels.get_mut(d - 1) {
            *slot = lift.base;
        }
        let h = heads.get(d - 1).copied().unwrap_or(0);
        if h == 0 {
            continue;
        }
        // Breadth-first, left to right, below `h` but outside `d`'s own subtree.
        queue.clear();
        scratch.push_children(h, d, &mut queue, &mut budget);
        let mut found = None;
        let mut next = 0;
        while let Some(&k) = queue.get(next) {
            next += 1;
            let base = labels.get(k - 1).and_then(|&l| lift_of(l)).map(|t| t.base);
            if base == Some(target) {
                found = Some(k);
                break;
            }
            scratch.push_children(k, d, &mut queue, &mut budget);
        }
        if let Some(k) = found {
            if let Some(slot) = heads.get_mut(d - 1) {
                *slot = k;
            }
            scratch.move_child(d, h, k);
        }
    }
    scratch.order = order;
    scratch.queue = queue;
    for l in labels.iter_mut().take(n) {
        if let Some(t) = lift_of(*l) {
            *l = t.base;
        }
    }
    start_budget - budget
}

/// Buffers for [`deprojectivize`]: each node's children as a linked list in word order.
#[derive(Debug, Default)]
pub(crate) struct DeprojScratch {
    /// First child of each node 0..=n (0 = none).
    first: Vec<usize>,
    /// Next sibling of each node (0 = none).
    next: Vec<usize>,
    order: Vec<usize>,
    queue: Vec<usize>,
}

impl DeprojScratch {
    fn build(&mut self, heads: &[usize]) {
        let n = heads.len();
        self.first.clear();
        self.first.resize(n + 1, 0);
        self.next.clear();
        self.next.resize(n + 1, 0);
        // Right to left, so each list comes out in ascending order.
        for d in (1..=n).rev() {
            let h = heads.get(d - 1).copied().unwrap_or(0).min(n);
            if let (Some(&f), Some(nx)) = (self.first.get(h), self.next.get_mut(d)) {
                *nx = f;
            }
            if let Some(f) = self.first.get_mut(h) {
                *f = d;
            }
        }
    }

    /// Append the children of `node` other than `skip` to `out`, one unit of `budget` per
    /// child looked at (none once it is spent).
    fn push_children(&self, node: usize, skip: usize, out: &mut Vec<usize>, budget: &mut usize) {
        let mut c = self.first.get(node).copied().unwrap_or(0);
        // The lists hold each node once, so at most n steps.
        for _ in 0..self.next.len() {
            if c == 0 || *budget == 0 {
                break;
            }
            *budget -= 1;
            if c != skip {
                out.push(c);
            }
            c = self.next.get(c).copied().unwrap_or(0);
        }
    }

    /// Move `d` from `from`'s children to `to`'s, keeping word order.
    fn move_child(&mut self, d: usize, from: usize, to: usize) {
        let len = self.next.len();
        // Unlink.
        let after = self.next.get(d).copied().unwrap_or(0);
        if self.first.get(from) == Some(&d) {
            if let Some(f) = self.first.get_mut(from) {
                *f = after;
            }
        } else {
            let mut c = self.first.get(from).copied().unwrap_or(0);
            for _ in 0..len {
                let nx = self.next.get(c).copied().unwrap_or(0);
                if c == 0 || nx == d {
                    if let Some(slot) = self.next.get_mut(c) {
                        *slot = after;
                    }
                    break;
                }
                c = nx;
            }
        }
        // Insert before the first child to the right of `d`.
        let first = self.first.get(to).copied().unwrap_or(0);
        if first == 0 || first > d {
            if let Some(slot) = self.next.get_mut(d) {
                *slot = first;
            }
            if let Some(f) = self.first.get_mut(to) {
                *f = d;
            }
            return;
        }
        let mut c = first;
        for _ in 0..len {
            let nx = self.next.get(c).copied().unwrap_or(0);
            if nx == 0 || nx > d {
                if let Some(slot) = self.next.get_mut(d) {
                    *slot = nx;
                }
                if let Some(slot) = self.next.get_mut(c) {
                    *slot = d;
                }
                return;
            }
            c = nx;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Intern labels into ids and a lift table, as the parser does.
    fn table(labels: &[String]) -> (Vec<String>, Vec<LabelLift>) {
        let mut names: Vec<String> = Vec::new();
        let id = |s: &str, names: &mut Vec<String>| -> u16 {
            if let Some(i) = names.iter().position(|n| n == s) {
                return i as u16;
            }
            names.push(s.to_string());
            (names.len() - 1) as u16
        };
        for l in labels {
            id(l, &mut names);
            if let Some((d, h)) = split_lifted(l) {
                id(d, &mut names);
                id(h, &mut names);
            }
        }
        let snapshot = names.clone();
        let lifts = snapshot
            .iter()
            .map(|l| match split_lifted(l) {
                Some((d, h)) => LabelLift {
                    base: id(d, &mut names),
                    head: Some(id(h, &mut names)),
                },
                None => LabelLift {
                    base: id(l, &mut names),
                    head: None,
                },
            })
            .collect();
        (names, lifts)
    }

    fn round_trip(heads: &[usize], labels: &[&str]) -> usize {
        assert!(!is_projective(heads));
        let mut h = heads.to_vec();
        let mut l: Vec<String> = labels.iter().map(|s| s.to_string()).collect();
        let lifts = projectivize(&mut h, &mut l);
        assert!(lifts > 0);
        assert!(is_projective(&h), "projectivized: {h:?}");
        let (names, lift_table) = table(&l);
        let mut ids: Vec<u16> = l
            .iter()
            .map(|s| names.iter().position(|n| n == s).unwrap() as u16)
            .collect();
        deprojectivize(&mut h, &mut ids, &lift_table, &mut DeprojScratch::default());
        assert_eq!(h, heads, "heads restored");
        let back: Vec<&str> = ids.iter().map(|&i| names[i as usize].as_str()).collect();
        assert_eq!(back, labels, "labels restored");
        lifts
    }

    #[test]
    fn extraposed_modifier_round_trip() {
        // "A meeting was held yesterday about the budget": "about the budget" modifies
        // "meeting" across the verb.
        let heads = [2, 4, 4, 0, 4, 8, 8, 2];
        let labels = [
            "det",
            "nsubj:pass",
            "aux:pass",
            "root",
            "obl:tmod",
            "case",
            "det",
            "nmod",
        ];
        assert_eq!(round_trip(&heads, &labels), 1);
    }

    #[test]
    fn wh_extraction_round_trip() {
        // "What did you say he bought ?": "What" is the object of "bought", left of "say".
        let heads = [6, 4, 4, 0, 6, 4, 4];
        let labels = ["obj", "aux", "nsubj", "root", "nsubj", "ccomp", "punct"];
        assert_eq!(round_trip(&heads, &labels), 1);
    }

    #[test]
    fn doubly_lifted_arc_round_trip() {
        // Word 1 depends on 7, which sits two levels below the verb it must cross.
        // 1 -> 7 (nmod); 2 root; 3 -> 2 (obj); 4 -> 2 (obl); 5 -> 6 (case); 6 -> 4 (nmod);
        // 7 -> 6 (amod)
        let heads = [7, 0, 2, 2, 6, 4, 6];
        let labels = ["advmod", "root", "obj", "obl", "case", "nmod", "amod"];
        let lifts = round_trip(&heads, &labels);
        assert!(lifts >= 2, "lifted {lifts} times");
    }

    #[test]
    fn projective_trees_are_untouched() {
        let mut h = vec![2, 0, 2];
        let mut l = vec!["nsubj".to_string(), "root".into(), "obj".into()];
        assert_eq!(projectivize(&mut h, &mut l), 0);
        assert_eq!(h, [2, 0, 2]);
        assert_eq!(l, ["nsubj", "root", "obj"]);
    }

    #[test]
    fn two_lifted_arcs_into_the_same_subtree() {
        // Both "What" (1) and "when" (2) depend on "leave" (6) across "say" (4).
        // 1 -> 6 obj, 2 -> 6 advmod, 3 -> 4 nsubj, 4 root, 5 -> 6 nsubj, 6 -> 4 ccomp
        let heads = [6, 6, 4, 0, 6, 4];
        let labels = ["obj", "advmod", "nsubj", "root", "nsubj", "ccomp"];
        assert_eq!(round_trip(&heads, &labels), 2);
    }

    /// Labels `[root, X↑xcomp, X, xcomp]`: label 1 is X lifted from under an `xcomp`.
    fn lifted_under_xcomp() -> [LabelLift; 4] {
        let plain = |base| LabelLift { base, head: None };
        [
            plain(0),
            LabelLift {
                base: 2,
                head: Some(3),
            },
            plain(2),
            plain(3),
        ]
    }

    #[test]
    fn many_lifted_labels_in_a_long_sentence_stay_linear() {
        // A chain where every word carries a lifted label with an absent real head: each
        // search fails, and the shared budget keeps the total work linear.
        let n = 200_000;
        let names = [
            "root".to_string(),
            "dep↑xcomp".into(),
            "dep".into(),
            "xcomp".into(),
        ];
        let lifts = lifted_under_xcomp();
        assert_eq!(names.len(), lifts.len());
        let mut heads: Vec<usize> = (0..n).map(|i| if i == 0 { 0 } else { 1 }).collect();
        let mut labels: Vec<u16> = (0..n).map(|i| if i == 0 { 0 } else { 1 }).collect();
        let work = deprojectivize(
            &mut heads,
            &mut labels,
            &lifts,
            &mut DeprojScratch::default(),
        );
        assert!(work <= 64 * n + 1024, "searched {work} nodes");
        assert!(work >= n, "the searches ran");
        assert!(labels.iter().skip(1).all(|&l| l == 2));
        assert!(heads.iter().skip(1).all(|&h| h == 1));
    }

    #[test]
    fn missing_real_head_keeps_the_arc() {
        // A lifted label whose head label is nowhere below: only the label is restored.
        let names = [
            "root".to_string(),
            "obj↑xcomp".into(),
            "obj".into(),
            "xcomp".into(),
        ];
        let lifts = lifted_under_xcomp();
        assert_eq!(names.len(), lifts.len());
        let mut heads = vec![0, 1];
        let mut labels = vec![0u16, 1];
        deprojectivize(
            &mut heads,
            &mut labels,
            &lifts,
            &mut DeprojScratch::default(),
        );
        assert_eq!(heads, [0, 1]);
        assert_eq!(labels, [0, 2]);
    }
}
