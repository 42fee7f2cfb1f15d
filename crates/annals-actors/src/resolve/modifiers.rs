//! The modifiers and head nouns of a phrase ("a Russian and North Korean delegation",
//! "Congressional leaders", "the government in Tehran"): which countries, IGO and sector
//! they name.

use annals_core::{Actor, ResolvedVia, Upos};

use super::actors::sector_actor;
use super::sentence::{Unit, Units};
use super::{coref, Ctx, DocState};
use crate::lexicon::Hit;

/// Words that may sit between a country and its title ("Russian Deputy Foreign Minister").
pub(crate) const TITLE_PREFIXES: &[&str] = &[
    "deputy", "vice", "acting", "first", "chief", "senior", "top", "interim",
];

/// The head noun of a phrase.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Noun {
    Title(usize),
    Sector(usize),
}

/// Whom the modifiers name.
#[derive(Debug, Clone, Default)]
pub(crate) struct Mods {
    pub(crate) country: Option<String>,
    pub(crate) igo: Option<usize>,
    /// Further coordinated countries: "a Russian and North Korean delegation".
    pub(crate) more: Vec<String>,
    /// A sector the adjective fixes ("Congressional" → LEG).
    pub(crate) sector: Option<String>,
    /// The country came from a region's name ("Chechnya's leader").
    pub(crate) territory: bool,
}

impl Mods {
    pub(crate) fn countries(&self) -> Vec<String> {
        self.country.iter().chain(&self.more).cloned().collect()
    }
}

pub(crate) fn is_filler(ctx: &Ctx, units: &Units, i: usize) -> bool {
    if units.covered.get(i).copied().unwrap_or(true) {
        return false;
    }
    ctx.token(i).is_some_and(|t| {
        matches!(t.upos, Upos::ADJ | Upos::NOUN | Upos::NUM)
            || TITLE_PREFIXES.contains(&t.form.to_lowercase().as_str())
    })
}

pub(crate) fn noun_of(unit: &Unit) -> Option<Noun> {
    unit.hits.iter().find_map(|h| match h {
        Hit::Title(t) => Some(Noun::Title(*t)),
        Hit::Sector(s) => Some(Noun::Sector(*s)),
        _ => None,
    })
}

