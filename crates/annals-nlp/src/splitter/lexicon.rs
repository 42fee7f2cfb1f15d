//! Word lists of the splitter (also used by the tokenizer): abbreviations with their
//! sentence-ending behaviour and sentence-starter words, parsed once from the text files
//! beside this module.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::OnceLock;

/// FNV-1a: the word lists are looked up for nearly every word, and keys are short, so a
/// simple fast hash beats the default DoS-resistant one (the keys are our own data).
#[derive(Debug, Default, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Hasher for Fnv {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        let mut h = if self.0 == 0 {
            0xcbf2_9ce4_8422_2325
        } else {
            self.0
        };
        for &b in bytes {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        self.0 = h;
    }
}

pub(crate) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<Fnv>>;
pub(crate) type FastSet<K> = HashSet<K, BuildHasherDefault<Fnv>>;

const ABBREVIATIONS: &str = include_str!("abbreviations.txt");
const STARTERS: &str = include_str!("starters.txt");
const CUES: &str = include_str!("cues.txt");

/// When the period of an abbreviation can still end a sentence (see abbreviations.txt).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum AbbrevClass {
    Title,
    Number,
    Month,
    Final,
    Inner,
}

impl AbbrevClass {
    fn from_section(name: &str) -> Option<Self> {
        Some(match name {
            "title" => AbbrevClass::Title,
            "number" => AbbrevClass::Number,
            "month" => AbbrevClass::Month,
            "final" => AbbrevClass::Final,
            "inner" => AbbrevClass::Inner,
            _ => return None,
        })
    }
}

/// The parsed word lists.
#[derive(Debug)]
pub(crate) struct Lexicon {
    /// Entries with capitals, as written and in capitals.
    exact: FastMap<String, AbbrevClass>,
    /// Entries in lowercase, matched case-insensitively.
    folded: FastMap<String, AbbrevClass>,
    starters: FastSet<String>,
    /// Letter closings in lowercase ("thanks", "best regards").
    closings: FastSet<String>,
    /// Words opening a letter's salutation, in lowercase ("dear", "hi").
    salutations: FastSet<String>,
    emoticons: FastSet<String>,
}

/// The lexicon compiled into the binary.
pub(crate) fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(|| Lexicon::parse(ABBREVIATIONS, STARTERS, CUES))
}

/// Longest word the lookups consider (longer words are never abbreviations or starters).
pub(crate) const MAX_WORD: usize = 24;

impl Lexicon {
    /// Parse the lists; lines before any `[section]` and unknown sections are ignored.
    fn parse(abbreviations: &str, starters: &str, cues: &str) -> Lexicon {
        let mut exact = FastMap::default();
        let mut folded = FastMap::default();
        let mut class = None;
        for line in data_lines(abbreviations) {
            if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                class = AbbrevClass::from_section(name.trim());
                continue;
            }
            let Some(class) = class else { continue };
            if line.bytes().any(|b| b.is_ascii_uppercase()) {
                exact.entry(line.to_string()).or_insert(class);
                exact.entry(line.to_ascii_uppercase()).or_insert(class);
            } else {
                folded.entry(line.to_string()).or_insert(class);
            }
        }
        let starters: FastSet<String> = data_lines(starters).map(str::to_string).collect();
        let mut closings = FastSet::default();
        let mut salutations = FastSet::default();
        let mut emoticons = FastSet::default();
        for (section, line) in crate::wordlist::sectioned(cues) {
            match section {
                "closings" => {
                    closings.insert(line.to_lowercase());
                }
                "salutations" => {
                    salutations.insert(line.to_lowercase());
                }
                "emoticons" => {
                    emoticons.insert(line.to_string());
                }
                _ => {}
            }
        }
        Lexicon {
            exact,
            folded,
            starters,
            closings,
            salutations,
            emoticons,
        }
    }

    /// Class of `word` (without its final period) if it is a listed abbreviation.
    pub(crate) fn abbreviation(&self, word: &str) -> Option<AbbrevClass> {
        if word.is_empty() || word.len() > MAX_WORD || !word.is_ascii() {
            return None;
        }
        if let Some(c) = self.exact.get(word) {
            return Some(*c);
        }
        let mut buf = [0u8; MAX_WORD];
        self.folded.get(ascii_lower(word, &mut buf)?).copied()
    }

    /// Whether `phrase` (words separated by single spaces) closes a letter ("Best regards").
    pub(crate) fn is_closing(&self, phrase: &str) -> bool {
        let mut buf = [0u8; MAX_WORD];
        ascii_lower(phrase, &mut buf).is_some_and(|p| self.closings.contains(p))
    }

    /// Whether `word` opens a salutation ("Dear", "Hi").
    pub(crate) fn is_salutation(&self, word: &str) -> bool {
        let mut buf = [0u8; MAX_WORD];
        ascii_lower(word, &mut buf).is_some_and(|w| self.salutations.contains(w))
    }

    pub(crate) fn is_emoticon(&self, word: &str) -> bool {
        self.emoticons.contains(word)
    }

    /// Whether `word` is a capitalised sentence starter ("The", "THE").
    pub(crate) fn is_starter(&self, word: &str) -> bool {
        if word.is_empty() || word.len() > MAX_WORD || !word.is_ascii() {
            return false;
        }
        if self.starters.contains(word) {
            return true;
        }
        let bytes = word.as_bytes();
        if word.len() < 2 || !bytes.iter().all(|b| b.is_ascii_uppercase()) {
            return false;
        }
        // All capitals: try the capitalised form.
        let mut buf = [0u8; MAX_WORD];
        let Some(cap) = buf.get_mut(..word.len()) else {
            return false;
        };
        cap.copy_from_slice(bytes);
        cap.make_ascii_lowercase();
        if let Some(first) = cap.first_mut() {
            first.make_ascii_uppercase();
        }
        std::str::from_utf8(cap).is_ok_and(|w| self.starters.contains(w))
    }
}

