//! The phrase index: every name, adjective, title and sector noun of the knowledge base,
//! keyed by its normalised text, matched longest-first over a sentence's tokens.
//!
//! Keys are lower-cased with whitespace removed and typographic apostrophes folded, and a
//! match must start and end on token boundaries; so the index does not depend on how the
//! tokenizer splits "People's" or "U.S.". A hash lookup per (start, length) pair, with at
//! most `MAX_TOKENS` lengths per token, keeps the cost linear in sentence length without an
//! automaton crate.

use rustc_hash::{FxHashMap, FxHashSet};

use annals_core::{Token, Upos};

use crate::kb::KnowledgeBase;

/// Longest phrase, in tokens, the matcher tries.
const MAX_TOKENS: usize = 9;

/// What a matched phrase names (indices into the knowledge base's tables).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Hit {
    Country(usize),
    CountryAdj(usize),
    Demonym(usize),
    Capital(usize),
    Seat(usize),
    Igo(usize),
    IgoAdj(usize),
    IgoSeat(usize),
    Person(usize),
    Surname(usize),
    Org(usize),
    /// Index into `Lexicon::titles`.
    Title(usize),
    /// Index into `KnowledgeBase::sectors`.
    Sector(usize),
}

impl Hit {
    /// Names of things must be capitalised in the text ("Turkey", not "turkey");
    /// titles and sector nouns match in any case.
    pub fn is_name(&self) -> bool {
        !matches!(self, Hit::Title(_) | Hit::Sector(_))
    }
}

/// Lower-case, fold ’ to ', drop whitespace.
pub(crate) fn norm_key(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(|c| {
            let c = if matches!(c, '\u{2019}' | '\u{2018}' | '`') {
                '\''
            } else {
                c
            };
            c.to_lowercase()
        })
        .collect()
}

#[derive(Debug, Default)]
pub(crate) struct Lexicon {
    map: FxHashMap<String, Vec<Hit>>,
    /// Distinct office titles (lower case) with the offices that carry them.
    pub titles: Vec<String>,
    pub title_offices: Vec<Vec<usize>>,
    /// Last words of titles and sector nouns, so plural variants are only tried where
    /// they can match.
    noun_heads: FxHashSet<String>,
    /// One-word names written only with "the" in the knowledge base ("the West", "the
    /// Union", "the Commission"): without "the" before them the word is something else
    /// ("Kanye West", "Zimbabwe African National Union").
    the_only: FxHashSet<(String, Hit)>,
    /// (key, hit) pairs added without "the", which lift the requirement.
    plain: FxHashSet<(String, Hit)>,
}

impl Lexicon {
    pub fn build(kb: &KnowledgeBase) -> Lexicon {
        let mut lx = Lexicon::default();
        let mut title_ids: FxHashMap<String, usize> = FxHashMap::default();
        for (i, c) in kb.countries.iter().enumerate() {
            lx.add(&c.name, Hit::Country(i));
            for n in &c.names {
                lx.add(n, Hit::Country(i));
            }
            for a in &c.adjectives {
                lx.add(a, Hit::CountryAdj(i));
            }
            for d in &c.demonyms {
                lx.add(d, Hit::Demonym(i));
            }
            for cap in &c.capitals {
                lx.add(cap, Hit::Capital(i));
            }
            for s in &c.seats {
                lx.add(strip_the(s), Hit::Seat(i));
            }
        }
        for (i, g) in kb.igos.iter().enumerate() {
            lx.add_named(&g.name, Hit::Igo(i));
            for n in &g.names {
                lx.add_named(n, Hit::Igo(i));
            }
            for a in &g.adjectives {
                lx.add(a, Hit::IgoAdj(i));
            }
            for s in &g.seats {
                lx.add(strip_the(s), Hit::IgoSeat(i));
            }
        }
        for alias in &kb.rules.aliases {
            let target = kb
                .countries
                .iter()
                .position(|c| c.code == alias.code)
                .map(Hit::Country)
                .or_else(|| {
                    kb.igos
                        .iter()
                        .position(|g| g.code == alias.code)
                        .map(Hit::Igo)
                });
            if let Some(hit) = target {
                for n in &alias.names {
                    lx.add(n, hit);
                }
                if let Hit::Country(c) = hit {
                    for a in &alias.adjectives {
                        lx.add(a, Hit::CountryAdj(c));
                    }
                }
            }
        }
        for (i, p) in kb.people.iter().enumerate() {
            let family_first = p
                .country
                .as_deref()
                .is_some_and(|c| kb.rules.family_name_first.contains(c));
            for n in std::iter::once(&p.name).chain(p.names.iter()) {
                lx.add(n, Hit::Person(i));
                // A surname that is also a place or body's name ("Jordan" of Pallo
                // Jordan) stands for the place on its own; the full name still matches.
                if let Some(short) = short_form(n, family_first).filter(|s| !lx.names_a_place(s)) {
                    lx.add(short, Hit::Surname(i));
                }
            }
        }
        for (i, o) in kb.orgs.iter().enumerate() {
            lx.add_named(&o.name, Hit::Org(i));
            for n in &o.names {
                lx.add_named(n, Hit::Org(i));
            }
        }
        let mut add_title = |lx: &mut Lexicon, t: &str, office: Option<usize>| {
            let key = t.to_lowercase();
            let id = *title_ids.entry(key.clone()).or_insert_with(|| {
                lx.titles.push(key.clone());
                lx.title_offices.push(Vec::new());
                lx.titles.len() - 1
            });
            if let (Some(o), Some(list)) = (office, lx.title_offices.get_mut(id)) {
                list.push(o);
            }
            id
        };
        for (i, o) in kb.offices.iter().enumerate() {
            for t in &o.titles {
                let id = add_title(&mut lx, t, Some(i));
                lx.add(t, Hit::Title(id));
            }
        }
        for t in &kb.rules.generic_titles {
            let id = add_title(&mut lx, t, None);
            lx.add(t, Hit::Title(id));
        }
        for (i, s) in kb.sectors.iter().enumerate() {
            lx.add(&s.phrase, Hit::Sector(i));
        }
        lx
    }

