//! Building `Actor` values from knowledge-base entries, with dated roles.

use annals_core::Actor;

use crate::kb::{KnowledgeBase, Office};

/// The day a document speaks about: its publication date as `YYYY-MM-DD`, if any.
pub(crate) fn document_day(published: Option<&str>) -> Option<String> {
    let p = published?.trim();
    let date = p.get(..10).filter(|d| is_day(d)).map(str::to_string);
    date.or_else(|| {
        let m = p.get(..7)?;
        let ok = m.len() == 7 && m.as_bytes().get(4) == Some(&b'-');
        ok.then(|| format!("{m}-15"))
    })
}

fn is_day(d: &str) -> bool {
    let b = d.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| {
            if i == 4 || i == 7 {
                *c == b'-'
            } else {
                c.is_ascii_digit()
            }
        })
}

pub(crate) fn country_actor(kb: &KnowledgeBase, i: usize) -> Option<Actor> {
    let c = kb.countries.get(i)?;
    Some(Actor {
        code: c.code.clone(),
        country: Some(c.code.clone()),
        sector: None,
        name: Some(c.name.clone()),
        wikidata: c.wikidata.clone(),
    })
}

/// A country code with a sector: "U.S. officials" → USAGOV.
pub(crate) fn sector_actor(country: &str, sector: &str) -> Actor {
    Actor {
        code: format!("{country}{sector}"),
        country: Some(country.to_string()),
        sector: Some(sector.to_string()),
        name: None,
        wikidata: None,
    }
}

pub(crate) fn igo_actor(kb: &KnowledgeBase, i: usize) -> Option<Actor> {
    let g = kb.igos.get(i)?;
    Some(Actor {
        code: g.code.clone(),
        country: Some(g.code.clone()),
        sector: Some(g.sector.clone()),
        name: Some(g.name.clone()),
        wikidata: g.wikidata.clone(),
    })
}

/// A named organisation as of `day`: a dated period (the Taliban as rebels until
/// 2021-08-14, as Afghanistan's government from 2021-08-15) replaces the sector; an
/// undated document, or a day no period covers, gets the entry's own code.
pub(crate) fn org_actor(kb: &KnowledgeBase, i: usize, day: Option<&str>) -> Option<Actor> {
    let o = kb.orgs.get(i)?;
    let period = day.and_then(|d| o.periods.iter().find(|p| p.covers(d)));
    let (code, sector) = match (period, o.country.as_deref()) {
        (Some(p), Some(c)) => (format!("{c}{}", p.sector), Some(p.sector.clone())),
        _ => (o.code.clone(), o.sector.clone()),
    };
    Some(Actor {
        code,
        country: o.country.clone(),
        sector,
        name: Some(o.name.clone()),
        wikidata: o.wikidata.clone(),
    })
}

/// The actor an office stands for: its own code when it has one (`UN/secretary-general` →
/// `UNSEC`, the organ the event guide codes); a state's office → country + sector; another
/// IGO's office (`NATO/secretary-general`) → the IGO's code.
pub(crate) fn office_actor(kb: &KnowledgeBase, office: &Office) -> Actor {
    if let Some(code) = &office.code {
        // Like an IGO's own actor, the organ's code is its "country" (what events are
        // scored by).
        return Actor {
            code: code.clone(),
            country: Some(code.clone()),
            sector: Some(office.sector.clone()),
            name: None,
            wikidata: None,
        };
    }
    if kb.countries.iter().any(|c| c.code == office.country) {
        sector_actor(&office.country, &office.sector)
    } else {
        Actor {
            code: office.country.clone(),
            country: Some(office.country.clone()),
            sector: Some(office.sector.clone()),
            name: None,
            wikidata: None,
        }
    }
}

/// A named person as of `day`: the role they held that day; without a date, their latest
/// role; a person whose roles all ended before the day is an elite (`ELI`) of their
/// country; a person without offices carries their own sector, else the country alone.
pub(crate) fn person_actor(kb: &KnowledgeBase, i: usize, day: Option<&str>) -> Option<Actor> {
    let p = kb.people.get(i)?;
    let role = match day {
        Some(d) => p.roles.iter().find(|r| p.holds_on(r, d)),
        None => p.roles.iter().max_by(|a, b| a.from.cmp(&b.from)),
    };
    let office = role
        .and_then(|r| kb.office_index.get(&r.office))
        .and_then(|&o| kb.offices.get(o));
    let mut actor = match (office, p.country.as_deref()) {
        (Some(o), _) => office_actor(kb, o),
        (None, Some(c)) => {
            // Roles that ended before the day, or open Phoenix roles past their checks.
            let former = day.is_some_and(|d| {
                p.roles.iter().any(|r| {
                    r.until.as_deref().is_some_and(|u| u < d)
                        || (r.until.is_none() && r.covers(d) && !p.holds_on(r, d))
                })
            });
            match (p.sector.as_deref(), former) {
                (Some(s), _) => sector_actor(c, s),
                (None, true) => sector_actor(c, "ELI"),
                (None, false) => Actor {
                    code: c.to_string(),
                    country: Some(c.to_string()),
                    sector: None,
                    name: None,
                    wikidata: None,
                },
            }
        }
        (None, None) => Actor {
            code: p.sector.clone().unwrap_or_default(),
            country: None,
            sector: p.sector.clone(),
            name: None,
            wikidata: None,
        },
    };
    actor.name = Some(p.name.clone());
    actor.wikidata = p.wikidata.clone();
    Some(actor)
}

/// The holder of `office` on `day` as an actor; without a date (or holder) the office's
/// code with no name: annals does not assume today's holder for an undated report.
pub(crate) fn role_actor(
    kb: &KnowledgeBase,
    office_idx: usize,
    day: Option<&str>,
) -> Option<(Actor, Option<usize>)> {
    let office = kb.offices.get(office_idx)?;
    let holder = day.and_then(|d| kb.holder(&office.id, d));
    let mut actor = office_actor(kb, office);
    if let Some(p) = holder.and_then(|h| kb.people.get(h)) {
        actor.name = Some(p.name.clone());
        actor.wikidata = p.wikidata.clone();
    }
    Some((actor, holder))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn publication_dates_become_days() {
        assert_eq!(
            document_day(Some("2024-06-19T08:00:00Z")).as_deref(),
            Some("2024-06-19")
        );
        assert_eq!(document_day(Some("2024-06")).as_deref(), Some("2024-06-15"));
        assert_eq!(document_day(Some("June 2024")), None);
        assert_eq!(document_day(None), None);
    }
}
