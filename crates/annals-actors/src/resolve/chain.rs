//! Noun phrases around names: "Russian President Vladimir Putin", "the Russian news agency
//! TASS", "North Korean state media", "Russia's UN ambassador", "the president of Russia",
//! and bare names ("Russia", "Pyongyang said", "Kim").

use annals_core::{Actor, ResolvedVia, Upos};

use super::actors::{country_actor, igo_actor, org_actor, person_actor, sector_actor};
use super::sentence::{unknown_name, Unit, Units};
use super::{coref, Ctx, DocState, Extra};
use crate::lexicon::Hit;

/// Words that may sit between a country and its title ("Russian Deputy Foreign Minister").
const TITLE_PREFIXES: &[&str] = &[
    "deputy", "vice", "acting", "first", "chief", "senior", "top", "interim",
];

/// The head noun of a phrase.
#[derive(Debug, Clone, Copy)]
enum Noun {
    Title(usize),
    Sector(usize),
}

/// Whom the modifiers name.
#[derive(Debug, Clone, Default)]
struct Mods {
    country: Option<String>,
    igo: Option<usize>,
}

fn is_filler(ctx: &Ctx, units: &Units, i: usize) -> bool {
    if units.covered.get(i).copied().unwrap_or(true) {
        return false;
    }
    ctx.token(i).is_some_and(|t| {
        matches!(t.upos, Upos::ADJ | Upos::NOUN | Upos::NUM)
            || TITLE_PREFIXES.contains(&t.form.to_lowercase().as_str())
    })
}

fn noun_of(unit: &Unit) -> Option<Noun> {
    unit.hits.iter().find_map(|h| match h {
        Hit::Title(t) => Some(Noun::Title(*t)),
        Hit::Sector(s) => Some(Noun::Sector(*s)),
        _ => None,
    })
}

/// Is there a title or sector noun at `i`, after at most two fillers?
fn noun_follows(ctx: &Ctx, units: &Units, mut i: usize) -> bool {
    for _ in 0..3 {
        if units.at(i).and_then(noun_of).is_some() {
            return true;
        }
        if !is_filler(ctx, units, i) {
            return false;
        }
        i += 1;
    }
    false
}

fn country_code(ctx: &Ctx, unit: &Unit, c: usize) -> Option<String> {
    unit.forced
        .clone()
        .or_else(|| ctx.kb.countries.get(c).map(|c| c.code.clone()))
}

