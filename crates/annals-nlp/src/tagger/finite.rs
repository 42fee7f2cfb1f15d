//! The finite verb of a news clause that the tagger read as a participle.
//!
//! Trained on web text, the tagger reads the verb of a short news clause whose object has
//! no determiner as a past participle: "Palestinian militants fired/VBN rockets at
//! Israel", "Police arrested/VBN 20 activists". The parser then makes the subject the
//! root and the verb a reduced relative clause, and the clause loses its subject. A
//! passive participle takes no direct object, so a participle between a sentence-initial
//! noun phrase and a noun phrase, in a sentence with no finite verb at all, is the finite
//! past-tense verb; it is retagged `VERB`/`VBD` before parsing.

use annals_core::Upos;

use super::{TagOut, Tagger};

/// Noun-phrase parts a subject may be made of.
const NP_TAGS: &[&str] = &[
    "DT", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "CD", "PRP$", "POS", "HYPH",
];

/// Tags that start the object noun phrase right after the verb.
const OBJECT_START_TAGS: &[&str] = &[
    "DT", "CD", "JJ", "JJR", "JJS", "NN", "NNS", "NNP", "NNPS", "PRP", "PRP$",
];

/// Tags of a finite verb or a modal: the sentence already has its verb.
const FINITE_TAGS: &[&str] = &["VBD", "VBZ", "VBP", "MD"];

/// Retag the participle of a sentence without a finite verb as its past-tense verb (see
/// the module). At most one word changes; returns its index.
pub fn restore_finite_verb(tagger: &Tagger, words: &[&str], tags: &mut [TagOut]) -> Option<usize> {
    let xpos = |t: &TagOut| tagger.xpos_name(t.xpos);
    // The first word that is not part of the initial noun phrase; an "-ed" adjective
    // right after a noun ends it too, since English puts adjectives before their noun.
    let first = (0..tags.len()).find(|&i| {
        let t = xpos(&tags[i]);
        let after_noun = i > 0 && matches!(xpos(&tags[i - 1]), "NN" | "NNS" | "NNP" | "NNPS");
        let ed = words
            .get(i)
            .is_some_and(|w| w.to_lowercase().ends_with("ed"));
        !NP_TAGS.contains(&t) || (t == "JJ" && after_noun && ed)
    })?;
    // "Zambian police briefly detained …": one "-ly" adverb before the verb.
    let adverb = xpos(tags.get(first)?) == "RB"
        && words
            .get(first)
            .is_some_and(|w| w.to_lowercase().ends_with("ly"));
    let v = if adverb { first + 1 } else { first };
    if !finite_verbs_only_in_later_clauses(tagger, words, tags, v) {
        return None;
    }
    let subject = tags.get(..first)?;
    if !subject
        .iter()
        .any(|t| matches!(t.upos, Upos::NOUN | Upos::PROPN))
    {
        return None;
    }
    let word = words.get(v)?.to_lowercase();
    let participle = match xpos(tags.get(v)?) {
        "VBN" => true,
        // "Chinese troops wounded two soldiers": a past form read as an adjective.
        "JJ" => word.ends_with("ed"),
        _ => false,
    };
    let object_follows = tags
        .get(v + 1)
        .is_some_and(|t| OBJECT_START_TAGS.contains(&xpos(t)));
    if !participle || !object_follows {
        return None;
    }
    let vbd = tagger.xpos_id("VBD")?;
    let plural = subject
        .iter()
        .rev()
        .find(|t| matches!(t.upos, Upos::NOUN | Upos::PROPN))
        .is_some_and(|t| matches!(xpos(t), "NNS" | "NNPS"));
    let number = if plural { "Plur" } else { "Sing" };
    let feats = tagger
        .feats_id(&format!(
            "Mood=Ind|Number={number}|Person=3|Tense=Past|VerbForm=Fin"
        ))
        .or_else(|| tagger.feats_id("Mood=Ind|Tense=Past|VerbForm=Fin"))?;
    let t = tags.get_mut(v)?;
    *t = TagOut {
        upos: Upos::VERB,
        xpos: vbd,
        feats,
    };
    Some(v)
}

