//! Unknown names that are a country's institution by their own words: "Royal Canadian
//! Mounted Police" → `CANCOP`, "Thames Valley Police" in a report about Britain →
//! `GBRCOP`, "Natural Law Party" in a report about the United States → `USAPTY`,
//! "U.S. Department of Agriculture" → `USAGOV` (data/engine.toml: `institution_last_words`,
//! `institution_first_words`, `institution_needs_country`).
//!
//! The knowledge base cannot list every police force, ministry and minor party; their
//! names say what they are, and the country is the one named inside the name or, failing
//! that, the country the document is about (then by coreference to that country's latest
//! mention, so `via` says where the country came from).

use annals_core::{Actor, ResolvedVia, Span};

use super::actors::sector_actor;
use super::{coref, Ctx, DocState};
use crate::lexicon::{longest_match, Hit, SentenceKeys};

/// The sector an unknown name's words give, and whether the country must be named inside
/// it: the last word ("… Police", "… Party"), or a first word before "of" ("Ministry of
/// Health", "Department of Agriculture", also after a country: "U.S. Department of …").
fn sector_of_name(ctx: &Ctx, start: usize, end: usize) -> Option<(String, bool)> {
    let rules = &ctx.kb.rules;
    let lower = |i: usize| ctx.token(i).map(|t| t.form.to_lowercase());
    // "Boston Tea Party" is an event, not a party.
    let social = end
        .checked_sub(2)
        .filter(|&k| k >= start)
        .and_then(lower)
        .is_some_and(|w| rules.institution_not_after.contains(&w));
    if let Some(s) = end
        .checked_sub(1)
        .and_then(lower)
        .and_then(|w| rules.institution_last_words.get(&w))
        .filter(|_| !social)
    {
        return Some((s.clone(), false));
    }
    // "Unity Party of America": the word before a last "of" ends the institution's name,
    // and the country after it must be named.
    let of = (start + 1..end).rev().find(|&k| ctx.is_word(k, "of"));
    if let Some(s) = of
        .and_then(|k| lower(k - 1))
        .and_then(|w| rules.institution_last_words.get(&w))
    {
        return Some((s.clone(), true));
    }
    (start..end).find_map(|k| {
        let word = lower(k)?;
        let sector = rules.institution_first_words.get(&word)?;
        ctx.is_word(k + 1, "of").then(|| {
            (
                sector.clone(),
                rules.institution_needs_country.contains(&word),
            )
        })
    })
}

/// The country named inside the name ("Royal Canadian …", "U.S. Department of …"): the
/// first country name or adjective the knowledge base finds among its words.
fn country_inside(ctx: &Ctx, start: usize, end: usize) -> Option<String> {
    let keys = SentenceKeys::new(ctx.tokens, &ctx.kb.lexicon);
    let mut k = start;
    while k < end {
        match longest_match(&ctx.kb.lexicon, ctx.tokens, &keys, k) {
            Some((e, hits)) if e <= end => {
                let country = hits.iter().find_map(|h| match *h {
                    Hit::Country(c) | Hit::CountryAdj(c) => ctx.kb.countries.get(c),
                    _ => None,
                });
                if let Some(c) = country {
                    return Some(c.code.clone());
                }
                k = e;
            }
            _ => k += 1,
        }
    }
    None
}

/// The actor an unknown name stands for as a named institution, with how it was found
/// and the antecedent (the document country's latest mention) when the country came
/// from the document; `None` leaves the name unresolved.
pub(crate) fn named_institution(
    ctx: &Ctx,
    state: &DocState,
    start: usize,
    end: usize,
) -> Option<(Vec<Actor>, ResolvedVia, Option<Span>)> {
    let (sector, needs_country) = sector_of_name(ctx, start, end)?;
    let name = Some(ctx.text(start, end));
    let named = |country: &str| Actor {
        name: name.clone(),
        ..sector_actor(country, &sector)
    };
    if let Some(country) = country_inside(ctx, start, end) {
        return Some((vec![named(&country)], ResolvedVia::Phrase, None));
    }
    if needs_country {
        return None;
    }
    let country = ctx.doc_country?;
    let antecedent = coref::same_country(state, Some(country))?;
    Some((
        vec![named(country)],
        ResolvedVia::Coreference,
        Some(antecedent),
    ))
}
