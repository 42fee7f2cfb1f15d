//! Nominal triggers: "Putin's visit to Pyongyang", "sanctions imposed by the US on
//! Russia", "the provision of North Korean munitions to Russia".

use super::subjects::{actors_or_owners, group_members, subject_owners};
use super::targets::phrase_owners;
use super::{
    arg_list, dedup, has_possessor, is_violence, place_targets, prep_args, support, theme_matches,
    Arg, Candidate, SentenceMentions,
};
use crate::patterns::{OfRole, Pattern, PatternSet, TriggerKind};
use crate::tree::Tree;

/// Verbs whose subject is also the agent of their nominal object ("paid a visit", "held
/// talks", "launched an invasion").
const LIGHT_VERBS: &[&str] = &[
    "pay",
    "hold",
    "make",
    "conduct",
    "have",
    "launch",
    "begin",
    "start",
    "carry",
    "sign",
    "provide",
    "offer",
    "impose",
    "announce",
    "wage",
    "continue",
    "maintain",
    "increase",
    "expand",
    "extend",
    "boost",
    "step",
    "complete",
    "resume",
    "stage",
    "mount",
    "lodge",
    "file",
    "issue",
    "deliver",
    "order",
    "open",
    "renew",
    "intensify",
    "escalate",
];

/// Verbs of travel whose "for" phrase names what the traveller comes to do ("arrived in
/// Beijing for talks").
const TRAVEL_VERBS: &[&str] = &[
    "visit", "travel", "arrive", "fly", "come", "go", "head", "return", "gather", "convene",
];

pub(super) fn match_noun<'p>(
    patterns: &'p PatternSet,
    tree: &Tree,
    mentions: &SentenceMentions,
    n: usize,
) -> Option<Candidate<'p>> {
    let lemma = tree.word(n);
    // The "of" modifier that is not an actor is the theme ("supply of munitions").
    let of_child = tree
        .children_rel(n, "nmod")
        .find(|&c| tree.case_of(c).as_deref() == Some("of"));
    // The actors of the noun's "between" phrase, and of its participant phrases: only
    // participants pair up, not the places of "the fighting in Yemen and Syria".
    let between_phrase = prep_args(tree, mentions, n, &words(&["between"]), "nmod");
    let participants = prep_args(
        tree,
        mentions,
        n,
        &words(&["of", "between", "among"]),
        "nmod",
    );
    let mut fallback = None;
    let labour = labour_strike(tree, n);
    for p in patterns.candidates(TriggerKind::Noun, &lemma) {
        let stoppage = labour && p.code == LABOUR_STRIKE;
        if !p.theme.is_empty() && !theme_matches(tree, n, &p.theme) && !stoppage {
            continue;
        }
        let theme = of_child.filter(|&c| mentions.resolved_at(c).is_none());
        let (sources, mut targets) = noun_args(tree, mentions, n, p, theme);
        // "the trilateral meeting of Cyprus, Greece and Israel": participants, pairwise;
        // so are the actors of one "between" phrase, even one mention naming two
        // ("clashes between Indian and Pakistani troops").
        let all_participants = targets.iter().all(|t| participants.contains(&t.mention));
        let mut between = sources.is_empty()
            && ((targets.len() >= 2 && all_participants)
                || (!targets.is_empty() && !between_phrase.is_empty()));
        if targets.is_empty() {
            between = true;
            // "between Russia and North Korea": the pair is in one prepositional phrase.
            targets = arg_list(between_phrase.clone(), support::DIRECT);
        }
        let candidate = Candidate {
            trigger: n,
            pattern: p,
            sources,
            targets,
            theme,
            between,
            noun_is_root: tree.head(n).is_none(),
            mutual: !has_possessor(tree, n),
        };
        // A symmetric reading with one side ("NATO will hold its largest military
        // exercise") gives way to a later one-sided pattern of the noun (152, not 062);
        // with none, it stands ("talks with China": the other side unstated).
        let sides = candidate.sources.len() + candidate.targets.len();
        let several = candidate
            .sources
            .iter()
            .chain(&candidate.targets)
            .any(|a| mentions.get(a.mention).is_some_and(|m| m.actors.len() >= 2));
        if p.symmetric && sides < 2 && !several {
            fallback.get_or_insert(candidate);
            continue;
        }
        return Some(candidate);
    }
    fallback
}

