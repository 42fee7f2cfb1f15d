//! Event merging: within a story, events with the same two sides (either direction for
//! consultation and cooperation, CAMEO roots 01–06; the same direction for the directed
//! roots 07–20) and the same CAMEO root are one event cluster, unless one document reports them with dates that
//! cannot be the same day (then they are two happenings). Dates that differ *between*
//! documents stay in one cluster: that is a date contradiction, flagged later.

use std::collections::{BTreeSet, HashMap};

use annals_core::{DateBasis, Event, Modality, Quantity};

use crate::model::{ClusterMention, DocInput, EventCluster};
use crate::precision::DateRange;
use crate::{side, stable_id};

/// An explicit (or relative) date of a mention.
#[derive(Debug, Clone)]
pub(crate) struct MentionDate {
    pub range: DateRange,
    pub value: String,
    pub text: Option<String>,
    pub precision: Option<String>,
}

/// One mention with what contradiction checks and summaries need.
#[derive(Debug, Clone)]
pub(crate) struct Mention {
    pub public: ClusterMention,
    /// Arrival index of its document.
    pub arrival: usize,
    pub published: Option<String>,
    pub date: Option<MentionDate>,
    pub quantities: Vec<Quantity>,
    pub text: String,
    /// Source and target sides (country, else code, else `-`).
    pub from: String,
    pub to: String,
    pub plover: Option<String>,
    pub goldstein: f64,
    pub quad_class: u8,
}

type ClusterKey = (String, String, String, bool);

/// A cluster under construction.
#[derive(Debug)]
pub(crate) struct ClusterState {
    pub id: String,
    pub story: usize,
    pub historical: bool,
    pub root: String,
    pub mentions: Vec<Mention>,
}

/// Every cluster so far, indexed by story and key.
#[derive(Debug, Default)]
pub(crate) struct ClusterSet {
    pub clusters: Vec<ClusterState>,
    by_key: HashMap<(usize, ClusterKey), Vec<usize>>,
}

fn mention_date(e: &Event) -> Option<MentionDate> {
    if !matches!(e.date.basis, DateBasis::Explicit | DateBasis::Relative) {
        return None;
    }
    let value = e.date.value.clone()?;
    Some(MentionDate {
        range: DateRange::parse(&value)?,
        value,
        text: e.date.text.clone(),
        precision: e
            .date
            .precision
            .and_then(|p| serde_json::to_value(p).ok())
            .and_then(|v| v.as_str().map(str::to_string)),
    })
}

fn mention(e: &Event, doc: &DocInput, arrival: usize) -> Mention {
    let code = |a: Option<&annals_core::EventActor>| {
        a.and_then(|a| a.code.clone().or_else(|| a.country.clone()))
    };
    Mention {
        public: ClusterMention {
            event_id: e.event_id.clone(),
            doc_id: doc.doc_id.clone(),
            sentence: e.sentence,
            start: e.trigger.start,
            end: e.trigger.end,
            source: code(e.source.as_ref()),
            target: code(e.target.as_ref()),
            cameo: e.cameo.clone(),
            modality: e.modality,
            date: e.date.value.clone(),
        },
        arrival,
        published: doc.published.clone(),
        date: mention_date(e),
        quantities: e.quantities.clone(),
        text: e.sentence_text.clone(),
        from: side(e.source.as_ref()),
        to: side(e.target.as_ref()),
        plover: e.plover.clone(),
        goldstein: e.goldstein,
        quad_class: e.quad_class,
    }
}

impl ClusterState {
    /// Whether `m` can be the same happening: a document that reports this cluster with one
    /// date cannot report the same happening with a date that does not overlap it.
    fn admits(&self, m: &Mention) -> bool {
        self.mentions
            .iter()
            .filter(|x| x.public.doc_id == m.public.doc_id || self.historical)
            .all(|x| match (&x.date, &m.date) {
                (Some(a), Some(b)) => a.range.overlaps(&b.range),
                _ => true,
            })
    }
}