/// Read a phrase starting at `i`; `None` when no modifier or head noun starts here (bare
/// names are handled by [`bare`]). Returns the token after the phrase.
pub(crate) fn chain(ctx: &Ctx, state: &mut DocState, units: &Units, i: usize) -> Option<usize> {
    let mut q = i;
    let det = ctx.is_lemma(q, "the") || ctx.is_lemma(q, "a") || ctx.is_lemma(q, "an");
    if det {
        q += 1;
    }
    let mut former = false;
    if ctx.is_word(q, "former") || ctx.is_word(q, "ex") {
        former = true;
        q += 1;
    }
    let mut mods = Mods::default();
    let mut has_mods = false;
    while let Some(unit) = units.at(q) {
        let poss = ctx.is_possessive(unit.end);
        let noun_next = noun_follows(ctx, units, unit.end);
        let step = unit.hits.iter().find_map(|h| match *h {
            Hit::CountryAdj(c) if mods.country.is_none() => {
                Some((country_code(ctx, unit, c), None, unit.end))
            }
            Hit::Country(c) | Hit::Capital(c) | Hit::Seat(c) if poss && mods.country.is_none() => {
                Some((country_code(ctx, unit, c), None, unit.end + 1))
            }
            Hit::Country(c) if noun_next && mods.country.is_none() => {
                Some((country_code(ctx, unit, c), None, unit.end))
            }
            Hit::IgoAdj(g) => Some((None, Some(g), unit.end)),
            Hit::Igo(g) | Hit::IgoSeat(g) if poss || noun_next => {
                Some((None, Some(g), unit.end + usize::from(poss)))
            }
            _ => None,
        });
        let Some((country, igo, next)) = step else {
            break;
        };
        if country.is_some() {
            mods.country = country;
        }
        if igo.is_some() {
            mods.igo = igo;
        }
        has_mods = true;
        q = next;
    }
    // Head nouns, with fillers between them.
    let mut noun: Option<Noun> = None;
    loop {
        let mut r = q;
        let mut fillers = 0;
        while fillers < 2 && units.at(r).is_none() && is_filler(ctx, units, r) {
            former |= ctx.is_word(r, "former");
            r += 1;
            fillers += 1;
        }
        match units.at(r).and_then(|u| noun_of(u).map(|n| (n, u.end))) {
            Some((n, end)) => {
                noun = Some(n);
                q = end;
            }
            None => break,
        }
    }
    former |= i > 0 && ctx.is_word(i - 1, "former");
    // "the president of Russia"
    if noun.is_some() && !has_mods && ctx.is_word(q, "of") {
        let mut r = q + 1;
        if ctx.is_lemma(r, "the") {
            r += 1;
        }
        if let Some(unit) = units.at(r) {
            if let Some(h) = unit.has(|h| matches!(h, Hit::Country(_) | Hit::Igo(_))) {
                match h {
                    Hit::Country(c) => mods.country = country_code(ctx, unit, c),
                    Hit::Igo(g) => mods.igo = Some(g),
                    _ => {}
                }
                has_mods = true;
                q = unit.end;
            }
        }
    }
    if !has_mods && noun.is_none() {
        return None;
    }
    let start = if det { i + 1 } else { i };
    // A named head: person, organisation, short name, or an unknown name after a title.
    if let Some(unit) = units.at(q) {
        if let Some(h) = unit.has(|h| matches!(h, Hit::Person(_) | Hit::Org(_) | Hit::Surname(_))) {
            let (actors, via, ante, extra) = match h {
                Hit::Person(p) => person(ctx, p),
                Hit::Org(o) => (
                    org_actor(ctx.kb, o).into_iter().collect(),
                    ResolvedVia::Name,
                    None,
                    Extra::default(),
                ),
                _ => coref::short_name(ctx, state, unit),
            };
            state.emit(ctx, (start, unit.end), actors, via, ante, extra);
            return Some(unit.end);
        }
    }
    let name_end = {
        let mut e = q;
        while e < ctx.tokens.len()
            && units.at(e).is_none()
            && !units.covered.get(e).copied().unwrap_or(true)
            && ctx.token(e).is_some_and(|t| {
                t.upos == Upos::PROPN && !ctx.kb.rules.not_names.contains(&t.form.to_lowercase())
            })
        {
            e += 1;
        }
        e
    };
    let sector_of = |n: Noun| -> String {
        match n {
            Noun::Title(t) => ctx
                .kb
                .lexicon
                .title_offices
                .get(t)
                .and_then(|o| o.first())
                .and_then(|&o| ctx.kb.offices.get(o))
                .map_or_else(|| "GOV".to_string(), |o| o.sector.clone()),
            Noun::Sector(s) => ctx
                .kb
                .sectors
                .get(s)
                .map_or_else(|| "GOV".to_string(), |s| s.sector.clone()),
        }
    };
    if name_end > q && noun.is_some() {
        // "Foreign Minister Sergei Lavrov" with Lavrov unknown: the country and sector are
        // known from the phrase; without a country the name stays unresolved.
        let actors: Vec<Actor> = match (&mods.country, mods.igo, noun) {
            (Some(c), _, Some(n)) => vec![sector_actor(c, &sector_of(n))],
            (None, Some(g), _) => igo_actor(ctx.kb, g).into_iter().collect(),
            _ => Vec::new(),
        };
        if actors.is_empty() {
            unknown_name(ctx, state, q, name_end);
        } else {
            state.emit(
                ctx,
                (start, name_end),
                actors,
                ResolvedVia::Phrase,
                None,
                Extra::default(),
            );
        }
        return Some(name_end);
    }
    let dstart = i;
    match (noun, &mods.country, mods.igo) {
        (Some(Noun::Title(t)), Some(c), _) => {
            let (actors, via, ante, extra) = coref::role(ctx, state, c, t, former);
            state.emit(ctx, (dstart, q), actors, via, ante, extra);
        }
        (Some(Noun::Title(t)), None, Some(g)) => {
            let code = ctx
                .kb
                .igos
                .get(g)
                .map(|g| g.code.clone())
                .unwrap_or_default();
            let (actors, via, ante, extra) = coref::role(ctx, state, &code, t, former);
            let actors = if actors.is_empty() {
                igo_actor(ctx.kb, g).into_iter().collect()
            } else {
                actors
            };
            state.emit(ctx, (dstart, q), actors, via, ante, extra);
        }
        (Some(Noun::Title(t)), None, None) => {
            // A title that names its country itself ("Soviet leader", "Chechen leader").
            let own_country = ctx.kb.lexicon.title_offices.get(t).and_then(|offices| {
                let mut cs = offices
                    .iter()
                    .filter_map(|&o| ctx.kb.offices.get(o))
                    .map(|o| o.country.as_str());
                let first = cs.next()?;
                let title = ctx.kb.lexicon.titles.get(t)?;
                let names_country = title.split_whitespace().count() > 1
                    && !ctx.kb.rules.generic_titles.contains(title);
                (names_country && cs.all(|c| c == first)).then(|| first.to_string())
            });
            if let Some(c) = own_country {
                let (actors, via, ante, extra) = coref::role(ctx, state, &c, t, former);
                state.emit(ctx, (dstart, q), actors, via, ante, extra);
            } else if let Some((actors, ante, extra)) = coref::by_title(ctx, state, t) {
                state.emit(
                    ctx,
                    (dstart, q),
                    actors,
                    ResolvedVia::Coreference,
                    Some(ante),
                    extra,
                );
            }
        }
        (Some(n @ Noun::Sector(_)), Some(c), _) => {
            state.emit(
                ctx,
                (dstart, q),
                vec![sector_actor(c, &sector_of(n))],
                ResolvedVia::Phrase,
                None,
                Extra::default(),
            );
        }
        (Some(Noun::Sector(_)), None, Some(g)) => {
            state.emit(
                ctx,
                (dstart, q),
                igo_actor(ctx.kb, g).into_iter().collect(),
                ResolvedVia::Phrase,
                None,
                Extra::default(),
            );
        }
        (None, _, _) => {
            // Modifiers only ("Russian gas", "Russia's war"): a possessive name is still a
            // mention of its own; adjectives alone are not.
            let unit = units.at(if det { i + 1 } else { i })?;
            if unit
                .hits
                .iter()
                .all(|h| matches!(h, Hit::CountryAdj(_) | Hit::IgoAdj(_)))
            {
                return Some(q);
            }
            bare(ctx, state, unit);
            return Some(unit.end);
        }
        (Some(Noun::Sector(_)), None, None) => {}
    }
    Some(q)
}

