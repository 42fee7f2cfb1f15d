//! Triage of unresolved names: is "Dorsa Derakhshani" a person, "Democratic Front" an
//! organisation, "Fulton County" a place? A guess from the words (data/engine.toml:
//! `org_words`, `place_words`, `person_titles`) and, when the parse is at hand, from the
//! name's place in the sentence; it tells a user which knowledge-base file a name would
//! go to, and never resolves anything.

use annals_core::{ActorMention, Token, Upos};

use crate::resolve::ActorResolver;
use crate::rules::Rules;

/// What an unresolved name most likely is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum UnresolvedKind {
    /// A person ("Maria Ortiz", "Mr. Brenner"): people.toml.
    Person,
    /// An organisation, party, company or institution: organisations.toml.
    Organisation,
    /// A place that is not a state ("California", "Fulton County"): usually nothing to add.
    Place,
    /// Anything else (products, events, words the tagger took for names).
    Other,
}

impl UnresolvedKind {
    /// All kinds, in the order `annals actors --unresolved` lists them.
    pub const ALL: [UnresolvedKind; 4] = [
        UnresolvedKind::Person,
        UnresolvedKind::Organisation,
        UnresolvedKind::Place,
        UnresolvedKind::Other,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            UnresolvedKind::Person => "person",
            UnresolvedKind::Organisation => "organisation",
            UnresolvedKind::Place => "place",
            UnresolvedKind::Other => "other",
        }
    }
}

/// A word written like a part of a person's name: "Maria", "O'Brien", "Jean-Luc", "J.".
fn name_word(w: &str) -> bool {
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    let rest: Vec<char> = chars.collect();
    let initial = rest == ['.'];
    first.is_uppercase()
        && (initial
            || (!rest.is_empty()
                && rest.iter().any(|c| c.is_lowercase())
                && rest
                    .iter()
                    .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-'))))
}

/// An acronym or a name with capitals inside ("NASA", "BBC", "YouTube").
fn acronym_like(w: &str) -> bool {
    let letters: Vec<char> = w.chars().filter(|c| c.is_alphabetic()).collect();
    let upper = letters.iter().filter(|c| c.is_uppercase()).count();
    letters.len() >= 2 && upper == letters.len()
}

/// The kind from the words alone.
fn by_words(rules: &Rules, text: &str) -> Option<UnresolvedKind> {
    let words: Vec<&str> = text.split_whitespace().collect();
    let lower: Vec<String> = words.iter().map(|w| w.to_lowercase()).collect();
    if lower.iter().any(|w| rules.org_words.contains(w)) {
        return Some(UnresolvedKind::Organisation);
    }
    let place_start = words.len() >= 2
        && lower
            .first()
            .is_some_and(|w| rules.place_first_words.contains(w));
    if place_start
        || lower.iter().any(|w| rules.place_words.contains(w))
        || rules.place_names.contains(&text.to_lowercase())
    {
        return Some(UnresolvedKind::Place);
    }
    if words.len() == 1 && words.first().is_some_and(|w| acronym_like(w)) {
        return Some(UnresolvedKind::Organisation);
    }
    if lower
        .first()
        .is_some_and(|w| rules.person_titles.contains(w))
        && words.len() >= 2
    {
        return Some(UnresolvedKind::Person);
    }
    None
}

/// Did the parser join the words `[start, end)` as one name (`flat`, as UD writes "Perttu
/// Ahola"), not as a compound ("Red Hat")?
pub(crate) fn joined_as_one_name(tokens: &[Token], start: usize, end: usize) -> bool {
    (start..end).any(|k| {
        tokens
            .get(k)
            .is_some_and(|t| t.deprel == "flat" && (start + 1..=end).contains(&t.head))
    })
}

/// Is `text` written like a person's full name (two or three name-like words, none of an
/// organisation or place)? "Paris Jaquier" is; "Moscow State University" is not.
pub(crate) fn person_like_name(rules: &Rules, text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    by_words(rules, text).is_none()
        && (2..=3).contains(&words.len())
        && words.iter().all(|w| name_word(w))
}

impl ActorResolver {
    /// The likely kind of an unresolved mention, from its words and, given the parsed
    /// sentence's `tokens`, from its context: an honorific or title right before it
    /// ("Senator Jones") → person; the object of a place preposition ("in Fulton") →
    /// place; two to four name-like words → person.
    pub fn unresolved_kind(&self, mention: &ActorMention, tokens: &[Token]) -> UnresolvedKind {
        let rules = &self.knowledge_base().rules;
        if let Some(kind) = by_words(rules, &mention.text) {
            return kind;
        }
        let (start, end) = mention.tokens;
        let before = start.checked_sub(1).and_then(|p| tokens.get(p));
        if before.is_some_and(|t| rules.person_titles.contains(&t.form.to_lowercase())) {
            return UnresolvedKind::Person;
        }
        let place = tokens.iter().any(|c| {
            c.head == mention.head + 1
                && c.deprel == "case"
                && rules.place_prepositions.contains(&c.form.to_lowercase())
        });
        // "Melbourne, Australia": a name before a comma and a country or state.
        let appositive_place = tokens.get(mention.tokens.1).is_some_and(|t| t.form == ",")
            && tokens
                .get(mention.tokens.1 + 1)
                .is_some_and(|t| t.upos == Upos::PROPN)
            && tokens
                .get(mention.head)
                .is_some_and(|h| h.deprel != "nsubj");
        if place || appositive_place {
            return UnresolvedKind::Place;
        }
        // "Jorgensen" after "Jo Jorgensen": the short form of an earlier unknown name.
        if end == start + 1 && mention.antecedent.is_some() {
            return UnresolvedKind::Person;
        }
        // Two to four name-like words count as a person only when the parser joined them
        // as one name (`flat`, as UD writes "Perttu Ahola"), not as a compound ("Red Hat").
        let flat = joined_as_one_name(tokens, start, end);
        match self.unresolved_kind_of_text(&mention.text) {
            UnresolvedKind::Person if !flat => UnresolvedKind::Other,
            kind => kind,
        }
    }

    /// The likely kind of an unresolved name from its text alone (mentions read back from
    /// the database, whose parse is not stored): the word lists, then name-like words.
    pub fn unresolved_kind_of_text(&self, text: &str) -> UnresolvedKind {
        let rules = &self.knowledge_base().rules;
        if let Some(kind) = by_words(rules, text) {
            return kind;
        }
        let words: Vec<&str> = text.split_whitespace().collect();
        if (2..=4).contains(&words.len()) && words.iter().all(|w| name_word(w)) {
            return UnresolvedKind::Person;
        }
        UnresolvedKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_shapes() {
        assert!(name_word("Maria"));
        assert!(name_word("O'Brien"));
        assert!(name_word("J."));
        assert!(!name_word("NASA"));
        assert!(!name_word("iPhone"));
        assert!(acronym_like("NASA"));
        assert!(acronym_like("U.N."));
        assert!(!acronym_like("Apple"));
    }
}
