//! A news sentence whose subject the parser split in two.
//!
//! In "European Union foreign ministers agreed on Monday to impose sanctions", the parser
//! makes "Union" the root and "ministers agreed …" a relative clause on it: a relative
//! clause without a relativiser whose own subject follows the root noun directly. A
//! sentence whose root is such a noun has no main verb, which news sentences have; the
//! repair makes the clause's finite verb the root and the stranded noun a compound of the
//! subject it precedes ("European Union foreign ministers" as one noun phrase).

use annals_core::Upos;

use super::Parser;

/// Finite verb tags: a relative clause's verb that could be the main verb.
const FINITE: &[&str] = &["VBD", "VBZ", "VBP"];

/// One word as the repair sees it.
pub struct RepairWord<'a> {
    pub form: &'a str,
    pub upos: Upos,
    pub xpos: &'a str,
}

/// Repair `heads` (1-based heads, 0 the root; label ids) in place; returns whether the tree
/// changed.
pub fn repair_split_subject(
    parser: &Parser,
    words: &[RepairWord],
    heads: &mut [(usize, u16)],
) -> bool {
    let label = |name: &str| parser.label_id(name);
    let (Some(root_l), Some(relcl_l), Some(nsubj_l), Some(compound_l), Some(punct_l)) = (
        label("root"),
        label("acl:relcl"),
        label("nsubj"),
        label("compound"),
        label("punct"),
    ) else {
        return false;
    };
    let roots: Vec<usize> = (0..heads.len()).filter(|&i| heads[i].0 == 0).collect();
    let [r] = roots.as_slice() else { return false };
    let r = *r;
    if !matches!(words.get(r).map(|w| w.upos), Some(Upos::NOUN | Upos::PROPN)) {
        return false;
    }
    let view: &[(usize, u16)] = heads;
    let children = |h: usize| (0..view.len()).filter(move |&i| view[i].0 == h + 1);
    let Some(v) = children(r).find(|&i| {
        view[i].1 == relcl_l
            && words
                .get(i)
                .is_some_and(|w| w.upos == Upos::VERB && FINITE.contains(&w.xpos))
    }) else {
        return false;
    };
    let relativiser = children(v).any(|c| {
        words.get(c).is_some_and(|w| {
            matches!(
                w.form.to_lowercase().as_str(),
                "that" | "which" | "who" | "whom" | "whose"
            )
        })
    });
    let Some(s) = children(v).find(|&c| {
        view[c].1 == nsubj_l
            && words
                .get(c)
                .is_some_and(|w| matches!(w.upos, Upos::NOUN | Upos::PROPN))
    }) else {
        return false;
    };
    if relativiser || !precedes_subject_phrase(view, r, s) {
        return false;
    }
    heads[v] = (0, root_l);
    heads[r] = (s + 1, compound_l);
    for arc in heads.iter_mut() {
        if arc.0 == r + 1 && arc.1 == punct_l {
            arc.0 = v + 1;
        }
    }
    true
}

/// Most words between the root noun and the subject, and most steps up from one of them
/// to the subject: the repair is for a split noun phrase, which is short.
const MAX_GAP: usize = 12;

/// Whether every word strictly between `r` and `s` hangs (within [`MAX_GAP`] steps) under
/// `s`: then `r` directly precedes the subject's phrase.
fn precedes_subject_phrase(heads: &[(usize, u16)], r: usize, s: usize) -> bool {
    if s <= r || s - r > MAX_GAP {
        return false;
    }
    (r + 1..s).all(|k| {
        let mut cur = k;
        for _ in 0..MAX_GAP {
            match heads.get(cur).map(|h| h.0) {
                Some(h) if h == s + 1 => return true,
                Some(h) if h > 0 => cur = h - 1,
                _ => return false,
            }
        }
        false
    })
}
