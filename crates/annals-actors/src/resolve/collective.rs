//! Noun phrases without a country of their own: collective nouns that refer back ("the
//! rebels", "the protesters"), institutions of the country the document is about ("the
//! government", "police"), and country adjectives before event nouns ("an American
//! offer").

use std::collections::HashMap;

use annals_core::{Actor, ResolvedVia, Span, Upos};

use super::actors::{country_actor, sector_actor};
use super::sentence::{Unit, Units};
use super::{Ctx, DocState, Extra};
use crate::kb::KnowledgeBase;
use crate::lexicon::Hit;

/// The country of one knowledge-base phrase, when it names exactly one.
fn unit_country<'k>(kb: &'k KnowledgeBase, unit: &'k Unit) -> Option<&'k str> {
    if let Some(code) = unit.forced.as_deref() {
        return Some(code);
    }
    let mut found: Option<&str> = None;
    for h in &unit.hits {
        let c = match *h {
            Hit::Country(c)
            | Hit::CountryAdj(c)
            | Hit::Capital(c)
            | Hit::Seat(c)
            | Hit::Demonym(c) => kb.countries.get(c).map(|c| c.code.as_str()),
            Hit::Person(p) => kb.people.get(p).and_then(|p| p.country.as_deref()),
            Hit::Org(o) => kb.orgs.get(o).and_then(|o| o.country.as_deref()),
            _ => None,
        };
        match (found, c) {
            (None, Some(c)) => found = Some(c),
            (Some(f), Some(c)) if f != c => return None,
            _ => {}
        }
    }
    found.filter(|c| kb.countries.iter().any(|x| x.code == *c))
}

/// The country a document is about: the one its phrases name most often (countries,
/// adjectives, capitals, people and organisations of it), when it is named at least twice
/// and `document_country_ratio` times as often as the next. `None` when no country stands
/// out: "the government" then stays unresolved rather than guessed.
pub(crate) fn document_country(kb: &KnowledgeBase, units: &[Vec<Unit>]) -> Option<String> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for unit in units.iter().flatten() {
        if let Some(c) = unit_country(kb, unit) {
            *counts.entry(c).or_default() += 1;
        }
    }
    let mut ranked: Vec<(&str, usize)> = counts.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
    let (top, n) = *ranked.first()?;
    let second = ranked.get(1).map_or(0, |r| r.1);
    let ratio = kb.rules.document_country_ratio;
    (n >= 2 && n as f64 >= ratio * second as f64).then(|| top.to_string())
}

/// The countries and IGOs a document names outright: by name, adjective, demonym or seat
/// of power, through a person named in full (their country and the owners of their
/// offices) or an organisation; not by a capital or a lone surname, which is what these
/// codes are checked for ("Sola" in a report about Norway is no Argentine minister).
pub(crate) fn document_codes(kb: &KnowledgeBase, units: &[Vec<Unit>]) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for unit in units.iter().flatten() {
        codes.extend(unit.forced.clone());
        for h in &unit.hits {
            match *h {
                Hit::Country(c) | Hit::CountryAdj(c) | Hit::Seat(c) | Hit::Demonym(c) => {
                    codes.extend(kb.countries.get(c).map(|c| c.code.clone()));
                }
                Hit::Igo(g) | Hit::IgoAdj(g) | Hit::IgoSeat(g) => {
                    if let Some(g) = kb.igos.get(g) {
                        codes.push(g.code.clone());
                        codes.extend(g.parent.clone());
                    }
                }
                Hit::Person(p) => {
                    if let Some(p) = kb.people.get(p) {
                        codes.extend(p.country.clone());
                        codes.extend(p.roles.iter().filter_map(|r| {
                            let o = kb.offices.get(*kb.office_index.get(&r.office)?)?;
                            Some(o.country.clone())
                        }));
                    }
                }
                Hit::Org(o) => codes.extend(kb.orgs.get(o).and_then(|o| o.country.clone())),
                _ => {}
            }
        }
    }
    codes.sort_unstable();
    codes.dedup();
    codes
}

