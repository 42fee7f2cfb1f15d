//! People and groups without a code of their own, in an event with one coded side.
//!
//! "A federal jury convicted Michael Avenatti", "the police arrested 40 protesters", "the
//! ministry urged people to stay home": the second side is a person or a group the actor
//! knowledge base does not (and should not) know. CAMEO coders give such a side the country
//! of the event's coded side with a civilian sector (a domestic event, `USA` → `USACVL`);
//! annals does the same, only when the argument slot is filled by a name the resolver kept
//! unresolved, a personal pronoun or a noun for people, and marks it with sector `CVL` and
//! no name. The event model sees that the side was inferred and weighs it.

use annals_core::Upos;

use crate::extract::SentenceMentions;
use crate::tree::Tree;

/// Nouns for people and groups of people (singular lemmas).
const PEOPLE: &[&str] = &[
    "people",
    "person",
    "man",
    "woman",
    "men",
    "women",
    "child",
    "citizen",
    "resident",
    "protester",
    "protestor",
    "demonstrator",
    "student",
    "worker",
    "journalist",
    "reporter",
    "activist",
    "suspect",
    "prisoner",
    "civilian",
    "lawyer",
    "doctor",
    "voter",
    "supporter",
    "opponent",
    "critic",
    "victim",
    "family",
    "farmer",
    "teacher",
    "migrant",
    "refugee",
    "immigrant",
    "defendant",
    "inmate",
    "detainee",
    "worshipper",
    "fan",
    "crowd",
    "group",
    "community",
    "public",
    "population",
    "driver",
    "passenger",
    "businessman",
    "executive",
    "employee",
    "member",
    "leader",
    "candidate",
    "politician",
    "lawmaker",
    "official",
    "officer",
    "soldier",
    "priest",
    "bishop",
    "cardinal",
    "archbishop",
    "cleric",
    "pilot",
    "hacker",
    "blogger",
    "dissident",
    "opposition",
    "municipality",
    "school",
    "company",
    "firm",
    "bank",
    "union",
    "party",
    "church",
    "organisation",
    "organization",
    "agency",
    "figure",
    "attacker",
    "settler",
    "villager",
    "schoolgirl",
    "schoolboy",
    "girl",
    "boy",
    "hostage",
    "pilgrim",
    "tourist",
    "fisherman",
    "sailor",
    "mourner",
    "rioter",
    "striker",
    "youth",
    "inhabitant",
];

/// Whether `lemma` is a noun for people or a group of people ("protesters", "students").
pub(crate) fn is_people_word(lemma: &str) -> bool {
    PEOPLE.contains(&lemma)
}

/// Personal pronouns that stand for people (never "it": things and states); also the
/// pronouns the home-country inference gives the report's country (see `home`).
pub(super) const PRONOUNS: &[&str] = &["him", "her", "them", "he", "she", "they", "us", "we"];

/// The token in the event's source and target slots of verb `v` that stands for a person
/// or group without a code, if any: (source slot, target slot).
pub fn people_slots(
    tree: &Tree,
    mentions: &SentenceMentions,
    v: usize,
) -> (Option<usize>, Option<usize>) {
    if matches!(tree.upos(v), Some(Upos::NOUN | Upos::PROPN)) {
        return noun_people_slots(tree, mentions, v);
    }
    if tree.upos(v) != Some(Upos::VERB) {
        return (None, None);
    }
    let passive = tree.is_passive(v);
    let (src_rels, tgt_rels): (&[&str], &[&str]) = if passive {
        (&["obl:agent"], &["nsubj:pass", "iobj"])
    } else {
        (&["nsubj"], &["obj", "iobj"])
    };
    let find = |rels: &[&str], names: bool| {
        tree.children(v)
            .iter()
            .copied()
            .find(|&c| rels.contains(&tree.deprel(c)) && is_people(tree, mentions, c, names))
    };
    // A named person who acts is often another state's official ("Vice Foreign Minister
    // Kim Hong-kyun urged Moscow"): only unnamed people and groups take the other side's
    // country as the source. A named person acted upon (arrested, convicted) may.
    let target = find(tgt_rels, true)
        .or_else(|| object_owner(tree, mentions, v, tgt_rels))
        .or_else(|| (!passive).then(|| aimed_at(tree, mentions, v)).flatten());
    (find(src_rels, false), target)
}

