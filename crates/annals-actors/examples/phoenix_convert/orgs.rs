//! Organisations from Phoenix entries: national institutions, parties and armed groups of
//! the Countries file, IGOs and NGOs of the International file, and — of the companies —
//! only news media and state-owned firms.

use std::collections::{HashMap, HashSet};

use crate::codes::{igo_of, org_sector, split_country};
use crate::dict::{Code, Entry};
use crate::existing::Existing;
use crate::names::{has_initial, has_org_word, is_person_name, key, org_case, tokens};
use crate::{Stats, Words};

#[derive(Debug, Clone)]
pub struct Org {
    pub code: String,
    pub country: Option<String>,
    pub sector: String,
    pub name: String,
    pub names: Vec<String>,
}

/// Words that make a phrase a description of a person or office ("US secretary of
/// defense", "ASEAN defense ministers"), not an organisation.
const PERSON_WORDS: &[&str] = &[
    "PRESIDENT",
    "MINISTER",
    "MINISTERS",
    "SECRETARY",
    "SPOKESMAN",
    "SPOKESWOMAN",
    "SPOKESPERSON",
    "CHAIRMAN",
    "AMBASSADOR",
    "ENVOY",
    "PREMIER",
    "CHANCELLOR",
    "LEADER",
    "LEADERS",
    "OFFICIAL",
    "OFFICIALS",
    "PEACEKEEPER",
    "PEACEKEEPERS",
    "DELEGATE",
    "DIRECTOR",
    "COMMANDER",
    "SENATOR",
    "JOURNALIST",
    "REPORTER",
    "COUNTRIES",
    "GENERAL",
    "KING",
    "QUEEN",
    "PRINCE",
    "EMIR",
    "SPOKESPEOPLE",
    "MEMBER",
    "MEMBERS",
    "STAFF",
    "CHIEF",
];

/// Sports clubs and events are not actors.
const SPORT_WORDS: &[&str] = &[
    "FC",
    "F.C.",
    "FOOTBALL",
    "SOCCER",
    "BASEBALL",
    "BASKETBALL",
    "CRICKET",
    "RUGBY",
    "HOCKEY",
    "TEAM",
    "OLYMPIC",
    "OLYMPICS",
    "ATHLETIC",
    "ATHLETICS",
];

/// Company names that are news media.
const MEDIA_WORDS: &[&str] = &[
    "NEWS",
    "TIMES",
    "POST",
    "TELEVISION",
    "TV",
    "BROADCASTING",
    "BROADCAST",
    "RADIO",
    "PRESS",
    "MEDIA",
    "JOURNAL",
    "HERALD",
    "TRIBUNE",
    "GAZETTE",
    "NEWSPAPER",
    "NEWSPAPERS",
    "DAILY",
];

/// Company names that say the state owns them (national oil companies and the like).
fn state_owned(toks: &[String]) -> bool {
    let has = |w: &[&str]| toks.iter().any(|t| w.contains(&t.as_str()));
    has(&["STATE"])
        || (has(&["NATIONAL"])
            && has(&[
                "OIL",
                "PETROLEUM",
                "GAS",
                "ENERGY",
                "RAILWAY",
                "RAILWAYS",
                "AIRLINES",
            ]))
}

/// The code that describes an organisation now: an open-ended one, else the latest.
fn current_code(codes: &[Code]) -> Option<&Code> {
    codes
        .iter()
        .filter(|c| !c.bad_date)
        .max_by_key(|c| match (&c.from, &c.until) {
            (_, None) if c.dated() => (2, c.from.clone().unwrap_or_default()),
            (_, Some(u)) => (1, u.clone()),
            _ => (0, String::new()),
        })
}

