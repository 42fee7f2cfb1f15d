//! Names with several readings (data/ambiguity.toml): Georgia, Washington, Turkey,
//! Jordan, Congo, Korea, Brussels.

use annals_core::{Token, Upos};

use super::sentence::Unit;
use super::Ctx;
use crate::lexicon::{norm_key, Hit};
use crate::rules::{CueScope, NameRule};

/// What a rule decided for one occurrence of an ambiguous name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Reading {
    /// The knowledge base's own reading stands.
    Kb,
    /// This code (a country or IGO code).
    Code(String),
    /// Not an actor here (a US state, a bird, a river); kept as an unresolved name.
    NotActor,
}

/// Does `hay` contain `needle` as whole words?
pub(crate) fn contains_words(hay: &str, needle: &str) -> bool {
    if needle.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(pos) = hay.get(from..).and_then(|h| h.find(needle)) {
        let start = from + pos;
        let end = start + needle.len();
        let before = hay.get(..start).and_then(|s| s.chars().next_back());
        let after = hay.get(end..).and_then(|s| s.chars().next());
        let boundary = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
        if boundary(before) && boundary(after) {
            return true;
        }
        from = end;
    }
    false
}

/// Where a name stands: its tokens, and whether a knowledge-base phrase ends right
/// before it ("Congressional Republicans": the capital before is no longer name).
pub(crate) struct Place<'a> {
    pub tokens: &'a [Token],
    pub start: usize,
    pub end: usize,
    pub after_unit: bool,
}

/// Apply `rule` to the name at tokens `[start, end)`.
pub(crate) fn decide(
    rule: &NameRule,
    place: &Place,
    sentence_text: &str,
    document_text: &str,
) -> Reading {
    let (tokens, start, end) = (place.tokens, place.start, place.end);
    let mut next = end;
    if tokens
        .get(next)
        .is_some_and(|t| t.xpos == "POS" || t.form == "'s" || t.form == "’s")
    {
        next += 1;
    }
    if let Some(t) = tokens.get(next) {
        let lower = t.form.to_lowercase();
        if rule.reject_next.contains(&lower) {
            return Reading::NotActor;
        }
    }
    if rule.reject_after_place && start >= 2 {
        let comma = tokens.get(start - 1).is_some_and(|t| t.form == ",");
        let place = tokens
            .get(start - 2)
            .is_some_and(|t| t.upos == annals_core::Upos::PROPN);
        if comma && place {
            return Reading::NotActor;
        }
    }
    if rule.reject_after_capital && start >= 1 && !place.after_unit {
        // A proper noun, not a capitalised first word ("Other Republicans").
        let capital_before = tokens.get(start - 1).is_some_and(|t| {
            t.form.chars().next().is_some_and(char::is_uppercase)
                && (t.upos == annals_core::Upos::PROPN || start >= 2)
                && !matches!(t.upos, annals_core::Upos::DET | annals_core::Upos::PRON)
        });
        if capital_before {
            return Reading::NotActor;
        }
    }
    for cue in &rule.cues {
        let scope = match cue.scope {
            CueScope::Sentence => sentence_text,
            CueScope::Document => document_text,
        };
        let fires = cue.words.iter().any(|w| contains_words(scope, w))
            && !cue.unless.iter().any(|w| contains_words(scope, w));
        if fires {
            return if cue.code.is_empty() {
                Reading::NotActor
            } else {
                Reading::Code(cue.code.clone())
            };
        }
    }
    match rule.default.as_deref() {
        None => Reading::Kb,
        Some("") => Reading::NotActor,
        Some(code) => Reading::Code(code.to_string()),
    }
}

/// A region's name (a `territory` alias: "Nevada", "Wuhan") directly before a capitalised
/// proper noun that no knowledge-base phrase starts is the first word of a longer name:
/// "the Nevada Independent", "Texas Instruments", "Wuhan Institute of Virology". A title or
/// sector noun after it keeps the region ("Florida Governor Ron DeSantis", "Bavarian State
/// Ministry"). `starts` are the starts of all units.
pub(crate) fn region_starts_longer_name(ctx: &Ctx, u: &Unit, starts: &[usize]) -> bool {
    is_region(ctx, u)
        && !starts.contains(&u.end)
        && ctx.token(u.end).is_some_and(|t| {
            matches!(t.upos, Upos::PROPN | Upos::ADJ | Upos::NOUN)
                && t.form.chars().next().is_some_and(char::is_uppercase)
        })
}

/// Is the unit a region's name (a `territory` alias), not a state's?
fn is_region(ctx: &Ctx, u: &Unit) -> bool {
    !u.hits.is_empty()
        && u.hits.iter().all(|h| matches!(h, Hit::Country(_)))
        && ctx
            .span(u.start, u.end)
            .slice(ctx.doc_text)
            .is_some_and(|t| ctx.kb.rules.territories.contains(&norm_key(t)))
}

/// Does the document name someone else with this surname in full ("Usman Khan", "Wanda
/// Vázquez") and person `p` never? Then a lone `surname` is that other person, not the
/// knowledge base's ("Khan" in a report on the London Bridge attacker is not Imran Khan).
/// A title before the surname ("President", "Mr.") names no one else.
pub(crate) fn surname_of_someone_else(ctx: &Ctx, p: usize, surname: &str) -> bool {
    let Some(person) = ctx.kb.people.get(p) else {
        return false;
    };
    let full_names = || std::iter::once(&person.name).chain(&person.names);
    if surname.is_empty() || full_names().any(|n| contains_words(ctx.doc_text, n)) {
        return false;
    }
    let own_words: Vec<&str> = full_names().flat_map(|n| n.split_whitespace()).collect();
    let rules = &ctx.kb.rules;
    let mut from = 0;
    while let Some(pos) = ctx.doc_text.get(from..).and_then(|t| t.find(surname)) {
        let start = from + pos;
        from = start + surname.len();
        let before = ctx.doc_text.get(..start).unwrap_or("");
        if !before.ends_with(' ')
            || !contains_words(ctx.doc_text.get(start..from).unwrap_or(""), surname)
        {
            continue;
        }
        let before = before.trim_end();
        let given = before.rsplit(char::is_whitespace).next().unwrap_or("");
        // Not a capitalised word at a sentence's start ("Yesterday Khan said").
        let mid_sentence = before
            .get(..before.len() - given.len())
            .and_then(|b| b.trim_end().chars().next_back())
            .is_some_and(|c| !matches!(c, '.' | '!' | '?' | '"' | '\u{201c}' | ':'));
        let lower = given.to_lowercase();
        let is_given_name = mid_sentence
            && given.chars().next().is_some_and(char::is_uppercase)
            && given.chars().skip(1).all(char::is_lowercase)
            && given.chars().count() >= 2
            && !own_words.contains(&given)
            && !rules.person_titles.contains(&lower)
            && !rules.generic_titles.contains(&lower)
            && !ctx
                .kb
                .lexicon
                .titles
                .iter()
                .any(|t| t.split_whitespace().last() == Some(lower.as_str()));
        if is_given_name {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_only() {
        assert!(contains_words("Talks in Seoul ended.", "Seoul"));
        assert!(!contains_words("Seoulites", "Seoul"));
        assert!(contains_words("the South Korea team", "South Korea"));
        assert!(!contains_words("North Korean", "North Korea"));
    }
}