/// Prepositions whose object an act is aimed at: "fired tear gas *at* protesters",
/// "clashed *with* protesters", "cracked down *on* students".
const AIMED_PREPS: &[&str] = &["at", "against", "with", "on"];

/// People an act is aimed at through a prepositional phrase of verb `v` (see
/// [`AIMED_PREPS`]).
fn aimed_at(tree: &Tree, mentions: &SentenceMentions, v: usize) -> Option<usize> {
    tree.children_rel(v, "obl").find(|&c| {
        tree.case_of(c)
            .is_some_and(|case| AIMED_PREPS.contains(&case.as_str()))
            && is_people(tree, mentions, c, true)
    })
}

/// People slots of a noun trigger: its "by" phrase acts ("the massacre of villagers *by
/// soldiers*"), its "of" phrase is acted upon ("Iran's execution *of four men*", "the
/// arrest *of two journalists*").
fn noun_people_slots(
    tree: &Tree,
    mentions: &SentenceMentions,
    n: usize,
) -> (Option<usize>, Option<usize>) {
    let by_case = |case: &str| {
        tree.children_rel(n, "nmod")
            .find(|&c| tree.case_of(c).as_deref() == Some(case))
    };
    let source = by_case("by").filter(|&c| is_people(tree, mentions, c, false));
    let target = by_case("of").filter(|&c| is_people(tree, mentions, c, true));
    (source, target)
}

/// The owner of a thing acted upon: "criticized *Hosni's* plan", "ordered *Khashoggi's*
/// killing". Only when the object itself is no actor, no person and no group, and its
/// possessor is one (an unresolved name, a pronoun, a people noun).
fn object_owner(
    tree: &Tree,
    mentions: &SentenceMentions,
    v: usize,
    rels: &[&str],
) -> Option<usize> {
    let object = tree
        .children(v)
        .iter()
        .copied()
        .find(|&c| rels.contains(&tree.deprel(c)))?;
    if mentions.at(object).is_some() || tree.upos(object) != Some(Upos::NOUN) {
        return None;
    }
    if PEOPLE.contains(&tree.word(object).as_str()) {
        return None;
    }
    // "confiscated the passports *of Uighur residents*": an "of" owner as well.
    tree.children_exact(object, "nmod:poss")
        .chain(
            tree.children_rel(object, "nmod")
                .filter(|&c| tree.case_of(c).as_deref() == Some("of")),
        )
        .find(|&c| is_people(tree, mentions, c, true))
}

fn is_people(tree: &Tree, mentions: &SentenceMentions, tok: usize, names: bool) -> bool {
    if mentions.resolved_at(tok).is_some() {
        return false;
    }
    if let Some(m) = mentions.at(tok).and_then(|i| mentions.get(i)) {
        // A name the resolver found but could not resolve.
        return names && !m.is_resolved();
    }
    let word = tree.word(tok);
    match tree.upos(tok) {
        Some(Upos::PRON) => PRONOUNS.contains(&word.as_str()),
        Some(Upos::NOUN) => PEOPLE.contains(&word.as_str()) && !named_group(tree, tok),
        _ => false,
    }
}

/// "two Palestinian attackers", "Uighur residents": people the sentence gives a
/// nationality or group name the resolver did not read. Their country is not the other
/// side's to assume.
fn named_group(tree: &Tree, noun: usize) -> bool {
    tree.children(noun).iter().any(|&c| {
        matches!(tree.deprel(c), "amod" | "compound")
            && tree.form(c).chars().next().is_some_and(char::is_uppercase)
    })
}
