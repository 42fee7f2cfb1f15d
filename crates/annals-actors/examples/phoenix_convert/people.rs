//! People with dated roles from Phoenix actor entries.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::codes::{igo_of, office_slug, role_sector, split_country};
use crate::dict::Entry;
use crate::existing::Existing;
use crate::names::{
    is_person_name, key, person_case, slug, strip_honorifics, strip_titles, tokens,
};
use crate::{Stats, Words};

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Role {
    pub office: String,
    pub from: Option<String>,
    pub until: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Person {
    pub id: String,
    pub name: String,
    pub names: Vec<String>,
    pub country: Option<String>,
    pub roles: Vec<Role>,
    pub sector: Option<String>,
}

/// A generic office: one per country (or IGO) and sector, held by many at once.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Office {
    pub id: String,
    pub country: String,
    pub sector: String,
}

/// `YYYY[-MM[-DD]]` padded to a comparable day (first day for a start, last for an end).
fn pad(d: &str, end: bool) -> String {
    match d.len() {
        4 if end => format!("{d}-12-31"),
        4 => format!("{d}-01-01"),
        7 if end => format!("{d}-31"),
        7 => format!("{d}-01"),
        _ => d.to_string(),
    }
}

/// The day after a `YYYY-MM-DD` day, so spans that meet ("…-04-30", "…-05-01") merge.
fn next_day(d: &str) -> String {
    let num = |a: usize, b: usize| d.get(a..b).and_then(|s| s.parse::<u32>().ok());
    let (Some(y), Some(m), Some(day)) = (num(0, 4), num(5, 7), num(8, 10)) else {
        return d.to_string();
    };
    if day < crate::dict::days_in_month(y, m) {
        format!("{y:04}-{m:02}-{:02}", day + 1)
    } else if m < 12 {
        format!("{y:04}-{:02}-01", m + 1)
    } else {
        format!("{:04}-01-01", y + 1)
    }
}

/// The person's name forms from one Phoenix phrase: the canonical form (titles and
/// honorifics gone) and, when honorifics were there, the form with them.
fn forms(phrase: &str, korean: bool) -> Option<(String, Option<String>)> {
    let no_titles = strip_titles(&tokens(phrase));
    let plain = strip_honorifics(&no_titles);
    if !is_person_name(&plain) {
        return None;
    }
    let with = (plain.len() < no_titles.len()).then(|| person_case(&no_titles, korean));
    Some((person_case(&plain, korean), with))
}

/// Is this a country entry (every code only a country or its status: `ARM`, `USRARM`,
/// `ARMUNR`)? Those are countries.toml's business.
pub fn is_country_entry(e: &Entry, ex: &Existing) -> bool {
    !e.codes.is_empty()
        && e.codes
            .iter()
            .all(|c| match split_country(&c.code, &ex.countries) {
                Some((_, rest)) => {
                    rest.is_empty() || matches!(rest.as_str(), "UNR" | "OCC" | "AUT")
                }
                None => c.code.len() <= 3,
            })
}

/// Roles, the undated sector and the country of an entry's codes.
fn roles_of(
    e: &Entry,
    ex: &Existing,
    stats: &mut Stats,
) -> (Vec<Role>, Option<String>, Vec<String>, Vec<Office>) {
    let mut offices = Vec::new();
    let mut roles = Vec::new();
    let mut sector = None;
    let mut countries = Vec::new();
    for c in &e.codes {
        if c.bad_date {
            stats.bump("role dropped: unreadable date");
            continue;
        }
        let (owner, sec, national) = if let Some(igo) = igo_of(&c.code, &ex.igos) {
            (igo, "IGO", false)
        } else if let Some((country, rest)) = split_country(&c.code, &ex.countries) {
            if rest == "ELI" || rest.starts_with("ELI") {
                if !c.dated() && sector.is_none() {
                    sector = Some("ELI".to_string());
                }
                countries.push(country);
                stats.bump("role skipped: ELI (annals derives former office-holders)");
                continue;
            }
            match role_sector(&rest) {
                Some(s) => (country, s, true),
                None => {
                    stats.bump("role dropped: sector annals has no office for");
                    continue;
                }
            }
        } else {
            stats.bump("role dropped: code names no annals country or IGO");
            continue;
        };
        if national {
            countries.push(owner.clone());
        }
        if !c.dated() {
            if sector.as_deref().is_none_or(|s| s == "ELI") && national {
                sector = Some(sec.to_string());
            }
            continue;
        }
        if let (Some(f), Some(u)) = (&c.from, &c.until) {
            if pad(f, false) > pad(u, true) {
                stats.bump("role dropped: ends before it starts");
                continue;
            }
        }
        let office = Office {
            id: format!("{owner}/{}", office_slug(sec)),
            country: owner,
            sector: sec.to_string(),
        };
        roles.push(Role {
            office: office.id.clone(),
            from: c.from.clone(),
            until: c.until.clone(),
        });
        offices.push(office);
    }
    (roles, sector, countries, offices)
}

