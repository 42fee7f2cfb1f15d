//! Event clusters from sentences: within a story, each sentence of an arriving document
//! joins the cluster of earlier sentences that report the same happening, or starts one.
//! Coded events then attach to their sentence's cluster.
//!
//! Clustering by what sentences say rather than by coded events means a happening is
//! matched across reports even when the coder coded it in neither (it codes a minority of
//! the sentences that report something). Similarity is the TF-IDF cosine of content words
//! and figures, with frequencies counted over all sentences seen so far (so it depends on
//! the input order alone); a sentence of the same document weighs less, since neighbouring
//! sentences of one report share words without reporting one thing.
//!
//! Cost per sentence is bounded whatever the story's size: a sentence is compared only with
//! clusters sharing one of its `sentence_terms` terms, at most `candidates_per_term` most
//! recent per term, and with at most `compared_members` members of each.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use crate::clusters::{mention, Mention};
use crate::facts::{self, Facts};
use crate::model::DocInput;
use crate::stable_id;
use crate::terms::{term_counts, CompactVector, DocFreq, TermIds};

/// One sentence of a cluster.
#[derive(Debug, Clone)]
pub(crate) struct Member {
    pub doc_id: String,
    /// The story its document is in (a cluster may hold sentences of related stories).
    pub story: usize,
    pub sentence: usize,
    /// Arrival index of its document.
    pub arrival: usize,
    pub published: Option<String>,
    pub text: String,
    /// Its TF-IDF vector, terms by id.
    pub vector: CompactVector,
    pub facts: Facts,
}

/// A cluster under construction: the sentences reporting one happening and the coded
/// events read from them.
#[derive(Debug)]
pub(crate) struct ClusterState {
    pub id: String,
    pub story: usize,
    pub members: Vec<Member>,
    pub mentions: Vec<Mention>,
}

impl ClusterState {
    /// Whether it has coded events and all of them are historical background.
    pub fn historical(&self) -> bool {
        !self.mentions.is_empty() && self.mentions.iter().all(|m| m.historical)
    }

    /// Documents it has sentences from.
    pub fn documents(&self) -> usize {
        self.members
            .iter()
            .map(|m| m.doc_id.as_str())
            .collect::<BTreeSet<_>>()
            .len()
    }

    /// How similar `v` is to the cluster: the best cosine with a compared member, members
    /// of `doc` lowered by `same_doc_penalty`.
    fn similarity(&self, v: &CompactVector, doc: &str, config: &SentenceConfig) -> f64 {
        self.members
            .iter()
            .take(config.compared_members)
            .map(|m| {
                let c = v.cosine(&m.vector);
                if m.doc_id == doc {
                    c - config.same_doc_penalty
                } else {
                    c
                }
            })
            .fold(0.0, f64::max)
    }
}

/// The entry with the highest count, the first on ties.
pub(crate) fn top<'a>(counts: &[(&'a str, usize)]) -> Option<&'a str> {
    counts
        .iter()
        .fold(None::<(&str, usize)>, |best, &(code, n)| match best {
            Some((_, b)) if b >= n => best,
            _ => Some((code, n)),
        })
        .map(|(code, _)| code)
}

/// Tuning of sentence clustering.
#[derive(Debug, Clone, PartialEq)]
pub struct SentenceConfig {
    /// Least similarity for a sentence to join a cluster.
    pub join_threshold: f64,
    /// Subtracted from the cosine with a sentence of the same document.
    pub same_doc_penalty: f64,
    /// Sentences with fewer content terms than this are not clustered (datelines,
    /// "Sources", bylines), unless an event was coded from them.
    pub min_terms: usize,
    /// Terms kept of a sentence's vector.
    pub sentence_terms: usize,
    /// Members of a cluster a sentence is compared with (its first ones).
    pub compared_members: usize,
    /// Most recent clusters of the story looked at per shared term.
    pub candidates_per_term: usize,
}

impl Default for SentenceConfig {
    fn default() -> Self {
        SentenceConfig {
            join_threshold: 0.2,
            same_doc_penalty: 0.15,
            min_terms: 3,
            sentence_terms: 30,
            compared_members: 6,
            candidates_per_term: 40,
        }
    }
}

