//! The report's home country, for the people and bodies the knowledge base does not know.
//!
//! Most actors of a news report are people and bodies of the country it is about: "the
//! government asked Judge Miller to delay his ruling", "He was found guilty on all counts",
//! "Critics … have claimed this is a move by Johnson". The resolver rightly leaves "Judge
//! Miller", "He" and "Critics" without a code (it cannot know who they are), so before this
//! module such sentences yielded no event at all; annotators code them as domestic events of
//! the report's country. The coder now gives each such side the *home country* — the country
//! the document's resolved mentions name most — with the sector the noun implies (a
//! government, the police, a court …, else civilians) and no name.
//!
//! The inferred side keeps `via = unresolved`, so the event model sees that the country was
//! inferred and weighs it, the rule-based confidence gives it no resolution credit, and the
//! stored mentions are untouched (the resolver's output is what the store keeps). Only
//! names the resolver found and could not resolve, personal pronouns and the nouns of
//! `data/home_nouns.tsv` are given the home country, and a noun only when nothing in its
//! phrase names a country or a name ("Iraqi officials", "officials of the UN" are not home).

use std::collections::HashMap;
use std::sync::OnceLock;

use annals_core::{Actor, ActorMention, ResolvedVia, Span, Upos};

use super::domestic::PRONOUNS;
use crate::tree::Tree;

const HOME_NOUNS_TSV: &str = include_str!("../../data/home_nouns.tsv");

/// A country is the home of a document when at least this many resolved mentions name it
/// and no other country is named as often.
const MIN_MENTIONS: usize = 2;

/// The sector code of private people: civilians, and unknown people given a country.
pub(super) const CIVILIANS: &str = "CVL";

/// lemma → sector of `data/home_nouns.tsv` (checked by a test: every line has both fields).
fn home_nouns() -> &'static HashMap<&'static str, &'static str> {
    static NOUNS: OnceLock<HashMap<&'static str, &'static str>> = OnceLock::new();
    NOUNS.get_or_init(|| {
        HOME_NOUNS_TSV
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| l.split_once('\t'))
            .map(|(lemma, sector)| (lemma.trim(), sector.trim()))
            .collect()
    })
}

/// The country the document's resolved mentions name most often (three-letter codes only:
/// IGOs have no home), when it is named at least [`MIN_MENTIONS`] times and strictly more
/// often than any other. Ties are no home: the report is about two countries.
pub fn home_country(mentions: &[ActorMention]) -> Option<String> {
    let mut counts: HashMap<&str, (usize, usize)> = HashMap::new();
    for (i, m) in mentions.iter().enumerate() {
        let Some(country) = m.actors.first().and_then(|a| a.country.as_deref()) else {
            continue;
        };
        if country.len() != 3 || !country.bytes().all(|b| b.is_ascii_uppercase()) {
            continue;
        }
        counts.entry(country).or_insert((0, i)).0 += 1;
    }
    let mut ranked: Vec<(&str, usize, usize)> = counts
        .into_iter()
        .map(|(c, (n, first))| (c, n, first))
        .collect();
    // Most mentions first; the earlier-named country first among equals (deterministic).
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then(a.2.cmp(&b.2)));
    match ranked.as_slice() {
        [(c, n, _), rest @ ..] if *n >= MIN_MENTIONS && rest.first().is_none_or(|r| r.1 < *n) => {
            Some((*c).to_string())
        }
        _ => None,
    }
}

/// The sentence's mentions with the home country given to its unknown people: every
/// unresolved mention, and a new mention for each pronoun and home noun outside any
/// mention. Sorted by position; the resolver's resolved mentions are kept as they are.
pub fn with_home_actors(
    here: &[&ActorMention],
    tree: &Tree,
    sentence: usize,
    home: &str,
) -> Vec<ActorMention> {
    let mut out: Vec<ActorMention> = Vec::with_capacity(here.len() + 2);
    for m in here {
        let mut m = (*m).clone();
        if !m.is_resolved() && !is_place(tree, &m) {
            // A title inside the name gives the sector ("Vice Foreign Minister Kim
            // Hong-kyun", "Judge Gray Miller").
            let sector = (m.tokens.0..m.tokens.1)
                .find_map(|t| sector_of(tree, t))
                .unwrap_or(CIVILIANS);
            m.actors = vec![home_actor(home, sector)];
        }
        out.push(m);
    }
    for tok in 0..tree.len() {
        if here.iter().any(|m| m.tokens.0 <= tok && tok < m.tokens.1) {
            continue;
        }
        let Some(sector) = unknown_people(tree, here, tok) else {
            continue;
        };
        let Some(token) = tree.token(tok) else {
            continue;
        };
        out.push(ActorMention {
            sentence,
            span: Span::new(token.span.start, token.span.end),
            tokens: (tok, tok + 1),
            head: tok,
            text: token.form.clone(),
            actors: vec![home_actor(home, sector)],
            via: ResolvedVia::Unresolved,
            antecedent: None,
        });
    }
    out.sort_by_key(|m| (m.tokens.0, m.tokens.1));
    out
}

