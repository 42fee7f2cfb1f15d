//! The tokenizer's word lists (lexicon.txt), parsed once.

use std::sync::OnceLock;

pub(super) use crate::splitter::lexicon::{ascii_lower, MAX_WORD};
use crate::splitter::lexicon::{FastMap, FastSet};

const LEXICON: &str = include_str!("lexicon.txt");

#[derive(Debug, Default)]
pub(super) struct Lexicon {
    /// Clitic endings without their apostrophe, lowercase ("s", "re"); "n't" is separate.
    pub clitics: FastSet<String>,
    /// Lowercase word → byte lengths of its parts.
    pub splits: FastMap<String, Vec<usize>>,
    pub hyphen_prefixes: FastSet<String>,
    /// Words after which "its" is "it" + "s".
    pub its_is: FastSet<String>,
    pub units: FastSet<String>,
    /// Emoticons, longest first.
    pub emoticons: Vec<String>,
}

pub(super) fn lexicon() -> &'static Lexicon {
    static LEX: OnceLock<Lexicon> = OnceLock::new();
    LEX.get_or_init(|| Lexicon::parse(LEXICON))
}

impl Lexicon {
    fn parse(data: &str) -> Lexicon {
        let mut lex = Lexicon::default();
        for (section, line) in crate::wordlist::sectioned(data) {
            match section {
                "clitics" => {
                    let ending = line.trim_start_matches('\'').to_lowercase();
                    lex.clitics.insert(ending);
                }
                "splits" => {
                    let mut parts = line.split_whitespace();
                    let Some(word) = parts.next() else { continue };
                    let parts: Vec<&str> = parts.collect();
                    if parts.len() > 1 && parts.concat().eq_ignore_ascii_case(word) {
                        let lens = parts.iter().map(|p| p.len()).collect();
                        lex.splits.insert(word.to_lowercase(), lens);
                    }
                }
                "its_is" => {
                    lex.its_is.insert(line.to_lowercase());
                }
                "hyphen_prefixes" => {
                    lex.hyphen_prefixes.insert(line.to_lowercase());
                }
                "units" => {
                    lex.units.insert(line.to_lowercase());
                }
                "emoticons" => lex.emoticons.push(line.to_string()),
                _ => {}
            }
        }
        lex.emoticons.sort_by_key(|e| std::cmp::Reverse(e.len()));
        lex
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_are_parsed() {
        let lex = lexicon();
        assert!(lex.clitics.contains("s") && lex.clitics.contains("n't"));
        assert_eq!(lex.splits.get("cannot"), Some(&vec![3, 3]));
        assert_eq!(lex.splits.get("dunno"), Some(&vec![2, 1, 2]));
        assert!(lex.hyphen_prefixes.contains("e"));
        assert!(lex.units.contains("pm"));
        assert!(lex.its_is.contains("not"));
        assert_eq!(lex.emoticons.first().map(String::len), Some(3));
    }

    #[test]
    fn split_parts_must_spell_the_word() {
        let lex = Lexicon::parse("[splits]\ncannot can nut\nfoo foo\n");
        assert!(lex.splits.is_empty());
    }

    #[test]
    fn lowercases_ascii_only() {
        let mut buf = [0u8; MAX_WORD];
        assert_eq!(ascii_lower("DoN't", &mut buf), Some("don't"));
        assert_eq!(ascii_lower("Putin’s", &mut buf), None);
    }
}
