//! The engine's own curated data: ambiguity rules, coreference word lists and name
//! aliases (data/ambiguity.toml, data/engine.toml, data/aliases.toml, data/regions.toml).

use std::collections::{HashMap, HashSet};

use serde::Deserialize;

use crate::kb::KbError;

const ENGINE: &str = include_str!("../data/engine.toml");
const AMBIGUITY: &str = include_str!("../data/ambiguity.toml");
const ALIASES: &str = include_str!("../data/aliases.toml");
/// Sub-national places, in the aliases' format (all `territory = true`).
const REGIONS: &str = include_str!("../data/regions.toml");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct EngineFile {
    family_name_first: Vec<String>,
    group_quantifiers: Vec<String>,
    group_country_nouns: Vec<String>,
    group_person_nouns: Vec<String>,
    generic_titles: Vec<String>,
    male_pronouns: Vec<String>,
    female_pronouns: Vec<String>,
    neuter_pronouns: Vec<String>,
    plural_pronouns: Vec<String>,
    pronoun_window: usize,
    metonym_deprels: Vec<String>,
    not_names: Vec<String>,
    leader_offices: Vec<String>,
    place_verbs: Vec<String>,
    host_verbs: Vec<String>,
    travel_verbs: Vec<String>,
    #[serde(default)]
    arrival_verbs: Vec<String>,
    #[serde(default)]
    visit_nouns: Vec<String>,
    place_prepositions: Vec<String>,
    event_nouns: Vec<String>,
    #[serde(default)]
    patient_nouns: Vec<String>,
    relation_prepositions: Vec<String>,
    source_prepositions: Vec<String>,
    state_words: Vec<String>,
    document_country_nouns: Vec<String>,
    seat_nouns: Vec<String>,
    collective_nouns: Vec<String>,
    org_words: Vec<String>,
    place_words: Vec<String>,
    person_titles: Vec<String>,
    place_first_words: Vec<String>,
    place_names: Vec<String>,
    capitalised_group_sectors: Vec<String>,
    #[serde(default)]
    stand_alone_sectors: Vec<String>,
    #[serde(default)]
    not_of_territory_nouns: Vec<String>,
    collective_window: usize,
    document_country_ratio: f64,
    institution_last_words: HashMap<String, String>,
    institution_first_words: HashMap<String, String>,
    institution_needs_country: Vec<String>,
    institution_not_after: Vec<String>,
    one_per_country_nouns: Vec<String>,
    expletive_heads: Vec<String>,
    expletive_verbs: Vec<String>,
}

