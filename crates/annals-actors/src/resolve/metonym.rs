//! When a capital or seat of power stands for its government ("Pyongyang said", "talks
//! with Beijing", "condemned by Moscow") and when it is only a place ("in Pyongyang",
//! "flew to Moscow").

use annals_core::{Token, Upos};

use super::sentence::Unit;
use super::Ctx;
use crate::lexicon::Hit;

/// The token whose relation places a conjunct: "Seoul and Washington began" — Washington
/// is a conjunct of Seoul, so Seoul's relation (subject) counts for both.
fn first_conjunct(ctx: &Ctx, mut i: usize) -> usize {
    for _ in 0..8 {
        let Some(t) = ctx.token(i) else { break };
        if t.deprel != "conj" || t.head == 0 {
            break;
        }
        i = t.head - 1;
    }
    i
}

/// The first preposition (`case` child, not the possessive 's) of token `i`, lower case.
fn preposition_of(ctx: &Ctx, i: usize) -> Option<String> {
    ctx.tokens
        .iter()
        .find(|c| c.head == i + 1 && c.deprel == "case" && c.xpos != "POS")
        .map(|c| c.form.to_lowercase())
}

fn governor<'a>(ctx: &'a Ctx, t: &Token) -> Option<&'a Token> {
    t.head.checked_sub(1).and_then(|h| ctx.token(h))
}

/// Does the name at `unit` stand for a government here ("Pyongyang said", "warned
/// Washington", "Moscow's support", "talks with Beijing"), rather than a place ("in
/// Pyongyang")?
pub(crate) fn is_metonym(ctx: &Ctx, units: &[Unit], unit: &Unit) -> bool {
    if names_the_city(ctx, unit) {
        return false;
    }
    let head = first_conjunct(ctx, ctx.head_of(unit.start, unit.end));
    let Some(t) = ctx.token(head) else {
        return false;
    };
    let rel_ok = ctx.kb.rules.metonym_deprels.contains(&t.deprel) || ctx.is_possessive(unit.end);
    let prep = preposition_of(ctx, head);
    let before_prep = head == ctx.head_of(unit.start, unit.end)
        && unit
            .start
            .checked_sub(1)
            .and_then(|p| ctx.token(p))
            .is_some_and(|p| p.upos == Upos::ADP);
    let place_object = t.deprel == "obj"
        && governor(ctx, t)
            .is_some_and(|v| ctx.kb.rules.place_verbs.contains(&v.lemma.to_lowercase()));
    if rel_ok && prep.is_none() && !before_prep && !place_object {
        return true;
    }
    prep.is_some_and(|p| oblique_metonym(ctx, units, unit, t, &p))
}

/// The city itself: after the noun "capital" ("the capital San Salvador", "the capital,
/// Kyiv"), or as a modifier of a common noun that is no institution ("the San Juan
/// streets", "Washington senator Patty Murray"; but "Washington officials" keeps its
/// reading: `seat_nouns`, `document_country_nouns`). Only capitals: seats of power keep
/// their reading before any noun ("White House spokesman").
fn names_the_city(ctx: &Ctx, unit: &Unit) -> bool {
    let rules = &ctx.kb.rules;
    let mut p = unit.start.checked_sub(1);
    if p.is_some_and(|k| ctx.is_word(k, ",")) {
        p = p.and_then(|k| k.checked_sub(1));
    }
    let after_capital = p.is_some_and(|k| ctx.is_lemma(k, "capital"));
    let modifier = ctx.token(unit.end).is_some_and(|t| {
        let lemma = t.lemma.to_lowercase();
        // A lower-case word the tagger took for a name is a noun too ("senator").
        matches!(t.upos, Upos::NOUN | Upos::PROPN)
            && t.form.chars().next().is_some_and(char::is_lowercase)
            && !rules.seat_nouns.contains(&lemma)
            && !rules.document_country_nouns.contains(&lemma)
    });
    let city = unit.hits.iter().any(|h| matches!(h, Hit::Capital(_)))
        && !unit
            .hits
            .iter()
            .any(|h| matches!(h, Hit::Seat(_) | Hit::IgoSeat(_)));
    city && (after_capital || modifier)
}

