//! Subjects the tree hides: list members the parser cut off, the owners and members a
//! subject noun stands for, and the subject of a copular clause.

use super::SentenceMentions;
use crate::tree::Tree;

/// The first members of a subject list the parser cut off: in "France, Germany, and
/// Britain met" it makes "France" (with "Germany" as its conjunct) a vocative of the verb
/// and only "Britain" the subject. A vocative or unlabelled dependent before the subject,
/// joined to it by a comma, is part of the list.
pub(super) fn list_head_subjects(tree: &Tree, mentions: &SentenceMentions, v: usize) -> Vec<usize> {
    let Some(subj) = tree.children_exact(v, "nsubj").next() else {
        return Vec::new();
    };
    tree.children(v)
        .iter()
        .copied()
        .filter(|&c| c < subj && matches!(tree.deprel(c), "vocative" | "dep"))
        .filter(|&c| (c + 1..subj).any(|k| tree.form(k) == ","))
        .flat_map(|c| mentions.resolved_conjuncts(tree, c))
        .collect()
}

/// The actors modifying a subject noun that is no actor itself: its possessor, country
/// adjective or compound ("the IMF board", "Russian gas", "Hungary's law").
pub(super) fn subject_owners(tree: &Tree, mentions: &SentenceMentions, subj: usize) -> Vec<usize> {
    if mentions.at(subj).is_some() {
        return Vec::new();
    }
    let mut out: Vec<usize> = tree
        .children(subj)
        .iter()
        .copied()
        .filter(|&c| matches!(tree.deprel(c), "nmod:poss" | "amod" | "compound"))
        .flat_map(|c| mentions.resolved_conjuncts(tree, c))
        .collect();
    // "the Saudi-led coalition": the leader of a group acts for it ("U.S.-backed forces"
    // are not the United States).
    for led in tree.children_exact(subj, "amod") {
        if tree.word(led) == "lead" {
            for c in tree.children(led).iter().copied() {
                if matches!(tree.deprel(c), "compound" | "obl" | "obl:npmod" | "nmod") {
                    out.extend(mentions.resolved_conjuncts(tree, c));
                }
            }
        }
    }
    out
}

/// Nouns that stand for the countries of their "of"/"from" phrase.
const GROUP_NOUNS: &[&str] = &[
    "delegation",
    "negotiator",
    "team",
    "representative",
    "official",
    "leader",
    "minister",
    "envoy",
    "diplomat",
    "government",
    "authority",
    "force",
    "troops",
];

pub(super) fn group_members(tree: &Tree, mentions: &SentenceMentions, noun: usize) -> Vec<usize> {
    if mentions.at(noun).is_some() || !GROUP_NOUNS.contains(&tree.word(noun).as_str()) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for c in tree.children_rel(noun, "nmod") {
        if matches!(tree.case_of(c).as_deref(), Some("of" | "from")) {
            out.extend(mentions.resolved_conjuncts(tree, c));
        }
    }
    out
}

/// The subject of the copular clause an infinitival modifier hangs in: "X was one of the
/// first countries to recognise" → X.
pub(super) fn copular_subject(tree: &Tree, v: usize) -> Option<usize> {
    let mut noun = tree.head(v)?;
    for _ in 0..3 {
        if tree.children_rel(noun, "cop").next().is_some() {
            return tree.children_exact(noun, "nsubj").next();
        }
        if tree.base_rel(noun) != "nmod" {
            return None;
        }
        noun = tree.head(noun)?;
    }
    None
}
