//! A reporting clause after the report: "Egypt is trying to destabilise Ethiopia, the
//! Ethiopian foreign ministry charged in a statement."
//!
//! News puts the speaker last, after a comma. The parser often reads the speaker's noun
//! phrase as an oblique of the main clause and the reporting verb as a relative clause on
//! it ("ministry charged" as "the ministry [that was] charged"), so the speaker is lost and
//! the verb ("charged", "warned", "accused") hangs on the wrong word. In the last segment
//! of a sentence — after its last comma, a noun phrase, then a finite reporting verb, then
//! at most a short phrase ("in a statement", "on Friday") — the noun phrase is the verb's
//! subject and the verb a `parataxis` of the sentence's root, as UD annotates "…, officials
//! said".

use annals_core::Upos;

use super::repair::RepairWord;
use super::Parser;

/// Reporting verb forms (finite: past and present).
const REPORTING: &[&str] = &[
    "said",
    "says",
    "charged",
    "charges",
    "added",
    "adds",
    "warned",
    "warns",
    "claimed",
    "claims",
    "stated",
    "states",
    "alleged",
    "alleges",
    "insisted",
    "insists",
    "argued",
    "argues",
    "noted",
    "notes",
    "declared",
    "declares",
    "announced",
    "announces",
    "accused",
    "accuses",
    "told",
    "tells",
    "wrote",
    "writes",
    "reported",
    "reports",
    "countered",
    "counters",
    "complained",
    "complains",
    "conceded",
    "concedes",
    "acknowledged",
    "acknowledges",
    "admitted",
    "admits",
    "confirmed",
    "confirms",
    "denied",
    "denies",
    "predicted",
    "predicts",
    "stressed",
    "stresses",
    "urged",
    "urges",
    "vowed",
    "vows",
];

/// Longest speaker phrase and trailing phrase read, in words.
const MAX_PHRASE: usize = 10;

/// Repair the last reporting clause of a sentence (see the module). Returns whether the
/// tree changed.
pub fn repair_reporting_clause(
    parser: &Parser,
    words: &[RepairWord],
    heads: &mut [(usize, u16)],
) -> bool {
    let label = |name: &str| parser.label_id(name);
    let (Some(nsubj_l), Some(parataxis_l), Some(punct_l)) =
        (label("nsubj"), label("parataxis"), label("punct"))
    else {
        return false;
    };
    let Some(root) = heads.iter().position(|&(h, _)| h == 0) else {
        return false;
    };
    let Some(comma) = words.iter().rposition(|w| w.form == ",") else {
        return false;
    };
    if comma < 3 || root >= comma {
        return false;
    }
    // The reporting verb: the first finite reporting form after the comma.
    let Some(v) = (comma + 1..words.len().min(comma + 2 + MAX_PHRASE)).find(|&i| {
        words[i].upos == Upos::VERB && REPORTING.contains(&words[i].form.to_lowercase().as_str())
    }) else {
        return false;
    };
    // The speaker: a noun phrase of determiners, adjectives, numbers and nouns, whose last
    // word is its head ("the Ethiopian foreign ministry", "U.N. officials").
    let phrase = comma + 1..v;
    if phrase.is_empty() {
        return false;
    }
    let nominal = |w: &RepairWord| {
        matches!(
            w.upos,
            Upos::DET | Upos::ADJ | Upos::NOUN | Upos::PROPN | Upos::NUM | Upos::PRON
        ) || w.form == "-"
    };
    if !words[phrase.clone()].iter().all(nominal) {
        return false;
    }
    let speaker = v - 1;
    if !matches!(words[speaker].upos, Upos::NOUN | Upos::PROPN | Upos::PRON) {
        return false;
    }
    // After the verb, only a short phrase and the final punctuation.
    let tail_ok = words[v + 1..].len() <= MAX_PHRASE
        && words[v + 1..].iter().all(|w| {
            matches!(
                w.upos,
                Upos::ADP
                    | Upos::DET
                    | Upos::ADJ
                    | Upos::NOUN
                    | Upos::PROPN
                    | Upos::NUM
                    | Upos::ADV
                    | Upos::PUNCT
            ) && w.form != ","
        });
    if !tail_ok {
        return false;
    }
    // Already read right: the speaker is the verb's subject, the verb beside the root.
    if heads[speaker] == (v + 1, nsubj_l) && heads[v] == (root + 1, parataxis_l) {
        return false;
    }
    // Only a verb that names no subject of its own.
    if heads
        .iter()
        .enumerate()
        .any(|(i, &(h, l))| h == v + 1 && l == nsubj_l && i != speaker)
    {
        return false;
    }
    heads[v] = (root + 1, parataxis_l);
    heads[speaker] = (v + 1, nsubj_l);
    heads[comma] = (v + 1, punct_l);
    // The speaker phrase's other words stay in the phrase: any that hung outside it now
    // modify its head.
    for head in heads.iter_mut().take(speaker).skip(comma + 1) {
        if head.0 == 0 || !(comma + 2..=v).contains(&head.0) {
            head.0 = speaker + 1;
        }
    }
    true
}