fn person(ctx: &Ctx, p: usize) -> (Vec<Actor>, ResolvedVia, Option<annals_core::Span>, Extra) {
    let actors = person_actor(ctx.kb, p, ctx.day).into_iter().collect();
    let extra = Extra {
        person: Some(p),
        gender: ctx.kb.people.get(p).and_then(|x| x.gender),
        plural: Some(false),
        ..Extra::default()
    };
    (actors, ResolvedVia::Name, None, extra)
}

/// Does the name at `unit` stand for a government here ("Pyongyang said", "warned
/// Washington", "Moscow's support"), rather than a place ("in Pyongyang")?
fn is_metonym(ctx: &Ctx, unit: &Unit) -> bool {
    let head = ctx.head_of(unit.start, unit.end);
    let Some(t) = ctx.token(head) else {
        return false;
    };
    let rel_ok = ctx.kb.rules.metonym_deprels.contains(&t.deprel) || ctx.is_possessive(unit.end);
    let has_case = ctx
        .tokens
        .iter()
        .any(|c| c.head == head + 1 && c.deprel == "case" && c.xpos != "POS");
    let before_prep = unit
        .start
        .checked_sub(1)
        .and_then(|p| ctx.token(p))
        .is_some_and(|p| p.upos == Upos::ADP);
    let place_object = t.deprel == "obj"
        && t.head
            .checked_sub(1)
            .and_then(|h| ctx.token(h))
            .is_some_and(|v| ctx.kb.rules.place_verbs.contains(&v.lemma.to_lowercase()));
    rel_ok && !has_case && !before_prep && !place_object
}