/// Words that make an unresolved name a place or a region, not people: "the North" (of
/// Korea), "the Gulf" — a report about one country often names another this way.
const PLACE_WORDS: &[&str] = &[
    "north",
    "south",
    "east",
    "west",
    "northeast",
    "northwest",
    "southeast",
    "southwest",
    "gulf",
    "peninsula",
    "island",
    "islands",
    "region",
    "province",
    "city",
    "county",
];

/// Prepositions that make a name the place where something happens ("in Varnholt").
const LOCATIVE: &[&str] = &["in", "at", "near", "inside", "outside", "across", "around"];

/// Whether an unresolved mention is a place: a place word in it, or a locative preposition
/// on its head. A place is not given the home country (it may be abroad, and a place
/// acts in no event).
fn is_place(tree: &Tree, m: &ActorMention) -> bool {
    let place_word = (m.tokens.0..m.tokens.1).any(|t| PLACE_WORDS.contains(&tree.word(t).as_str()));
    let locative = tree
        .children(m.head)
        .iter()
        .any(|&c| tree.deprel(c) == "case" && LOCATIVE.contains(&tree.word(c).as_str()));
    place_word || locative
}

/// The sector a pronoun or home noun at `tok` stands for, when it stands for unknown people
/// of the report.
fn unknown_people(tree: &Tree, here: &[&ActorMention], tok: usize) -> Option<&'static str> {
    match tree.upos(tok) {
        Some(Upos::PRON) => {
            let word = tree.form(tok).to_lowercase();
            PRONOUNS.contains(&word.as_str()).then_some(CIVILIANS)
        }
        Some(Upos::NOUN) => {
            let sector = sector_of(tree, tok)?;
            (!names_another(tree, here, tok)).then_some(sector)
        }
        _ => None,
    }
}

fn sector_of(tree: &Tree, tok: usize) -> Option<&'static str> {
    let word = tree.word(tok);
    home_nouns().get(word.as_str()).copied()
}

/// Whether the phrase of the noun at `tok` names someone: a modifier that is a mention, a
/// proper noun or a capitalised adjective ("Iraqi officials", "officials of the UN",
/// "Trump's lawyers", "the Labour party").
fn names_another(tree: &Tree, here: &[&ActorMention], tok: usize) -> bool {
    tree.children(tok).iter().any(|&c| {
        let rel = tree.deprel(c);
        let modifier = matches!(rel, "amod" | "compound" | "nmod" | "nmod:poss" | "flat");
        let named = here.iter().any(|m| m.tokens.0 <= c && c < m.tokens.1)
            || tree.upos(c) == Some(Upos::PROPN)
            || (tree.upos(c) == Some(Upos::ADJ)
                && tree.form(c).chars().next().is_some_and(char::is_uppercase));
        modifier && named
    })
}

fn home_actor(home: &str, sector: &str) -> Actor {
    Actor {
        code: format!("{home}{sector}"),
        country: Some(home.to_string()),
        sector: Some(sector.to_string()),
        name: None,
        wikidata: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolved(country: &str, sentence: usize) -> ActorMention {
        ActorMention {
            sentence,
            span: Span::new(0, 1),
            tokens: (0, 1),
            head: 0,
            text: country.to_string(),
            actors: vec![Actor {
                code: country.to_string(),
                country: Some(country.to_string()),
                sector: None,
                name: Some(country.to_string()),
                wikidata: None,
            }],
            via: ResolvedVia::Name,
            antecedent: None,
        }
    }

    #[test]
    fn home_is_the_country_named_most_and_needs_two_mentions() {
        let ms = vec![resolved("USA", 0), resolved("IRN", 1), resolved("USA", 2)];
        assert_eq!(home_country(&ms).as_deref(), Some("USA"));
        assert_eq!(home_country(&ms[..2]), None, "one mention each: a tie");
        assert_eq!(home_country(&ms[..1]), None, "one mention is not enough");
        let igo = vec![resolved("UN", 0), resolved("UN", 1)];
        assert_eq!(home_country(&igo), None, "an IGO has no home");
    }

    #[test]
    fn every_home_noun_has_a_known_sector() {
        let known = ["GOV", "COP", "MIL", "JUD", "LEG", "OPP", "CVL"];
        let nouns = home_nouns();
        assert_eq!(nouns.len(), 65);
        for (lemma, sector) in nouns {
            assert!(known.contains(sector), "{lemma}: {sector}");
        }
        assert_eq!(nouns.get("jury"), Some(&"JUD"));
        assert_eq!(nouns.get("police"), Some(&"COP"));
    }
}