/// Code, country and sector of an organisation, or why it is left out.
fn classify(
    toks: &[String],
    code: &str,
    ex: &Existing,
) -> Result<(String, Option<String>, String), &'static str> {
    let court = toks.iter().any(|t| t == "COURT" || t == "TRIBUNAL");
    if let Some(rest) = code.strip_prefix("IGO") {
        if igo_of(code, &ex.igos).is_some() && !rest.is_empty() && toks.len() <= 2 {
            return Err("org skipped: names an IGO igos.toml has");
        }
        return Ok(("IGO".into(), None, "IGO".into()));
    }
    if code.starts_with("NGO") {
        return Ok(("NGO".into(), None, "NGO".into()));
    }
    if let Some(rest) = code.strip_prefix("MNC") {
        let country = split_country(rest, &ex.countries).map(|(c, _)| c);
        let media = rest.contains("MED") && toks.iter().any(|t| MEDIA_WORDS.contains(&t.as_str()));
        let sector = if media {
            "MED"
        } else if state_owned(toks) {
            "BUS"
        } else {
            return Err("org skipped: company neither media nor state-owned");
        };
        return match country {
            Some(c) => Ok((format!("{c}{sector}"), Some(c), sector.into())),
            None => Err("org skipped: company without a country"),
        };
    }
    if code == "MED" {
        return Ok(("MED".into(), None, "MED".into()));
    }
    let (country, rest) =
        split_country(code, &ex.countries).ok_or("org skipped: code names no annals country")?;
    let sector = org_sector(&rest, court).ok_or("org skipped: sector annals has no code for")?;
    Ok((format!("{country}{sector}"), Some(country), sector.into()))
}

/// Name tokens without a leading article; `(IFPMA)` becomes an alias.
fn name_parts(phrase: &str) -> (Vec<String>, Vec<String>) {
    let mut toks = tokens(phrase);
    let mut extra = Vec::new();
    toks.retain(|t| {
        if t.starts_with('(') || t.ends_with(')') {
            let inner = t.trim_matches(['(', ')']);
            if !inner.is_empty() {
                extra.push(inner.to_string());
            }
            false
        } else {
            true
        }
    });
    if toks.first().is_some_and(|t| t == "THE") && toks.len() > 1 {
        toks.remove(0);
    }
    (toks, extra)
}

/// Rules a name must pass: no leftover pattern characters, not a sentence word alone,
/// not a description of a person, not a sports club, not ending on a function word.
fn junk(toks: &[String], words: &Words, ex: &Existing) -> Option<&'static str> {
    let text = toks.join(" ");
    if toks.is_empty() || text.chars().filter(|c| c.is_alphabetic()).count() < 3 {
        return Some("name dropped: too short");
    }
    if text.chars().any(|c| "{}!&%*<>=@$|\\/\"".contains(c)) {
        return Some("name dropped: dictionary pattern characters");
    }
    if toks.iter().any(|t| PERSON_WORDS.contains(&t.as_str())) {
        return Some("name dropped: describes a person or office");
    }
    if toks.iter().any(|t| SPORT_WORDS.contains(&t.as_str())) {
        return Some("name dropped: sports");
    }
    if toks.last().is_some_and(|t| {
        matches!(
            t.as_str(),
            "OF" | "THE" | "AND" | "FOR" | "IN" | "ON" | "TO" | "AT" | "DE"
        )
    }) {
        return Some("name dropped: ends on a function word");
    }
    if let [only] = toks {
        // One word that English also writes in lower case ("palm"): the word, not the
        // organisation, is what a capitalised mention usually means.
        if words.common(only) || words.get(only).is_some_and(|u| u.lower >= 1) {
            return Some("name dropped: one common word");
        }
        if ex.not_names.contains(&only.to_lowercase()) {
            return Some("name dropped: engine.toml says never an actor");
        }
    }
    if ex.not_names.contains(&text.to_lowercase()) {
        return Some("name dropped: engine.toml says never an actor");
    }
    None
}

/// What the organisation pass checks names against.
pub struct Known<'a> {
    pub ex: &'a Existing,
    pub words: &'a Words,
    pub people_names: &'a HashSet<String>,
    pub first_names: &'a HashSet<String>,
}

