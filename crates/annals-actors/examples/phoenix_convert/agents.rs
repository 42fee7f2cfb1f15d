//! Sector nouns from `Phoenix.agents.txt` that fit annals' sectors.
//!
//! annals matches a sector noun in any case wherever it appears, so a noun must name
//! people or a body of people ("sharecropper", "gendarmery"), not a thing, an idea or an
//! adjective ("industry", "uprising", "islamic").

use std::collections::HashSet;

use crate::codes::agent_sector;
use crate::existing::Existing;
use crate::{dict, Stats, Words};

/// Endings of nouns for people: farmer, investor, economist, historian, fisherman,
/// detainee, assailant, student, townsperson, missionary.
const AGENT_ENDINGS: &[&str] = &[
    "er", "or", "ist", "ian", "man", "woman", "person", "ee", "ant", "ent", "ary", "ive", "crat",
];

/// Nouns for people or bodies of people without those endings (the agents file's own
/// words, not additions).
const PEOPLE_NOUNS: &[&str] = &[
    "monk",
    "nurse",
    "thief",
    "crook",
    "pupil",
    "dean",
    "rabbi",
    "mullah",
    "sheriff",
    "bandit",
    "felon",
    "tycoon",
    "colonel",
    "captain",
    "admiral",
    "ensign",
    "medic",
    "midwife",
    "convict",
    "outlaw",
    "junta",
    "mafia",
    "mafioso",
    "maffia",
    "mob",
    "clergy",
    "infantry",
    "regiment",
    "battalion",
    "garrison",
    "commando",
    "corporal",
    "lieutenant",
    "abbot",
    "pilgrim",
    "doc",
    "ceo",
    "boss",
    "landlord",
    "victim",
    "child",
    "girl",
    "mother",
    "infant",
    "woman",
    "man",
    "rabble",
    "constable",
    "exile",
    "politburo",
    "presidium",
    "praesidium",
    "senate",
    "prelate",
    "consul",
    "despot",
    "tyrant",
    "legate",
    "sovereign",
    "emperor",
    "empress",
    "prince",
    "dictator",
    "generalissimo",
    "seaman",
    "airman",
    "paramilitary",
    "ngo",
    "hasid",
    "mukhabarat",
    "mukabarat",
    "muhabarat",
    "brigand",
    "gangster",
    "nanny",
    "sadhu",
    "cantor",
    "abductor",
    "magistrate",
    "advocate",
    "counsel",
    "bureaucracy",
    "electorate",
    "gendarmery",
    "gendermarie",
    "phalanx",
    "privateer",
    "mendicant",
    "archbishop",
    "bishop",
    "culprit",
    "athlete",
    "burglar",
    "pickpocket",
    "cutpurse",
    "gaolbird",
    "jailbird",
    "paedophile",
    "pedophile",
    "waitress",
    "entrepreneur",
    "enterpreneur",
    "pirate",
    "crook",
    "tenant",
    "elector",
    "consul",
    "bureaucrat",
    "official",
    "chief",
    "lord",
    "kingpin",
    "deputy",
    "expert",
    "mule",
    "criminal",
    "citizen",
    "civilian",
    "crew",
    "general",
    "head",
    "marshal",
    "warden",
    "candidate",
    "diplomat",
    "envoy",
    "king",
    "queen",
    "minority",
];

/// Collective heads that name a body only with a word before them ("arms industry",
/// "organized crime", "civil society"), never alone.
const MULTI_ONLY: &[&str] = &[
    "industry",
    "crime",
    "enterprise",
    "exchange",
    "corp",
    "syndicate",
    "society",
    "personnel",
    "patrol",
    "business",
];

