//! Title and lead terms: lower-cased words weighted by TF-IDF, where document frequencies
//! grow as documents arrive (so a document is weighed only against those before it, and the
//! result depends on the input order alone).

use std::collections::BTreeMap;

/// Function words and reporting verbs that say nothing about which happening a report is
/// about.
const STOPWORDS: &[&str] = &[
    "about", "after", "again", "against", "all", "also", "among", "and", "any", "are", "around",
    "because", "been", "before", "being", "between", "both", "but", "can", "could", "did", "does",
    "during", "each", "for", "from", "had", "has", "have", "her", "here", "his", "how", "into",
    "its", "last", "more", "most", "new", "not", "now", "one", "only", "other", "our", "out",
    "over", "said", "says", "she", "since", "some", "such", "than", "that", "the", "their", "them",
    "then", "there", "these", "they", "this", "those", "through", "two", "under", "until", "was",
    "were", "what", "when", "where", "which", "while", "who", "will", "with", "would", "year",
    "years", "you", "your",
];

/// A sparse, L2-normalised term vector (term → weight), ordered for determinism.
pub type TermVector = BTreeMap<String, f64>;

/// Content words of `text`: alphabetic runs of three or more letters, lower-cased, without
/// stopwords, with a plural `-s`, `-ed` or `-ing` cut off (so "visited" meets "visit").
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3 && w.chars().all(char::is_alphabetic))
        .map(str::to_lowercase)
        .filter(|w| STOPWORDS.binary_search(&w.as_str()).is_err())
        .map(stem)
}

/// A light suffix cut: enough for inflections to meet, never leaving fewer than four
/// letters.
fn stem(word: String) -> String {
    for suffix in ["ing", "ed", "s"] {
        if let Some(base) = word.strip_suffix(suffix) {
            if base.chars().count() >= 4 && !(suffix == "s" && base.ends_with('s')) {
                return base.to_string();
            }
        }
    }
    word
}

/// Term counts of a document: title words count twice.
pub fn term_counts(title: Option<&str>, lead: &str) -> BTreeMap<String, f64> {
    let mut counts = BTreeMap::new();
    for w in title.into_iter().flat_map(words) {
        *counts.entry(w).or_insert(0.0) += 2.0;
    }
    for w in words(lead) {
        *counts.entry(w).or_insert(0.0) += 1.0;
    }
    counts
}

/// Document frequencies of the documents seen so far.
#[derive(Debug, Default, Clone)]
pub struct DocFreq {
    n_docs: u64,
    df: BTreeMap<String, u64>,
}

impl DocFreq {
    /// Count one document's terms.
    pub fn add(&mut self, counts: &BTreeMap<String, f64>) {
        self.n_docs += 1;
        for t in counts.keys() {
            *self.df.entry(t.clone()).or_insert(0) += 1;
        }
    }

    /// Smoothed inverse document frequency (never zero, so a first document has weights).
    pub fn idf(&self, term: &str) -> f64 {
        let df = self.df.get(term).copied().unwrap_or(0) as f64;
        ((1.0 + self.n_docs as f64) / (1.0 + df)).ln() + 1.0
    }

    /// The TF-IDF vector of `counts`, L2-normalised, keeping the `keep` heaviest terms.
    pub fn vector(&self, counts: &BTreeMap<String, f64>, keep: usize) -> TermVector {
        let mut weighted: Vec<(String, f64)> = counts
            .iter()
            .map(|(t, &c)| (t.clone(), (1.0 + c.ln()) * self.idf(t)))
            .collect();
        weighted.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        weighted.truncate(keep);
        normalised(weighted.into_iter().collect())
    }
}

/// `v` scaled to unit length (empty stays empty).
pub fn normalised(mut v: TermVector) -> TermVector {
    let norm = v.values().map(|w| w * w).sum::<f64>().sqrt();
    if norm > 0.0 {
        v.values_mut().for_each(|w| *w /= norm);
    }
    v
}

/// Cosine of two unit vectors.
pub fn cosine(a: &TermVector, b: &TermVector) -> f64 {
    let (small, large) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    small
        .iter()
        .filter_map(|(t, w)| large.get(t).map(|x| w * x))
        .sum()
}

