//! Names with several readings (data/ambiguity.toml): Georgia, Washington, Turkey,
//! Jordan, Congo, Korea, Brussels.

use annals_core::Token;

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