/// Every cluster of the resident stories, with each story's term index over its clusters.
#[derive(Debug, Default)]
pub(crate) struct ClusterSet {
    /// Clusters by creation index (the order of their first sentence).
    pub clusters: BTreeMap<usize, ClusterState>,
    /// Clusters made so far: the next one's index.
    made: usize,
    /// Story → its clusters' indexes, for eviction.
    of_story: HashMap<usize, Vec<usize>>,
    /// Sentence frequencies: how many sentences seen so far hold each term.
    sf: DocFreq,
    /// Ids of the terms in sentence vectors.
    ids: TermIds,
    /// Story → term id → clusters holding it (ascending, no repeats).
    by_term: HashMap<usize, HashMap<u32, Postings>>,
}

/// The clusters of one story holding one term, in the order they were indexed. Most terms
/// of most stories (a story of one report) name a single cluster, held inline: one
/// allocation per story and term was most of the stage's memory.
#[derive(Debug)]
enum Postings {
    One(usize),
    Many(Vec<usize>),
}

impl Postings {
    /// Add cluster `idx` (not again right after itself).
    fn push(&mut self, idx: usize) {
        match self {
            Postings::One(x) if *x == idx => {}
            Postings::One(x) => *self = Postings::Many(vec![*x, idx]),
            Postings::Many(v) => {
                if v.last() != Some(&idx) {
                    v.push(idx);
                }
            }
        }
    }

    /// The last `n` indexed.
    fn recent(&self, n: usize) -> &[usize] {
        match self {
            Postings::One(x) if n > 0 => std::slice::from_ref(x),
            Postings::One(_) => &[],
            Postings::Many(v) => v.get(v.len().saturating_sub(n)..).unwrap_or_default(),
        }
    }
}

/// Content terms of a sentence: its words, and its figures as `#digits` (a shared figure
/// is strong evidence of a shared happening).
pub(crate) fn sentence_terms(text: &str) -> BTreeMap<String, f64> {
    let mut counts = term_counts(None, text);
    for t in text.split(|c: char| c.is_whitespace() || c == '(' || c == ')') {
        let clean = t.trim_end_matches(['.', ',', ';', ':', '%']);
        let figure = clean
            .chars()
            .all(|c| c.is_ascii_digit() || c == ',' || c == '.');
        let digits: String = clean.chars().filter(char::is_ascii_digit).collect();
        if figure && digits.len() >= 2 {
            *counts.entry(format!("#{digits}")).or_insert(0.0) += 1.0;
        }
    }
    counts
}

impl ClusterSet {
    /// Cluster the sentences of `doc` (assigned to `story`) with those of the story's
    /// earlier documents, then attach its coded events to their sentences' clusters.
    pub fn add(
        &mut self,
        story: usize,
        related: &[usize],
        doc: &DocInput,
        arrival: usize,
        config: &SentenceConfig,
    ) {
        let mut texts: Vec<(usize, &str)> = doc
            .sentences
            .iter()
            .map(|s| (s.number, s.text.as_str()))
            .collect();
        // Without stored sentences, the coded events' sentences stand in. (Sets, not scans:
        // a long report has as many events as sentences, and scanning one list per item of
        // the other was quadratic in the document's length.)
        let mut numbers: HashSet<usize> = texts.iter().map(|(n, _)| *n).collect();
        for e in &doc.events {
            if numbers.insert(e.sentence) {
                texts.push((e.sentence, &*e.sentence_text));
            }
        }
        let coded_sentences: HashSet<usize> = doc.events.iter().map(|e| e.sentence).collect();
        let counted: Vec<(usize, &str, BTreeMap<String, f64>)> = texts
            .into_iter()
            .map(|(n, t)| (n, t, sentence_terms(t)))
            .collect();
        for (_, _, counts) in &counted {
            self.sf.add(counts);
        }
        let mut placed: HashMap<usize, usize> = HashMap::new();
        for (number, text, counts) in counted {
            let coded = coded_sentences.contains(&number);
            if counts.len() < config.min_terms && !coded {
                continue;
            }
            let member = Member {
                doc_id: doc.doc_id.clone(),
                story,
                sentence: number,
                arrival,
                published: doc.published.clone(),
                text: text.to_string(),
                facts: facts::read(text),
                vector: self
                    .ids
                    .compact(&self.sf.vector(&counts, config.sentence_terms)),
            };
            placed.insert(number, self.place(story, related, member, config));
        }
        for e in &doc.events {
            if let Some(c) = placed
                .get(&e.sentence)
                .and_then(|i| self.clusters.get_mut(i))
            {
                c.mentions.push(mention(e, doc));
            }
        }
    }

