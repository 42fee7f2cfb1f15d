//! Argument extraction: for each trigger that matches a pattern, the source and target
//! actor mentions and the theme, read off the dependency tree.

mod experiencer;
mod frame;
pub mod mentions;
mod nominal;
mod positional;
mod pruning;
mod subjects;
mod targets;
mod wrap;

use annals_core::Upos;

use crate::coder::domestic::is_people_word;
use crate::patterns::{Pattern, PatternSet, TriggerKind};
use crate::tree::Tree;

pub use frame::theme_matches;
use frame::{has_object, has_particle, has_prep_phrase, verb_themes};
pub use mentions::SentenceMentions;
use subjects::{
    actors_or_owners, copular_subject, group_members, list_head_subjects, subject_owners,
};
use targets::{
    clause_subject_targets, condition_subject_targets, conjunct_targets, despite_agents,
    object_modifier_targets, topic_targets,
};

/// How directly an argument was found; enters the confidence score.
pub mod support {
    /// A direct dependent of the trigger (subject, object, prepositional argument).
    pub const DIRECT: f64 = 1.0;
    /// The subject of a light verb whose object is a nominal trigger ("NATO will hold its
    /// largest exercise"): reliable enough for a one-sided nominal event.
    pub const LIGHT_VERB: f64 = 0.95;
    /// Through coordination, control or a relative clause.
    pub const INDIRECT: f64 = 0.9;
    /// By position only, when the parse gives no subject.
    pub const POSITIONAL: f64 = 0.7;
}

/// An actor argument: a mention index (into [`SentenceMentions`]) and its support.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arg {
    pub mention: usize,
    pub support: f64,
}

/// A trigger that matched a pattern, with its arguments.
#[derive(Debug, Clone)]
pub struct Candidate<'p> {
    pub trigger: usize,
    pub pattern: &'p Pattern,
    pub sources: Vec<Arg>,
    pub targets: Vec<Arg>,
    /// Head token of the theme ("agreement", "munitions"), when there is one.
    pub theme: Option<usize>,
    /// The targets came from one "between X and Y" phrase: each pairs with the others.
    pub between: bool,
    /// The trigger is a noun at the root of its sentence (no verb above it).
    pub noun_is_root: bool,
    /// Coordinated subjects of a symmetric code act on each other ("X and Y met"), unless
    /// the theme is their own ("held their meetings").
    pub mutual: bool,
}

/// Most candidate events one sentence proposes. A real sentence has a few; a sentence at
/// the splitter's length cap can have hundreds, each costing work per mention and carrying
/// its sentence's text into every event it yields. Triggers past the cap (in the order
/// below: verbs, then nouns) are not read.
pub const MAX_CANDIDATES_PER_SENTENCE: usize = 32;