/// Is there a title or sector noun at `i`, after at most two fillers?
pub(crate) fn noun_follows(ctx: &Ctx, units: &Units, mut i: usize) -> bool {
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

pub(crate) fn country_code(ctx: &Ctx, unit: &Unit, c: usize) -> Option<String> {
    unit.forced
        .clone()
        .or_else(|| ctx.kb.countries.get(c).map(|c| c.code.clone()))
}

/// Country adjectives coordinated with the one before `q` ("Russian and North Korean",
/// "U.S., British and French"): their codes go to `more`; returns the token after them.
pub(crate) fn coordinated(ctx: &Ctx, units: &Units, mut q: usize, more: &mut Vec<String>) -> usize {
    loop {
        let mut r = q;
        let comma = ctx.is_word(r, ",");
        if comma {
            r += 1;
        }
        let and = ctx.is_word(r, "and");
        if and {
            r += 1;
        }
        if !comma && !and {
            return q;
        }
        let adj = units.at(r).and_then(|u| {
            u.hits.iter().find_map(|h| match *h {
                Hit::CountryAdj(c) => country_code(ctx, u, c).map(|code| (code, u.end)),
                _ => None,
            })
        });
        let Some((code, end)) = adj else {
            return q;
        };
        // "Russian, Chinese" must end in "and …" to be a list, not an apposition.
        if !and && !list_goes_on(ctx, units, end) {
            return q;
        }
        if !more.contains(&code) {
            more.push(code);
        }
        q = end;
    }
}

/// After a country adjective at `end`: does a list go on ("…, French and German")?
pub(crate) fn list_goes_on(ctx: &Ctx, units: &Units, end: usize) -> bool {
    (ctx.is_word(end, ",") || ctx.is_word(end, "and"))
        && units
            .at(end + 1 + usize::from(ctx.is_word(end + 1, "and")))
            .is_some_and(|u| u.hits.iter().any(|h| matches!(h, Hit::CountryAdj(_))))
}

/// A capital or seat of power at `r` after "<noun> in", for the nouns that stand for a
/// government there (`document_country_nouns`, `seat_nouns`): its country and end.
pub(crate) fn seat_after_in(
    ctx: &Ctx,
    units: &Units,
    r: usize,
    noun: Noun,
) -> Option<(String, usize)> {
    let rules = &ctx.kb.rules;
    let text = match noun {
        Noun::Title(t) => ctx.kb.lexicon.titles.get(t)?,
        Noun::Sector(s) => &ctx.kb.sectors.get(s)?.phrase,
    };
    if !rules.document_country_nouns.contains(text) && !rules.seat_nouns.contains(text) {
        return None;
    }
    let unit = units.at(r)?;
    unit.hits.iter().find_map(|h| match *h {
        Hit::Capital(c) | Hit::Seat(c) => country_code(ctx, unit, c).map(|code| (code, unit.end)),
        _ => None,
    })
}

/// The sector a head noun gives: an office's, a sector noun's, else GOV.
pub(crate) fn sector_of_noun(ctx: &Ctx, n: Noun) -> String {
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
}

/// The sector of a capitalised title before an unknown name in a document about
/// `country` ("Senator Elizabeth Warren"): the sector of the country's own office with that
/// title, else of an office title many countries share (`SHARED_TITLE_COUNTRIES` or more,
/// "Interior Minister"); a title only a few other countries use is theirs ("Chairman" is
/// North Korea's leader, "Ayatollah" Iran's: a party's chairman or a cleric elsewhere is
/// no government). Sector nouns give their own sector ("Bishop" → REL).
pub(crate) fn home_sector(ctx: &Ctx, n: Noun, country: &str) -> Option<String> {
    const SHARED_TITLE_COUNTRIES: usize = 5;
    let Noun::Title(t) = n else {
        return Some(sector_of_noun(ctx, n));
    };
    let offices: Vec<&crate::kb::Office> = ctx
        .kb
        .lexicon
        .title_offices
        .get(t)
        .map(|list| list.iter().filter_map(|&o| ctx.kb.offices.get(o)).collect())
        .unwrap_or_default();
    if let Some(own) = offices.iter().find(|o| o.country == country) {
        return Some(own.sector.clone());
    }
    let mut countries: Vec<&str> = offices.iter().map(|o| o.country.as_str()).collect();
    countries.sort_unstable();
    countries.dedup();
    (offices.is_empty() || countries.len() >= SHARED_TITLE_COUNTRIES)
        .then(|| sector_of_noun(ctx, n))
}

/// A phrase naming several countries ("Russian and Chinese officials") or whose adjective
/// fixes the sector ("Congressional leaders"): one actor per country.
pub(crate) fn several(
    ctx: &Ctx,
    state: &DocState,
    mods: &Mods,
    noun: Noun,
    former: bool,
) -> (Vec<Actor>, ResolvedVia) {
    let mut actors = Vec::new();
    let mut via = ResolvedVia::Phrase;
    for c in mods.countries() {
        match (&mods.sector, noun) {
            (Some(sector), _) => actors.push(sector_actor(&c, sector)),
            (None, Noun::Sector(_)) => actors.push(sector_actor(&c, &sector_of_noun(ctx, noun))),
            (None, Noun::Title(_)) if mods.territory => {
                actors.push(sector_actor(&c, &sector_of_noun(ctx, noun)));
            }
            (None, Noun::Title(t)) => {
                let (found, v, _, _) = coref::role(ctx, state, &c, t, former);
                if found.is_empty() {
                    continue;
                }
                via = v;
                actors.extend(found);
            }
        }
    }
    (actors, via)
}

/// Is the unknown name at `q..end` after a leader's title of `country` someone other than
/// the office's holder on the document's day ("US President Abraham Lincoln" in a 2020
/// report, "President Franklin Delano Roosevelt")? The knowledge base knows the holder, and
/// the name does not end in the holder's surname: a former or historical holder, an elite
/// (`ELI`) like any former office holder, not today's government. Undated documents and
/// offices without a known holder keep the title's sector.
pub(crate) fn other_than_holder(ctx: &Ctx, n: Noun, country: &str, q: usize, end: usize) -> bool {
    let (Noun::Title(t), Some(day)) = (n, ctx.day) else {
        return false;
    };
    let Some(last) = end
        .checked_sub(1)
        .filter(|&e| e >= q)
        .and_then(|e| ctx.token(e))
        .map(|t| t.form.to_lowercase())
    else {
        return false;
    };
    let kb = ctx.kb;
    let slug = |id: &str| id.rsplit('/').next().unwrap_or("").to_string();
    kb.lexicon
        .title_offices
        .get(t)
        .into_iter()
        .flatten()
        .filter_map(|&o| kb.offices.get(o))
        .filter(|o| o.country == country && kb.rules.leader_offices.contains(&slug(&o.id)))
        .any(|o| {
            kb.holder(&o.id, day)
                .and_then(|h| kb.people.get(h))
                .is_some_and(|p| {
                    !std::iter::once(&p.name)
                        .chain(&p.names)
                        .any(|name| name.to_lowercase().split_whitespace().any(|w| w == last))
                })
        })
}

/// Is the noun ending before `q` "administration" followed by an "of" and words that name
/// no actor of the knowledge base ("the administration of the Internal Revenue Laws", "of
/// justice")? That is the act of administering. Other institutions keep their reading
/// ("the provincial government of Ontario", "the ministry of internal affairs").
pub(crate) fn of_no_actor(ctx: &Ctx, units: &Units, q: usize) -> bool {
    let next = if ctx.is_lemma(q + 1, "the") {
        q + 2
    } else {
        q + 1
    };
    q.checked_sub(1)
        .is_some_and(|h| ctx.is_lemma(h, "administration"))
        && ctx.is_word(q, "of")
        && units.at(next).is_none()
}

/// Has person `p` an open role on the document's day that the knowledge base no longer
/// vouches for (a Phoenix role past [`crate::kb`]'s checks)?
fn stale_open_role(ctx: &Ctx, p: usize) -> bool {
    let (Some(person), Some(d)) = (ctx.kb.people.get(p), ctx.day) else {
        return false;
    };
    person
        .roles
        .iter()
        .any(|r| r.until.is_none() && r.covers(d) && !person.holds_on(r, d))
}

/// "energy minister Yuval Steinitz" in 2020: the title the text gives (`noun`, unless the
/// phrase says "former") confirms a role the Phoenix data left open but stopped checking;
/// the person's actor takes the title's sector, in the phrase's country or their own.
pub(crate) fn confirm_by_title(
    ctx: &Ctx,
    actor: &mut Actor,
    p: usize,
    noun: Option<Noun>,
    country: Option<&str>,
) {
    let Some(n) = noun.filter(|_| stale_open_role(ctx, p)) else {
        return;
    };
    let home = ctx.kb.people.get(p).and_then(|x| x.country.as_deref());
    if let Some(c) = country.or(home) {
        let named = sector_actor(c, &sector_of_noun(ctx, n));
        actor.code = named.code;
        actor.country = named.country;
        actor.sector = named.sector;
    }
}

/// Is the head noun the bare "state" ("the state of Queensland", "his home state of
/// Vermont", "the State of Israel")? With "of" and a country or region it names that place
/// or state itself, not its government.
pub(crate) fn names_the_state(ctx: &Ctx, noun: Option<Noun>) -> bool {
    matches!(noun, Some(Noun::Sector(s)) if ctx.kb.sectors.get(s).is_some_and(|x| x.phrase == "state"))
}
