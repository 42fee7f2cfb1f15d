//! Lemmatizer learned from a treebank, following its conventions (UD English-EWT:
//! "fled" → "flee", "was" → "be", proper nouns keep their case, "11,000" → "11000").
//!
//! A word is looked up, in order, in
//! 1. an exceptions table keyed by (exact form, tag) — irregular and odd words;
//! 2. a table keyed by (lowercase form, tag) — words seen in another casing;
//! 3. for an inflected form (plural, past, "-ing", "-s", comparative), the most frequent
//!    word of a [`Lexicon`] of real English words that the spelling rules could have
//!    inflected into it ("shelled" → "shell", "embargoes" → "embargo");
//! 4. suffix rules: for the longest suffix of the lowercase form with a rule for the tag,
//!    the most frequent edit script (strip k characters, append a string) among the
//!    training word types ending that way.
//!
//! The lemma's case (lowercase, kept, or title case) comes from the exceptions table or,
//! for rules, from the most frequent choice for the tag and the form's shape (all lower,
//! capitalised, all caps, mixed). Tables only keep entries the later steps get wrong.

mod edit;
mod inflect;
mod lexicon;
mod train;

use std::borrow::Cow;
use std::cell::RefCell;

use annals_core::Upos;

use crate::codec::{CodecError, Decoder, Encoder};
use crate::conllu::Sentence;
use crate::perceptron::{feature_bytes, feature_ints};
use crate::tagger::{lowercase_into, Tagger, U64Map};

use edit::{apply_edit, cut_chars, is_grouped_number, shape_class, Case};
use inflect::Inflection;

pub use lexicon::Lexicon;
pub use train::LemmatizerConfig;

/// A trained lemmatizer.
#[derive(Debug, Clone, PartialEq)]
pub struct Lemmatizer {
    /// Edit scripts: characters to strip, string to append.
    edits: Vec<(u32, String)>,
    /// (form, tag) → edit id << 2 | case.
    exact: U64Map<u32>,
    /// (lowercase form, tag) → edit id.
    lower: U64Map<u32>,
    /// (tag, lowercase suffix) → edit id.
    suffix: U64Map<u32>,
    /// (tag, shape class) → case.
    case: U64Map<u8>,
    max_suffix: u32,
    /// Drop the commas of grouped numbers ("11,000" → "11000").
    number_commas: bool,
    /// Real words in frequency order, for inflected words the tables do not know (empty:
    /// the suffix rules decide).
    lexicon: Lexicon,
}

mod ns {
    pub const TAG: u32 = 0x4c45_0001;
    pub const FORM: u32 = 0x4c45_0002;
    pub const SUFFIX: u32 = 0x4c45_0003;
    pub const EXACT: u32 = 0x4c45_0010;
    pub const LOWER: u32 = 0x4c45_0011;
    pub const SUFFIX_KEY: u32 = 0x4c45_0012;
    pub const CASE: u32 = 0x4c45_0013;
}

/// The tag lemmas are keyed by: XPOS when the treebank has it, else UPOS.
fn tag_key(upos: &str, xpos: &str) -> u64 {
    if xpos.is_empty() || xpos == "_" {
        feature_bytes(ns::TAG, upos.as_bytes())
    } else {
        feature_bytes(ns::TAG, xpos.as_bytes())
    }
}

fn exact_key(form: &str, tag: u64) -> u64 {
    feature_ints(ns::EXACT, &[feature_bytes(ns::FORM, form.as_bytes()), tag])
}

fn lower_key(lower: &str, tag: u64) -> u64 {
    feature_ints(ns::LOWER, &[feature_bytes(ns::FORM, lower.as_bytes()), tag])
}

fn suffix_key(tag: u64, suffix: &str) -> u64 {
    feature_ints(
        ns::SUFFIX_KEY,
        &[tag, feature_bytes(ns::SUFFIX, suffix.as_bytes())],
    )
}

fn case_key(tag: u64, shape: u8) -> u64 {
    feature_ints(ns::CASE, &[tag, shape as u64])
}

thread_local! {
    static LOWER_BUF: RefCell<String> = const { RefCell::new(String::new()) };
}

const MAGIC: &[u8] = b"annals-lemmatizer";
/// Version 2 adds the lexicon; version 1 files still load, without one.
const VERSION: u32 = 2;