/// The verb of the clause word `n` stands in: its nearest verb ancestor, a few steps up.
fn clause_verb(tree: &Tree, n: usize) -> Option<usize> {
    let mut cur = tree.head(n)?;
    for _ in 0..6 {
        if tree.upos(cur) == Some(annals_core::Upos::VERB) {
            return Some(cur);
        }
        cur = tree.head(cur)?;
    }
    None
}

/// The CAMEO code of a strike or boycott by workers.
const LABOUR_STRIKE: &str = "143";

/// Verbs that start a strike as a labour action: "went on strike", "staged a strike",
/// "called a strike".
const STRIKE_VERBS: &[&str] = &["stage", "call", "hold", "begin", "start"];

/// Whether the noun `n` is a workers' strike by its frame alone — "went *on strike*",
/// "staged a strike", "called a strike" — with nothing that makes it a military strike (an
/// "air", "drone" or "missile" modifier; a target after "on"). "Launched a strike on Gaza" is
/// not: "launch" is not among the verbs.
fn labour_strike(tree: &Tree, n: usize) -> bool {
    if tree.word(n) != "strike" {
        return false;
    }
    let Some(h) = tree.head(n) else {
        return false;
    };
    let verb = tree.word(h);
    let frame =
        (verb == "go" && tree.base_rel(n) == "obl" && tree.case_of(n).as_deref() == Some("on"))
            || (tree.deprel(n) == "obj" && STRIKE_VERBS.contains(&verb.as_str()));
    let military = tree.children(n).iter().any(|&c| {
        let rel = tree.base_rel(c);
        (matches!(rel, "amod" | "compound")
            && matches!(
                tree.word(c).as_str(),
                "air" | "drone" | "missile" | "aerial" | "military" | "retaliatory"
            ))
            || (rel == "nmod" && tree.case_of(c).as_deref() == Some("on"))
    });
    frame && !military
}

/// Verbs whose subject claims an act as its own ("claimed responsibility for").
const CLAIMING: &[&str] = &["claim", "accept", "take", "admit", "bear"];

/// Verbs whose object is held to have done an act ("blamed Iran for the attacks").
const BLAMING: &[&str] = &[
    "blame",
    "accuse",
    "condemn",
    "criticize",
    "criticise",
    "fault",
    "denounce",
];

/// Whoever an act `n` is claimed by or blamed on: "Hamas claimed responsibility for the
/// rocket attack" (the claimer), "Washington blamed Iran for the attacks" (the one
/// blamed). The act's own agent, when it names one, comes first (see the caller).
/// Returns the parties and the claiming or blaming verb.
fn responsible_party(
    tree: &Tree,
    mentions: &SentenceMentions,
    n: usize,
) -> (Vec<usize>, Option<usize>) {
    let none = (Vec::new(), None);
    if !matches!(tree.case_of(n).as_deref(), Some("for" | "of")) {
        return none;
    }
    let Some(mut h) = tree.head(n) else {
        return none;
    };
    // "responsibility for the attack" may hang on the noun "responsibility".
    if tree.word(h) == "responsibility" {
        match tree.head(h) {
            Some(v) => h = v,
            None => return none,
        }
    }
    let verb = tree.word(h);
    let subjects = || -> Vec<usize> {
        tree.children_exact(h, "nsubj")
            .flat_map(|c| mentions.resolved_conjuncts(tree, c))
            .collect()
    };
    if CLAIMING.contains(&verb.as_str())
        && tree
            .children_exact(h, "obj")
            .any(|o| tree.word(o) == "responsibility")
    {
        return (subjects(), Some(h));
    }
    if BLAMING.contains(&verb.as_str()) {
        let blamed = tree
            .children_exact(h, "obj")
            .flat_map(|c| mentions.resolved_conjuncts(tree, c))
            .collect();
        return (blamed, None);
    }
    none
}