/// Is the capital at `unit` the state someone visits, travels to or arrives in ("Putin
/// visited Pyongyang", "Lavrov flew to Moscow", "arrived in Beijing", "a visit to Seoul")? Then it stands for its country as a place of
/// visit (a host, CAMEO 042/043), not for the government.
pub(crate) fn is_host_place(ctx: &Ctx, unit: &Unit) -> bool {
    let head = first_conjunct(ctx, ctx.head_of(unit.start, unit.end));
    let Some(t) = ctx.token(head) else {
        return false;
    };
    let Some(gov) = governor(ctx, t) else {
        return false;
    };
    let lemma = gov.lemma.to_lowercase();
    let rules = &ctx.kb.rules;
    if gov.upos == Upos::NOUN {
        // "a visit to Pyongyang", "his trip to Moscow".
        return preposition_of(ctx, head).as_deref() == Some("to")
            && t.deprel.starts_with("nmod")
            && rules.visit_nouns.contains(&lemma);
    }
    if gov.upos != Upos::VERB {
        return false;
    }
    match preposition_of(ctx, head).as_deref() {
        None => t.deprel == "obj" && rules.host_verbs.contains(&lemma),
        Some("to") => {
            // "flew to Moscow"; "paid a visit to Pyongyang", the parser hanging "to" on
            // the light verb whose object is the visit.
            let gov_index = t.head.checked_sub(1);
            let visit_object = ctx.tokens.iter().any(|k| {
                k.head.checked_sub(1) == gov_index
                    && k.deprel == "obj"
                    && rules.visit_nouns.contains(&k.lemma.to_lowercase())
            });
            t.deprel.starts_with("obl") && (rules.travel_verbs.contains(&lemma) || visit_object)
        }
        Some("in") => t.deprel.starts_with("obl") && rules.arrival_verbs.contains(&lemma),
        Some(_) => false,
    }
}

/// A capital after a preposition is its government when the sentence is about states and
/// the preposition relates actors ("with", "against", "by", "between" …) to something
/// other than a movement; "from", "to" and "for" only after an event noun ("pressure from
/// Washington", "a warning to Pyongyang").
fn oblique_metonym(ctx: &Ctx, units: &[Unit], unit: &Unit, t: &Token, prep: &str) -> bool {
    let rules = &ctx.kb.rules;
    let Some(gov) = governor(ctx, t) else {
        return false;
    };
    let gov_lemma = gov.lemma.to_lowercase();
    let fits = if rules.relation_prepositions.contains(prep) {
        !rules.place_verbs.contains(&gov_lemma)
    } else if rules.source_prepositions.contains(prep) {
        gov.upos == Upos::NOUN
            && (rules.event_nouns.contains(&gov_lemma) || rules.state_words.contains(&gov_lemma))
    } else {
        false
    };
    fits && about_states(ctx, units, unit)
}

/// Is the sentence about states: another country, government, IGO, office or person of
/// the knowledge base in it, or a word of diplomacy ("talks", "sanctions", "treaty")?
fn about_states(ctx: &Ctx, units: &[Unit], this: &Unit) -> bool {
    let state_hit = |h: &Hit| match *h {
        Hit::Sector(s) => ctx
            .kb
            .sectors
            .get(s)
            .is_some_and(|s| matches!(s.sector.as_str(), "GOV" | "MIL" | "LEG")),
        // Other capitals count only as a subject or object ("Seoul warned Pyongyang"),
        // not as places ("flights between Seoul and Tokyo"); seats of power always do.
        Hit::Surname(_) | Hit::Capital(_) => false,
        _ => true,
    };
    let core_capital = |u: &Unit| {
        let head = ctx.head_of(u.start, u.end);
        u.hits.iter().any(|h| matches!(h, Hit::Capital(_)))
            && ctx
                .token(head)
                .is_some_and(|t| ctx.kb.rules.metonym_deprels.contains(&t.deprel))
            && preposition_of(ctx, head).is_none()
    };
    let other_actor = units
        .iter()
        .any(|u| u.start != this.start && (u.hits.iter().any(state_hit) || core_capital(u)));
    other_actor
        || ctx
            .tokens
            .iter()
            .any(|t| ctx.kb.rules.state_words.contains(&t.lemma.to_lowercase()))
}