/// Every trigger of the sentence that matches a pattern (lemma, particle and theme), with
/// whatever arguments the tree gives, at most [`MAX_CANDIDATES_PER_SENTENCE`]; the caller
/// decides which candidates become events.
pub fn candidates<'p>(
    patterns: &'p PatternSet,
    tree: &Tree,
    mentions: &SentenceMentions,
) -> Vec<Candidate<'p>> {
    let mut out: Vec<Candidate<'p>> = Vec::new();
    // Verbs first: a noun that is the theme or object of a matched verb ("signed an
    // agreement") is part of the verb's event, not an event of its own.
    for i in 0..tree.len() {
        if out.len() >= MAX_CANDIDATES_PER_SENTENCE {
            out.truncate(MAX_CANDIDATES_PER_SENTENCE);
            return wrap::apply(patterns, tree, mentions, out);
        }
        let feeling = tree.upos(i) == Some(Upos::ADJ) && patterns.is_experiencer(&tree.word(i));
        if (tree.upos(i) == Some(Upos::VERB) || feeling)
            && mentions.at(i).is_none()
            && !pruning::not_a_predicate(tree, i)
        {
            out.extend(match_verb(patterns, tree, mentions, i));
        }
    }
    for i in 0..tree.len() {
        if out.len() >= MAX_CANDIDATES_PER_SENTENCE {
            break;
        }
        if !matches!(tree.upos(i), Some(Upos::NOUN | Upos::PROPN)) {
            continue;
        }
        if mentions.at(i).is_some() {
            continue;
        }
        // Only a curated verb pattern claims its noun: a dictionary pattern of a light verb
        // ("held talks") must not hide the noun's own event.
        let curated = |c: &Candidate| c.pattern.origin == "curated";
        // Only the verb's object or theme is its part: "visit Washington for talks with
        // Biden" has the talks as an event of their own.
        // The act a claim of responsibility names is an event of its own ("claimed
        // responsibility for the rocket attack": the attack, by the claimer).
        let claimed = tree
            .head(i)
            .is_some_and(|h| tree.word(h) == "responsibility");
        // "host a round of talks *between Russia and Ukraine*": a noun with its own pair of
        // participants is an event of its own.
        let own_pair = !prep_args(tree, mentions, i, &["between".to_string()], "nmod").is_empty();
        let governed_by_trigger = !claimed
            && !own_pair
            && tree.head(i).is_some_and(|h| {
                out.iter().any(|c| {
                    curated(c)
                        && ((c.trigger == h && tree.deprel(i) == "obj") || c.theme == Some(h))
                })
            });
        let governor = out
            .iter()
            .filter(|_| !own_pair)
            .find(|c| curated(c) && c.theme == Some(i))
            .map(|c| (c.pattern.code.clone(), c.sources.clone()));
        if governed_by_trigger || governor.is_some() {
            // "Kyiv rejected Moscow's proposal": the noun's own event, when another actor
            // is its agent.
            if let Some((code, sources)) = governor {
                out.extend(nominal::embedded_event(
                    patterns, tree, mentions, i, &code, &sources,
                ));
            }
            continue;
        }
        if let Some(c) = nominal::match_noun(patterns, tree, mentions, i) {
            out.push(c);
        }
    }
    out.truncate(MAX_CANDIDATES_PER_SENTENCE);
    pruning::drop_verbs_their_nouns_complete(tree, &mut out);
    pruning::drop_control_verbs(tree, &mut out, |l| patterns.wrappers().is_wrapper(l));
    wrap::apply(patterns, tree, mentions, out)
}

/// Most codes one verb proposes; the event model picks among them.
const MAX_CODES_PER_TRIGGER: usize = 4;

/// The patterns a verb matches, one per CAMEO code, in pattern order (curated first, then
/// the most specific), at most [`MAX_CODES_PER_TRIGGER`].
fn match_verb<'p>(
    patterns: &'p PatternSet,
    tree: &Tree,
    mentions: &SentenceMentions,
    v: usize,
) -> Vec<Candidate<'p>> {
    let lemma = tree.word(v);
    let passive = tree.is_passive(v);
    let themes = verb_themes(tree, mentions, v, passive);
    // "is opposed to", "was alarmed by": a feeling of the subject, which the lemma's
    // other readings (an agent opposing, alarming) would turn around.
    let feeling = patterns.is_experiencer(&lemma) && experiencer::felt(tree, v);
    let mut out: Vec<Candidate<'p>> = Vec::new();
    for p in patterns.candidates(TriggerKind::Verb, &lemma) {
        if feeling != p.experiencer {
            continue;
        }
        if out.len() >= MAX_CODES_PER_TRIGGER {
            break;
        }
        if out.iter().any(|c| c.pattern.code == p.code) {
            continue;
        }
        if let Some(particle) = &p.particle {
            if !has_particle(tree, v, particle) {
                continue;
            }
        }
        if let Some(prep) = &p.required_prep {
            if !has_prep_phrase(tree, v, prep) {
                continue;
            }
        }
        if feeling {
            let (sources, targets) = experiencer::args(tree, mentions, v, p);
            out.push(Candidate {
                trigger: v,
                pattern: p,
                sources,
                targets,
                theme: None,
                between: false,
                noun_is_root: false,
                mutual: false,
            });
            continue;
        }
        if tree.upos(v) != Some(Upos::VERB) {
            continue;
        }
        // A pattern whose target is the object reads a transitive verb: "he returned to
        // Oman" is a journey home, not a release (084), "Parliament voted" no act on anyone.
        if p.object_target_only && p.particle.is_none() && !passive && !has_object(tree, v, true) {
            continue;
        }
        // Coercion acts on someone or something: "the ministry charged in a statement"
        // (no object) accuses; "charged him with fraud" takes legal action (173).
        if p.code.starts_with("17") && !passive && !has_object(tree, v, false) {
            continue;
        }
        let theme = if p.theme.is_empty() {
            themes.first().copied()
        } else {
            match themes
                .iter()
                .copied()
                .find(|&t| theme_matches(tree, t, &p.theme))
            {
                Some(t) => Some(t),
                None => continue,
            }
        };
        let sources = verb_sources(tree, mentions, v, passive);
        let targets = verb_targets(tree, mentions, v, passive, p, theme);
        out.push(Candidate {
            trigger: v,
            pattern: p,
            sources,
            targets,
            theme,
            between: false,
            noun_is_root: false,
            mutual: !theme.is_some_and(|t| has_possessor(tree, t)),
        });
    }
    out
}