/// Organisations from entries the people pass left; `people_names` are keys of every
/// Phoenix person's names (an organisation never takes a person's name). A phrase named
/// like a person ("NICK_CHEESMAN" coded NGO) is a person when its first word is a first
/// name of two or more Phoenix people (`first_names`, upper case); "SIERRA_CLUB" is not.
pub fn orgs(entries: &[&Entry], file: &str, known: &Known, stats: &mut Stats, out: &mut Vec<Org>) {
    let Known {
        ex,
        words,
        people_names,
        first_names,
    } = known;
    let mut by_key: HashMap<String, usize> = out
        .iter()
        .enumerate()
        .map(|(i, o)| (key(&o.name), i))
        .collect();
    for e in entries {
        let Some(code) = current_code(&e.codes) else {
            stats.bump("entry skipped: no code");
            continue;
        };
        let (toks, extra) = name_parts(&e.name);
        // The Countries file's people lists (CountryInfo) hold people only; elsewhere in
        // it an organisation is an undated institution or is named like one.
        if file == "Countries"
            && (e.comment.contains("CountryInfo") || (code.dated() && !has_org_word(&toks)))
        {
            stats.note("entry skipped: a person without usable roles", &e.name);
            continue;
        }
        let first_name =
            toks.first().is_some_and(|t| first_names.contains(t)) || has_initial(&toks);
        if is_person_name(&toks) && !has_org_word(&toks) && first_name {
            stats.bump("entry skipped: a person without usable roles");
            continue;
        }
        if let Some(why) = junk(&toks, words, ex) {
            stats.note(why, &e.name);
            continue;
        }
        let (code, country, sector) = match classify(&toks, &code.code, ex) {
            Ok(c) => c,
            Err(why) => {
                stats.note(why, &e.name);
                continue;
            }
        };
        let name = org_case(&toks);
        let k = key(&name);
        if ex.has_name(&name) || people_names.contains(&k) {
            stats.note("org skipped: the hand-written knowledge base has it", &name);
            continue;
        }
        let names = aliases(e, extra, &name, known);
        if let Some(&i) = by_key.get(&k) {
            if let Some(o) = out.get_mut(i) {
                o.names.extend(names);
            }
            stats.bump("org merged with an earlier entry of the same name");
            continue;
        }
        by_key.insert(k, out.len());
        out.push(Org {
            code,
            country,
            sector,
            name,
            names,
        });
    }
}

/// An organisation's other names: its `+` phrases and bracketed acronyms that pass the
/// junk rules and are nobody else's.
fn aliases(e: &Entry, extra: Vec<String>, name: &str, known: &Known) -> Vec<String> {
    let mut names = extra;
    for a in &e.aliases {
        let (t, more) = name_parts(a);
        names.extend(more);
        if junk(&t, known.words, known.ex).is_none() {
            names.push(org_case(&t));
        }
    }
    names.retain(|n| {
        !known.ex.has_name(n) && !known.people_names.contains(&key(n)) && key(n).len() >= 3
    });
    // Phoenix lists agencies under their department ("National Transportation Safety
    // Board" under the Department of Transportation): an alias that is a different kind
    // of body (its organisation words are not the name's) is another body.
    let kinds = |s: &str| -> Vec<String> {
        tokens(s)
            .into_iter()
            .filter(|t| has_org_word(std::slice::from_ref(t)))
            .collect()
    };
    let own = kinds(name);
    names.retain(|n| kinds(n).iter().all(|k| own.contains(k)));
    names
}

/// Drop repeated names, and names another organisation already uses (the first keeps it).
pub fn finish(orgs: &mut [Org]) {
    let mut taken: HashSet<String> = orgs.iter().map(|o| key(&o.name)).collect();
    for o in orgs.iter_mut() {
        let own = key(&o.name);
        let mut seen = HashSet::from([own]);
        o.names.retain(|n| {
            let k = key(n);
            seen.insert(k.clone()) && taken.insert(k)
        });
    }
}