/// Words that open a later clause of the sentence: a finite verb after one of them belongs
/// to that clause ("…, their lawyers said", "… after he held a rally", "… who had
/// protested"), not to the clause the participle would head.
const CLAUSE_OPENERS: &[&str] = &[
    ",", "after", "before", "when", "as", "while", "because", "since", "who", "which", "that",
    "if", "until", "though", "although", "where", "whose", "whom",
];

/// Whether every finite verb or modal of the sentence comes after word `v` and after a
/// clause opener between `v` and it: then the initial clause has no finite verb of its own.
fn finite_verbs_only_in_later_clauses(
    tagger: &Tagger,
    words: &[&str],
    tags: &[TagOut],
    v: usize,
) -> bool {
    let mut opened = false;
    for (i, t) in tags.iter().enumerate() {
        if i > v {
            let w = words.get(i).map(|w| w.to_lowercase()).unwrap_or_default();
            opened |= CLAUSE_OPENERS.contains(&w.as_str());
        }
        if FINITE_TAGS.contains(&tagger.xpos_name(t.xpos)) && (i <= v || !opened) {
            return false;
        }
    }
    true
}

/// Reporting verbs that may take a clause without "that": "officials said a Russian strike
/// killed 18 civilians".
const REPORTING_FORMS: &[&str] = &[
    "said",
    "says",
    "say",
    "reported",
    "reports",
    "claimed",
    "claims",
    "announced",
    "confirmed",
    "stated",
    "added",
    "alleged",
];

/// Retag the participle of a clause reported without "that" as its past-tense verb: after
/// a reporting verb, a noun phrase, then a participle and an object ("said a missile strike
/// killed/VBN 18 civilians"), the participle is the clause's finite verb, since a passive
/// participle takes no direct object. Returns the indices changed.
pub fn restore_reported_verb(tagger: &Tagger, words: &[&str], tags: &mut [TagOut]) -> Vec<usize> {
    let mut changed = Vec::new();
    let feats = tagger
        .feats_id("Mood=Ind|Number=Sing|Person=3|Tense=Past|VerbForm=Fin")
        .or_else(|| tagger.feats_id("Mood=Ind|Tense=Past|VerbForm=Fin"));
    let (Some(vbd), Some(feats)) = (tagger.xpos_id("VBD"), feats) else {
        return changed;
    };
    for r in 0..words.len() {
        let reporting = words
            .get(r)
            .is_some_and(|w| REPORTING_FORMS.contains(&w.to_lowercase().as_str()));
        if !reporting {
            continue;
        }
        // The noun phrase right after the reporting verb, then the participle.
        let Some(v) =
            (r + 1..tags.len()).find(|&i| !NP_TAGS.contains(&tagger.xpos_name(tags[i].xpos)))
        else {
            continue;
        };
        let has_noun = tags.get(r + 1..v).is_some_and(|np| {
            np.iter()
                .any(|t| matches!(t.upos, Upos::NOUN | Upos::PROPN))
        });
        let participle = tagger.xpos_name(tags[v].xpos) == "VBN";
        let object_follows = tags
            .get(v + 1)
            .is_some_and(|t| OBJECT_START_TAGS.contains(&tagger.xpos_name(t.xpos)))
            || counted_object(words, v + 1);
        if has_noun && participle && object_follows {
            if let Some(t) = tags.get_mut(v) {
                *t = TagOut {
                    upos: Upos::VERB,
                    xpos: vbd,
                    feats,
                };
                changed.push(v);
            }
        }
    }
    changed
}

/// Whether a counted object starts at word `i`: "at least 18 civilians", "more than 200
/// people", "up to 40".
fn counted_object(words: &[&str], i: usize) -> bool {
    let lower = |k: usize| words.get(k).map(|w| w.to_lowercase()).unwrap_or_default();
    matches!(
        (lower(i).as_str(), lower(i + 1).as_str()),
        ("at", "least") | ("more", "than") | ("up", "to") | ("fewer", "than") | ("less", "than")
    )
}