/// Roots of the codes whose subject responds to the act its object names: "Kyiv rejected
/// Moscow's proposal" answers a proposal made to Kyiv (approve, yield, reject).
const RESPONSE_ROOTS: &[&str] = &["05", "08", "12"];

/// The event of a noun that is the theme of another event's verb, stated only when the
/// noun has an agent of its own that is not the verb's subject: "Kyiv rejected Moscow's
/// proposal for a truce" states Moscow's proposal (to Kyiv: a response verb's subject is
/// the proposal's target when the noun names none); "North Korea dismissed South Korea's
/// offer of talks", "Amnesty condemned Iran's execution of four men". Without its own
/// agent ("Kyiv rejected the proposal") the noun is only the verb's theme.
pub(super) fn embedded_event<'p>(
    patterns: &'p PatternSet,
    tree: &Tree,
    mentions: &SentenceMentions,
    n: usize,
    governor_code: &str,
    governor_sources: &[Arg],
) -> Option<Candidate<'p>> {
    let mut c = match_noun(patterns, tree, mentions, n)?;
    let key = |a: &Arg| {
        mentions
            .get(a.mention)
            .and_then(|m| m.actors.first())
            .map(|x| x.country.clone().unwrap_or_else(|| x.code.clone()))
    };
    let governor_keys: Vec<_> = governor_sources.iter().map(key).collect();
    let own_agent = !c.sources.is_empty()
        && c.sources
            .iter()
            .all(|a| key(a).is_some() && !governor_keys.contains(&key(a)));
    if !own_agent {
        return None;
    }
    let responds = RESPONSE_ROOTS.iter().any(|r| governor_code.starts_with(r));
    if c.targets.is_empty() && responds {
        c.targets = governor_sources.to_vec();
        c.between = false;
    }
    Some(c)
}

