//! Proposals that say nothing the sentence states: a verb inside a hyphenated word, and a
//! light verb's one-sided proposal that its noun's event completes.

use super::Candidate;
use crate::patterns::TriggerKind;
use crate::tree::Tree;

/// "The ICC opened an investigation into war crimes by Russian forces": the noun's event
/// (090 ICC→RUS) says all the verb's one-sided proposal of the same family (090 ICC→–)
/// says, and more; the verb's proposal is dropped.
pub(super) fn drop_verbs_their_nouns_complete(tree: &Tree, out: &mut Vec<Candidate>) {
    let completed: Vec<(usize, String)> = out
        .iter()
        .filter(|n| n.pattern.kind == TriggerKind::Noun && !n.targets.is_empty())
        .filter_map(|n| Some((tree.head(n.trigger)?, root_of(&n.pattern.code))))
        .collect();
    out.retain(|c| {
        c.pattern.kind != TriggerKind::Verb
            || !c.targets.is_empty()
            || !completed.contains(&(c.trigger, root_of(&c.pattern.code)))
    });
}

/// "Johnson is *trying* to use the Queen", "he *helped* negotiate the deal", "Sanders
/// *voted* to block it": a verb whose infinitive complement is the act, and which reaches no
/// target of its own, only introduces that act. Its own readings (a trial, aid, a vote) are
/// dropped; the act below is coded on its own, and wrapper verbs ("refused to", "threatened
/// to") are recoded by [`super::wrap`] instead.
pub(super) fn drop_control_verbs(
    tree: &Tree,
    out: &mut Vec<Candidate>,
    is_wrapper: impl Fn(&str) -> bool,
) {
    out.retain(|c| {
        c.pattern.kind != TriggerKind::Verb
            || !c.targets.is_empty()
            || c.theme.is_some()
            || is_wrapper(&tree.word(c.trigger))
            || !has_infinitive_complement(tree, c.trigger)
    });
}

/// Whether verb `v` has an infinitive complement: an `xcomp` verb marked "to", or a bare
/// infinitive after "help" ("helped negotiate").
fn has_infinitive_complement(tree: &Tree, v: usize) -> bool {
    tree.children_exact(v, "xcomp").any(|x| {
        tree.upos(x) == Some(annals_core::Upos::VERB)
            && (tree.word(v) == "help"
                || tree.children_exact(x, "mark").any(|m| tree.word(m) == "to"))
    })
}

fn root_of(code: &str) -> String {
    code.chars().take(2).collect()
}

/// Whether verb token `i` is no predicate: part of a hyphenated word the tokenizer split
/// ([`hyphenated`]) or a verb form acting as a preposition ("*according* to Human Rights
/// Watch", "*following* the talks").
pub(super) fn not_a_predicate(tree: &Tree, i: usize) -> bool {
    matches!(tree.deprel(i), "case" | "mark") || hyphenated(tree, i) || alleged_act(tree, i)
}

/// Verbs that charge someone with an act: "accused Kyiv *of shelling* the plant".
const CHARGING: &[&str] = &["accuse", "blame", "charge", "suspect", "fault", "indict"];

/// Whether verb token `i` is the act someone is accused of ("Moscow accused Kyiv *of
/// shelling* the plant"): the sentence states the accusation (112), not that the act
/// happened, so the act is no event of its own.
fn alleged_act(tree: &Tree, i: usize) -> bool {
    let marked = tree
        .children_exact(i, "mark")
        .any(|m| matches!(tree.word(m).as_str(), "of" | "for"));
    // The clause hangs on the accusing verb or on its object (the accused).
    let charged = |h: usize| CHARGING.contains(&tree.word(h).as_str());
    marked
        && tree
            .head(i)
            .is_some_and(|h| charged(h) || tree.head(h).is_some_and(charged))
}

/// Whether token `i` ends a hyphenated word the tokenizer split: "earthquake-hit Nepal",
/// "Saudi-led coalition", "U.S.-backed forces" describe a noun and state no event.
fn hyphenated(tree: &Tree, i: usize) -> bool {
    let (Some(prev), Some(hyphen), Some(word)) = (
        i.checked_sub(2).and_then(|k| tree.token(k)),
        i.checked_sub(1).and_then(|k| tree.token(k)),
        tree.token(i),
    ) else {
        return false;
    };
    hyphen.form == "-" && prev.span.end == hyphen.span.start && hyphen.span.end == word.span.start
}