/// Add `doc` to a story centroid (sum of member vectors), keeping its `keep` heaviest
/// terms, and return the centroid's unit vector.
pub fn add_to_centroid(centroid: &mut TermVector, doc: &TermVector, keep: usize) -> TermVector {
    for (t, w) in doc {
        *centroid.entry(t.clone()).or_insert(0.0) += w;
    }
    if centroid.len() > keep {
        let mut all: Vec<(String, f64)> = std::mem::take(centroid).into_iter().collect();
        all.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
        all.truncate(keep);
        *centroid = all.into_iter().collect();
    }
    normalised(centroid.clone())
}

/// Term ids handed out in order of first sight, so a sentence's vector can hold 4-byte ids
/// instead of strings: the stage keeps every clustered sentence's vector (contradiction
/// checks compare any two), and with string keys those vectors were most of its memory.
#[derive(Debug, Default)]
pub(crate) struct TermIds {
    ids: std::collections::HashMap<String, u32>,
}

impl TermIds {
    /// The id of `term`, given a new one at first sight.
    pub fn id(&mut self, term: &str) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = u32::try_from(self.ids.len()).unwrap_or(u32::MAX);
        self.ids.insert(term.to_string(), id);
        id
    }

    /// `v` with its terms as ids, ordered by id.
    pub fn compact(&mut self, v: &TermVector) -> CompactVector {
        let mut out: Vec<(u32, f64)> = v.iter().map(|(t, &w)| (self.id(t), w)).collect();
        out.sort_by_key(|&(id, _)| id);
        CompactVector(out)
    }
}

/// A unit term vector keyed by [`TermIds`], ordered by id.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct CompactVector(Vec<(u32, f64)>);

impl CompactVector {
    /// Its term ids, ascending.
    pub fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        self.0.iter().map(|&(id, _)| id)
    }

    /// Cosine with `other` (both unit vectors): a merge of the two sorted lists.
    pub fn cosine(&self, other: &CompactVector) -> f64 {
        let (mut i, mut j, mut sum) = (0, 0, 0.0);
        while let (Some(&(a, wa)), Some(&(b, wb))) = (self.0.get(i), other.0.get(j)) {
            match a.cmp(&b) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    sum += wa * wb;
                    i += 1;
                    j += 1;
                }
            }
        }
        sum
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stopword_list_is_sorted_for_binary_search() {
        let mut sorted = STOPWORDS.to_vec();
        sorted.sort_unstable();
        assert_eq!(sorted, STOPWORDS);
    }

    #[test]
    fn words_drop_short_numeric_and_function_words() {
        let w: Vec<String> = words("The Putin visit to North Korea in 2024, it's over.").collect();
        assert_eq!(w, ["putin", "visit", "north", "korea"]);
        let w: Vec<String> = words("visited visiting visits press talks bed").collect();
        assert_eq!(w, ["visit", "visit", "visit", "press", "talk", "bed"]);
    }

    #[test]
    fn rare_shared_terms_weigh_more_than_common_ones() {
        let mut df = DocFreq::default();
        for lead in [
            "visit by the minister",
            "visit of a delegation",
            "Pyongyang visit",
        ] {
            df.add(&term_counts(None, lead));
        }
        assert!(df.idf("pyongyang") > df.idf("visit"));
        let a = df.vector(&term_counts(None, "Putin visit Pyongyang"), 10);
        let b = df.vector(&term_counts(None, "Pyongyang summit"), 10);
        let c = df.vector(&term_counts(None, "minister visit"), 10);
        assert!(cosine(&a, &b) > cosine(&a, &c));
        let self_sim = cosine(&a, &a);
        assert!((self_sim - 1.0).abs() < 1e-9, "{self_sim}");
    }

    #[test]
    fn compact_vectors_give_the_cosine_of_their_string_keyed_originals() {
        let mut df = DocFreq::default();
        for lead in [
            "visit by the minister",
            "Pyongyang visit",
            "summit in Pyongyang",
        ] {
            df.add(&term_counts(None, lead));
        }
        let a = df.vector(&term_counts(None, "Putin visit Pyongyang summit"), 10);
        let b = df.vector(&term_counts(None, "Pyongyang summit minister"), 10);
        let mut ids = TermIds::default();
        // b's terms first, so id order differs from string order.
        let (cb, ca) = (ids.compact(&b), ids.compact(&a));
        let (want, got) = (cosine(&a, &b), ca.cosine(&cb));
        assert!(want > 0.3, "{want}");
        assert!((want - got).abs() < 1e-12, "{want} {got}");
        assert_eq!(ca.cosine(&CompactVector::default()), 0.0);
        assert_eq!(ids.id("pyongyang"), ids.id("pyongyang"));
    }
}