pub(super) fn arg_list(ms: Vec<usize>, support: f64) -> Vec<Arg> {
    ms.into_iter()
        .map(|mention| Arg { mention, support })
        .collect()
}

/// The subject of a verb: its own subject (or passive agent), else the one it shares
/// through coordination, control or a relative clause, else the mention just before it.
fn verb_sources(tree: &Tree, mentions: &SentenceMentions, v: usize, passive: bool) -> Vec<Arg> {
    let own_rel = if passive { "obl:agent" } else { "nsubj" };
    let mut own: Vec<usize> = tree
        .children_exact(v, own_rel)
        .flat_map(|c| mentions.resolved_conjuncts(tree, c))
        .collect();
    if !own.is_empty() && !passive {
        own.extend(list_head_subjects(tree, mentions, v));
        dedup(&mut own);
    }
    if !own.is_empty() {
        return arg_list(own, support::DIRECT);
    }
    if let Some(subj) = tree.children_exact(v, own_rel).next() {
        // "the delegations of Cyprus and Greece met": a group noun standing for the
        // countries of its "of"/"from" phrase.
        let of: Vec<usize> = group_members(tree, mentions, subj);
        if !of.is_empty() {
            return arg_list(of, support::INDIRECT);
        }
    }
    if !passive {
        if let Some(subj) = tree.children_exact(v, "nsubj").next() {
            // "the IMF board approved", "Hungary's new law bans": a subject that is no
            // actor acts for the actor that owns or qualifies it.
            return arg_list(subject_owners(tree, mentions, subj), support::INDIRECT);
        }
    }
    // "Russia's ability to provide aid", "its plan to visit": the noun's possessor.
    if tree.deprel(v) == "acl" {
        if let Some(n) = tree.head(v) {
            let ms: Vec<usize> = tree
                .children_exact(n, "nmod:poss")
                .flat_map(|c| mentions.resolved_conjuncts(tree, c))
                .collect();
            if !ms.is_empty() {
                return arg_list(ms, support::INDIRECT);
            }
        }
    }
    // "made the decision to ban", "posted a message blaming Iran", "spoke, calling":
    // an infinitive or participle on the object of a verb, or a participial adverbial
    // clause, shares that verb's subject.
    let governor = match tree.deprel(v) {
        // People act themselves: in "fired tear gas at supporters *protesting* …" the
        // supporters protest, not the police.
        "acl" => tree
            .head(v)
            .filter(|&n| matches!(tree.deprel(n), "obj" | "obl"))
            .filter(|&n| mentions.at(n).is_none() && !is_people_word(&tree.word(n)))
            .and_then(|n| tree.head(n)),
        // An infinitive ("agreed on Monday to impose", parsed as an adverbial clause) is
        // controlled by the subject too.
        "advcl" if tree.children_rel(v, "mark").all(|m| tree.form(m) == "to") => tree.head(v),
        // "before dropping its objections", "after meeting Putin": a participle clause
        // of time shares the main clause's subject.
        "advcl"
            if tree.token(v).is_some_and(|t| t.xpos == "VBG")
                && tree
                    .children_rel(v, "mark")
                    .any(|m| PARTICIPLE_MARKS.contains(&tree.form(m).to_lowercase().as_str())) =>
        {
            tree.head(v)
        }
        // "suspended the broadcaster, *accusing* it of spreading false information": a
        // bare participle clause after the main clause shares an active main verb's subject
        // (a passive's subject is its patient: "was expelled, accusing" is not).
        "advcl"
            if tree.token(v).is_some_and(|t| t.xpos == "VBG")
                && tree.children_rel(v, "mark").next().is_none()
                && tree.head(v).is_some_and(|h| h < v && !tree.is_passive(h)) =>
        {
            tree.head(v)
        }
        _ => None,
    };
    if let Some(g) = governor {
        // The governor's subject, or the actor owning it ("Burkina Faso's junta").
        let ms: Vec<usize> = tree
            .children_exact(g, "nsubj")
            .flat_map(|c| actors_or_owners(tree, mentions, c))
            .collect();
        if !ms.is_empty() {
            return arg_list(ms, support::INDIRECT);
        }
    }
    // Relative clause: "the United States, which imposed sanctions".
    if tree.deprel(v) == "acl:relcl" {
        if let Some(h) = tree.head(v) {
            let ms = mentions.resolved_conjuncts(tree, h);
            if !ms.is_empty() {
                return arg_list(ms, support::INDIRECT);
            }
        }
    }
    // Control ("agreed to send") and shared subjects of conjoined verbs ("met and signed").
    let mut cur = v;
    for _ in 0..4 {
        let rel = tree.deprel(cur);
        let Some(h) = tree.head(cur) else { break };
        if !matches!(rel, "xcomp" | "conj") {
            break;
        }
        if rel == "xcomp" {
            // Object control ("urged Russia to stop", "compel it to provide").
            let objs: Vec<usize> = tree
                .children_exact(h, "obj")
                .flat_map(|c| mentions.resolved_conjuncts(tree, c))
                .collect();
            if !objs.is_empty() {
                return arg_list(objs, support::INDIRECT);
            }
        }
        let subj: Vec<usize> = tree
            .children_exact(h, "nsubj")
            .chain(tree.children_exact(h, "nsubj:pass"))
            .flat_map(|c| mentions.resolved_conjuncts(tree, c))
            .collect();
        if !subj.is_empty() {
            return arg_list(subj, support::INDIRECT);
        }
        cur = h;
    }
    // "X was one of the first countries to recognise Y": an infinitive on the predicate
    // noun of a copular clause takes the clause's subject.
    if tree.deprel(v) == "acl" {
        if let Some(subj) = copular_subject(tree, v) {
            let ms = mentions.resolved_conjuncts(tree, subj);
            if !ms.is_empty() {
                return arg_list(ms, support::INDIRECT);
            }
        }
    }
    if passive || matches!(tree.deprel(v), "acl" | "amod" | "xcomp") {
        return Vec::new();
    }
    arg_list(mentions.preceding_subjects(tree, v), support::POSITIONAL)
}