/// Where a cue's words are looked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub(crate) enum CueScope {
    Sentence,
    #[default]
    Document,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Cue {
    pub words: Vec<String>,
    #[serde(default)]
    pub unless: Vec<String>,
    pub code: String,
    #[serde(default)]
    pub scope: CueScope,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NameRule {
    pub text: String,
    #[serde(default)]
    pub default: Option<String>,
    #[serde(default)]
    pub cues: Vec<Cue>,
    #[serde(default)]
    pub reject_next: Vec<String>,
    #[serde(default)]
    pub reject_after_place: bool,
    /// A capitalised word right before the name (not at the sentence's start) makes it
    /// part of a longer name: "Liberal Democrats", "Sweden Democrats".
    #[serde(default)]
    pub reject_after_capital: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AmbiguityFile {
    name: Vec<NameRule>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Alias {
    pub code: String,
    #[serde(default)]
    pub names: Vec<String>,
    /// Adjectives that name the code ("Congressional" → USA).
    #[serde(default)]
    pub adjectives: Vec<String>,
    /// With `adjectives`: the sector every phrase they start gets ("Congressional
    /// leaders" → USALEG, not the head of state).
    #[serde(default)]
    pub sector: Option<String>,
    /// The names are regions of the state, not the state: "Chechnya's leader" is not
    /// the Russian president.
    #[serde(default)]
    pub territory: bool,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct AliasFile {
    alias: Vec<Alias>,
}

/// Pronoun classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PronounKind {
    Male,
    Female,
    Neuter,
    Plural,
}

#[derive(Debug)]
pub(crate) struct Rules {
    pub family_name_first: HashSet<String>,
    pub group_quantifiers: HashSet<String>,
    pub group_country_nouns: HashSet<String>,
    pub group_person_nouns: HashSet<String>,
    pub generic_titles: HashSet<String>,
    pub pronouns: HashMap<String, PronounKind>,
    pub pronoun_window: usize,
    pub metonym_deprels: HashSet<String>,
    pub not_names: HashSet<String>,
    pub leader_offices: Vec<String>,
    pub place_verbs: HashSet<String>,
    /// Verbs whose direct object, a capital, stands for its country ("visited Pyongyang").
    pub host_verbs: HashSet<String>,
    /// Verbs whose "to" object, a capital, stands for its country ("flew to Moscow").
    pub travel_verbs: HashSet<String>,
    /// Verbs whose "in" object, a capital, stands for its country ("arrived in Beijing").
    pub arrival_verbs: HashSet<String>,
    /// Nouns of a visit whose "to" object, a capital, stands for its country ("a visit to
    /// Pyongyang", "his trip to Moscow").
    pub visit_nouns: HashSet<String>,
    pub place_prepositions: HashSet<String>,
    pub event_nouns: HashSet<String>,
    /// Nouns of people, vessels and places an act is done to, whose country adjective
    /// makes them that country's ("seized a British tanker" → GBR).
    pub patient_nouns: HashSet<String>,
    pub relation_prepositions: HashSet<String>,
    pub source_prepositions: HashSet<String>,
    pub state_words: HashSet<String>,
    pub document_country_nouns: HashSet<String>,
    pub seat_nouns: HashSet<String>,
    pub collective_nouns: HashSet<String>,
    pub org_words: HashSet<String>,
    pub place_words: HashSet<String>,
    pub person_titles: HashSet<String>,
    pub place_first_words: HashSet<String>,
    /// Lower case.
    pub place_names: HashSet<String>,
    pub capitalised_group_sectors: HashSet<String>,
    /// Sectors that are a code by themselves when no country comes with the noun
    /// ("rights groups" → `NGO`, as the event guide codes transnational NGOs).
    pub stand_alone_sectors: HashSet<String>,
    /// Group nouns a region's name does not give its country to ("West Bank settlers" are
    /// no Palestinians); a nationality still does ("Israeli settlers").
    pub not_of_territory_nouns: HashSet<String>,
    pub collective_window: usize,
    pub document_country_ratio: f64,
    /// Last word of an unknown name, lower case → the sector it makes it ("police" → COP).
    pub institution_last_words: HashMap<String, String>,
    /// First word before "of", lower case → sector ("ministry" → GOV).
    pub institution_first_words: HashMap<String, String>,
    /// Of the first words, those whose name must name its country ("department").
    pub institution_needs_country: HashSet<String>,
    /// Words before an institution's last word that make the name something else ("Boston
    /// Tea Party"), lower case.
    pub institution_not_after: HashSet<String>,
    /// Institutions a country has one of; their plural is generic (lower case).
    pub one_per_country_nouns: HashSet<String>,
    /// Heads (lemmas) that make a subject "it" an expletive after a copula or as a passive.
    pub expletive_heads: HashSet<String>,
    /// Verbs (lemmas) whose subject "it" is always an expletive.
    pub expletive_verbs: HashSet<String>,
    /// Region names and adjectives (normalised keys, see `lexicon::norm_key`) of
    /// `territory` aliases.
    pub territories: HashSet<String>,
    /// Alias adjectives that fix the sector, lower case → sector ("congressional" → LEG).
    pub adjective_sectors: HashMap<String, String>,
    pub names: HashMap<String, NameRule>,
    pub aliases: Vec<Alias>,
}

fn parse<T: for<'de> Deserialize<'de>>(file: &str, text: &str) -> Result<T, KbError> {
    toml::from_str(text).map_err(|e| KbError::Syntax {
        file: file.to_string(),
        line: e.span().map_or(0, |s| {
            text.get(..s.start).map_or(0, |t| t.lines().count().max(1))
        }),
        message: e.message().to_string(),
    })
}

fn lower_set(v: Vec<String>) -> HashSet<String> {
    v.into_iter().map(|s| s.to_lowercase()).collect()
}

fn lower_keys(m: HashMap<String, String>) -> HashMap<String, String> {
    m.into_iter().map(|(k, v)| (k.to_lowercase(), v)).collect()
}

impl Rules {
    pub fn builtin() -> Result<Rules, KbError> {
        let e: EngineFile = parse("engine.toml", ENGINE)?;
        let a: AmbiguityFile = parse("ambiguity.toml", AMBIGUITY)?;
        let mut al: AliasFile = parse("aliases.toml", ALIASES)?;
        let regions: AliasFile = parse("regions.toml", REGIONS)?;
        al.alias.extend(regions.alias);
        let mut pronouns = HashMap::new();
        for (list, kind) in [
            (e.male_pronouns, PronounKind::Male),
            (e.female_pronouns, PronounKind::Female),
            (e.neuter_pronouns, PronounKind::Neuter),
            (e.plural_pronouns, PronounKind::Plural),
        ] {
            for p in list {
                pronouns.insert(p.to_lowercase(), kind);
            }
        }
        Ok(Rules {
            family_name_first: e.family_name_first.into_iter().collect(),
            group_quantifiers: lower_set(e.group_quantifiers),
            group_country_nouns: lower_set(e.group_country_nouns),
            group_person_nouns: lower_set(e.group_person_nouns),
            generic_titles: lower_set(e.generic_titles),
            pronouns,
            pronoun_window: e.pronoun_window.max(1),
            metonym_deprels: e.metonym_deprels.into_iter().collect(),
            not_names: lower_set(e.not_names),
            leader_offices: e.leader_offices,
            place_verbs: lower_set(e.place_verbs),
            host_verbs: lower_set(e.host_verbs),
            travel_verbs: lower_set(e.travel_verbs),
            arrival_verbs: lower_set(e.arrival_verbs),
            visit_nouns: lower_set(e.visit_nouns),
            place_prepositions: lower_set(e.place_prepositions),
            event_nouns: lower_set(e.event_nouns),
            patient_nouns: lower_set(e.patient_nouns),
            relation_prepositions: lower_set(e.relation_prepositions),
            source_prepositions: lower_set(e.source_prepositions),
            state_words: lower_set(e.state_words),
            document_country_nouns: lower_set(e.document_country_nouns),
            seat_nouns: lower_set(e.seat_nouns),
            collective_nouns: lower_set(e.collective_nouns),
            org_words: lower_set(e.org_words),
            place_words: lower_set(e.place_words),
            person_titles: lower_set(e.person_titles),
            place_first_words: lower_set(e.place_first_words),
            place_names: lower_set(e.place_names),
            capitalised_group_sectors: e.capitalised_group_sectors.into_iter().collect(),
            stand_alone_sectors: e.stand_alone_sectors.into_iter().collect(),
            not_of_territory_nouns: lower_set(e.not_of_territory_nouns),
            collective_window: e.collective_window.max(1),
            document_country_ratio: e.document_country_ratio.max(1.0),
            institution_last_words: lower_keys(e.institution_last_words),
            institution_first_words: lower_keys(e.institution_first_words),
            institution_needs_country: lower_set(e.institution_needs_country),
            institution_not_after: lower_set(e.institution_not_after),
            one_per_country_nouns: lower_set(e.one_per_country_nouns),
            expletive_heads: lower_set(e.expletive_heads),
            expletive_verbs: lower_set(e.expletive_verbs),
            territories: al
                .alias
                .iter()
                .filter(|a| a.territory)
                .flat_map(|a| a.names.iter().chain(&a.adjectives))
                .map(|n| crate::lexicon::norm_key(n))
                .collect(),
            adjective_sectors: al
                .alias
                .iter()
                .filter_map(|a| Some((a, a.sector.clone()?)))
                .flat_map(|(a, s)| {
                    a.adjectives
                        .iter()
                        .map(move |j| (j.to_lowercase(), s.clone()))
                })
                .collect(),
            names: a.name.into_iter().map(|r| (r.text.clone(), r)).collect(),
            aliases: al.alias,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_parse() {
        let r = Rules::builtin();
        assert!(r.is_ok(), "{:?}", r.err());
        if let Ok(r) = r {
            assert_eq!(r.pronouns.get("their"), Some(&PronounKind::Plural));
            assert!(r.names.contains_key("Georgia"));
            assert!(r.family_name_first.contains("PRK"));
        }
    }
}