/// Merge a person's overlapping or touching spans of one office into one.
fn merge_roles(mut roles: Vec<Role>) -> Vec<Role> {
    roles.sort_by(|a, b| {
        (&a.office, a.from.as_deref().map(|f| pad(f, false)))
            .cmp(&(&b.office, b.from.as_deref().map(|f| pad(f, false))))
    });
    let mut out: Vec<Role> = Vec::new();
    for r in roles {
        if let Some(last) = out.last_mut() {
            let touches = last.office == r.office
                && match (&last.until, &r.from) {
                    (None, _) | (_, None) => true,
                    (Some(u), Some(f)) => pad(f, false) <= next_day(&pad(u, true)),
                };
            if touches {
                last.until = match (&last.until, &r.until) {
                    (Some(a), Some(b)) => {
                        Some(if pad(b, true) > pad(a, true) { b } else { a }.clone())
                    }
                    _ => None,
                };
                continue;
            }
        }
        out.push(r);
    }
    out.sort_by(|a, b| {
        a.from
            .as_deref()
            .map(|f| pad(f, false))
            .cmp(&b.from.as_deref().map(|f| pad(f, false)))
    });
    out
}

/// People from one file's entries (those that look like people); the rest are returned
/// for the organisation pass.
pub fn people<'a>(
    entries: &'a [Entry],
    ex: &Existing,
    words: &Words,
    stats: &mut Stats,
    offices: &mut HashSet<Office>,
    out: &mut Vec<Person>,
) -> Vec<&'a Entry> {
    let mut rest = Vec::new();
    let mut by_key: HashMap<(Option<String>, String), usize> = out
        .iter()
        .enumerate()
        .map(|(i, p)| ((p.country.clone(), key(&p.name)), i))
        .collect();
    for e in entries {
        if is_country_entry(e, ex) {
            stats.bump("entry skipped: country (countries.toml has it)");
            continue;
        }
        let korean = e
            .codes
            .iter()
            .any(|c| c.code.starts_with("KOR") || c.code.starts_with("PRK"));
        let Some((mut name, honorific)) = forms(&e.name, korean) else {
            rest.push(e);
            continue;
        };
        let mut names: Vec<String> = honorific.into_iter().collect();
        for a in &e.aliases {
            if let Some((plain, with)) = forms(a, korean) {
                names.push(plain);
                names.extend(with);
            }
        }
        let (roles, sector, countries, new_offices) = roles_of(e, ex, stats);
        if roles.is_empty() && sector.is_none() {
            // No role annals can use: perhaps an organisation named like a person.
            rest.push(e);
            continue;
        }
        // A longer alias is a better canonical name than initials ("J. Smith").
        if name.contains('.') {
            if let Some(longer) = names.iter().find(|n| !n.contains('.')).cloned() {
                names.push(std::mem::replace(&mut name, longer));
            }
        }
        if let Some(why) = short_name_problem(&name, korean || family_first(e), words) {
            stats.note(why, &name);
            continue;
        }
        if ex.has_name(&name) || names.iter().any(|n| ex.has_name(n)) {
            stats.note(
                "person skipped: the hand-written knowledge base has them",
                &name,
            );
            continue;
        }
        offices.extend(new_offices);
        let country = most_common(&countries);
        let k = (country.clone(), key(&name));
        if let Some(&i) = by_key.get(&k) {
            if let Some(p) = out.get_mut(i) {
                p.names.extend(names);
                p.roles.extend(roles);
                p.sector = p.sector.take().or(sector);
                stats.bump("person merged with an earlier entry of the same name");
            }
            continue;
        }
        by_key.insert(k, out.len());
        out.push(Person {
            id: String::new(),
            name,
            names,
            country,
            roles,
            sector,
        });
    }
    rest
}

