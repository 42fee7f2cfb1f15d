//! Feelings of a subject: "China is deeply concerned about the situation in Myanmar",
//! "Guterres was alarmed by the violence in Sudan", "Japan was pleased with the talks",
//! "Beijing is opposed to the deployment". The adjective (or passive participle) is the
//! trigger; the one who feels is its subject, not the agent of the passive, and what the
//! feeling is about — the actor of its "about/by/with/over …" phrase, or the owner of that
//! phrase's noun ("disappointed with *Russia's* decision") — is the target. The active verb
//! ("the violence alarmed China") states no comment by anyone and is left to other patterns.

use annals_core::Upos;

use super::targets::owner_words;
use super::{arg_list, dedup, support, Arg, SentenceMentions};
use crate::patterns::Pattern;
use crate::tree::Tree;

/// Whether trigger `v` is used as a feeling of its subject: an adjective, a passive, or a
/// participle after a copula ("is opposed to").
pub(super) fn felt(tree: &Tree, v: usize) -> bool {
    tree.upos(v) == Some(Upos::ADJ)
        || tree.is_passive(v)
        || tree.children_exact(v, "cop").next().is_some()
}

/// What a feeling is about may be owned through these phrases ("the violence *in Sudan*").
const OWNER_PREPS: &[&str] = &["of", "by", "in"];

/// Sources and targets of a feeling `v` under pattern `p`.
pub(super) fn args(
    tree: &Tree,
    mentions: &SentenceMentions,
    v: usize,
    p: &Pattern,
) -> (Vec<Arg>, Vec<Arg>) {
    let subjects = |h: usize| -> Vec<usize> {
        ["nsubj", "nsubj:pass"]
            .iter()
            .flat_map(|rel| tree.children_exact(h, rel).collect::<Vec<_>>())
            .flat_map(|c| mentions.resolved_conjuncts(tree, c))
            .collect()
    };
    let mut sources = subjects(v);
    // "Ankara remained cautiously optimistic": the subject of the verb the adjective
    // complements.
    if sources.is_empty() && tree.deprel(v) == "xcomp" {
        if let Some(h) = tree.head(v) {
            sources = subjects(h);
        }
    }
    let mut targets = Vec::new();
    let mut owners = Vec::new();
    for &c in tree.children(v) {
        if !matches!(tree.base_rel(c), "obl" | "nmod") {
            continue;
        }
        let Some(case) = tree.case_of(c) else {
            continue;
        };
        if !p.preps.contains(&case) {
            continue;
        }
        let direct = mentions.resolved_conjuncts(tree, c);
        if !direct.is_empty() {
            targets.extend(direct);
            continue;
        }
        // "disappointed with Russia's decision", "alarmed by the violence in Sudan('s
        // Darfur region)".
        for k in owner_words(tree, c, OWNER_PREPS) {
            let mut ms = mentions.resolved_conjuncts(tree, k);
            if ms.is_empty() && tree.base_rel(k) == "nmod" {
                for j in owner_words(tree, k, OWNER_PREPS) {
                    ms.extend(mentions.resolved_conjuncts(tree, j));
                }
            }
            owners.extend(ms);
        }
    }
    // "concerned (that) the government will change the law": the clause's subject.
    if targets.is_empty() && owners.is_empty() {
        for c in tree.children_exact(v, "ccomp") {
            owners.extend(subjects(c));
        }
    }
    dedup(&mut sources);
    dedup(&mut targets);
    dedup(&mut owners);
    targets.retain(|t| !sources.contains(t));
    owners.retain(|t| !sources.contains(t));
    let targets = if targets.is_empty() {
        arg_list(owners, support::INDIRECT)
    } else {
        arg_list(targets, support::DIRECT)
    };
    (arg_list(sources, support::DIRECT), targets)
}
