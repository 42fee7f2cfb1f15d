//! Word alignment by character offsets.
//!
//! A gold word outside multi-word tokens aligns with the system word of exactly the same
//! span. Inside a multi-word token (`don't` = do + n't) the system words lying within the
//! token's span are matched to the gold words in order, by longest common subsequence of
//! their lowercased forms (or identical spans), as the CoNLL 2018 script does.

use std::collections::HashMap;

use annals_core::Span;

/// What the aligner needs to know of a gold word.
pub(super) struct GoldUnit<'a> {
    pub span: Span,
    pub token: Span,
    pub in_multiword: bool,
    pub form: &'a str,
}

/// For every gold word, the index of the system word aligned to it.
pub(super) fn align(text: &str, gold: &[GoldUnit<'_>], sys: &[Span]) -> Vec<Option<usize>> {
    let mut by_span: HashMap<Span, usize> = HashMap::with_capacity(sys.len());
    for (i, s) in sys.iter().enumerate() {
        by_span.entry(*s).or_insert(i);
    }
    let mut order: Vec<usize> = (0..sys.len()).collect();
    order.sort_by_key(|&i| sys.get(i).map(|s| (s.start, s.end)));
    let mut used = vec![false; sys.len()];
    let mut out = vec![None; gold.len()];

    let mut i = 0;
    while let Some(g) = gold.get(i) {
        if !g.in_multiword {
            if let Some(&s) = by_span.get(&g.span) {
                if let Some(u) = used.get_mut(s).filter(|u| !**u) {
                    *u = true;
                    if let Some(o) = out.get_mut(i) {
                        *o = Some(s);
                    }
                }
            }
            i += 1;
            continue;
        }
        let end = gold
            .iter()
            .skip(i)
            .position(|h| !h.in_multiword || h.token != g.token)
            .map_or(gold.len(), |n| i + n);
        let first = order.partition_point(|&k| sys.get(k).is_some_and(|s| s.start < g.token.start));
        let inside: Vec<usize> = order
            .get(first..)
            .unwrap_or(&[])
            .iter()
            .copied()
            .take_while(|&k| sys.get(k).is_some_and(|s| s.start < g.token.end))
            .filter(|&k| {
                sys.get(k)
                    .is_some_and(|s| s.end <= g.token.end && !s.is_empty())
                    && !used.get(k).copied().unwrap_or(true)
            })
            .collect();
        let group = gold.get(i..end).unwrap_or(&[]);
        for (gi, sk) in lcs_pairs(text, group, &inside, sys) {
            if let (Some(o), Some(u)) = (out.get_mut(i + gi), used.get_mut(sk)) {
                *o = Some(sk);
                *u = true;
            }
        }
        i = end;
    }
    out
}

/// Pairs (index into `group`, system index) of a longest common subsequence.
fn lcs_pairs(
    text: &str,
    group: &[GoldUnit<'_>],
    inside: &[usize],
    sys: &[Span],
) -> Vec<(usize, usize)> {
    let sys_forms: Vec<String> = inside
        .iter()
        .map(|&k| {
            sys.get(k)
                .and_then(|s| s.slice(text))
                .unwrap_or("")
                .to_lowercase()
        })
        .collect();
    let gold_forms: Vec<String> = group.iter().map(|g| g.form.to_lowercase()).collect();
    let same = |a: usize, b: usize| -> bool {
        let (Some(g), Some(&k)) = (group.get(a), inside.get(b)) else {
            return false;
        };
        sys.get(k) == Some(&g.span) || gold_forms.get(a) == sys_forms.get(b)
    };
    let (n, m) = (group.len(), inside.len());
    // table[a][b]: LCS length of group[a..] and inside[b..].
    let mut table = vec![vec![0u32; m + 1]; n + 1];
    for a in (0..n).rev() {
        for b in (0..m).rev() {
            let v = if same(a, b) {
                cell(&table, a + 1, b + 1) + 1
            } else {
                cell(&table, a + 1, b).max(cell(&table, a, b + 1))
            };
            if let Some(c) = table.get_mut(a).and_then(|r| r.get_mut(b)) {
                *c = v;
            }
        }
    }
    let mut pairs = Vec::new();
    let (mut a, mut b) = (0, 0);
    while a < n && b < m {
        if same(a, b) {
            if let Some(&k) = inside.get(b) {
                pairs.push((a, k));
            }
            a += 1;
            b += 1;
        } else if cell(&table, a + 1, b) >= cell(&table, a, b + 1) {
            a += 1;
        } else {
            b += 1;
        }
    }
    pairs
}

fn cell(table: &[Vec<u32>], a: usize, b: usize) -> u32 {
    table.get(a).and_then(|r| r.get(b)).copied().unwrap_or(0)
}