fn noun_args(
    tree: &Tree,
    mentions: &SentenceMentions,
    n: usize,
    p: &Pattern,
    theme: Option<usize>,
) -> (Vec<Arg>, Vec<Arg>) {
    let mut sources = Vec::new();
    let mut targets = Vec::new();
    for &c in tree.children(n) {
        let rel = tree.deprel(c);
        let ms = || mentions.resolved_conjuncts(tree, c);
        match tree.base_rel(c) {
            "nmod" if rel == "nmod:poss" => sources.extend(ms()),
            "amod" | "compound" => sources.extend(ms()),
            // "France is in talks with Germany", "Britain is at war with Iraq": the
            // subject of a noun predicate.
            "nsubj" if tree.children_exact(n, "cop").next().is_some() => sources.extend(ms()),
            "nmod" => match tree.case_of(c).as_deref() {
                Some("by") => sources.extend(ms()),
                Some("from") if p.from_source => sources.extend(ms()),
                Some("of") if p.of_role == OfRole::Source => sources.extend(ms()),
                Some("of") => targets.extend(ms()),
                Some(case) if p.preps.iter().any(|x| x == case) => targets.extend(ms()),
                _ => {}
            },
            // "sanctions imposed by the US and EU on Russia".
            "acl" if rel != "acl:relcl" => {
                for a in tree.children_exact(c, "obl:agent") {
                    sources.extend(mentions.resolved_conjuncts(tree, a));
                    // "by the US and EU on Russia": the target phrase often lands on the agent.
                    targets.extend(prep_args(tree, mentions, a, &p.preps, "nmod"));
                }
                targets.extend(prep_args(tree, mentions, c, &p.preps, "obl"));
            }
            _ => {}
        }
    }
    // "the visit of President Putin to North Korea": the target phrase may hang on the
    // source's phrase.
    if targets.is_empty() {
        for &c in tree.children(n) {
            let by_or_of = matches!(tree.case_of(c).as_deref(), Some("of" | "by"));
            if tree.base_rel(c) == "nmod" && by_or_of && mentions.resolved_at(c).is_some() {
                targets.extend(prep_args(tree, mentions, c, &p.preps, "nmod"));
            }
        }
    }
    // "the provision of munitions to Russia": the target phrase may hang on the theme.
    if targets.is_empty() {
        if let Some(t) = theme {
            targets.extend(prep_args(tree, mentions, t, &p.preps, "nmod"));
        }
    }
    // "the arrest of two journalists by police", "the killing of a journalist by Israeli
    // soldiers": the parser often hangs the agent on the theme or on the "of" phrase.
    if sources.is_empty() {
        let of_phrases =
            tree.children(n).iter().copied().filter(|&c| {
                tree.base_rel(c) == "nmod" && tree.case_of(c).as_deref() == Some("of")
            });
        let mut held: Vec<usize> = theme.into_iter().chain(of_phrases).collect();
        held.dedup();
        for t in held {
            sources.extend(prep_args(tree, mentions, t, &["by".to_string()], "nmod"));
        }
    }
    let mut support_src = support::DIRECT;
    // "the provision of North Korean munitions": the theme's country adjective.
    if sources.is_empty() {
        if let Some(t) = theme {
            for c in tree.children(t).iter().copied() {
                if matches!(tree.base_rel(c), "amod" | "compound") {
                    sources.extend(mentions.resolved_conjuncts(tree, c));
                }
            }
            support_src = support::INDIRECT;
        }
    }
    // "Russia launched an invasion of Ukraine", "paid a visit to Pyongyang".
    if let Some(h) = tree.head(n) {
        // "Putin praised Pyongyang's support *during a visit* to Pyongyang", "thanked Japan
        // *during a call* with Kishida": the clause's subject makes the visit or the call.
        let occasion = p.code.starts_with("04")
            && matches!(tree.base_rel(n), "obl" | "nmod")
            && tree.case_of(n).as_deref() == Some("during");
        let h = if occasion {
            clause_verb(tree, n).unwrap_or(h)
        } else {
            h
        };
        let verb = tree.word(h);
        // "will visit Washington for talks with Biden": the traveller holds the talks.
        let purpose = tree.base_rel(n) == "obl"
            && tree.case_of(n).as_deref() == Some("for")
            && TRAVEL_VERBS.contains(&verb.as_str());
        // "went on strike": the striker goes on it.
        let gone_on =
            verb == "go" && tree.base_rel(n) == "obl" && tree.case_of(n).as_deref() == Some("on");
        let light = purpose
            || occasion
            || gone_on
            || labour_strike(tree, n)
            || (tree.deprel(n) == "obj" && LIGHT_VERBS.contains(&verb.as_str()));
        if light {
            if sources.is_empty() {
                // "Negotiators from Sudan and South Sudan resumed talks", "Chinese and
                // Russian warships held exercises": the subject, its members or owners.
                for subj in tree.children_exact(h, "nsubj") {
                    let mut ms = mentions.resolved_conjuncts(tree, subj);
                    if ms.is_empty() {
                        ms = group_members(tree, mentions, subj);
                    }
                    if ms.is_empty() {
                        ms = subject_owners(tree, mentions, subj);
                    }
                    sources.extend(ms);
                }
                support_src = support::LIGHT_VERB;
            }
            if targets.is_empty() {
                targets = prep_args(tree, mentions, h, &p.preps, "obl");
            }
        }
    }
    if sources.is_empty() {
        let (ms, verb) = responsible_party(tree, mentions, n);
        if !ms.is_empty() {
            sources.extend(ms);
            support_src = support::LIGHT_VERB;
            // "claimed responsibility for the attack on the Israeli city": the target
            // phrase may hang on the claiming verb.
            if let (true, Some(v)) = (targets.is_empty(), verb) {
                targets = prep_args(tree, mentions, v, &p.preps, "obl");
            }
        }
    }
    // "an investigation into alleged war crimes *by Russian forces*", "criticism of the
    // arrests *by Egyptian police*": what is investigated or criticised is an act, and its
    // agent is the target. Likewise what a ban or sanction is put on, or eased on, belongs
    // to its target: "a ban on *Russian* oil", "the lifting of sanctions on *Iran's* banks";
    // and so does what violence strikes: "a rocket attack on the *Israeli* city of Ashkelon".
    let owner_is_target = ["09", "11", "16", "08", "18", "19", "20"]
        .iter()
        .any(|r| p.code.starts_with(r));
    if targets.is_empty() && owner_is_target {
        for c in tree.children_rel(n, "nmod") {
            let Some(case) = tree.case_of(c) else {
                continue;
            };
            if !p.preps.contains(&case) || mentions.resolved_at(c).is_some() {
                continue;
            }
            targets.extend(phrase_owners(tree, mentions, c, &["by", "of"]));
        }
    }
    if targets.is_empty() && is_violence(&p.code) {
        targets.extend(harmed_by(tree, mentions, n));
    }
    if targets.is_empty() && is_violence(&p.code) {
        targets.extend(place_targets(tree, mentions, n, theme));
    }
    // "Iran refused to halt enrichment despite demands by the Security Council",
    // "Carter met Meshaal despite objections from Washington": what the clause's subject
    // did in spite of is aimed at that subject.
    if targets.is_empty() && tree.case_of(n).as_deref() == Some("despite") {
        targets.extend(clause_subject_above(tree, mentions, n));
    }
    dedup(&mut sources);
    dedup(&mut targets);
    targets.retain(|t| !sources.contains(t));
    (
        arg_list(sources, support_src),
        arg_list(targets, support::DIRECT),
    )
}

