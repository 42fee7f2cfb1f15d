//! A scheduled act: "Ramaphosa is due to visit Washington", "Blinken is due to meet Lavrov".
//!
//! Trained on web text, where "due" is mostly "due to" (because of), the parser reads
//! "is due to visit" as a reason clause and loses the sentence's subject: "due" becomes a
//! subject of something, the name before it the root, and the visit an adverbial clause.
//! In news the words say that the act is scheduled. When "due" follows a form of "be" and
//! precedes "to" and a bare verb, it is the clause's predicate (UD: an adjective with a
//! copula), the phrase before "be" its subject and the verb its `xcomp`, so the verb's
//! subject is found by control as for "agreed to visit".

use annals_core::Upos;

use super::repair::RepairWord;
use super::Parser;

/// Forms of "be" before "due".
const BE: &[&str] = &["is", "are", "was", "were", "'s", "’s"];

/// Repair `heads` (1-based heads, 0 the root; label ids) around "be due to VERB" (see the
/// module). Returns whether the tree changed.
pub fn repair_due_to(parser: &Parser, words: &[RepairWord], heads: &mut [(usize, u16)]) -> bool {
    let label = |name: &str| parser.label_id(name);
    let (Some(root_l), Some(nsubj_l), Some(cop_l), Some(xcomp_l)) =
        (label("root"), label("nsubj"), label("cop"), label("xcomp"))
    else {
        return false;
    };
    let Some(d) = (2..words.len()).find(|&i| {
        let at = |k: usize, f: &dyn Fn(&RepairWord) -> bool| words.get(k).is_some_and(f);
        at(i, &|w| w.form.eq_ignore_ascii_case("due"))
            && at(i - 1, &|w| BE.contains(&w.form.to_lowercase().as_str()))
            && at(i + 1, &|w| w.form.eq_ignore_ascii_case("to"))
            && at(i + 2, &|w| w.upos == Upos::VERB && w.xpos == "VB")
    }) else {
        return false;
    };
    let (be, verb) = (d - 1, d + 2);
    // The subject: the top of the phrase right before "be" (its words' heads inside it).
    let mut subject = be - 1;
    for _ in 0..words.len() {
        match heads[subject].0.checked_sub(1) {
            Some(h) if h < be && h != subject => subject = h,
            _ => break,
        }
    }
    if !matches!(words[subject].upos, Upos::NOUN | Upos::PROPN | Upos::PRON) {
        return false;
    }
    // Only when the parse went wrong: "due" is not already the predicate with that subject.
    if heads[subject].0 == d + 1 && heads[d].0 == 0 {
        return false;
    }
    // Words after "due" that hung on the subject's phrase or on "due" itself now hang on
    // "due" (trailing punctuation, adverbials the parser moved).
    for (k, head) in heads.iter_mut().enumerate().skip(d + 1) {
        if k == verb {
            continue;
        }
        if head.0.checked_sub(1).is_some_and(|h| h < be || h == d) {
            head.0 = d + 1;
        }
    }
    heads[d] = (0, root_l);
    heads[subject] = (d + 1, nsubj_l);
    heads[be] = (d + 1, cop_l);
    heads[verb] = (d + 1, xcomp_l);
    true
}
