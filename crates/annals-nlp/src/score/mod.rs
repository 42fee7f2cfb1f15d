//! The CoNLL 2018 shared task evaluation, written for annals: system words are aligned to
//! gold words by character offsets in the rebuilt text, then tokens, sentences, tags,
//! lemmas and attachments are scored as precision / recall / F1.
//!
//! Precision divides by the system's word count and recall by the gold word count, so a
//! tokenisation error costs every metric, as in the official script.

mod align;
mod eval;

use std::fmt;

use annals_core::Span;

use crate::ud_text::UdText;

pub use eval::{eval_sentences, eval_tokens, score_splitter, score_tokenizer};

/// A system sentence: its span in the gold text and its syntactic words.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SystemSentence {
    pub span: Span,
    pub words: Vec<SystemWord>,
}

/// A system word; `head` is 1-based within its sentence, 0 for the root.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SystemWord {
    pub span: Span,
    pub upos: String,
    pub xpos: String,
    pub lemma: String,
    pub head: usize,
    pub deprel: String,
}

impl SystemSentence {
    /// The gold standard itself as a system output (a perfect score; a base for damage).
    pub fn from_gold(gold: &UdText) -> Vec<SystemSentence> {
        gold.sentences
            .iter()
            .map(|s| SystemSentence {
                span: s.span,
                words: s
                    .words
                    .iter()
                    .map(|w| SystemWord {
                        span: w.span,
                        upos: w.upos.clone(),
                        xpos: w.xpos.clone(),
                        lemma: w.lemma.clone(),
                        head: w.head,
                        deprel: w.deprel.clone(),
                    })
                    .collect(),
            })
            .collect()
    }
}

impl From<annals_core::ParsedSentence> for SystemSentence {
    fn from(s: annals_core::ParsedSentence) -> Self {
        SystemSentence {
            span: s.span,
            words: s
                .tokens
                .into_iter()
                .map(|t| SystemWord {
                    span: t.span,
                    upos: t.upos.as_str().to_string(),
                    xpos: t.xpos,
                    lemma: t.lemma,
                    head: t.head,
                    deprel: t.deprel,
                })
                .collect(),
        }
    }
}

/// Precision, recall and F1 of one metric, with the counts they come from.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    /// Units the system got right.
    pub correct: usize,
    /// Units in the gold standard.
    pub gold: usize,
    /// Units the system produced.
    pub system: usize,
}

impl Prf {
    pub fn new(correct: usize, gold: usize, system: usize) -> Self {
        let ratio = |a: usize, b: usize| if b == 0 { 0.0 } else { a as f64 / b as f64 };
        let precision = ratio(correct, system);
        let recall = ratio(correct, gold);
        let f1 = if precision + recall == 0.0 {
            0.0
        } else {
            2.0 * precision * recall / (precision + recall)
        };
        Prf {
            precision,
            recall,
            f1,
            correct,
            gold,
            system,
        }
    }
}

impl fmt::Display for Prf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "P {:.2} R {:.2} F1 {:.2} ({} correct, {} gold, {} system)",
            100.0 * self.precision,
            100.0 * self.recall,
            100.0 * self.f1,
            self.correct,
            self.gold,
            self.system
        )
    }
}

/// All metrics of one evaluation.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Scores {
    /// Syntactic words whose span the system got right.
    pub tokens: Prf,
    pub sentences: Prf,
    pub upos: Prf,
    pub xpos: Prf,
    pub lemmas: Prf,
    pub uas: Prf,
    /// Labelled attachment on the universal part of the relation (`obl` for `obl:tmod`),
    /// as the official script does.
    pub las: Prf,
    /// Labelled attachment on the full relation with its subtype.
    pub las_full: Prf,
}

impl fmt::Display for Scores {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{:<10} | {:>9} | {:>9} | {:>9}",
            "Metric", "Precision", "Recall", "F1 Score"
        )?;
        writeln!(f, "{:-<11}+{:-<11}+{:-<11}+{:-<10}", "", "", "", "")?;
        let rows = [
            ("Tokens", &self.tokens),
            ("Sentences", &self.sentences),
            ("UPOS", &self.upos),
            ("XPOS", &self.xpos),
            ("Lemmas", &self.lemmas),
            ("UAS", &self.uas),
            ("LAS", &self.las),
            ("LAS full", &self.las_full),
        ];
        for (name, m) in rows {
            writeln!(
                f,
                "{:<10} | {:>9.2} | {:>9.2} | {:>9.2}",
                name,
                100.0 * m.precision,
                100.0 * m.recall,
                100.0 * m.f1
            )?;
        }
        Ok(())
    }
}

