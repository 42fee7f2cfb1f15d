//! Scoring stories against a gold file: document clustering (B³ precision/recall/F1 and
//! the adjusted Rand index), event clusters (pairwise precision/recall/F1 over the
//! annotated mentions) and contradictions (precision/recall).
//!
//! The gold file is JSON lines, one object a line, `type` telling which:
//!
//! ```text
//! {"type":"document","doc_id":"…","story":"S001"}
//! {"type":"cluster","story":"S001","cluster":"S001-E1","mentions":[{"doc_id":"…","sentence":3}]}
//! {"type":"contradiction","cluster":"S001-E1","kind":"date","a":{"doc_id":"…","sentence":3},"b":{"doc_id":"…","sentence":5}}
//! ```
//!
//! `sentence` is the 1-based sentence number of the stored document. Only the gold's
//! documents are scored: predicted stories are cut down to them, a gold document in no
//! predicted story counts as a story of its own, predicted event pairs count only between
//! annotated mentions, and a predicted contradiction counts when both its sentences lie in
//! gold documents.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde::Deserialize;

use crate::model::{ContradictionKind, EventCluster, Story};
use crate::Contradiction;

/// A sentence of a stored document.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Deserialize)]
pub struct MentionRef {
    /// The document.
    pub doc_id: String,
    /// 1-based sentence number.
    pub sentence: usize,
}

#[derive(Debug, Deserialize)]
#[serde(tag = "type", rename_all = "lowercase")]
enum GoldLine {
    Document {
        doc_id: String,
        story: String,
    },
    Cluster {
        story: String,
        cluster: String,
        mentions: Vec<MentionRef>,
    },
    Contradiction {
        cluster: String,
        kind: String,
        a: MentionRef,
        b: MentionRef,
    },
}

/// A malformed gold line.
#[derive(Debug, thiserror::Error)]
#[error("{file}:{line}: {message}")]
pub struct GoldError {
    /// The gold file as named by the caller.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// A contradiction as scored: its kind and the unordered pair of sentences.
pub type ContradictionRef = (ContradictionKind, MentionRef, MentionRef);

fn contradiction_ref(kind: ContradictionKind, a: MentionRef, b: MentionRef) -> ContradictionRef {
    if a <= b {
        (kind, a, b)
    } else {
        (kind, b, a)
    }
}

/// The gold annotations.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Gold {
    /// Document → gold story.
    pub docs: BTreeMap<String, String>,
    /// Gold event clusters: id → mentions.
    pub clusters: BTreeMap<String, BTreeSet<MentionRef>>,
    /// Gold event cluster → its story.
    pub cluster_story: BTreeMap<String, String>,
    /// Gold contradictions.
    pub contradictions: BTreeSet<ContradictionRef>,
    /// Gold contradiction → the story of its cluster.
    pub contradiction_story: BTreeMap<ContradictionRef, String>,
}

/// Which part of the gold to score. The gold is split by story, so that tuning on one
/// part (`dev`) leaves the other (`test`) unseen: a story is in `dev` when the first byte
/// of the BLAKE3 hash of its id (`S021`) is even, else in `test`; its documents, event
/// clusters and contradictions go with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Split {
    /// Stories whose id hashes to an even first byte.
    Dev,
    /// The others.
    Test,
    /// Everything.
    #[default]
    All,
}

impl Split {
    /// Whether gold story `story` is in this part.
    pub fn holds(self, story: &str) -> bool {
        let even = blake3::hash(story.as_bytes())
            .as_bytes()
            .first()
            .is_some_and(|b| b % 2 == 0);
        match self {
            Split::Dev => even,
            Split::Test => !even,
            Split::All => true,
        }
    }

    /// The split named `s` (`dev`, `test`, `all`).
    pub fn parse(s: &str) -> Option<Split> {
        match s {
            "dev" => Some(Split::Dev),
            "test" => Some(Split::Test),
            "all" => Some(Split::All),
            _ => None,
        }
    }
}

impl Gold {
    /// Read a gold file's text; `file` names it in errors.
    pub fn parse(text: &str, file: &str) -> Result<Gold, GoldError> {
        let mut gold = Gold::default();
        for (n, line) in text.lines().enumerate() {
            let err = |message: String| GoldError {
                file: file.to_string(),
                line: n + 1,
                message,
            };
            if line.trim().is_empty() {
                continue;
            }
            let parsed: GoldLine = serde_json::from_str(line).map_err(|e| err(e.to_string()))?;
            match parsed {
                GoldLine::Document { doc_id, story } => {
                    if let Some(old) = gold.docs.insert(doc_id.clone(), story) {
                        return Err(err(format!("doc_id: {doc_id} is already in story {old}")));
                    }
                }
                GoldLine::Cluster {
                    story,
                    cluster,
                    mentions,
                } => {
                    gold.cluster_story.insert(cluster.clone(), story);
                    gold.clusters.entry(cluster).or_default().extend(mentions);
                }
                GoldLine::Contradiction {
                    cluster,
                    kind,
                    a,
                    b,
                } => {
                    let k = ContradictionKind::parse(&kind).ok_or_else(|| {
                        err(format!(
                            "kind: unknown contradiction kind {kind:?} (date, quantity, modality, direction, actor)"
                        ))
                    })?;
                    let story = gold.cluster_story.get(&cluster).cloned().ok_or_else(|| {
                        err(format!(
                            "cluster: {cluster} is not annotated above this line"
                        ))
                    })?;
                    let r = contradiction_ref(k, a, b);
                    gold.contradiction_story.insert(r.clone(), story);
                    gold.contradictions.insert(r);
                }
            }
        }
        Ok(gold)
    }