/// Countries whose names are written family name first (engine.toml's
/// `family_name_first`), where the lexicon takes the first word as the short name.
const FAMILY_FIRST: &[&str] = &["PRK", "KOR", "CHN", "TWN", "VNM", "HKG", "MAC", "MNG"];

fn family_first(e: &Entry) -> bool {
    e.codes
        .iter()
        .any(|c| FAMILY_FIRST.iter().any(|p| c.code.starts_with(p)))
}

/// The knowledge base makes a person's short name ("Karzai") a name of its own. A short
/// name that is an ordinary word ("Said", "During", "Young"), a numeral ("Abdullah II") or
/// under three letters would be found in ordinary sentences, so such people are left out.
fn short_name_problem(name: &str, family_first: bool, words: &Words) -> Option<&'static str> {
    let w: Vec<&str> = name.split_whitespace().collect();
    let short = if family_first { w.first() } else { w.last() }?;
    let letters = short.chars().filter(|c| c.is_alphabetic()).count();
    if short.chars().all(|c| "IVX".contains(c)) || matches!(*short, "Jr." | "Sr.") {
        return Some("person skipped: name ends in a numeral or Jr.");
    }
    if letters < 3 && !family_first {
        return Some("person skipped: short name under three letters");
    }
    if words.common(short) {
        return Some("person skipped: short name is an ordinary word");
    }
    None
}

fn most_common(v: &[String]) -> Option<String> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for c in v {
        *counts.entry(c.as_str()).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    v.iter()
        .find(|c| counts.get(c.as_str()) == Some(&best))
        .cloned()
}

/// The word the lexicon takes as a person's short name.
fn short_of(name: &str, family_first: bool) -> Option<&str> {
    let w: Vec<&str> = name.split_whitespace().collect();
    if family_first {
        w.first().copied()
    } else {
        w.last().copied()
    }
}

