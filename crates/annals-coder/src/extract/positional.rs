//! Targets by position, for when the parse misses them.
//!
//! News sentences with long name chains ("met Chinese Foreign Minister Wang Yi on the
//! sidelines", "extradited drug lord Joaquin 'El Chapo' Guzman to the United States")
//! are where the parser attaches worst, and a target hung on the wrong word is lost to the
//! tree rules. As a last resort, the target is read off the words after the verb, within
//! its clause: an actor right after it (its object position), else the first actor
//! introduced by one of the pattern's prepositions. Such targets get the weakest support.

use annals_core::Upos;

use super::SentenceMentions;
use crate::patterns::Pattern;
use crate::tree::Tree;

/// Most words after the verb the scan looks at.
const WINDOW: usize = 16;

/// Resolved mentions standing as the verb's target by position (see the module).
pub(super) fn positional_targets(
    tree: &Tree,
    mentions: &SentenceMentions,
    v: usize,
    p: &Pattern,
) -> Vec<usize> {
    let end = clause_end(tree, v);
    // Object position: the actor right after the verb (or its particle).
    let mut first = v + 1;
    if first < end && tree.deprel(first) == "compound:prt" {
        first += 1;
    }
    if let Some(m) = mention_starting_at(tree, mentions, first) {
        return vec![m];
    }
    if p.object_target_only {
        return Vec::new();
    }
    for k in first..end {
        let prep = tree.form(k).to_lowercase();
        if tree.upos(k) == Some(Upos::ADP) && p.preps.contains(&prep) {
            // The phrase's noun may follow an article.
            let mut start = k + 1;
            if start < end && tree.upos(start) == Some(Upos::DET) {
                start += 1;
            }
            if let Some(m) = mention_starting_at(tree, mentions, start) {
                return vec![m];
            }
        }
    }
    Vec::new()
}

/// The resolved mention that begins at token `tok` (an article before its head allowed).
fn mention_starting_at(tree: &Tree, mentions: &SentenceMentions, tok: usize) -> Option<usize> {
    if tok >= tree.len() {
        return None;
    }
    mentions.mentions.iter().position(|m| {
        m.is_resolved()
            && (m.tokens.0 == tok
                || (m.tokens.0 + 1 == tok && tree.upos(m.tokens.0) == Some(Upos::DET)))
    })
}

/// The end (exclusive) of the verb's clause as the scan sees it: the next verb (finite or
/// not: "agreed to *impose* sanctions on Russia" puts Russia in the other verb's clause),
/// auxiliary, infinitive marker, subordinator or relative pronoun, a semicolon, or the
/// window's end.
fn clause_end(tree: &Tree, v: usize) -> usize {
    let limit = (v + 1 + WINDOW).min(tree.len());
    (v + 1..limit)
        .find(|&k| {
            let form = tree.form(k).to_lowercase();
            matches!(tree.upos(k), Some(Upos::VERB | Upos::AUX))
                || (form == "to" && tree.upos(k) == Some(Upos::PART))
                || matches!(
                    form.as_str(),
                    ";" | "that"
                        | "which"
                        | "who"
                        | "whom"
                        | "after"
                        | "before"
                        | "because"
                        | "while"
                        | "when"
                        | "despite"
                )
        })
        .unwrap_or(limit)
}