fn verb_targets(
    tree: &Tree,
    mentions: &SentenceMentions,
    v: usize,
    passive: bool,
    p: &Pattern,
    theme: Option<usize>,
) -> Vec<Arg> {
    let direct_rels: &[&str] = if passive {
        &["nsubj:pass", "iobj"]
    } else {
        &["obj", "iobj"]
    };
    for rel in direct_rels {
        let ms: Vec<usize> = tree
            .children_exact(v, rel)
            .flat_map(|c| mentions.resolved_conjuncts(tree, c))
            .collect();
        if !ms.is_empty() {
            return arg_list(ms, support::DIRECT);
        }
    }
    if p.code.starts_with("13") {
        let ms = condition_subject_targets(tree, mentions, v);
        if !ms.is_empty() {
            return arg_list(ms, support::INDIRECT);
        }
    }
    if p.object_target_only {
        // "banned the Indonesian air traffic", "suspended Mahan's permit", "sued the
        // government of the Netherlands": the owner or nationality of what the act touches.
        if theme.is_none() || p.theme.is_empty() {
            let owned_by = |c: usize| {
                matches!(tree.deprel(c), "amod" | "nmod:poss" | "compound")
                    || (tree.deprel(c) == "nmod" && tree.case_of(c).as_deref() == Some("of"))
            };
            let owners: Vec<usize> = tree
                .children_exact(v, if passive { "nsubj:pass" } else { "obj" })
                .flat_map(|o| {
                    tree.children(o)
                        .iter()
                        .copied()
                        .filter(|&c| owned_by(c))
                        .flat_map(|c| mentions.resolved_conjuncts(tree, c))
                        .collect::<Vec<_>>()
                })
                .collect();
            if !owners.is_empty() {
                return arg_list(owners, support::INDIRECT);
            }
        }
        return conjunct_targets(tree, mentions, v);
    }
    let ms = prep_args(tree, mentions, v, &p.preps, "obl");
    if !ms.is_empty() {
        return arg_list(ms, support::DIRECT);
    }
    // A prepositional phrase attached to the theme ("signed an agreement with Kim").
    if let Some(t) = theme {
        let ms = prep_args(tree, mentions, t, &p.preps, "nmod");
        if !ms.is_empty() {
            return arg_list(ms, support::INDIRECT);
        }
    }
    let ms = object_modifier_targets(tree, mentions, v, passive);
    if !ms.is_empty() {
        return arg_list(ms, support::INDIRECT);
    }
    // "Egypt hosted talks *between Israel and Hamas*", "brokered a truce between …": a
    // meeting arranged for two others is aimed at both.
    if p.code.starts_with("04") {
        let ms: Vec<usize> = tree
            .children_exact(v, "obj")
            .flat_map(|o| {
                tree.children_rel(o, "nmod")
                    .filter(|&c| tree.case_of(c).as_deref() == Some("between"))
                    .flat_map(|c| mentions.resolved_conjuncts(tree, c))
                    .collect::<Vec<_>>()
            })
            .collect();
        if !ms.is_empty() {
            return arg_list(ms, support::INDIRECT);
        }
    }
    let ms = clause_subject_targets(tree, mentions, v);
    if !ms.is_empty() {
        return arg_list(ms, support::INDIRECT);
    }
    if p.code.starts_with("01") || p.code.starts_with("11") {
        let ms = topic_targets(tree, mentions, v);
        if !ms.is_empty() {
            return arg_list(ms, support::INDIRECT);
        }
    }

    // "refused to halt enrichment despite demands by the Security Council".
    if p.code.starts_with("12") {
        let ms = despite_agents(tree, mentions, v);
        if !ms.is_empty() {
            return arg_list(ms, support::INDIRECT);
        }
    }
    let by_conjunct = conjunct_targets(tree, mentions, v);
    if !by_conjunct.is_empty() || passive {
        return by_conjunct;
    }
    if is_violence(&p.code) {
        let ms = place_targets(tree, mentions, v, theme);
        if !ms.is_empty() {
            return arg_list(ms, support::INDIRECT);
        }
    }
    arg_list(
        positional::positional_targets(tree, mentions, v, p),
        support::POSITIONAL,
    )
}