    /// A name that may be written with "the" ("the European Union"): indexed without it;
    /// a one-word rest ("the West") is remembered as needing the "the" in the text.
    fn add_named(&mut self, phrase: &str, hit: Hit) {
        let rest = strip_the(phrase);
        let key = norm_key(rest);
        if rest.len() < phrase.len() && !rest.contains(char::is_whitespace) {
            self.the_only.insert((key, hit));
        } else {
            self.plain.insert((key, hit));
        }
        self.add(rest, hit);
    }

    /// Must this hit of `key` follow "the" in the text (see `the_only`)?
    pub fn needs_the(&self, key: &str, hit: Hit) -> bool {
        let pair = (key.to_string(), hit);
        self.the_only.contains(&pair) && !self.plain.contains(&pair)
    }

    fn add(&mut self, phrase: &str, hit: Hit) {
        if !hit.is_name() {
            if let Some(last) = phrase.split_whitespace().last() {
                self.noun_heads.insert(norm_key(last));
            }
        }
        let key = norm_key(phrase);
        if key.is_empty() {
            return;
        }
        let hits = self.map.entry(key).or_default();
        if !hits.contains(&hit) {
            hits.push(hit);
        }
    }

    /// Whether a phrase is already a country's, capital's or intergovernmental body's
    /// name (the people come after the places in [`Lexicon::build`]).
    fn names_a_place(&self, phrase: &str) -> bool {
        self.get(&norm_key(phrase)).is_some_and(|hits| {
            hits.iter().any(|h| {
                matches!(
                    h,
                    Hit::Country(_) | Hit::Capital(_) | Hit::CountryAdj(_) | Hit::Igo(_)
                )
            })
        })
    }

    pub fn get(&self, key: &str) -> Option<&[Hit]> {
        self.map.get(key).map(Vec::as_slice)
    }
}

fn strip_the(s: &str) -> &str {
    s.strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s)
}

/// A sentence's tokens in normalised form, concatenated, for index lookups.
pub(crate) struct SentenceKeys {
    text: String,
    /// Byte offset of each token's normalised form in `text`, plus the end.
    offsets: Vec<usize>,
    /// Singular forms of each token that end some title or sector noun (usually none).
    variants: Vec<Vec<String>>,
}

impl SentenceKeys {
    pub fn new(tokens: &[Token], lx: &Lexicon) -> SentenceKeys {
        let mut text = String::new();
        let mut offsets = Vec::with_capacity(tokens.len() + 1);
        let mut variants = Vec::with_capacity(tokens.len());
        for t in tokens {
            offsets.push(text.len());
            let form = norm_key(&t.form);
            let mut vs: Vec<String> = Vec::new();
            if matches!(t.upos, Upos::NOUN | Upos::PROPN | Upos::VERB) {
                let lemma = norm_key(&t.lemma);
                let candidates = [
                    Some(lemma.as_str()),
                    form.strip_suffix('s'),
                    form.strip_suffix("es"),
                ];
                for c in candidates.into_iter().flatten() {
                    if c != form && lx.noun_heads.contains(c) && !vs.iter().any(|v| v == c) {
                        vs.push(c.to_string());
                    }
                }
            }
            variants.push(vs);
            text.push_str(&form);
        }
        offsets.push(text.len());
        SentenceKeys {
            text,
            offsets,
            variants,
        }
    }

    fn key(&self, start: usize, end: usize) -> Option<&str> {
        let a = *self.offsets.get(start)?;
        let b = *self.offsets.get(end)?;
        self.text.get(a..b)
    }

    /// Key of tokens `[start, end)` with the last token replaced by `last`.
    fn key_with_last(&self, start: usize, end: usize, last: &str) -> Option<String> {
        let prefix = self.key(start, end.checked_sub(1)?)?;
        Some(format!("{prefix}{last}"))
    }
}