/// `word` in ASCII lowercase, in `buf`; `None` for long or non-ASCII words.
pub(crate) fn ascii_lower<'b>(word: &str, buf: &'b mut [u8; MAX_WORD]) -> Option<&'b str> {
    if word.len() > MAX_WORD || !word.is_ascii() {
        return None;
    }
    let out = buf.get_mut(..word.len())?;
    out.copy_from_slice(word.as_bytes());
    out.make_ascii_lowercase();
    std::str::from_utf8(out).ok()
}

/// "U.S.A", "Ph.D", "a.k.a": groups of one to three ASCII letters joined by periods
/// (the final period not included).
pub(crate) fn is_dotted_acronym(word: &str) -> bool {
    let mut groups = 0;
    for part in word.split('.') {
        if part.is_empty() || part.len() > 3 || !part.bytes().all(|c| c.is_ascii_alphabetic()) {
            return false;
        }
        groups += 1;
    }
    groups >= 2
}

/// Non-empty lines of a data file without comments.
fn data_lines(data: &str) -> impl Iterator<Item = &str> {
    data.lines()
        .map(|l| l.split('#').next().unwrap_or("").trim())
        .filter(|l| !l.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_rules_follow_the_data_file() {
        let lex = lexicon();
        assert_eq!(lex.abbreviation("Mr"), Some(AbbrevClass::Title));
        assert_eq!(lex.abbreviation("MR"), Some(AbbrevClass::Title));
        assert_eq!(lex.abbreviation("mr"), None);
        assert_eq!(lex.abbreviation("etc"), Some(AbbrevClass::Final));
        assert_eq!(lex.abbreviation("Etc"), Some(AbbrevClass::Final));
        assert_eq!(lex.abbreviation("U.S"), Some(AbbrevClass::Final));
        assert_eq!(lex.abbreviation("e.g"), Some(AbbrevClass::Inner));
        assert_eq!(lex.abbreviation("Sept"), Some(AbbrevClass::Month));
        assert_eq!(lex.abbreviation("No"), Some(AbbrevClass::Number));
        assert_eq!(lex.abbreviation("house"), None);
        assert_eq!(lex.abbreviation("Straße"), None);
    }

    #[test]
    fn dotted_acronyms() {
        assert!(is_dotted_acronym("U.S"));
        assert!(is_dotted_acronym("Ph.D"));
        assert!(!is_dotted_acronym("U.S."));
        assert!(!is_dotted_acronym("www.example"));
        assert!(!is_dotted_acronym("3.5"));
        assert!(!is_dotted_acronym("U"));
    }

    #[test]
    fn starters_match_capitalised_or_capitals() {
        let lex = lexicon();
        assert!(lex.is_starter("The"));
        assert!(lex.is_starter("THE"));
        assert!(!lex.is_starter("the"));
        assert!(!lex.is_starter("Army"));
        assert!(!lex.is_starter(""));
    }

    #[test]
    fn parse_ignores_comments_and_unknown_sections() {
        let lex = Lexicon::parse(
            "x\n[bogus]\nFoo\n[inner]\nbar # note\n",
            "Then\n",
            "[closings]\nBest Wishes\n[emoticons]\n:)\n",
        );
        assert!(lex.is_closing("best wishes"));
        assert!(lex.is_emoticon(":)"));
        assert_eq!(lex.abbreviation("x"), None);
        assert_eq!(lex.abbreviation("Foo"), None);
        assert_eq!(lex.abbreviation("BAR"), Some(AbbrevClass::Inner));
        assert!(lex.is_starter("Then"));
    }
}
