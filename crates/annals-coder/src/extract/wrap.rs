//! Wrapper verbs: "Russia threatened to deliver blows to Ukraine" states a threat by Russia
//! against Ukraine, not blows; "Hungary refused to sign" a refusal; "India offered to
//! mediate between Russia and Ukraine" an offer. The wrapped act's candidate lends its
//! sides to a wrapper event whose code the wrapper table gives (`data/wrappers.tsv`), and
//! the act itself is not coded. The wrapper verb's own patterns give way to the wrapper
//! event, which knows the target they lack.

use annals_core::Upos;

use super::{
    arg_list, support,
    targets::{condition_subject_targets, despite_agents, phrase_owners},
    verb_sources, Candidate, SentenceMentions,
};
use crate::patterns::{PatternSet, WrapperResult};
use crate::tree::Tree;

/// Recode the candidates whose trigger is wrapped by a wrapper verb.
pub(super) fn apply<'p>(
    patterns: &'p PatternSet,
    tree: &Tree,
    mentions: &SentenceMentions,
    cands: Vec<Candidate<'p>>,
) -> Vec<Candidate<'p>> {
    let table = patterns.wrappers();
    let mut kept: Vec<Candidate<'p>> = Vec::with_capacity(cands.len());
    let mut wrappers: Vec<Candidate<'p>> = Vec::new();
    let mut wrapped: Vec<usize> = Vec::new();
    let mut keeping: Vec<usize> = Vec::new();
    let mut dropping: Vec<usize> = Vec::new();
    for c in cands {
        let Some((w, wrapper_lemma)) = wrapping_verb(tree, c.trigger, |l| table.is_wrapper(l))
        else {
            kept.push(c);
            continue;
        };
        match table.lookup(&wrapper_lemma, &c.pattern.code) {
            None => kept.push(c),
            // "EU ministers agreed to impose sanctions on Russia": the act stands, expected,
            // and says what the agreement was; the wrapper verb's own reading goes.
            Some(WrapperResult::Keep) => {
                if !c.sources.is_empty() || !c.targets.is_empty() {
                    keeping.push(w);
                }
                kept.push(c);
            }
            // "refused to comment": no act, and no bare refusal (12) either; the wrapper
            // verb's other readings ("decline comment", 011; "urged Russia to", 02) stand.
            Some(WrapperResult::Drop) => dropping.push(w),
            Some(WrapperResult::Code(p)) => {
                let p: &'p crate::patterns::Pattern = p;
                // An act's candidates come best first (curated, then the most specific
                // pattern): the first one the wrapper recodes decides the code.
                if wrapped.contains(&c.trigger) {
                    continue;
                }
                wrapped.push(c.trigger);
                let sources = if !c.sources.is_empty() {
                    c.sources
                } else if tree.upos(w) == Some(Upos::VERB) {
                    verb_sources(tree, mentions, w, tree.is_passive(w))
                } else {
                    // "Moscow's threat to cut off gas supplies": the noun's owner.
                    arg_list(phrase_owners(tree, mentions, w, &[]), support::INDIRECT)
                };
                // "threatened to retaliate if Washington imposed sanctions": a threat
                // whose act names no target is aimed at the condition's subject.
                let targets = if c.targets.is_empty() && p.code.starts_with("13") {
                    arg_list(
                        condition_subject_targets(tree, mentions, w),
                        support::INDIRECT,
                    )
                } else if c.targets.is_empty() && p.code.starts_with("12") {
                    // "refused to halt enrichment despite demands by the Security Council".
                    arg_list(despite_agents(tree, mentions, w), support::INDIRECT)
                } else {
                    c.targets
                };
                wrappers.push(Candidate {
                    trigger: w,
                    pattern: p,
                    sources,
                    targets,
                    theme: c.theme,
                    between: c.between,
                    noun_is_root: false,
                    // The act's own reading: "X and Y pledged to reopen embassies" act
                    // jointly, "… their weapons" do not.
                    mutual: c.mutual,
                });
            }
        }
    }
    let bare_refusal = |c: &Candidate| {
        dropping.contains(&c.trigger)
            && c.pattern.theme.is_empty()
            && c.pattern.code.starts_with("12")
    };
    kept.retain(|c| {
        !(wrappers.iter().any(|w| w.trigger == c.trigger)
            || keeping.contains(&c.trigger)
            || bare_refusal(c))
    });
    kept.extend(wrappers);
    kept
}

/// Nouns that wrap an act as their verbs do ("Moscow's *threat* to cut off gas supplies",
/// "Iran's *refusal* to halt enrichment"), with the verb whose wrapper rows they take.
const NOUN_WRAPPERS: &[(&str, &str)] = &[
    ("threat", "threaten"),
    ("refusal", "refuse"),
    ("pledge", "pledge"),
    ("promise", "promise"),
    ("offer", "offer"),
    ("vow", "vow"),
    ("commitment", "commit"),
    ("plan", "plan"),
    ("intention", "intend"),
    ("agreement", "agree"),
    ("call", "call"),
    ("appeal", "appeal"),
    ("request", "request"),
    ("demand", "demand"),
    ("invitation", "invite"),
];

/// The wrapper above a trigger, with the verb lemma whose wrapper rows apply: the verb
/// whose infinitive complement the trigger is ("threatened to *strike*"), or whose
/// complement's object it is ("agreed to hold *talks*"), or a wrapper noun whose
/// infinitive the trigger is ("Moscow's threat to *cut off* gas supplies").
fn wrapping_verb(
    tree: &Tree,
    trigger: usize,
    is_wrapper: impl Fn(&str) -> bool,
) -> Option<(usize, String)> {
    let mut act = trigger;
    if tree.upos(act) != Some(Upos::VERB) {
        if tree.deprel(act) != "obj" {
            return None;
        }
        act = tree.head(act)?;
    }
    // The parser may read the infinitive as an adverbial clause ("agreed on Monday to
    // impose").
    let infinitive = tree.deprel(act) == "advcl"
        && tree
            .children_rel(act, "mark")
            .any(|m| tree.form(m).eq_ignore_ascii_case("to"));
    let to = tree
        .children_rel(act, "mark")
        .any(|m| tree.form(m).eq_ignore_ascii_case("to"));
    let w = tree.head(act)?;
    if tree.deprel(act) == "acl" && to && tree.upos(w) == Some(Upos::NOUN) {
        let noun = tree.word(w);
        let (_, verb) = NOUN_WRAPPERS.iter().find(|(n, _)| *n == noun)?;
        return is_wrapper(verb).then(|| (w, verb.to_string()));
    }
    if tree.deprel(act) != "xcomp" && !infinitive {
        return None;
    }
    if tree.upos(w) != Some(Upos::VERB) {
        return None;
    }
    let lemma = tree.word(w);
    is_wrapper(&lemma).then_some((w, lemma))
}