impl ClusterSet {
    /// Merge the events of `doc` (assigned to `story`) into the clusters of that story.
    pub fn add(&mut self, story: usize, doc: &DocInput, arrival: usize) {
        for e in &doc.events {
            let m = mention(e, doc, arrival);
            // Directed codes (aid, coercion, force …) keep their direction: "X supplied Y"
            // and "Y supplied X" are two happenings. Cooperation and consultation do not.
            let directed = crate::contradictions::directed_root(&e.cameo_root);
            let (a, b) = if directed || m.from <= m.to {
                (m.from.clone(), m.to.clone())
            } else {
                (m.to.clone(), m.from.clone())
            };
            let key = (story, (a, b, e.cameo_root.clone(), e.historical));
            let list = self.by_key.entry(key).or_default();
            let found = list
                .iter()
                .copied()
                .find(|&i| self.clusters.get(i).is_some_and(|c| c.admits(&m)));
            match found.and_then(|i| self.clusters.get_mut(i)) {
                Some(c) => c.mentions.push(m),
                None => {
                    list.push(self.clusters.len());
                    self.clusters.push(ClusterState {
                        id: stable_id("E", &[&e.event_id]),
                        story,
                        historical: e.historical,
                        root: e.cameo_root.clone(),
                        mentions: vec![m],
                    });
                }
            }
        }
    }
}

/// How strongly a modality says the event happened; the strongest wins a cluster.
pub fn modality_strength(m: Modality) -> u8 {
    match m {
        Modality::Asserted => 5,
        Modality::Reported => 4,
        Modality::Expected => 3,
        Modality::Speculative => 2,
        Modality::Hypothetical => 1,
        Modality::Negated => 0,
    }
}

fn distinct_docs<'a>(ms: impl Iterator<Item = &'a Mention>) -> usize {
    ms.map(|m| m.public.doc_id.as_str())
        .collect::<BTreeSet<_>>()
        .len()
}

/// The public summary of a finished cluster.
pub(crate) fn summarise(c: &ClusterState, story_id: &str) -> Option<EventCluster> {
    let first = c.mentions.first()?;
    // Most frequent full code; the first seen wins ties.
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for m in &c.mentions {
        match counts.iter_mut().find(|(code, _)| *code == m.public.cameo) {
            Some(entry) => entry.1 += 1,
            None => counts.push((m.public.cameo.as_str(), 1)),
        }
    }
    let top = counts
        .iter()
        .fold(None::<(&str, usize)>, |best, &(code, n)| match best {
            Some((_, b)) if b >= n => best,
            _ => Some((code, n)),
        })
        .map_or(first.public.cameo.as_str(), |(code, _)| code);
    let rep = c
        .mentions
        .iter()
        .find(|m| m.public.cameo == top)
        .unwrap_or(first);
    // Earliest report: earliest publication date, documents without one after those with
    // one, arrival order on ties.
    let earliest = c
        .mentions
        .iter()
        .min_by(|a, b| {
            let key = |m: &Mention| (m.published.is_none(), m.published.clone(), m.arrival);
            key(a).cmp(&key(b))
        })
        .unwrap_or(first);
    let (best_date, best_precision, best_sources) = best_date(&c.mentions);
    let strongest = c
        .mentions
        .iter()
        .map(|m| m.public.modality)
        .max_by_key(|&m| modality_strength(m))
        .unwrap_or(first.public.modality);
    Some(EventCluster {
        cluster_id: c.id.clone(),
        story_id: story_id.to_string(),
        actor_a: first.from.clone(),
        actor_b: first.to.clone(),
        cameo_root: c.root.clone(),
        cameo: top.to_string(),
        plover: rep.plover.clone(),
        goldstein: rep.goldstein,
        quad_class: rep.quad_class,
        historical: c.historical,
        mentions: c.mentions.iter().map(|m| m.public.clone()).collect(),
        n_sources: distinct_docs(c.mentions.iter()),
        earliest_doc: earliest.public.doc_id.clone(),
        earliest_published: earliest.published.clone(),
        best_date,
        best_date_precision: best_precision,
        best_date_sources: best_sources,
        modality: strongest,
        modality_sources: distinct_docs(
            c.mentions.iter().filter(|m| m.public.modality == strongest),
        ),
    })
}

/// The most precise date any source gives, most sources on ties, then first given.
fn best_date(mentions: &[Mention]) -> (Option<String>, Option<String>, usize) {
    let mut best: Option<(&MentionDate, usize, u32)> = None;
    for m in mentions {
        let Some(d) = &m.date else { continue };
        let sources = distinct_docs(
            mentions
                .iter()
                .filter(|x| x.date.as_ref().is_some_and(|y| y.value == d.value)),
        );
        let width = d.range.width();
        let better = match best {
            None => true,
            Some((_, n, w)) => width < w || (width == w && sources > n),
        };
        if better {
            best = Some((d, sources, width));
        }
    }
    match best {
        Some((d, n, _)) => (Some(d.value.clone()), d.precision.clone(), n),
        None => (None, None, 0),
    }
}
