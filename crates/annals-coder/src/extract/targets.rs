//! Targets the tree hides: in a modifier of the object, in a complement clause, in a
//! threat's condition, or on a conjoined verb.

use annals_core::Upos;

use super::{arg_list, prep_args, support, Arg, SentenceMentions, DEFAULT_TARGET_PREPS};
use crate::tree::Tree;

/// The words that may own phrase `c`: its possessor, adjective or compound, and its "of",
/// "by" … phrases whose preposition is in `preps` ("Russia's decision", "Israeli strikes",
/// "demands by the Security Council").
pub(super) fn owner_words(tree: &Tree, c: usize, preps: &[&str]) -> Vec<usize> {
    tree.children(c)
        .iter()
        .copied()
        .filter(|&k| {
            matches!(tree.deprel(k), "nmod:poss" | "amod" | "compound")
                || (tree.base_rel(k) == "nmod"
                    && tree
                        .case_of(k)
                        .is_some_and(|case| preps.contains(&case.as_str())))
        })
        .collect()
}

/// The resolved actors among the owners of phrase `c` (see [`owner_words`]), in order.
pub(super) fn phrase_owners(
    tree: &Tree,
    mentions: &SentenceMentions,
    c: usize,
    preps: &[&str],
) -> Vec<usize> {
    owner_words(tree, c, preps)
        .into_iter()
        .flat_map(|k| mentions.resolved_conjuncts(tree, k))
        .collect()
}

/// The target inside a modifier of the object: "rejected calls *by* X", "dismissed an
/// appeal *from* Y", "demanded a meeting *of* the Security Council", "condemned the
/// Israeli strikes" (the object's own actor modifier).
pub(super) fn object_modifier_targets(
    tree: &Tree,
    mentions: &SentenceMentions,
    v: usize,
    passive: bool,
) -> Vec<usize> {
    let obj_rel = if passive { "nsubj:pass" } else { "obj" };
    let mut out = Vec::new();
    // "rejected calls by the EU", "cancelled a visit by the Chinese minister": an active
    // verb has no agent phrase, so a "by" phrase the parser hung on the verb belongs to
    // its object.
    let has_noun_object = tree
        .children_exact(v, "obj")
        .any(|o| mentions.resolved_at(o).is_none());
    if !passive && has_noun_object {
        for c in tree.children_rel(v, "obl") {
            if tree.case_of(c).as_deref() == Some("by") {
                for m in mentions.resolved_conjuncts(tree, c) {
                    if !out.contains(&m) {
                        out.push(m);
                    }
                }
            }
        }
    }
    for o in tree.children_exact(v, obj_rel) {
        if mentions.resolved_at(o).is_some() {
            continue;
        }
        // "welcomed the agreement *between* Ethiopia and the TPLF".
        for m in phrase_owners(tree, mentions, o, &["of", "by", "from", "between"]) {
            if !out.contains(&m) {
                out.push(m);
            }
        }
    }
    out
}

/// The subject of a complement clause is the target of a verb of demanding, accusing or
/// claiming: "demanded *that Y* withdraw", "claimed *Biden* won by fraud", "warned *that
/// X* would …".
pub(super) fn clause_subject_targets(
    tree: &Tree,
    mentions: &SentenceMentions,
    v: usize,
) -> Vec<usize> {
    let mut out = Vec::new();
    // "demanded guarantees *that NATO* would not expand": the clause may hang on the object.
    let clauses: Vec<usize> = tree
        .children_exact(v, "ccomp")
        .chain(
            tree.children_exact(v, "obj")
                .flat_map(|o| tree.children_rel(o, "acl").collect::<Vec<_>>()),
        )
        .filter(|&c| {
            tree.deprel(c) == "ccomp"
                || tree.children_rel(c, "mark").next().is_some()
                || content_clause_read_as_relative(tree, c)
        })
        .filter(|&c| !trailing_attribution(tree, v, c))
        // "Egypt is trying to destabilise Ethiopia, the Ethiopian foreign ministry
        // *charged*": a reporting clause after the report charges the report's subject.
        .chain(
            tree.head(v)
                .filter(|&h| tree.deprel(v) == "parataxis" && h < v),
        )
        .collect();
    for c in clauses {
        for s in tree
            .children_exact(c, "nsubj")
            .chain(tree.children_exact(c, "nsubj:pass"))
        {
            for m in mentions.resolved_conjuncts(tree, s) {
                if !out.contains(&m) {
                    out.push(m);
                }
            }
        }
    }
    out
}

/// Verbs of reporting whose clause, after a comma, names the report's source: "China sent
/// aid to Nepal, *Xinhua reported*" (the parser may hang it as the verb's complement).
const REPORTING: &[&str] = &[
    "say", "report", "tell", "add", "state", "announce", "note", "confirm", "write", "quote",
];

/// Whether clause `c` of `v` is a trailing attribution ("…, Xinhua reported").
fn trailing_attribution(tree: &Tree, v: usize, c: usize) -> bool {
    let subject = tree.children_exact(c, "nsubj").next();
    c > v
        && REPORTING.contains(&tree.word(c).as_str())
        && subject.is_some_and(|s| s > 0 && tree.form(s - 1) == ",")
}

