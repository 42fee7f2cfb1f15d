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

/// The actors at word `c` (with its conjuncts), or else the actors owning it ("Burkina
/// Faso's junta", "18 Ukrainian civilians").
pub(super) fn actors_or_owners(tree: &Tree, mentions: &SentenceMentions, c: usize) -> Vec<usize> {
    let own = mentions.resolved_conjuncts(tree, c);
    if own.is_empty() {
        subject_owners(tree, mentions, c)
    } else {
        own
    }
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

/// Nouns that count the people of their "of" phrase: "Thousands of Kenyan teachers
/// marched", "Tens of thousands of Palestinians", "hundreds of Iraqi protesters". The people
/// counted act.
const COUNT_NOUNS: &[&str] = &["ten", "hundred", "thousand", "million", "dozen", "score"];

pub(super) fn group_members(tree: &Tree, mentions: &SentenceMentions, noun: usize) -> Vec<usize> {
    let word = tree.word(noun);
    let counted = COUNT_NOUNS.contains(&word.as_str());
    if mentions.at(noun).is_some() || !(GROUP_NOUNS.contains(&word.as_str()) || counted) {
        return Vec::new();
    }
    let mut out = Vec::new();
    for c in tree.children_rel(noun, "nmod") {
        let case = tree.case_of(c);
        if matches!(case.as_deref(), Some("of")) || (!counted && case.as_deref() == Some("from")) {
            let members = mentions.resolved_conjuncts(tree, c);
            if members.is_empty() && counted && c > noun {
                // "Tens of thousands of protesters": the count counts a count; "thousands
                // of Georgian nationalists": people no mention covers, of a country.
                out.extend(group_members(tree, mentions, c));
                out.extend(subject_owners(tree, mentions, c));
            }
            out.extend(members);
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