/// Score `system` against `gold`.
pub fn score(gold: &UdText, system: &[SystemSentence]) -> Scores {
    let gold_words: Vec<GoldRef> = gold
        .sentences
        .iter()
        .flat_map(|s| s.words.iter())
        .zip(gold_heads(gold))
        .map(|(word, head)| GoldRef { word, head })
        .collect();
    let sys_words: Vec<SysRef> = system
        .iter()
        .scan(0usize, |offset, s| {
            let base = *offset;
            *offset += s.words.len();
            Some((s, base))
        })
        .flat_map(|(s, base)| {
            let n = s.words.len();
            s.words.iter().map(move |w| SysRef {
                word: w,
                head: resolve_head(w.head, base, n),
            })
        })
        .collect();

    let gold_spans: Vec<align::GoldUnit> = gold_words
        .iter()
        .map(|g| align::GoldUnit {
            span: g.word.span,
            token: g.word.token,
            in_multiword: g.word.in_multiword,
            form: &g.word.form,
        })
        .collect();
    let sys_spans: Vec<Span> = sys_words.iter().map(|s| s.word.span).collect();
    let gold_to_sys = align::align(&gold.text, &gold_spans, &sys_spans);

    let (ng, ns) = (gold_words.len(), sys_words.len());
    let mut counts = [0usize; 7];
    for (g, s) in gold_to_sys.iter().enumerate() {
        let (Some(s), Some(gw)) = (*s, gold_words.get(g)) else {
            continue;
        };
        let Some(sw) = sys_words.get(s) else { continue };
        counts[0] += 1;
        counts[1] += usize::from(gw.word.upos == sw.word.upos);
        counts[2] += usize::from(gw.word.xpos == sw.word.xpos);
        counts[3] += usize::from(gw.word.lemma == sw.word.lemma);
        let head_ok = match (gw.head, sw.head) {
            (Head::Root, Head::Root) => true,
            (Head::Word(gh), Head::Word(sh)) => gold_to_sys.get(gh).copied().flatten() == Some(sh),
            _ => false,
        };
        if head_ok {
            counts[4] += 1;
            counts[5] += usize::from(universal(&gw.word.deprel) == universal(&sw.word.deprel));
            counts[6] += usize::from(gw.word.deprel == sw.word.deprel);
        }
    }
    let prf = |c: usize| Prf::new(c, ng, ns);
    Scores {
        tokens: prf(counts[0]),
        sentences: sentence_prf(gold, system.iter().map(|s| s.span)),
        upos: prf(counts[1]),
        xpos: prf(counts[2]),
        lemmas: prf(counts[3]),
        uas: prf(counts[4]),
        las: prf(counts[5]),
        las_full: prf(counts[6]),
    }
}

/// Sentence boundaries: a system sentence is right when, trimmed of whitespace, it starts
/// and ends where a gold sentence does.
pub fn sentence_prf(gold: &UdText, system: impl IntoIterator<Item = Span>) -> Prf {
    let trim = |s: Span| trim_span(&gold.text, s);
    let gold_set: std::collections::HashSet<Span> =
        gold.sentences.iter().map(|s| trim(s.span)).collect();
    let mut n_sys = 0;
    let mut correct = 0;
    let mut seen = std::collections::HashSet::new();
    for s in system {
        let s = trim(s);
        if s.is_empty() {
            continue;
        }
        n_sys += 1;
        if gold_set.contains(&s) && seen.insert(s) {
            correct += 1;
        }
    }
    Prf::new(correct, gold.sentences.len(), n_sys)
}

/// `span` without the whitespace at its ends (unchanged if it does not fit `text`).
fn trim_span(text: &str, span: Span) -> Span {
    let Some(s) = span.slice(text) else {
        return span;
    };
    let start = span.start + (s.len() - s.trim_start().len());
    let end = span.end - (s.len() - s.trim_end().len());
    Span::new(start, end.max(start))
}

/// The universal part of a relation: `obl` for `obl:tmod`.
fn universal(deprel: &str) -> &str {
    deprel.split(':').next().unwrap_or(deprel)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Head {
    Root,
    /// Global index of the head word.
    Word(usize),
    /// A head pointing outside its sentence: never correct.
    Invalid,
}

fn resolve_head(head: usize, base: usize, len: usize) -> Head {
    match head {
        0 => Head::Root,
        h if h <= len => Head::Word(base + h - 1),
        _ => Head::Invalid,
    }
}

struct GoldRef<'a> {
    word: &'a crate::ud_text::GoldWord,
    head: Head,
}

struct SysRef<'a> {
    word: &'a SystemWord,
    head: Head,
}

fn gold_heads(gold: &UdText) -> Vec<Head> {
    let mut out = Vec::with_capacity(gold.word_count());
    let mut base = 0;
    for s in &gold.sentences {
        let n = s.words.len();
        out.extend(s.words.iter().map(|w| resolve_head(w.head, base, n)));
        base += n;
    }
    out
}

#[cfg(test)]
mod tests;