/// Nouns for bodies: a phrase headed by one ("ministry of the environment", "military
/// council") names an organisation, whatever its last word.
const BODIES: &[&str] = &[
    "ministry",
    "department",
    "council",
    "committee",
    "agency",
    "court",
    "bureau",
    "commission",
    "office",
    "service",
    "authority",
    "assembly",
    "parliament",
    "union",
    "association",
    "federation",
    "party",
    "movement",
    "front",
    "army",
    "corps",
    "brigade",
    "unit",
    "squad",
    "guard",
    "police",
    "force",
    "group",
    "organization",
    "organisation",
    "institution",
    "institute",
    "board",
    "cabinet",
    "government",
    "administration",
    "chamber",
    "senate",
    "congress",
    "media",
    "press",
    "network",
    "station",
    "channel",
    "newspaper",
    "company",
    "firm",
    "bank",
    "junta",
    "militia",
    "gang",
    "cartel",
    "church",
    "mosque",
    "temple",
    "synagogue",
    "monastery",
    "diocese",
    "court",
    "tribunal",
    "school",
    "university",
    "college",
    "hospital",
    "clinic",
    "community",
    "team",
    "delegation",
    "embassy",
    "consulate",
    "mission",
    "staff",
    "regime",
    "leadership",
    "secretariat",
    "directorate",
    "command",
    "headquarters",
    "detachment",
    "fleet",
    "navy",
    "battalion",
    "regiment",
    "division",
    "platoon",
    "legion",
];

/// The word a phrase is about: the noun before "of"/"for" ("council of ministers"), else
/// the last word.
fn head(phrase: &str) -> &str {
    let toks: Vec<&str> = phrase.split(' ').collect();
    match toks
        .iter()
        .position(|t| matches!(*t, "of" | "for" | "in" | "on"))
    {
        Some(i) if i > 0 => toks.get(i - 1).copied().unwrap_or(""),
        _ => toks.last().copied().unwrap_or(""),
    }
}

/// Does this word name a person or a body of people?
fn names_people(w: &str, words: usize) -> bool {
    if w.ends_with("ment") && !BODIES.contains(&w) {
        // settlement, treatment: "-ent" words for people do not end in "-ment".
        return false;
    }
    (words > 1 && MULTI_ONLY.contains(&w))
        || PEOPLE_NOUNS.contains(&w)
        || BODIES.contains(&w)
        || CLERGY.contains(&w)
        || AGENT_ENDINGS.iter().any(|e| w.ends_with(e))
}

/// Clergy and religious bodies: an adherent noun ("muslim", "buddhist") is kept only with
/// one of these as its head ("buddhist monk"), since annals' REL is religious figures and
/// institutions, not believers at large.
const CLERGY: &[&str] = &[
    "cleric",
    "clergy",
    "clergyman",
    "clergywoman",
    "clergyperson",
    "priest",
    "monk",
    "nun",
    "imam",
    "mullah",
    "rabbi",
    "bishop",
    "archbishop",
    "missionary",
    "monastery",
    "monastary",
    "church",
    "mosque",
    "temple",
    "synagogue",
    "preacher",
    "pastor",
    "ayatollah",
    "mufti",
    "pope",
    "cardinal",
    "patriarch",
    "lama",
    "abbot",
    "archimandrite",
    "archpriest",
    "hierarch",
    "prelate",
    "diocese",
    "archdiocese",
    "cantor",
    "sadhu",
    "leader",
    "scholar",
];

/// Nouns Phoenix gives one sector that news uses alone for others: an airline is a
/// "carrier", a team has a "captain", a "tanker" is a ship or a refuelling aircraft.
/// With a word before them ("aircraft carrier", "suicide bomber") they are kept.
const AMBIGUOUS: &[&str] = &[
    "carrier",
    "tanker",
    "captain",
    "cruiser",
    "destroyer",
    "bomber",
];

/// Heads that make a GOVMED noun the state's media (annals: "state news agency" MED),
/// not an information ministry.
const MEDIA_HEADS: &[&str] = &[
    "agency",
    "television",
    "tv",
    "radio",
    "broadcaster",
    "newspaper",
    "media",
    "press",
];

fn adherent_code(code: &str) -> bool {
    ["MUS", "CHR", "JEW", "BUD", "HIN"]
        .iter()
        .any(|p| code.starts_with(p))
}