/// A name on its own.
pub(crate) fn bare(ctx: &Ctx, state: &mut DocState, unit: &Unit) {
    let range = (unit.start, unit.end);
    let kb = ctx.kb;
    let forced_actor = |metonym: bool| -> Option<Actor> {
        let code = unit.forced.as_deref()?;
        if let Some(c) = kb.countries.iter().position(|c| c.code == code) {
            return if metonym {
                Some(sector_actor(code, "GOV"))
            } else {
                country_actor(kb, c)
            };
        }
        kb.igos
            .iter()
            .position(|g| g.code == code)
            .and_then(|g| igo_actor(kb, g))
    };
    if let Some(Hit::Person(p)) = unit.has(|h| matches!(h, Hit::Person(_))) {
        let (actors, via, ante, extra) = person(ctx, p);
        return state.emit(ctx, range, actors, via, ante, extra);
    }
    if let Some(Hit::Org(o)) = unit.has(|h| matches!(h, Hit::Org(_))) {
        return state.emit(
            ctx,
            range,
            org_actor(kb, o).into_iter().collect(),
            ResolvedVia::Name,
            None,
            Extra::default(),
        );
    }
    let countries: Vec<usize> = unit
        .hits
        .iter()
        .filter_map(|h| {
            if let Hit::Country(c) = h {
                Some(*c)
            } else {
                None
            }
        })
        .collect();
    let igos: Vec<usize> = unit
        .hits
        .iter()
        .filter_map(|h| if let Hit::Igo(g) = h { Some(*g) } else { None })
        .collect();
    if !countries.is_empty() || !igos.is_empty() {
        // A lone word ending an earlier unknown name is that name again ("Jordan").
        if let Some(ante) = coref::unknown_antecedent(ctx, state, unit) {
            return state.emit(
                ctx,
                range,
                Vec::new(),
                ResolvedVia::Unresolved,
                Some(ante),
                Extra::default(),
            );
        }
        let actors: Vec<Actor> = match (forced_actor(false), countries.as_slice(), igos.as_slice())
        {
            (Some(a), _, _) => vec![a],
            (None, [c], []) => country_actor(kb, *c).into_iter().collect(),
            (None, [], [g]) => igo_actor(kb, *g).into_iter().collect(),
            _ => Vec::new(),
        };
        return state.emit(
            ctx,
            range,
            actors,
            ResolvedVia::Name,
            None,
            Extra {
                plural: Some(false),
                ..Extra::default()
            },
        );
    }
    let seat = unit.has(|h| matches!(h, Hit::Capital(_) | Hit::Seat(_) | Hit::IgoSeat(_)));
    if let Some(seat) = seat {
        if !is_metonym(ctx, unit) {
            return;
        }
        let actor = forced_actor(true).or_else(|| match seat {
            Hit::Capital(c) | Hit::Seat(c) => {
                kb.countries.get(c).map(|c| sector_actor(&c.code, "GOV"))
            }
            Hit::IgoSeat(g) => igo_actor(kb, g),
            _ => None,
        });
        let Some(actor) = actor else { return };
        let ante = coref::same_country(state, actor.country.as_deref());
        return state.emit(
            ctx,
            range,
            vec![actor],
            ResolvedVia::Metonym,
            ante,
            Extra {
                plural: Some(false),
                ..Extra::default()
            },
        );
    }
    if let Some(Hit::Demonym(c)) = unit.has(|h| matches!(h, Hit::Demonym(_))) {
        let actors = forced_actor(false)
            .or_else(|| country_actor(kb, c))
            .into_iter()
            .collect();
        return state.emit(
            ctx,
            range,
            actors,
            ResolvedVia::Name,
            None,
            Extra {
                plural: Some(true),
                ..Extra::default()
            },
        );
    }
    if unit.has(|h| matches!(h, Hit::Surname(_))).is_some() {
        let (actors, via, ante, extra) = coref::short_name(ctx, state, unit);
        // An unresolved one-word surname that is also a month or a title ("May") is no name.
        let word = ctx
            .token(unit.start)
            .map(|t| t.form.to_lowercase())
            .unwrap_or_default();
        if actors.is_empty() && ctx.kb.rules.not_names.contains(&word) {
            return;
        }
        state.emit(ctx, range, actors, via, ante, extra);
    }
}