    /// The part of the gold in `split`.
    pub fn split(&self, split: Split) -> Gold {
        let keep = |story: &String| split.holds(story);
        let mut out = Gold::default();
        for (doc, story) in self.docs.iter().filter(|(_, s)| keep(s)) {
            out.docs.insert(doc.clone(), story.clone());
        }
        for (cluster, story) in self.cluster_story.iter().filter(|(_, s)| keep(s)) {
            out.cluster_story.insert(cluster.clone(), story.clone());
            if let Some(m) = self.clusters.get(cluster) {
                out.clusters.insert(cluster.clone(), m.clone());
            }
        }
        for (c, story) in self.contradiction_story.iter().filter(|(_, s)| keep(s)) {
            out.contradiction_story.insert(c.clone(), story.clone());
            out.contradictions.insert(c.clone());
        }
        out
    }
}

/// Precision, recall and F1 with the counts behind them.
#[derive(Debug, Clone, Copy, Default, PartialEq, serde::Serialize)]
pub struct Prf {
    /// Precision (0 when nothing was predicted).
    pub precision: f64,
    /// Recall (0 when the gold has nothing).
    pub recall: f64,
    /// Harmonic mean of the two.
    pub f1: f64,
    /// Correct items (pairs, contradictions); for B³, the documents scored.
    pub correct: usize,
    /// Predicted items.
    pub predicted: usize,
    /// Gold items.
    pub gold: usize,
}

fn ratio(a: f64, b: f64) -> f64 {
    if b > 0.0 {
        a / b
    } else {
        0.0
    }
}

fn f1(p: f64, r: f64) -> f64 {
    ratio(2.0 * p * r, p + r)
}

fn prf(correct: usize, predicted: usize, gold: usize) -> Prf {
    let p = ratio(correct as f64, predicted as f64);
    let r = ratio(correct as f64, gold as f64);
    Prf {
        precision: p,
        recall: r,
        f1: f1(p, r),
        correct,
        predicted,
        gold,
    }
}

/// All scores of one evaluation.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct Scores {
    /// Gold documents scored.
    pub documents: usize,
    /// Gold documents not found among the predicted stories' documents.
    pub missing_documents: usize,
    /// B³ over the gold documents.
    pub b_cubed: Prf,
    /// Adjusted Rand index of the two document partitions.
    pub ari: f64,
    /// Pairs of annotated mentions in the same cluster.
    pub event_pairs: Prf,
    /// Contradictions (kind + unordered pair of sentences).
    pub contradictions: Prf,
}

/// Label → its items.
fn members(labels: &BTreeMap<String, String>) -> HashMap<&str, BTreeSet<&str>> {
    let mut m: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for (item, label) in labels {
        m.entry(label.as_str()).or_default().insert(item.as_str());
    }
    m
}

/// B³ precision and recall of `pred` against `gold` (both: item → cluster label), over the
/// items of `gold`.
pub fn b_cubed(gold: &BTreeMap<String, String>, pred: &BTreeMap<String, String>) -> Prf {
    let (gm, pm) = (members(gold), members(pred));
    let (mut p, mut r) = (0.0, 0.0);
    for (item, g) in gold {
        let Some(p_label) = pred.get(item) else {
            continue;
        };
        let (Some(gs), Some(ps)) = (gm.get(g.as_str()), pm.get(p_label.as_str())) else {
            continue;
        };
        let both = gs.intersection(ps).count() as f64;
        p += both / ps.len() as f64;
        r += both / gs.len() as f64;
    }
    let n = gold.len() as f64;
    let (p, r) = (ratio(p, n), ratio(r, n));
    Prf {
        precision: p,
        recall: r,
        f1: f1(p, r),
        correct: gold.len(),
        predicted: pm.len(),
        gold: gm.len(),
    }
}

fn pairs2(n: usize) -> f64 {
    let n = n as f64;
    n * (n - 1.0) / 2.0
}