/// Why a phrase is not kept, if it is not.
fn problem(phrase: &str, code: &str, words: &Words) -> Option<&'static str> {
    let toks: Vec<&str> = phrase.split(' ').collect();
    let last = toks.last().copied().unwrap_or("");
    if phrase
        .chars()
        .any(|c| !(c.is_alphabetic() || matches!(c, ' ' | '-' | '\'')))
        || matches!(
            last,
            "of" | "the" | "and" | "for" | "in" | "on" | "to" | "at"
        )
        || phrase.chars().filter(|c| c.is_alphabetic()).count() < 3
    {
        return Some("noun dropped: pattern leftover or unfinished phrase");
    }
    if toks.len() == 1 && AMBIGUOUS.contains(&last) {
        return Some("noun dropped: another sector's noun too (carrier, captain)");
    }
    if ["ENV", "HRI", "DEV", "NGO"]
        .iter()
        .any(|c| code.starts_with(c))
        && matches!(
            head(phrase),
            "agency" | "department" | "ministry" | "bureau" | "office" | "authority" | "commission"
        )
    {
        return Some("noun dropped: a government body or a civil one");
    }
    if words.stem(last) {
        return Some("noun dropped: ends in a word stem");
    }
    if words.adjective(last) {
        return Some("noun dropped: ends in an adjective");
    }
    if words.plural(last) || last.ends_with("ies") || last.ends_with("people") {
        return Some("noun dropped: plural (annals matches plurals of the singular)");
    }
    if adherent_code(code) && !CLERGY.contains(&last) {
        return Some("noun dropped: believers, not a religious figure or body");
    }
    if !names_people(head(phrase), toks.len())
        && !phrase.split(' ').any(|w| w.starts_with("minist"))
    {
        return Some("noun dropped: names no person or body (a thing, an idea)");
    }
    None
}

/// The annals sector of a phrase: its code's, except that ministries are GOV whatever
/// their portfolio and state media nouns are MED.
fn sector_of(phrase: &str, code: &str) -> Option<&'static str> {
    let last = phrase.rsplit(' ').next().unwrap_or("");
    if phrase.split(' ').any(|w| w.starts_with("minist")) {
        return Some("GOV");
    }
    if code.starts_with("GOVMED") && MEDIA_HEADS.contains(&last) {
        return Some("MED");
    }
    agent_sector(code)
}

/// Sector nouns from the agents file that fit annals' sectors and are new.
pub fn agents(
    text: &str,
    ex: &Existing,
    words: &Words,
    stats: &mut Stats,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut seen: HashSet<String> = HashSet::new();
    for a in dict::parse_agents(text) {
        let phrase = a.phrase.replace('_', " ").to_lowercase();
        let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
        let Some(sector) = sector_of(&phrase, &a.code) else {
            stats.bump("noun skipped: code fits no annals sector");
            continue;
        };
        if ex.nouns.contains(&phrase) || ex.has_name(&phrase) {
            stats.bump("noun skipped: sectors.tsv or a name has it");
            continue;
        }
        if let Some(why) = problem(&phrase, &a.code, words) {
            stats.note(why, &phrase);
            continue;
        }
        if !seen.insert(phrase.clone()) {
            stats.bump("noun skipped: repeated");
            continue;
        }
        out.push((phrase, sector.to_string()));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nouns_must_name_people_or_bodies() {
        let w = Words::default();
        assert_eq!(problem("sharecropper", "AGR", &w), None);
        assert_eq!(problem("gendarmery", "COP", &w), None);
        assert!(problem("industry", "BUS", &w).is_some());
        assert!(problem("military aircraft", "MIL", &w).is_some());
        assert_eq!(problem("council of ministers", "GOV", &w), None);
        assert!(problem("central jail of", "COP", &w).is_some());
        assert!(problem("muslim", "MUS", &w).is_some());
        assert_eq!(problem("buddhist monk", "BUD", &w), None);
        assert_eq!(sector_of("ministry of the environment", "ENV"), Some("GOV"));
        assert_eq!(sector_of("national news agency", "GOVMED"), Some("MED"));
        assert_eq!(sector_of("information minister", "GOVMED"), Some("GOV"));
    }
}
