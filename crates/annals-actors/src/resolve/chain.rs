//! Noun phrases around names: "Russian President Vladimir Putin", "the Russian news agency
//! TASS", "North Korean state media", "Russia's UN ambassador", "the president of Russia",
//! and bare names ("Russia", "Pyongyang said", "Kim").

use annals_core::{Actor, ResolvedVia, Upos};

use super::actors::{country_actor, igo_actor, org_actor, person_actor, sector_actor};
use super::modifiers::{
    confirm_by_title, coordinated, country_code, home_sector, is_filler, names_the_state,
    noun_follows, noun_of, of_no_actor, other_than_holder, seat_after_in, sector_of_noun, several,
    Mods, Noun,
};
use super::sentence::{unknown_name, Unit, Units};
use super::{collective, coref, Ctx, DocState, Extra};
use crate::lexicon::Hit;

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
            if let Some(s) = ctx
                .kb
                .rules
                .adjective_sectors
                .get(&ctx.text(q, unit.end).to_lowercase())
            {
                mods.sector = Some(s.clone());
            }
            mods.territory = ctx
                .kb
                .rules
                .territories
                .contains(&crate::lexicon::norm_key(&ctx.text(q, unit.end)));
        }
        if igo.is_some() {
            mods.igo = igo;
        }
        has_mods = true;
        q = next;
        if mods.country.is_some() {
            q = coordinated(ctx, units, q, &mut mods.more);
        }
    }
    // Head nouns, with fillers between them.
    let mut noun: Option<Noun> = None;
    loop {
        let mut r = q;
        let mut fillers = 0;
        while fillers < 2
            && units.at(r).is_none()
            && (is_filler(ctx, units, r) || title_word(ctx, units, r))
        {
            former |= ctx.is_word(r, "former");
            r += 1;
            fillers += 1;
        }
        let foreign =
            |n: Noun| match n {
                Noun::Sector(s) => {
                    mods.territory
                        && ctx.kb.sectors.get(s).is_some_and(|x| {
                            ctx.kb.rules.not_of_territory_nouns.contains(&x.phrase)
                        })
                }
                Noun::Title(_) => false,
            };
        match units.at(r).and_then(|u| noun_of(u).map(|n| (n, u.end))) {
            Some((n, _)) if foreign(n) => break,
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
                if let (Hit::Country(c), true) = (h, names_the_state(ctx, noun)) {
                    let actors = country_actor(ctx.kb, c).into_iter().collect();
                    let span = (if det { i + 1 } else { i }, unit.end);
                    state.emit(
                        ctx,
                        span,
                        actors,
                        ResolvedVia::Phrase,
                        None,
                        Extra::default(),
                    );
                    return Some(unit.end);
                }
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
    // "the government in Tehran", "officials in Beijing": an institution or officials "in"
    // a capital or seat of power are that country's.
    if let Some(n) = noun.filter(|_| !has_mods && ctx.is_word(q, "in")) {
        if let Some((code, end)) = seat_after_in(ctx, units, q + 1, n) {
            mods.country = Some(code);
            has_mods = true;
            q = end;
        }
    }
    if !has_mods && noun.is_none() {
        return None;
    }
    let start = if det { i + 1 } else { i };
    // A named head: person, organisation, short name, or an unknown name after a title.
    if let Some(unit) = units.at(q) {
        if let Some(h) = unit.has(|h| matches!(h, Hit::Person(_) | Hit::Org(_) | Hit::Surname(_))) {
            let (actors, via, ante, extra) = match (h, &mods.country, &mods.sector) {
                // "Belarusian KGB": another country's organisation of that name is
                // the adjective's country with the organisation's sector.
                (Hit::Org(o), Some(c), None)
                    if ctx.kb.orgs.get(o).is_some_and(|org| {
                        org.country.as_deref().is_some_and(|oc| oc != c) && org.sector.is_some()
                    }) =>
                {
                    let sector = ctx
                        .kb
                        .orgs
                        .get(o)
                        .and_then(|org| org.sector.clone())
                        .unwrap_or_default();
                    (
                        vec![sector_actor(c, &sector)],
                        ResolvedVia::Phrase,
                        None,
                        Extra::default(),
                    )
                }
                // "Congressional Republicans": the adjective's institution.
                (Hit::Org(_), Some(c), Some(sector)) => (
                    vec![sector_actor(c, sector)],
                    ResolvedVia::Phrase,
                    None,
                    Extra::default(),
                ),
                (Hit::Person(p), c, _) => {
                    let (mut actors, via, ante, extra) = person(ctx, p);
                    if let Some(a) = actors.first_mut() {
                        confirm_by_title(ctx, a, p, noun.filter(|_| !former), c.as_deref());
                    }
                    (actors, via, ante, extra)
                }
                (Hit::Org(o), _, _) => (
                    org_actor(ctx.kb, o, ctx.day).into_iter().collect(),
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
    let sector_of = |n: Noun| sector_of_noun(ctx, n);
    if name_end > q && noun.is_some() {
        // "Foreign Minister Sergei Lavrov" with Lavrov unknown: the country and sector are
        // known from the phrase; without a country the name stays unresolved.
        let former_holder = |n: Noun, c: &str| other_than_holder(ctx, n, c, q, name_end);
        let actors: Vec<Actor> = match (&mods.country, mods.igo, noun) {
            (Some(c), _, Some(n)) if former_holder(n, c) => vec![sector_actor(c, "ELI")],
            (Some(c), _, Some(n)) => vec![sector_actor(c, &sector_of(n))],
            (None, Some(g), _) => igo_actor(ctx.kb, g).into_iter().collect(),
            _ => Vec::new(),
        };
        // "Senator Elizabeth Warren", "Interior Minister X" with neither a country nor a
        // known person: a capitalised title names the document country's own official.
        let home = (actors.is_empty() && mods.igo.is_none())
            .then(|| noun.zip(ctx.doc_country))
            .flatten()
            .filter(|_| home_title_before_name(ctx, q, name_end))
            .and_then(|(n, c)| {
                let sector = if former_holder(n, c) {
                    "ELI".to_string()
                } else {
                    home_sector(ctx, n, c)?
                };
                Some((c, sector, coref::same_country(state, Some(c))?))
            });
        if let Some((country, sector, ante)) = home {
            let actors = vec![sector_actor(country, &sector)];
            let span = (start, name_end);
            state.emit(
                ctx,
                span,
                actors,
                ResolvedVia::Coreference,
                Some(ante),
                Extra::default(),
            );
        } else if actors.is_empty() {
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
    // "all 50 U.S. states", "German states": one country's states are its sub-national
    // units, not its government.
    let states = q
        .checked_sub(1)
        .and_then(|h| ctx.token(h))
        .is_some_and(|t| t.form == "states");
    if states && mods.country.is_some() && mods.more.is_empty() {
        return Some(q);
    }
    if let (Some(n), Some(_)) = (noun, &mods.country) {
        if mods.sector.is_some() || mods.territory || !mods.more.is_empty() {
            let (actors, via) = several(ctx, state, &mods, n, former);
            let extra = Extra {
                plural: Some(true),
                ..Extra::default()
            };
            state.emit(ctx, (dstart, q), actors, via, None, extra);
            return Some(q);
        }
    }
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
            } else if let Some((actors, ante, extra)) = ctx
                // Only "the president" refers back; "as president", "running for
                // president", "two other Presidents" name the office.
                .is_lemma(i, "the")
                .then(|| q.checked_sub(1).is_some_and(|h| !ctx.is_plural(h)))
                .filter(|singular| *singular)
                .and_then(|_| coref::by_title(ctx, state, t))
            {
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
            // "the Saudi-led coalition": the leading countries stand for the coalition.
            if let (Some(_), Some(end)) = (&mods.country, collective::led_group_end(ctx, q)) {
                collective::event_source(ctx, state, (start, end), &mods.countries());
                return Some(end);
            }
            // "Chinese food": a word that is adjective and demonym, before a noun, is
            // the adjective.
            let before_noun = ctx
                .token(unit.end)
                .is_some_and(|t| matches!(t.upos, Upos::NOUN | Upos::ADJ));
            if unit.hits.iter().all(|h| {
                matches!(h, Hit::CountryAdj(_) | Hit::IgoAdj(_))
                    || (before_noun && matches!(h, Hit::Demonym(_)))
            }) {
                // "Congressional aides": an institution's adjective with any noun.
                if let (Some(c), Some(sector)) = (&mods.country, &mods.sector) {
                    let common_noun = ctx.token(q).is_some_and(|t| {
                        t.upos == Upos::NOUN
                            && t.form.chars().next().is_some_and(char::is_lowercase)
                    });
                    if common_noun {
                        let actors = vec![sector_actor(c, sector)];
                        let extra = Extra::default();
                        state.emit(
                            ctx,
                            (start, q + 1),
                            actors,
                            ResolvedVia::Phrase,
                            None,
                            extra,
                        );
                        return Some(q + 1);
                    }
                }
                // … except before an event noun: "an American offer" → USA.
                if mods.country.is_some() && collective::event_noun_at(ctx, units, q) {
                    collective::event_source(ctx, state, (start, q), &mods.countries());
                }
                // … and before a patient noun, with it: "a British tanker" → GBR.
                if mods.country.is_some() && collective::patient_noun_at(ctx, units, q) {
                    collective::event_source(ctx, state, (start, q + 1), &mods.countries());
                    return Some(q + 1);
                }
                return Some(q);
            }
            bare(ctx, state, units, unit);
            return Some(unit.end);
        }
        // "the administration of the Internal Revenue Laws": an institution "of" something
        // that is no actor is another sense of the word (a country or person after "of" was
        // read above or is read next).
        (Some(Noun::Sector(_)), None, None) if of_no_actor(ctx, units, q) => {}
        // "police reform": the noun names a topic, not the institution.
        (Some(Noun::Sector(_)), None, None)
            if q.checked_sub(1)
                .is_some_and(|l| collective::modifies_thing(ctx, units, start, l)) => {}
        (Some(Noun::Sector(s)), None, None) => {
            collective::collective(ctx, state, (dstart, q), s, ctx.is_lemma(i, "the"));
        }
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

/// A word that is part of an earlier unknown name ("Jordan" after "Michael Jordan"): kept
/// unresolved, pointing back at that name.
fn unknown_again(ctx: &Ctx, state: &mut DocState, range: (usize, usize), ante: annals_core::Span) {
    let via = ResolvedVia::Unresolved;
    state.emit(ctx, range, Vec::new(), via, Some(ante), Extra::default());
}

/// A name on its own.
pub(crate) fn bare(ctx: &Ctx, state: &mut DocState, units: &Units, unit: &Unit) {
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
            org_actor(kb, o, ctx.day).into_iter().collect(),
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
            return unknown_again(ctx, state, range, ante);
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
        if let Some(ante) = coref::given_name_antecedent(ctx, state, unit) {
            return unknown_again(ctx, state, range, ante);
        }
        if !super::metonym::is_metonym(ctx, &units.list, unit) {
            if let Hit::Capital(c) = seat {
                if super::metonym::is_host_place(ctx, unit) {
                    host_country(ctx, state, unit, forced_actor(false), c);
                }
            }
            return;
        }
        let actor = forced_actor(true).or_else(|| match seat {
            Hit::Capital(c) | Hit::Seat(c) => {
                kb.countries.get(c).map(|c| sector_actor(&c.code, "GOV"))
            }
            Hit::IgoSeat(g) => igo_actor(kb, g),
            _ => None,
        });
        if let Some(actor) = actor {
            emit_metonym(ctx, state, unit, actor);
        }
        return;
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
        // A one-word surname that is also a month or a title ("May") is no name unless
        // the document introduced its bearer.
        let word = ctx
            .token(unit.start)
            .map(|t| t.form.to_lowercase())
            .unwrap_or_default();
        if via != ResolvedVia::ShortName && ctx.kb.rules.not_names.contains(&word) {
            return;
        }
        state.emit(ctx, range, actors, via, ante, extra);
    }
}

/// A capital visited or travelled to: its country (the forced one on dates when the name
/// belonged to another state), as a place of visit, never the government.
fn host_country(ctx: &Ctx, state: &mut DocState, unit: &Unit, forced: Option<Actor>, c: usize) {
    if let Some(actor) = forced.or_else(|| country_actor(ctx.kb, c)) {
        emit_metonym(ctx, state, unit, actor);
    }
}

/// A capital or seat standing for `actor`, linked to the latest mention of its country.
fn emit_metonym(ctx: &Ctx, state: &mut DocState, unit: &Unit, actor: Actor) {
    let ante = coref::same_country(state, actor.country.as_deref());
    state.emit(
        ctx,
        (unit.start, unit.end),
        vec![actor],
        ResolvedVia::Metonym,
        ante,
        Extra {
            plural: Some(false),
            ..Extra::default()
        },
    );
}

/// A capitalised word the tagger took for a name, directly before a title or sector noun,
/// that starts a longer title the knowledge base knows ("Interior Minister", "Defense
/// Secretary": "interior ministry", "defense secretary"): part of the title.
fn title_word(ctx: &Ctx, units: &Units, i: usize) -> bool {
    let noun_next = units.at(i + 1).and_then(noun_of).is_some();
    let Some(t) = ctx.token(i).filter(|t| t.upos == Upos::PROPN && noun_next) else {
        return false;
    };
    let w = t.form.to_lowercase();
    let starts = |phrase: &str| {
        let mut words = phrase.split_whitespace();
        words.next() == Some(w.as_str()) && words.next().is_some()
    };
    !units.covered.get(i).copied().unwrap_or(true)
        && (ctx.kb.lexicon.titles.iter().any(|p| starts(p))
            || ctx.kb.sectors.iter().any(|s| starts(&s.phrase)))
}

/// Is the capitalised title ending before `q` followed by a person's name at `q..end`?
/// The title must be a person's ("Senator", "General", "Minister": `person_titles`) unless
/// the name has two words, and no word of the name may be an organisation's or place's
/// ("General Motors", "General Santos City", "Marine Traffic" are no officials).
fn home_title_before_name(ctx: &Ctx, q: usize, end: usize) -> bool {
    let rules = &ctx.kb.rules;
    let Some(title) = q.checked_sub(1).and_then(|h| ctx.token(h)) else {
        return false;
    };
    let capitalised = title.form.chars().next().is_some_and(char::is_uppercase);
    let person_title = rules.person_titles.contains(&title.form.to_lowercase());
    let plain = (q..end).all(|i| {
        ctx.token(i).is_some_and(|t| {
            let w = t.form.to_lowercase();
            !rules.org_words.contains(&w) && !rules.place_words.contains(&w)
        })
    });
    capitalised && plain && (person_title || end >= q + 2)
}