/// Leave out people whose short name is mostly a first name ("George", "Michael": they
/// would split "George Washington" or "Michael Jordan" into two known names), and aliases
/// whose short name has any of short_name_problem's faults. A word is mostly a first name
/// when it begins three or more Phoenix people's names and does so more than twice as
/// often as it ends one (Arabic names such as "Amin" or "Abbas" are both).
pub fn drop_bad_short_names(people: &mut Vec<Person>, words: &Words, stats: &mut Stats) {
    let ff = |p: &Person| {
        p.country
            .as_deref()
            .is_some_and(|c| FAMILY_FIRST.contains(&c))
    };
    let mut firsts: HashMap<String, usize> = HashMap::new();
    let mut lasts: HashMap<String, usize> = HashMap::new();
    // Counted over given-name-first people only: a Chinese family name leads its name.
    for p in people.iter().filter(|p| !ff(p)) {
        let w: Vec<&str> = p.name.split_whitespace().collect();
        if let (Some(f), Some(l)) = (w.first(), w.last()) {
            *firsts.entry(f.to_uppercase()).or_default() += 1;
            *lasts.entry(l.to_uppercase()).or_default() += 1;
        }
    }
    let firsts_all = firsts.clone();
    let mut ff_firsts: HashMap<String, usize> = HashMap::new();
    for p in people.iter().filter(|p| ff(p)) {
        if let Some(f) = p.name.split_whitespace().next() {
            *ff_firsts.entry(f.to_uppercase()).or_default() += 1;
        }
    }
    let first_names: HashMap<String, usize> = firsts
        .into_iter()
        .filter(|(w, n)| *n >= 3 && *n > 2 * lasts.get(w).copied().unwrap_or(0))
        .collect();
    let is_first = |s: &str| first_names.contains_key(&s.to_uppercase());
    // A short name only one person has resolves alone ("Mugabe"); if English writes that
    // word capitalised three or more times in the treebank ("English", "York") or ever in
    // lower case ("palm"), lone mentions of it would go to this person.
    let mut bearers: HashMap<String, usize> = HashMap::new();
    for p in people.iter() {
        if let Some(s) = short_of(&p.name, ff(p)) {
            *bearers.entry(s.to_lowercase()).or_default() += 1;
        }
    }
    let unique_word = |s: &str| {
        bearers.get(&s.to_lowercase()).is_some_and(|&n| n == 1)
            && words.get(s).is_some_and(|u| u.lower >= 1 || u.capital >= 3)
    };
    people.retain(|p| {
        // "Michael Suen" of Hong Kong is written family name first too, so his short
        // name would be "Michael".
        let short = short_of(&p.name, ff(p));
        // In a family-name-first country a Western given name leads ("Denise Yue Chong
        // Yee" of Hong Kong): one given-name use among other people is enough there.
        // (A family name many there share, "Kim" or "Li", is ambiguous alone anyway.)
        let western_given = ff(p)
            && short.is_some_and(|s| {
                let u = s.to_uppercase();
                let f = firsts_all.get(&u).copied().unwrap_or(0);
                f >= 1
                    && f > lasts.get(&u).copied().unwrap_or(0)
                    && ff_firsts.get(&u).copied().unwrap_or(0) <= 2
            });
        if short.is_some_and(is_first) || western_given {
            stats.note("person skipped: short name is mostly a first name", &p.name);
            return false;
        }
        if short.is_some_and(unique_word) {
            stats.note(
                "person skipped: unique short name that English uses as a word",
                &p.name,
            );
            return false;
        }
        true
    });
    for p in people.iter_mut() {
        let family = ff(p);
        p.names.retain(|n| {
            let ok = n.split_whitespace().count() >= 2
                && short_name_problem(n, family, words).is_none()
                && short_of(n, family).is_some_and(|s| !is_first(s));
            if !ok {
                stats.note("alias dropped: its short name is a word or first name", n);
            }
            ok
        });
    }
}

/// Final clean-up: merge roles, drop repeated names, give each person a unique id, and
/// drop a second person whose full name another Phoenix person already has in the same
/// country (two entries for one person).
pub fn finish(people: &mut [Person], ex: &Existing) {
    let mut used: HashSet<String> = ex.person_ids.clone();
    let mut taken_names: HashSet<String> = HashSet::new();
    for p in people.iter_mut() {
        p.roles = merge_roles(std::mem::take(&mut p.roles));
        if !p.roles.is_empty() {
            // Dated roles say more than an undated sector (and annals derives ELI).
            p.sector = None;
        }
        let own = key(&p.name);
        let mut seen: HashSet<String> = HashSet::from([own]);
        // `|` separates names in the people table.
        p.names
            .retain(|n| !n.contains(['|', '\t']) && seen.insert(key(n)));
        let base = slug(&format!(
            "{}-{}",
            p.name,
            p.country.as_deref().unwrap_or("igo").to_lowercase()
        ));
        let mut id = base.clone();
        let mut n = 2;
        while !used.insert(id.clone()) {
            id = format!("{base}-{n}");
            n += 1;
        }
        p.id = id;
    }
    // One full name, one person per country: a later namesake's names are dropped when
    // they repeat an earlier person's (the lexicon would otherwise offer both).
    for p in people.iter_mut() {
        let country = p.country.clone().unwrap_or_default();
        p.names
            .retain(|n| taken_names.insert(format!("{country}:{}", key(n))));
        taken_names.insert(format!("{country}:{}", key(&p.name)));
    }
}
