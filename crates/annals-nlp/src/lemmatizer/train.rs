//! Learning the lemmatizer's tables from a treebank.

use std::collections::HashMap;

use annals_core::Upos;

use crate::conllu::Sentence;
use crate::tagger::{lowercase_into, U64Map};

use super::edit::{edit_for, is_grouped_number, shape_class, Case};
use super::inflect::Inflection;
use super::{case_key, exact_key, lower_key, suffix_key, tag_key, Lemmatizer, Lexicon};

/// Training settings.
#[derive(Debug, Clone, Copy)]
pub struct LemmatizerConfig {
    /// Longest suffix (in characters) a rule is keyed on.
    pub max_suffix: usize,
    /// Suffix rules backed by fewer word types are not kept.
    pub min_support: u32,
    /// (form, tag) pairs seen at least this often go in the exceptions table even when
    /// the rules get them right: one lookup instead of several for frequent words.
    pub cache_count: u32,
}

impl Default for LemmatizerConfig {
    fn default() -> Self {
        LemmatizerConfig {
            max_suffix: 6,
            min_support: 1,
            cache_count: 5,
        }
    }
}

/// Vote counts with a deterministic winner: most votes, ties to the smaller value.
#[derive(Debug, Clone)]
struct Votes<T: Ord + Copy>(Vec<(T, u32)>);

impl<T: Ord + Copy> Default for Votes<T> {
    fn default() -> Self {
        Votes(Vec::new())
    }
}

impl<T: Ord + Copy> Votes<T> {
    fn add(&mut self, v: T, n: u32) {
        match self.0.iter_mut().find(|(x, _)| *x == v) {
            Some((_, c)) => *c += n,
            None => self.0.push((v, n)),
        }
    }
    fn best(&self) -> Option<T> {
        self.0
            .iter()
            .max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0)))
            .map(|&(v, _)| v)
    }
    fn total(&self) -> u32 {
        self.0.iter().map(|(_, n)| n).sum()
    }
}

/// Votes for one (exact form, tag): a form to re-check the rules on, and (edit, case).
struct ExactVotes {
    form: String,
    tag: u64,
    upos: Upos,
    infl: Option<Inflection>,
    votes: Votes<(u32, Case)>,
}

/// (past form, lemma) pairs of English irregular verbs, past tense and participle alike.
fn irregular_past_forms() -> impl Iterator<Item = (&'static str, &'static str)> {
    include_str!("irregular_verbs.tsv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .flat_map(|l| {
            let mut cols = l.split('\t');
            let lemma = cols.next().unwrap_or("");
            cols.flat_map(|c| c.split(','))
                .map(move |f| (f.trim(), lemma))
        })
        .filter(|(f, l)| !f.is_empty() && !l.is_empty())
}

/// Prefixes that keep an irregular verb irregular ("overthrew" → "overthrow",
/// "rebuilt" → "rebuild", "withheld" → "withhold").
const VERB_PREFIXES: [&str; 9] = [
    "over", "under", "with", "out", "up", "mis", "fore", "re", "un",
];

/// Prefixed irregular past forms whose form and lemma are both lexicon words.
fn prefixed_irregular_forms(lexicon: &Lexicon) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for prefix in VERB_PREFIXES {
        for (form, lemma) in irregular_past_forms() {
            let (form, lemma) = (format!("{prefix}{form}"), format!("{prefix}{lemma}"));
            if lexicon.rank(&form).is_some() && lexicon.rank(&lemma).is_some() {
                out.push((form, lemma));
            }
        }
    }
    out
}

impl Lemmatizer {
    /// Learn from the words of `train` with the default settings.
    pub fn train(train: &[Sentence]) -> Lemmatizer {
        Lemmatizer::train_with(train, &LemmatizerConfig::default())
    }

    pub fn train_with(train: &[Sentence], cfg: &LemmatizerConfig) -> Lemmatizer {
        Lemmatizer::train_with_lexicon(train, cfg, Lexicon::default())
    }