impl Lemmatizer {
    /// The lemma of `form` with the given tags (XPOS as the tagger predicts it).
    pub fn lemma<'a>(&self, form: &'a str, upos: Upos, xpos: &str) -> Cow<'a, str> {
        let tag = tag_key(upos.as_str(), xpos);
        if let Some(&v) = self.exact.get(&exact_key(form, tag)) {
            if let Some(l) = self.apply(form, v >> 2, Case::from_u8((v & 3) as u8)) {
                return l;
            }
        }
        self.lemma_by_rules(form, upos, tag, Inflection::of_xpos(xpos))
    }

    fn apply<'a>(&self, form: &'a str, edit: u32, case: Option<Case>) -> Option<Cow<'a, str>> {
        let (strip, append) = self.edits.get(edit as usize)?;
        apply_edit(case?.apply(form), *strip as usize, append)
    }

    /// The lexicon the lemmatizer checks inflected words against.
    pub fn lexicon(&self) -> &Lexicon {
        &self.lexicon
    }

    /// Steps 2 to 4: the lowercase table, the lexicon and the suffix rules.
    fn lemma_by_rules<'a>(
        &self,
        form: &'a str,
        upos: Upos,
        tag: u64,
        infl: Option<Inflection>,
    ) -> Cow<'a, str> {
        let case = self
            .case
            .get(&case_key(tag, shape_class(form)))
            .and_then(|&c| Case::from_u8(c))
            .unwrap_or(Case::Keep);
        if self.number_commas && upos == Upos::NUM && is_grouped_number(form) {
            return Cow::Owned(form.replace(',', ""));
        }
        let edit = LOWER_BUF.with(|buf| match buf.try_borrow_mut() {
            Ok(mut buf) => self.rule_edit(form, tag, infl, &mut buf),
            Err(_) => self.rule_edit(form, tag, infl, &mut String::new()),
        });
        if let Some(l) =
            edit.and_then(|(strip, append)| apply_edit(case.apply(form), strip, append))
        {
            return l;
        }
        case.apply(form)
    }

    /// The edit (characters to strip, string to append) for a word not in the exceptions
    /// table: from the lowercase table, else the lexicon, else the longest suffix rule
    /// that fits the word.
    fn rule_edit(
        &self,
        form: &str,
        tag: u64,
        infl: Option<Inflection>,
        lower: &mut String,
    ) -> Option<(usize, &str)> {
        lowercase_into(form, lower);
        if let Some(&e) = self.lower.get(&lower_key(lower, tag)) {
            return self.edit(e);
        }
        self.general_edit(lower, tag, infl)
    }

    /// Steps 3 and 4 for a lowercase form: the lexicon, else the suffix rules.
    fn general_edit(
        &self,
        lower: &str,
        tag: u64,
        infl: Option<Inflection>,
    ) -> Option<(usize, &str)> {
        if let Some(c) = infl.and_then(|i| self.lexicon.best_edit(lower, i)) {
            return Some((c.strip, c.append));
        }
        self.suffix_edit(lower, tag).and_then(|e| self.edit(e))
    }

    fn edit(&self, id: u32) -> Option<(usize, &str)> {
        self.edits
            .get(id as usize)
            .map(|(strip, append)| (*strip as usize, append.as_str()))
    }

    fn suffix_edit(&self, lower: &str, tag: u64) -> Option<u32> {
        let n_chars = lower.chars().count();
        for len in (0..=n_chars.min(self.max_suffix as usize)).rev() {
            let start = cut_chars(lower, len)?;
            let suffix = lower.get(start..)?;
            if let Some(&e) = self.suffix.get(&suffix_key(tag, suffix)) {
                let fits = self
                    .edits
                    .get(e as usize)
                    .is_some_and(|(strip, _)| (*strip as usize) <= n_chars);
                if fits {
                    return Some(e);
                }
            }
        }
        None
    }

    /// Lemma accuracy in percent over all words of `gold`, with the gold tags or, given a
    /// tagger, with its predicted tags.
    pub fn evaluate(&self, gold: &[Sentence], tagger: Option<&Tagger>) -> f64 {
        let (mut right, mut n) = (0usize, 0usize);
        let mut words: Vec<&str> = Vec::new();
        let mut tags = Vec::new();
        for s in gold {
            if let Some(t) = tagger {
                words.clear();
                words.extend(s.words.iter().map(|w| w.form.as_str()));
                t.tag(&words, &mut tags);
            }
            for (i, w) in s.words.iter().enumerate() {
                let lemma = match (tagger, tags.get(i)) {
                    (Some(t), Some(p)) => self.lemma(&w.form, p.upos, t.xpos_name(p.xpos)),
                    _ => {
                        let upos = Upos::parse(&w.upos).unwrap_or(Upos::X);
                        self.lemma(&w.form, upos, &w.xpos)
                    }
                };
                right += (lemma == w.lemma.as_str()) as usize;
                n += 1;
            }
        }
        if n == 0 {
            0.0
        } else {
            100.0 * right as f64 / n as f64
        }
    }

    /// Sizes of the exceptions, lowercase, suffix and case tables.
    pub fn table_sizes(&self) -> [usize; 4] {
        [
            self.exact.len(),
            self.lower.len(),
            self.suffix.len(),
            self.case.len(),
        ]
    }

    pub fn encode(&self, e: &mut Encoder) {
        e.bytes(MAGIC);
        e.u32(VERSION);
        e.len(self.edits.len());
        for (strip, append) in &self.edits {
            e.u32(*strip);
            e.str(append);
        }
        for map in [&self.exact, &self.lower, &self.suffix] {
            encode_map(e, map, |e, v| e.u32(*v));
        }
        encode_map(e, &self.case, |e, v| e.u8(*v));
        e.u32(self.max_suffix);
        e.u8(self.number_commas as u8);
        self.lexicon.encode(e);
    }

    pub fn decode(d: &mut Decoder) -> Result<Lemmatizer, CodecError> {
        if d.bytes()? != MAGIC {
            return Err(CodecError::Corrupt("not a lemmatizer model".into()));
        }
        let v = d.u32()?;
        if v != VERSION && v != 1 {
            return Err(CodecError::Corrupt(format!(
                "lemmatizer model version {v}, expected {VERSION}"
            )));
        }
        let n = d.len(8)?;
        let mut edits = Vec::with_capacity(n);
        for _ in 0..n {
            let strip = d.u32()?;
            edits.push((strip, d.str()?));
        }
        let n_edits = edits.len() as u32;
        let edit_ok = |v: u32| v < n_edits;
        let exact = decode_map(d, 4, |d| {
            let v = d.u32()?;
            (edit_ok(v >> 2) && Case::from_u8((v & 3) as u8).is_some())
                .then_some(v)
                .ok_or_else(|| CodecError::Corrupt("lemmatizer exception".into()))
        })?;
        let mut edit_map = || {
            decode_map(d, 4, |d| {
                let v = d.u32()?;
                edit_ok(v)
                    .then_some(v)
                    .ok_or_else(|| CodecError::Corrupt("lemmatizer edit id".into()))
            })
        };
        let lower = edit_map()?;
        let suffix = edit_map()?;
        let case = decode_map(d, 1, |d| {
            let v = d.u8()?;
            Case::from_u8(v)
                .map(|_| v)
                .ok_or_else(|| CodecError::Corrupt("lemmatizer case".into()))
        })?;
        let max_suffix = d.u32()?.min(64);
        let number_commas = d.u8()? != 0;
        let lexicon = if v >= 2 {
            Lexicon::decode(d)?
        } else {
            Lexicon::default()
        };
        Ok(Lemmatizer {
            edits,
            exact,
            lower,
            suffix,
            case,
            max_suffix,
            number_commas,
            lexicon,
        })
    }
}

fn encode_map<V>(e: &mut Encoder, map: &U64Map<V>, mut value: impl FnMut(&mut Encoder, &V)) {
    let mut keys: Vec<&u64> = map.keys().collect();
    keys.sort_unstable();
    e.len(keys.len());
    for k in keys {
        if let Some(v) = map.get(k) {
            e.u64(*k);
            value(e, v);
        }
    }
}

fn decode_map<V>(
    d: &mut Decoder,
    value_size: usize,
    mut value: impl FnMut(&mut Decoder) -> Result<V, CodecError>,
) -> Result<U64Map<V>, CodecError> {
    let n = d.len(8 + value_size)?;
    let mut map = U64Map::default();
    map.reserve(n);
    for _ in 0..n {
        let k = d.u64()?;
        map.insert(k, value(d)?);
    }
    Ok(map)
}

#[cfg(test)]
mod tests;
