//! Named historical periods ("the Cold War", "World War II"), from `data/eras.tsv`.

use std::sync::OnceLock;

use crate::ontology::{tsv, TableError};

const ERAS_FILE: &str = "data/eras.tsv";
const ERAS_TSV: &str = include_str!("../../data/eras.tsv");

/// A named period and the years it spans.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Era {
    /// Lower-case words of the phrase.
    pub words: Vec<String>,
    pub first_year: i16,
    pub last_year: i16,
}

/// Parse the compiled-in era table (tests check it; see [`eras`]).
pub fn parse_eras() -> Result<Vec<Era>, TableError> {
    let mut out = Vec::new();
    for row in tsv::rows(ERAS_FILE, ERAS_TSV, &["phrase", "first_year", "last_year"])? {
        let year = |i: usize| {
            row.get(i)
                .parse::<i16>()
                .map_err(|_| row.error(ERAS_FILE, format!("bad year {:?}", row.get(i))))
        };
        let (first_year, last_year) = (year(1)?, year(2)?);
        if first_year > last_year {
            return Err(row.error(ERAS_FILE, "first year after last year"));
        }
        let words: Vec<String> = row
            .get(0)
            .split_whitespace()
            .map(str::to_lowercase)
            .collect();
        if words.is_empty() {
            return Err(row.error(ERAS_FILE, "empty phrase"));
        }
        out.push(Era {
            words,
            first_year,
            last_year,
        });
    }
    // Longest phrases first, so "Second World War" wins over a shorter prefix.
    out.sort_by_key(|e| std::cmp::Reverse(e.words.len()));
    Ok(out)
}

/// The era table; empty if it failed to parse (which the tests rule out).
pub(crate) fn eras() -> &'static [Era] {
    static ERAS: OnceLock<Vec<Era>> = OnceLock::new();
    ERAS.get_or_init(|| parse_eras().unwrap_or_default())
}

/// Does the text from byte `start` read as `words` (ignoring case and spacing, so a
/// phrase matches however the tokenizer split "Soviet-Afghan")? Returns the byte length.
pub(crate) fn matches_at(text: &str, words: &[String]) -> Option<usize> {
    let mut rest = text;
    let mut used = 0;
    for (n, word) in words.iter().enumerate() {
        if n > 0 {
            let trimmed = rest.trim_start();
            if trimmed.len() == rest.len() {
                return None;
            }
            used += rest.len() - trimmed.len();
            rest = trimmed;
        }
        let head = rest.get(..word.len())?;
        if !head.eq_ignore_ascii_case(word) {
            return None;
        }
        used += word.len();
        rest = rest.get(word.len()..)?;
    }
    // The phrase must end at a word boundary.
    if rest.chars().next().is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some(used)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_parses_and_matches() {
        let eras = parse_eras().unwrap_or_default();
        assert!(eras.len() >= 10);
        let w: Vec<String> = ["cold", "war"].iter().map(|s| s.to_string()).collect();
        assert_eq!(matches_at("Cold War, the", &w), Some(8));
        assert_eq!(matches_at("cold  war", &w), Some(9));
        assert_eq!(matches_at("Cold Warrior", &w), None);
        assert_eq!(matches_at("ColdWar", &w), None);
    }
}