/// Assault, fight and mass violence (CAMEO 18–20): their place names whom they hit.
pub(super) fn is_violence(code: &str) -> bool {
    ["18", "19", "20"].iter().any(|r| code.starts_with(r))
}

/// "struck targets in Yemen", "Israel's military campaign in Gaza": the country of the
/// place where violence happens is its target when the sentence names no other (the
/// coder drops a target that is the source's own country).
pub(super) fn place_targets(
    tree: &Tree,
    mentions: &SentenceMentions,
    head: usize,
    theme: Option<usize>,
) -> Vec<usize> {
    let inside = ["in".to_string()];
    let mut ms = prep_args(tree, mentions, head, &inside, "obl");
    ms.extend(prep_args(tree, mentions, head, &inside, "nmod"));
    if ms.is_empty() {
        if let Some(t) = theme {
            ms = prep_args(tree, mentions, t, &inside, "nmod");
        }
    }
    ms
}

/// Subordinators of a participle clause whose subject is the main clause's.
const PARTICIPLE_MARKS: &[&str] = &[
    "before", "after", "while", "when", "without", "since", "upon",
];

pub(super) const DEFAULT_TARGET_PREPS: &[&str] = &["to", "with", "against", "on"];

/// Resolved mentions among the `rel` children of `head` whose preposition is in `preps`.
pub(super) fn prep_args(
    tree: &Tree,
    mentions: &SentenceMentions,
    head: usize,
    preps: &[String],
    rel: &str,
) -> Vec<usize> {
    let mut out = Vec::new();
    for c in tree.children_rel(head, rel) {
        if tree.deprel(c) == "obl:agent" {
            continue;
        }
        let Some(case) = tree.case_of(c) else {
            continue;
        };
        if preps.contains(&case) {
            for m in mentions.resolved_conjuncts(tree, c) {
                if !out.contains(&m) {
                    out.push(m);
                }
            }
        }
    }
    out
}

pub(super) fn has_possessor(tree: &Tree, n: usize) -> bool {
    tree.children_exact(n, "nmod:poss").next().is_some()
}

pub(super) fn dedup(v: &mut Vec<usize>) {
    let mut seen = Vec::new();
    v.retain(|x| {
        if seen.contains(x) {
            false
        } else {
            seen.push(*x);
            true
        }
    });
}