/// "guarantees that NATO would not expand": the parser reads the complementiser as a
/// relative pronoun, but the clause has a subject of its own, so "that" relativises
/// nothing and the clause states what the noun demands.
fn content_clause_read_as_relative(tree: &Tree, c: usize) -> bool {
    let that = tree
        .children(c)
        .iter()
        .any(|&k| k < c && tree.form(k).eq_ignore_ascii_case("that") && tree.deprel(k) != "nsubj");
    tree.deprel(c) == "acl:relcl" && that && tree.children_exact(c, "nsubj").next().is_some()
}

/// The subject of a condition on a threat: "threatened to execute hostages *if Israel*
/// bombed homes", "warned of retaliation *unless Washington* lifted sanctions": the threat
/// is aimed at whoever the condition is about.
pub(super) fn condition_subject_targets(
    tree: &Tree,
    mentions: &SentenceMentions,
    v: usize,
) -> Vec<usize> {
    let mut heads = vec![v];
    heads.extend(tree.children_exact(v, "xcomp"));
    let conditional = |c: usize| {
        tree.children_rel(c, "mark").any(|m| {
            let w = tree.form(m).to_lowercase();
            w == "if" || w == "unless"
        })
    };
    heads
        .into_iter()
        .flat_map(|h| tree.children_exact(h, "advcl").collect::<Vec<_>>())
        .filter(|&c| conditional(c))
        .flat_map(|c| tree.children_exact(c, "nsubj").collect::<Vec<_>>())
        .flat_map(|s| mentions.resolved_conjuncts(tree, s))
        .collect()
}

/// Targets shared with a conjoined verb that has no object of its own: "recognise and
/// establish relations with North Korea".
pub(super) fn conjunct_targets(tree: &Tree, mentions: &SentenceMentions, v: usize) -> Vec<Arg> {
    if tree.children_exact(v, "obj").next().is_some() {
        return Vec::new();
    }
    let preps: Vec<String> = DEFAULT_TARGET_PREPS.iter().map(|s| s.to_string()).collect();
    for c in tree.children_exact(v, "conj") {
        if tree.upos(c) != Some(Upos::VERB) {
            continue;
        }
        let mut ms: Vec<usize> = tree
            .children_exact(c, "obj")
            .flat_map(|o| {
                let direct = mentions.resolved_conjuncts(tree, o);
                if direct.is_empty() {
                    prep_args(tree, mentions, o, &preps, "nmod")
                } else {
                    direct
                }
            })
            .collect();
        if ms.is_empty() {
            ms = prep_args(tree, mentions, c, &preps, "obl");
        }
        if !ms.is_empty() {
            return arg_list(ms, support::INDIRECT);
        }
    }
    Vec::new()
}

/// Prepositions that name what a statement or a criticism is about.
const TOPIC_PREPS: &[&str] = &["about", "over"];

/// The actors a statement or criticism is about: "expressed concern about the cooperation
/// *between Moscow and Pyongyang*", "voiced alarm over *Israel's* strikes", "criticised the
/// government over *its* …": an actor in the topic phrase, or one modifying its noun (its
/// "between", "of" or "by" phrase, its possessor or country adjective).
pub(super) fn topic_targets(tree: &Tree, mentions: &SentenceMentions, v: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let mut push = |ms: Vec<usize>| {
        for m in ms {
            if !out.contains(&m) {
                out.push(m);
            }
        }
    };
    // The topic hangs on the verb, or on its object ("expressed *concern about* …").
    let on_object = tree
        .children_exact(v, "obj")
        .flat_map(|o| tree.children_rel(o, "nmod"));
    let phrases: Vec<usize> = tree.children_rel(v, "obl").chain(on_object).collect();
    for t in phrases {
        if !tree
            .case_of(t)
            .is_some_and(|c| TOPIC_PREPS.contains(&c.as_str()))
        {
            continue;
        }
        let own = mentions.resolved_conjuncts(tree, t);
        if !own.is_empty() {
            push(own);
            continue;
        }
        // "concern about the human rights situation *in Venezuela*": where the topic is.
        push(phrase_owners(
            tree,
            mentions,
            t,
            &["between", "of", "by", "in"],
        ));
    }
    out
}

/// Whoever a clause acts *despite*: "Iran refused to halt enrichment despite demands *by
/// the Security Council*", "Russia delivered the system despite *U.S.* objections". A
/// refusal or defiance is aimed at them. Looks at `v` and the verbs it controls.
pub(super) fn despite_agents(tree: &Tree, mentions: &SentenceMentions, v: usize) -> Vec<usize> {
    let mut out = Vec::new();
    let verbs = std::iter::once(v).chain(tree.children_exact(v, "xcomp"));
    for h in verbs.collect::<Vec<_>>() {
        for c in tree.children_rel(h, "obl") {
            if tree.case_of(c).as_deref() != Some("despite") {
                continue;
            }
            let mut ms = mentions.resolved_conjuncts(tree, c);
            if ms.is_empty() {
                ms = phrase_owners(tree, mentions, c, &["by", "from", "of"]);
            }
            for m in ms {
                if !out.contains(&m) {
                    out.push(m);
                }
            }
        }
    }
    out
}
