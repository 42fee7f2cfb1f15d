//! Scoring extracted article text against a reference, the way the article-extraction
//! benchmark does: word 4-gram shingles counted as multisets, per-page precision and recall
//! normalised so long pages weigh no more than short ones, means over pages, F1 from the
//! two means.
//!
//! Tokens are maximal runs of Unicode alphanumeric characters or `_` (the benchmark's
//! `\w+`), case kept. A text with fewer than four tokens is one shingle of all of them.

use std::collections::HashMap;

/// Shingle length in words.
pub const SHINGLE_WORDS: usize = 4;

/// Shingle matches of one page, normalised to sum to 1 (all zero when both texts are empty).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct PageMatch {
    pub true_positive: f64,
    pub false_positive: f64,
    pub false_negative: f64,
}

impl PageMatch {
    /// Compare extracted text with the reference text.
    pub fn compare(reference: &str, extracted: &str) -> PageMatch {
        let truth = shingles(reference);
        let pred = shingles(extracted);
        let (mut tp, mut fp, mut fn_) = (0usize, 0usize, 0usize);
        for (key, &t) in &truth {
            let p = pred.get(key).copied().unwrap_or(0);
            tp += t.min(p);
            fn_ += t.saturating_sub(p);
        }
        for (key, &p) in &pred {
            let t = truth.get(key).copied().unwrap_or(0);
            fp += p.saturating_sub(t);
        }
        let sum = (tp + fp + fn_) as f64;
        if sum == 0.0 {
            return PageMatch::default();
        }
        PageMatch {
            true_positive: tp as f64 / sum,
            false_positive: fp as f64 / sum,
            false_negative: fn_ as f64 / sum,
        }
    }

    /// F1 of this page's precision and recall (0 when either is undefined or both are 0).
    pub fn f1(&self) -> f64 {
        match (self.precision(), self.recall()) {
            (Some(p), Some(r)) if p + r > 0.0 => 2.0 * p * r / (p + r),
            _ => 0.0,
        }
    }

    /// Precision, or `None` when nothing was extracted and nothing expected.
    pub fn precision(&self) -> Option<f64> {
        let (tp, fp, fn_) = (self.true_positive, self.false_positive, self.false_negative);
        if tp + fp <= 0.0 {
            return None;
        }
        Some(if fp == 0.0 && fn_ == 0.0 {
            1.0
        } else {
            tp / (tp + fp)
        })
    }

    /// Recall, or `None` when the reference is empty.
    pub fn recall(&self) -> Option<f64> {
        let (tp, fp, fn_) = (self.true_positive, self.false_positive, self.false_negative);
        if tp + fn_ <= 0.0 {
            return None;
        }
        Some(if fp == 0.0 && fn_ == 0.0 {
            1.0
        } else {
            tp / (tp + fn_)
        })
    }
}

/// Mean precision and recall over pages and the F1 of the two means.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExtractionScore {
    pub precision: f64,
    pub recall: f64,
    pub f1: f64,
    pub pages: usize,
}

impl ExtractionScore {
    /// Aggregate page matches. Pages with nothing extracted count for recall only (their
    /// precision is undefined), as in the benchmark.
    pub fn from_pages(pages: &[PageMatch]) -> ExtractionScore {
        let mean = |values: Vec<f64>| {
            if values.is_empty() {
                0.0
            } else {
                values.iter().sum::<f64>() / values.len() as f64
            }
        };
        let precision = mean(pages.iter().filter_map(PageMatch::precision).collect());
        let recall = mean(pages.iter().filter_map(PageMatch::recall).collect());
        let f1 = if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        };
        ExtractionScore {
            precision,
            recall,
            f1,
            pages: pages.len(),
        }
    }
}

/// Word tokens of `text` (runs of alphanumerics or `_`).
pub fn tokens(text: &str) -> Vec<&str> {
    text.split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|t| !t.is_empty())
        .collect()
}

fn shingles(text: &str) -> HashMap<Vec<&str>, usize> {
    let words = tokens(text);
    let mut counts = HashMap::new();
    if words.is_empty() {
        return counts;
    }
    if words.len() < SHINGLE_WORDS {
        counts.insert(words, 1);
        return counts;
    }
    for window in words.windows(SHINGLE_WORDS) {
        *counts.entry(window.to_vec()).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identical_text_is_perfect() {
        let m = PageMatch::compare(
            "The envoys met in Oslo on Tuesday.",
            "The envoys met in Oslo on Tuesday!",
        );
        assert_eq!(m.precision(), Some(1.0));
        assert_eq!(m.recall(), Some(1.0));
    }

    #[test]
    fn extra_and_missing_text() {
        // Reference: 6 words → 3 shingles. Extracted adds two words at the end → 5 shingles.
        let m = PageMatch::compare(
            "one two three four five six",
            "one two three four five six seven eight",
        );
        assert!((m.precision().unwrap() - 3.0 / 5.0).abs() < 1e-9);
        assert_eq!(m.recall(), Some(1.0));
        let m = PageMatch::compare("one two three four five six", "one two three four");
        assert_eq!(m.precision(), Some(1.0));
        assert!((m.recall().unwrap() - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn case_counts_and_empty_pages() {
        let m = PageMatch::compare("Alpha beta gamma delta", "alpha beta gamma delta");
        assert_eq!(m.precision(), Some(0.0));
        let empty = PageMatch::compare("Alpha beta gamma delta", "");
        assert_eq!(empty.precision(), None);
        assert_eq!(empty.recall(), Some(0.0));
        let score =
            ExtractionScore::from_pages(&[PageMatch::compare("a b c d e", "a b c d e"), empty]);
        assert_eq!(score.precision, 1.0);
        assert_eq!(score.recall, 0.5);
        assert!((score.f1 - 2.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn short_texts_are_one_shingle() {
        let m = PageMatch::compare("Kim met Putin", "Kim met Putin");
        assert_eq!(m.recall(), Some(1.0));
        assert_eq!(
            tokens("U.S. 11,000 don't"),
            ["U", "S", "11", "000", "don", "t"]
        );
    }
}