    /// Remove the clusters of `story` (evicted) with its term index; returns them in
    /// creation order.
    pub fn evict(&mut self, story: usize) -> Vec<(usize, ClusterState)> {
        self.by_term.remove(&story);
        let own = self.of_story.remove(&story).unwrap_or_default();
        own.into_iter()
            .filter_map(|i| self.clusters.remove(&i).map(|c| (i, c)))
            .collect()
    }

    /// The most similar cluster of `story` or of a `related` story for `member` reaching
    /// the threshold.
    fn best(
        &self,
        story: usize,
        related: &[usize],
        member: &Member,
        config: &SentenceConfig,
    ) -> Option<usize> {
        let mut candidates: BTreeSet<usize> = BTreeSet::new();
        for s in std::iter::once(&story).chain(related) {
            let Some(index) = self.by_term.get(s) else {
                continue;
            };
            for term in member.vector.ids() {
                if let Some(list) = index.get(&term) {
                    candidates.extend(list.recent(config.candidates_per_term));
                }
            }
        }
        let mut best: Option<(usize, f64)> = None;
        for i in candidates {
            let Some(c) = self.clusters.get(&i) else {
                continue;
            };
            let score = c.similarity(&member.vector, &member.doc_id, config);
            // Strictly better only: on ties the older cluster wins.
            if score >= config.join_threshold && best.is_none_or(|(_, b)| score > b) {
                best = Some((i, score));
            }
        }
        best.map(|(i, _)| i)
    }

    /// Put `member` into the most similar cluster of `story` or a `related` story, or a
    /// new one of `story`; returns the cluster's index.
    fn place(
        &mut self,
        story: usize,
        related: &[usize],
        member: Member,
        config: &SentenceConfig,
    ) -> usize {
        let idx = match self.best(story, related, &member, config) {
            Some(i) => i,
            None => {
                let idx = self.made;
                self.made += 1;
                self.clusters.insert(
                    idx,
                    ClusterState {
                        id: stable_id("E", &[&member.doc_id, &member.sentence.to_string()]),
                        story,
                        members: Vec::new(),
                        mentions: Vec::new(),
                    },
                );
                self.of_story.entry(story).or_default().push(idx);
                idx
            }
        };
        let Some(c) = self.clusters.get_mut(&idx) else {
            return idx;
        };
        // Only the first members are indexed and compared; every member keeps its vector
        // for the contradiction checks, which compare pairs of sentences.
        if c.members.len() < config.compared_members {
            // Indexed under the cluster's own story, where related documents look.
            let index = self.by_term.entry(c.story).or_default();
            for term in member.vector.ids() {
                index
                    .entry(term)
                    .and_modify(|list| list.push(idx))
                    .or_insert(Postings::One(idx));
            }
        }
        c.members.push(member);
        idx
    }
}

#[cfg(test)]
mod tests {
    use super::Postings;

    #[test]
    fn postings_keep_indexing_order_and_give_the_most_recent() {
        let mut p = Postings::One(3);
        p.push(3);
        assert_eq!(p.recent(40), [3]);
        assert!(p.recent(0).is_empty());
        for idx in [5, 5, 2, 7] {
            p.push(idx);
        }
        // A repeat right after itself is dropped; an older cluster indexed again is not.
        assert_eq!(p.recent(40), [3, 5, 2, 7]);
        assert_eq!(p.recent(2), [2, 7]);
        assert!(p.recent(0).is_empty());
    }
}