/// Does a capitalised sector noun inside a sentence stay a sector noun? Plural group nouns
/// do ("Iraqi Kurds", "Shiites"), and an institution right after "the" that does not start
/// a longer name ("the Senate", but not "the Senate Armed Services Committee").
pub(crate) fn capitalised_noun_stays(ctx: &Ctx, unit: &Unit) -> bool {
    let rules = &ctx.kb.rules;
    let sector_of = |h: &Hit| match *h {
        Hit::Sector(s) => ctx.kb.sectors.get(s),
        _ => None,
    };
    let last = unit.end.saturating_sub(1);
    // Plural ("Kurds"), or after a possessive or a capitalised word ("Myanmar's
    // Rohingya", "Rwandan Tutsi").
    let plural = ctx.is_plural(last)
        || ctx
            .token(last)
            .is_some_and(|t| matches!(t.xpos.as_str(), "NNS" | "NNPS"));
    let after = unit.start.checked_sub(1).is_some_and(|p| {
        ctx.is_possessive(p)
            || ctx
                .token(p)
                .is_some_and(|t| t.form.chars().next().is_some_and(char::is_uppercase))
    });
    let group = unit
        .hits
        .iter()
        .filter_map(sector_of)
        .any(|s| rules.capitalised_group_sectors.contains(&s.sector))
        && (plural || after);
    if group {
        return true;
    }
    let institution = unit
        .hits
        .iter()
        .filter_map(sector_of)
        .any(|s| rules.document_country_nouns.contains(&s.phrase));
    let after_the = unit.start > 0 && ctx.is_lemma(unit.start - 1, "the");
    let name_goes_on = ctx.token(unit.end).is_some_and(|t| {
        t.form.chars().next().is_some_and(char::is_uppercase) && t.upos != Upos::PUNCT
    }) || ctx.is_word(unit.end, "of");
    institution && after_the && !name_goes_on
}

/// A sector noun phrase with no country ("the rebels", "the government", "police"):
/// first the most recent mention of that sector within `collective_window` sentences
/// (by coreference); then, for the institutions in `document_country_nouns` after "the"
/// or in the plural, the country the document is about (also by coreference, pointing at
/// the latest earlier mention of that country). A capitalised group noun with neither
/// ("Kurds", "Shiites") is kept as an unresolved name.
pub(crate) fn collective(
    ctx: &Ctx,
    state: &mut DocState,
    range: (usize, usize),
    sector: usize,
    definite: bool,
) {
    let (start, end) = range;
    let Some(noun) = ctx.kb.sectors.get(sector) else {
        return;
    };
    let head = end.saturating_sub(1);
    let plural = ctx.is_plural(head);
    let rules = &ctx.kb.rules;
    // "Governments in east Asia", "their militaries": one-per-country institutions in the
    // plural are several countries' or generic, so they refer to nothing.
    if plural && rules.one_per_country_nouns.contains(&noun.phrase) {
        state.plural_blockers.push((ctx.sentence, start));
        return;
    }
    let institution = rules.document_country_nouns.contains(&noun.phrase);
    // Plural groups ("the rebels", "protesters") and institutions ("the government")
    // refer back; not singular common nouns ("the company") nor "states", "nations".
    let group = (plural && !rules.group_country_nouns.contains(&noun.phrase))
        || (definite && rules.collective_nouns.contains(&noun.phrase));
    if (definite || plural) && (group || institution) {
        if let Some((actors, span)) = same_sector(ctx, state, &noun.sector) {
            let extra = Extra {
                plural: Some(plural),
                ..Extra::default()
            };
            state.emit(
                ctx,
                range,
                actors,
                ResolvedVia::Coreference,
                Some(span),
                extra,
            );
            return;
        }
    }
    if institution && (definite || plural) {
        if let Some(country) = ctx.doc_country {
            if let Some(span) = super::coref::same_country(state, Some(country)) {
                state.emit(
                    ctx,
                    range,
                    vec![sector_actor(country, &noun.sector)],
                    ResolvedVia::Coreference,
                    Some(span),
                    Extra::default(),
                );
                return;
            }
        }
    }
    if rules.stand_alone_sectors.contains(&noun.sector) {
        // "Rights groups said": the sector is the code (NGO), with no country to guess.
        let actor = Actor {
            code: noun.sector.clone(),
            country: None,
            sector: Some(noun.sector.clone()),
            name: None,
            wikidata: None,
        };
        let extra = Extra {
            plural: Some(plural),
            ..Extra::default()
        };
        state.emit(ctx, range, vec![actor], ResolvedVia::Phrase, None, extra);
        return;
    }
    if plural {
        state.plural_blockers.push((ctx.sentence, start));
    }
    let capitalised = ctx
        .token(head)
        .is_some_and(|t| t.form.chars().next().is_some_and(char::is_uppercase));
    if capitalised && rules.capitalised_group_sectors.contains(&noun.sector) {
        let first = if ctx.is_lemma(start, "the") {
            start + 1
        } else {
            start
        };
        super::sentence::unknown_name(ctx, state, first, end);
    }
}

/// The most recent resolved mention, within the window, whose actors all have `sector`.
fn same_sector(ctx: &Ctx, state: &DocState, sector: &str) -> Option<(Vec<Actor>, Span)> {
    let window = ctx.kb.rules.collective_window;
    state
        .recent()
        .iter()
        .rev()
        .take_while(|r| r.mention.sentence + window > ctx.sentence)
        .find(|r| {
            r.mention.is_resolved()
                && r.mention
                    .actors
                    .iter()
                    .all(|a| a.sector.as_deref() == Some(sector))
        })
        .map(|r| {
            // "the media" after "CNN": the group's code, not the one member's name.
            let actors = r
                .mention
                .actors
                .iter()
                .map(|a| Actor {
                    name: None,
                    wikidata: None,
                    ..a.clone()
                })
                .collect();
            (actors, r.mention.span)
        })
}