/// Adjusted Rand index of two labellings of the same items (`pred` must label every item of
/// `gold`). 1 for identical partitions, about 0 for chance agreement; when the index is
/// undefined (both all-singletons or both one cluster) it is 1 if the partitions are
/// identical and 0 otherwise.
pub fn adjusted_rand(gold: &BTreeMap<String, String>, pred: &BTreeMap<String, String>) -> f64 {
    let mut table: HashMap<(&str, &str), usize> = HashMap::new();
    let mut rows: HashMap<&str, usize> = HashMap::new();
    let mut cols: HashMap<&str, usize> = HashMap::new();
    for (item, g) in gold {
        let Some(p) = pred.get(item) else { continue };
        *table.entry((g.as_str(), p.as_str())).or_default() += 1;
        *rows.entry(g.as_str()).or_default() += 1;
        *cols.entry(p.as_str()).or_default() += 1;
    }
    let n: usize = rows.values().sum();
    let index: f64 = table.values().map(|&c| pairs2(c)).sum();
    let a: f64 = rows.values().map(|&c| pairs2(c)).sum();
    let b: f64 = cols.values().map(|&c| pairs2(c)).sum();
    let total = pairs2(n);
    let expected = ratio(a * b, total);
    let max = (a + b) / 2.0;
    if (max - expected).abs() < 1e-12 {
        let identical = table.len() == rows.len() && table.len() == cols.len();
        return if identical { 1.0 } else { 0.0 };
    }
    (index - expected) / (max - expected)
}

fn pair_set<'a>(
    groups: impl Iterator<Item = BTreeSet<&'a MentionRef>>,
) -> BTreeSet<(&'a MentionRef, &'a MentionRef)> {
    let mut pairs = BTreeSet::new();
    for g in groups {
        let v: Vec<&MentionRef> = g.into_iter().collect();
        for (i, a) in v.iter().enumerate() {
            for b in v.iter().skip(i + 1) {
                pairs.insert((*a, *b));
            }
        }
    }
    pairs
}

/// Score predicted stories, clusters and contradictions against `gold`.
pub fn score(
    gold: &Gold,
    stories: &[Story],
    clusters: &[EventCluster],
    contradictions: &[Contradiction],
) -> Scores {
    let mut pred_docs: BTreeMap<String, String> = BTreeMap::new();
    let mut missing = 0;
    let mut known: HashMap<&str, &str> = HashMap::new();
    for s in stories {
        for d in &s.docs {
            known.insert(d.doc_id.as_str(), s.story_id.as_str());
        }
    }
    for doc in gold.docs.keys() {
        let label = match known.get(doc.as_str()) {
            Some(s) => s.to_string(),
            None => {
                missing += 1;
                format!("missing:{doc}")
            }
        };
        pred_docs.insert(doc.clone(), label);
    }

    let annotated: BTreeSet<&MentionRef> = gold.clusters.values().flatten().collect();
    let gold_pairs = pair_set(gold.clusters.values().map(|c| c.iter().collect()));
    // A cluster's sentences; records without them (older stores) by their coded events.
    let pred_refs: Vec<Vec<MentionRef>> = clusters
        .iter()
        .map(|c| {
            let sentences = c.sentences.iter().map(|s| (&s.doc_id, s.sentence));
            let events = c.mentions.iter().map(|m| (&m.doc_id, m.sentence));
            let refs: Vec<(&String, usize)> = if c.sentences.is_empty() {
                events.collect()
            } else {
                sentences.collect()
            };
            refs.into_iter()
                .map(|(doc_id, sentence)| MentionRef {
                    doc_id: doc_id.clone(),
                    sentence,
                })
                .collect()
        })
        .collect();
    let pred_pairs = pair_set(pred_refs.iter().map(|ms| {
        ms.iter()
            .filter_map(|m| annotated.get(m).copied())
            .collect::<BTreeSet<&MentionRef>>()
    }));
    let event_correct = pred_pairs.intersection(&gold_pairs).count();

    let in_gold = |m: &MentionRef| gold.docs.contains_key(&m.doc_id);
    let pred_contra: BTreeSet<ContradictionRef> = contradictions
        .iter()
        .map(|c| {
            let r = |e: &crate::Evidence| MentionRef {
                doc_id: e.doc_id.clone(),
                sentence: e.sentence,
            };
            contradiction_ref(c.kind, r(&c.a), r(&c.b))
        })
        .filter(|(_, a, b)| in_gold(a) && in_gold(b))
        .collect();
    let contra_correct = pred_contra.intersection(&gold.contradictions).count();

    Scores {
        documents: gold.docs.len(),
        missing_documents: missing,
        b_cubed: b_cubed(&gold.docs, &pred_docs),
        ari: adjusted_rand(&gold.docs, &pred_docs),
        event_pairs: prf(event_correct, pred_pairs.len(), gold_pairs.len()),
        contradictions: prf(contra_correct, pred_contra.len(), gold.contradictions.len()),
    }
}