    /// Learn from the words of `train`, checking inflected words the treebank lacks
    /// against `lexicon`. The tables keep what the lexicon and the rules get wrong.
    pub fn train_with_lexicon(
        train: &[Sentence],
        cfg: &LemmatizerConfig,
        lexicon: Lexicon,
    ) -> Lemmatizer {
        let mut edit_ids: HashMap<(u32, String), u32> = HashMap::new();
        let mut edits: Vec<(u32, String)> = Vec::new();
        // (exact form, tag) → votes on (edit, case), with one form for re-checking.
        let mut exact: U64Map<ExactVotes> = U64Map::default();
        let mut case_votes: U64Map<Votes<Case>> = U64Map::default();
        // Word types: (lowercase form, tag) → votes on the edit.
        let mut types: HashMap<(String, u64), Votes<u32>> = HashMap::new();
        let mut tag_infl: U64Map<Option<Inflection>> = U64Map::default();
        let (mut commas_yes, mut commas_no) = (0u32, 0u32);
        let mut lower = String::new();
        for w in train.iter().flat_map(|s| &s.words) {
            let tag = tag_key(&w.upos, &w.xpos);
            let upos = Upos::parse(&w.upos).unwrap_or(Upos::X);
            let infl = Inflection::of_xpos(&w.xpos);
            tag_infl.insert(tag, infl);
            let (case, strip, append) = edit_for(&w.form, &w.lemma);
            let next = edits.len() as u32;
            let id = *edit_ids
                .entry((strip as u32, append.clone()))
                .or_insert(next);
            if id == next {
                edits.push((strip as u32, append));
            }
            exact
                .entry(exact_key(&w.form, tag))
                .or_insert_with(|| ExactVotes {
                    form: w.form.clone(),
                    tag,
                    upos,
                    infl,
                    votes: Votes::default(),
                })
                .votes
                .add((id, case), 1);
            case_votes
                .entry(case_key(tag, shape_class(&w.form)))
                .or_default()
                .add(case, 1);
            lowercase_into(&w.form, &mut lower);
            types.entry((lower.clone(), tag)).or_default().add(id, 1);
            if upos == Upos::NUM && is_grouped_number(&w.form) {
                if w.lemma == w.form.replace(',', "") {
                    commas_yes += 1;
                } else {
                    commas_no += 1;
                }
            }
        }

        let case = case_votes
            .into_iter()
            .filter_map(|(k, v)| Some((k, v.best()? as u8)))
            .collect();

        // Suffix rules from word types, each type counted once.
        let mut suffix_votes: U64Map<(usize, u64, Votes<u32>)> = U64Map::default();
        for ((lower, tag), votes) in &types {
            let Some(edit) = votes.best() else { continue };
            let n_chars = lower.chars().count();
            let starts: Vec<usize> = lower.char_indices().map(|(i, _)| i).collect();
            for len in 0..=n_chars.min(cfg.max_suffix) {
                let start = starts.get(n_chars - len).copied().unwrap_or(lower.len());
                let suffix = lower.get(start..).unwrap_or("");
                let parent = if len == 0 {
                    0
                } else {
                    let p = starts
                        .get(n_chars - len + 1)
                        .copied()
                        .unwrap_or(lower.len());
                    suffix_key(*tag, lower.get(p..).unwrap_or(""))
                };
                suffix_votes
                    .entry(suffix_key(*tag, suffix))
                    .or_insert_with(|| (len, parent, Votes::default()))
                    .2
                    .add(edit, 1);
            }
        }
        let best_of = |k: &u64| suffix_votes.get(k).and_then(|(_, _, v)| v.best());
        let suffix: U64Map<u32> = suffix_votes
            .iter()
            .filter(|(_, (len, parent, v))| {
                *len == 0 || (v.total() >= cfg.min_support && v.best() != best_of(parent))
            })
            .filter_map(|(k, (_, _, v))| Some((*k, v.best()?)))
            .collect();

        let mut lem = Lemmatizer {
            edits,
            exact: U64Map::default(),
            lower: U64Map::default(),
            suffix,
            case,
            max_suffix: cfg.max_suffix as u32,
            number_commas: commas_yes > commas_no,
            lexicon,
        };
        // Lowercase-form entries the lexicon and suffix rules already get right add nothing.
        let mut lower_table = U64Map::default();
        for ((lower, tag), votes) in &types {
            let Some(edit) = votes.best() else { continue };
            let infl = tag_infl.get(tag).copied().flatten();
            if lem.general_edit(lower, *tag, infl) != lem.edit(edit) {
                lower_table.insert(lower_key(lower, *tag), edit);
            }
        }
        // Irregular verbs the treebank never shows in a past form ("fled"), as
        // lowercase-form entries, if the treebank uses Penn tags.
        let (vbd, vbn) = (tag_key("VERB", "VBD"), tag_key("VERB", "VBN"));
        if types.keys().any(|(_, t)| *t == vbd) {
            let plain = irregular_past_forms().map(|(f, l)| (f.to_string(), l.to_string()));
            let all: Vec<(String, String)> = plain
                .chain(prefixed_irregular_forms(&lem.lexicon))
                .collect();
            for (form, lemma) in &all {
                let (_, strip, append) = edit_for(form, lemma);
                let next = lem.edits.len() as u32;
                let id = *edit_ids
                    .entry((strip as u32, append.clone()))
                    .or_insert(next);
                if id == next {
                    lem.edits.push((strip as u32, append));
                }
                for tag in [vbd, vbn] {
                    let seen = types.contains_key(&(form.to_string(), tag));
                    let rules = lem.general_edit(form, tag, Some(Inflection::Past));
                    if !seen && rules != lem.edit(id) {
                        lower_table.insert(lower_key(form, tag), id);
                    }
                }
            }
        }
        lem.lower = lower_table;
        // Exceptions: exact forms the rules get wrong, and frequent ones.
        let mut exact_table = U64Map::default();
        for (k, ex) in &exact {
            let Some((edit, case)) = ex.votes.best() else {
                continue;
            };
            let want = lem.apply(&ex.form, edit, Some(case));
            let frequent = ex.votes.total() >= cfg.cache_count;
            if want.is_some()
                && (frequent
                    || want != Some(lem.lemma_by_rules(&ex.form, ex.upos, ex.tag, ex.infl)))
            {
                exact_table.insert(*k, edit << 2 | case as u32);
            }
        }
        lem.exact = exact_table;
        lem
    }
}