/// Is there an event noun at `i`, after at most one filler ("an American peace offer")?
pub(crate) fn event_noun_at(ctx: &Ctx, units: &Units, i: usize) -> bool {
    let events = &ctx.kb.rules.event_nouns;
    let is_event = |k: usize| {
        ctx.token(k).is_some_and(|t| {
            // The lemma, or the plural's stem when the lemmatiser missed it ("vetoes").
            let form = t.form.to_lowercase();
            let known = events.contains(&t.lemma.to_lowercase())
                || form.strip_suffix("es").is_some_and(|f| events.contains(f))
                || form.strip_suffix('s').is_some_and(|f| events.contains(f));
            t.upos == Upos::NOUN && known
        }) && !units.covered.get(k).copied().unwrap_or(true)
    };
    if is_event(i) {
        return true;
    }
    let filler = ctx
        .token(i)
        .is_some_and(|t| matches!(t.upos, Upos::ADJ | Upos::NOUN))
        && !units.covered.get(i).copied().unwrap_or(true);
    filler && is_event(i + 1)
}

/// Is the bare sector noun (no determiner) ending at `last` only a modifier of a thing
/// ("police reform", "army bases"): a compound on a common noun that is no actor phrase,
/// no institution's word ("police department"), no event noun ("police raids" are the
/// police's acts) and no patient noun? With a determiner the phrase is the institution's
/// ("the police department", "the government response").
pub(crate) fn modifies_thing(ctx: &Ctx, units: &Units, first: usize, last: usize) -> bool {
    let Some(t) = ctx.token(last) else {
        return false;
    };
    let Some(h) = t.head.checked_sub(1) else {
        return false;
    };
    let determiner = first
        .checked_sub(1)
        .and_then(|p| ctx.token(p))
        .is_some_and(|p| matches!(p.upos, Upos::DET | Upos::PRON));
    let institution = ctx
        .token(h)
        .is_some_and(|x| ctx.kb.rules.org_words.contains(&x.form.to_lowercase()));
    !determiner
        && !institution
        && t.deprel == "compound"
        && h > last
        && ctx.token(h).is_some_and(|x| x.upos == Upos::NOUN)
        && !units.covered.get(h).copied().unwrap_or(true)
        && !event_noun_at(ctx, units, h)
        && !patient_noun_at(ctx, units, h)
}

/// After country modifiers, "-led" and the nouns of a group ("the Saudi-led coalition",
/// "U.S.-led forces"): the end of the group phrase. "-backed" is not read this way: the
/// backed group ("Russian-backed separatists") is not its backer's.
pub(crate) fn led_group_end(ctx: &Ctx, q: usize) -> Option<usize> {
    let hyphen = ctx.token(q).is_some_and(|t| t.form == "-");
    let led = ctx
        .token(q + 1)
        .is_some_and(|t| t.form.eq_ignore_ascii_case("led"));
    if !hyphen || !led {
        return None;
    }
    let noun = |k: usize| ctx.token(k).is_some_and(|t| t.upos == Upos::NOUN);
    let mut end = q + 2;
    while noun(end) {
        end += 1;
    }
    (end > q + 2).then_some(end)
}

/// Is there a patient noun (`patient_nouns`) at `i`: a person, vessel or place an act is
/// done to ("a British tanker")?
pub(crate) fn patient_noun_at(ctx: &Ctx, units: &Units, i: usize) -> bool {
    let patients = &ctx.kb.rules.patient_nouns;
    ctx.token(i).is_some_and(|t| {
        let form = t.form.to_lowercase();
        let known = patients.contains(&t.lemma.to_lowercase())
            || form.strip_suffix('s').is_some_and(|f| patients.contains(f));
        t.upos == Upos::NOUN && known
    }) && !units.covered.get(i).copied().unwrap_or(true)
}

/// Country adjectives before an event noun: the countries as the act's source, one
/// mention ("an American offer" → USA; "a Russian and Chinese proposal" → RUS+CHN).
pub(crate) fn event_source(
    ctx: &Ctx,
    state: &mut DocState,
    range: (usize, usize),
    countries: &[String],
) {
    let actors: Vec<Actor> = countries
        .iter()
        .filter_map(|code| {
            let c = ctx.kb.countries.iter().position(|x| x.code == *code)?;
            country_actor(ctx.kb, c)
        })
        .collect();
    let extra = Extra {
        plural: Some(actors.len() > 1),
        ..Extra::default()
    };
    state.emit(ctx, range, actors, ResolvedVia::Phrase, None, extra);
}