/// The longest phrase starting at token `start`: its end (exclusive) and hits, keeping
/// only hits whose case fits (names need a capitalised last token).
pub(crate) fn longest_match(
    lx: &Lexicon,
    tokens: &[Token],
    keys: &SentenceKeys,
    start: usize,
) -> Option<(usize, Vec<Hit>)> {
    let max_end = tokens.len().min(start + MAX_TOKENS);
    let after_the = start
        .checked_sub(1)
        .and_then(|p| tokens.get(p))
        .is_some_and(|t| t.form.eq_ignore_ascii_case("the"));
    for end in (start + 1..=max_end).rev() {
        let last = tokens.get(end - 1)?;
        if last.upos == Upos::PUNCT && end > start + 1 {
            continue;
        }
        let capital = last
            .form
            .chars()
            .next()
            .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit());
        let take = |hits: &mut Vec<Hit>, found: Option<&[Hit]>, names_ok: bool| {
            for h in found.unwrap_or(&[]) {
                if (!h.is_name() || (names_ok && capital)) && !hits.contains(h) {
                    hits.push(*h);
                }
            }
        };
        let mut hits: Vec<Hit> = Vec::new();
        let key = keys.key(start, end);
        take(&mut hits, key.and_then(|k| lx.get(k)), true);
        if let Some(k) = key.filter(|_| !after_the) {
            hits.retain(|h| !lx.needs_the(k, *h));
        }
        if hits.is_empty() {
            // Plurals of titles and sector nouns ("officials", "troops").
            for v in keys.variants.get(end - 1).map_or(&[][..], Vec::as_slice) {
                if let Some(k) = keys.key_with_last(start, end, v) {
                    take(&mut hits, lx.get(&k), false);
                }
            }
        }
        if !hits.is_empty() {
            return Some((end, hits));
        }
    }
    None
}

/// The word a person is called by alone: the family name (first for `family_first`
/// countries, else last), before a generational suffix ("Martin Luther King Jr." → King).
/// A monarch's regnal number is no name ("Juan Carlos I" would make every "I" the King of
/// Spain), and a given name is no surname, so regnal names have none.
fn short_form(name: &str, family_first: bool) -> Option<&str> {
    const SUFFIXES: &[&str] = &["jr.", "jr", "sr.", "sr"];
    let mut words: Vec<&str> = name.split_whitespace().collect();
    while words
        .last()
        .is_some_and(|w| SUFFIXES.contains(&w.to_lowercase().as_str()))
    {
        words.pop();
    }
    let regnal = |w: &str| w.len() <= 5 && w.chars().all(|c| matches!(c, 'I' | 'V' | 'X' | 'L'));
    if words.len() < 2 || words.iter().any(|w| regnal(w)) {
        return None;
    }
    if family_first {
        words.first().copied()
    } else {
        words.last().copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_spacing_case_and_apostrophes() {
        assert_eq!(
            norm_key("Democratic People’s Republic of Korea"),
            "democraticpeople'srepublicofkorea"
        );
        assert_eq!(norm_key("U.S."), "u.s.");
    }

    #[test]
    fn a_surname_that_names_a_country_is_no_surname() {
        let people = "id\tname\tnames\tcountry\tsector\troles\n\
                      pallo-jordan-zaf\tPallo Jordan\t\tZAF\t\t\n\
                      ada-smith-zaf\tAda Smith\t\tZAF\t\t\n";
        let kb = KnowledgeBase::from_sources(&[("people.tsv".into(), people.into())])
            .unwrap_or_else(|e| panic!("test knowledge base: {e}"));
        let lx = Lexicon::build(&kb);
        let jordan = lx.get(&norm_key("Jordan")).unwrap_or_default();
        assert!(jordan.iter().any(|h| matches!(h, Hit::Country(_))));
        assert!(
            !jordan.iter().any(|h| matches!(h, Hit::Surname(_))),
            "{jordan:?}"
        );
        let full = lx.get(&norm_key("Pallo Jordan")).unwrap_or_default();
        assert!(full.iter().any(|h| matches!(h, Hit::Person(_))));
        let smith = lx.get(&norm_key("Smith")).unwrap_or_default();
        assert!(
            smith.iter().any(|h| matches!(h, Hit::Surname(_))),
            "{smith:?}"
        );
    }

    #[test]
    fn regnal_numbers_and_suffixes_are_no_surnames() {
        assert_eq!(short_form("Juan Carlos I", false), None);
        assert_eq!(short_form("Mohammed VI", false), None);
        assert_eq!(short_form("Martin Luther King Jr.", false), Some("King"));
        assert_eq!(short_form("Kim Jong Un", true), Some("Kim"));
        assert_eq!(short_form("Ada Smith", false), Some("Smith"));
        assert_eq!(short_form("Madonna", false), None);
    }
}