/// Verbs of harm whose cause may be an attack noun: "a Russian missile strike *killed* 18
/// Ukrainian civilians", "was *killed* in an Israeli drone strike".
const HARM_VERBS: &[&str] = &[
    "kill", "wound", "injure", "hit", "destroy", "damage", "strike", "claim",
];

/// Who an attack noun `n` harms, by the verb of harm it causes: the verb's object when the
/// noun is its subject ("a missile strike killed 18 Ukrainian civilians"), the passive
/// subject when the noun is its cause ("a commander was killed in an Israeli drone strike").
fn harmed_by(tree: &Tree, mentions: &SentenceMentions, n: usize) -> Vec<usize> {
    let Some(v) = tree.head(n) else {
        return Vec::new();
    };
    if !HARM_VERBS.contains(&tree.word(v).as_str()) {
        return Vec::new();
    }
    let rel = tree.deprel(n);
    let cause = tree.base_rel(n) == "obl"
        && matches!(tree.case_of(n).as_deref(), Some("in" | "by"))
        && tree.is_passive(v);
    let harmed_rel = if rel == "nsubj" {
        "obj"
    } else if cause {
        "nsubj:pass"
    } else {
        return Vec::new();
    };
    tree.children_exact(v, harmed_rel)
        .flat_map(|c| actors_or_owners(tree, mentions, c))
        .collect()
}

/// The resolved subject of the clause `n` stands in: the nearest verb above it with a
/// subject, climbing through controlled and conjoined verbs ("refused to halt enrichment
/// despite demands": the subject of "refused").
fn clause_subject_above(tree: &Tree, mentions: &SentenceMentions, n: usize) -> Vec<usize> {
    let mut cur = n;
    for _ in 0..6 {
        let Some(h) = tree.head(cur) else { break };
        let subj: Vec<usize> = tree
            .children_exact(h, "nsubj")
            .flat_map(|s| mentions.resolved_conjuncts(tree, s))
            .collect();
        if !subj.is_empty() {
            return subj;
        }
        cur = h;
    }
    Vec::new()
}

fn words(list: &[&str]) -> Vec<String> {
    list.iter().map(|w| w.to_string()).collect()
}
