//! Coded events inside event clusters (see `sentences` for how clusters form): what each
//! mention carries, and the public summary of a finished cluster.

use std::collections::BTreeSet;

use annals_core::{DateBasis, Event, Modality};

use crate::model::{ClusterMention, DocInput, EventCluster, SentenceRef};
use crate::precision::DateRange;
use crate::sentences::{ClusterState, Member};
use crate::side;

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
    pub date: Option<MentionDate>,
    /// Source and target sides (country, else code, else `-`).
    pub from: String,
    pub to: String,
    pub plover: Option<String>,
    pub goldstein: f64,
    pub quad_class: u8,
    pub root: String,
    pub historical: bool,
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

pub(crate) fn mention(e: &Event, doc: &DocInput) -> Mention {
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
        date: mention_date(e),
        from: side(e.source.as_ref()),
        to: side(e.target.as_ref()),
        plover: e.plover.clone(),
        goldstein: e.goldstein,
        quad_class: e.quad_class,
        root: e.cameo_root.clone(),
        historical: e.historical,
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

/// The most frequent full code of a cluster's coded events (first seen on ties).
fn top_code(c: &ClusterState) -> Option<&str> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for m in &c.mentions {
        match counts.iter_mut().find(|(code, _)| *code == m.public.cameo) {
            Some(entry) => entry.1 += 1,
            None => counts.push((m.public.cameo.as_str(), 1)),
        }
    }
    crate::sentences::top(&counts)
}

/// The dates a cluster's sentences give: its coded events' dates, else the one date a
/// sentence's text gives (sentences giving several are left out: which one is the
/// event's is not known).
fn cluster_dates(c: &ClusterState) -> Vec<(String, MentionDate)> {
    let coded: Vec<(String, MentionDate)> = c
        .mentions
        .iter()
        .filter_map(|m| Some((m.public.doc_id.clone(), m.date.clone()?)))
        .collect();
    if !coded.is_empty() {
        return coded;
    }
    c.members
        .iter()
        .filter_map(|m| match m.facts.dates.as_slice() {
            [d] => Some((
                m.doc_id.clone(),
                MentionDate {
                    range: d.range,
                    value: d.value.clone(),
                    text: Some(d.text.clone()),
                    precision: None,
                },
            )),
            _ => None,
        })
        .collect()
}

/// The public summary of a finished cluster.
pub(crate) fn summarise(c: &ClusterState, story_id: &str) -> Option<EventCluster> {
    let first_member = c.members.first()?;
    // Earliest report: earliest publication date, documents without one after those with
    // one, arrival order on ties.
    let earliest = c
        .members
        .iter()
        .min_by(|a, b| {
            let key = |m: &Member| (m.published.is_none(), m.published.clone(), m.arrival);
            key(a).cmp(&key(b))
        })
        .unwrap_or(first_member);
    let (best_date, best_precision, best_sources) = best_date(&cluster_dates(c));
    let n_sources = c
        .members
        .iter()
        .map(|m| m.doc_id.as_str())
        .collect::<BTreeSet<_>>()
        .len();
    let sentences: Vec<SentenceRef> = c
        .members
        .iter()
        .map(|m| SentenceRef {
            doc_id: m.doc_id.clone(),
            sentence: m.sentence,
        })
        .collect();
    let mut out = EventCluster {
        cluster_id: c.id.clone(),
        story_id: story_id.to_string(),
        actor_a: "-".into(),
        actor_b: "-".into(),
        cameo_root: String::new(),
        cameo: String::new(),
        plover: None,
        goldstein: 0.0,
        quad_class: 0,
        historical: c.historical(),
        mentions: c.mentions.iter().map(|m| m.public.clone()).collect(),
        sentences,
        n_sources,
        earliest_doc: earliest.doc_id.clone(),
        earliest_published: earliest.published.clone(),
        best_date,
        best_date_precision: best_precision,
        best_date_sources: best_sources,
        modality: Modality::Asserted,
        modality_sources: 0,
    };
    let (Some(first), Some(top)) = (c.mentions.first(), top_code(c)) else {
        return Some(out);
    };
    let rep = c
        .mentions
        .iter()
        .find(|m| m.public.cameo == top)
        .unwrap_or(first);
    let strongest = c
        .mentions
        .iter()
        .map(|m| m.public.modality)
        .max_by_key(|&m| modality_strength(m))
        .unwrap_or(first.public.modality);
    out.actor_a = rep.from.clone();
    out.actor_b = rep.to.clone();
    out.cameo_root = rep.root.clone();
    out.cameo = top.to_string();
    out.plover = rep.plover.clone();
    out.goldstein = rep.goldstein;
    out.quad_class = rep.quad_class;
    out.modality = strongest;
    out.modality_sources =
        distinct_docs(c.mentions.iter().filter(|m| m.public.modality == strongest));
    Some(out)
}

/// The most precise date any source gives, most sources on ties, then first given.
fn best_date(dates: &[(String, MentionDate)]) -> (Option<String>, Option<String>, usize) {
    let mut best: Option<(&MentionDate, usize, u32)> = None;
    for (_, d) in dates {
        let sources = dates
            .iter()
            .filter(|(_, y)| y.value == d.value)
            .map(|(doc, _)| doc.as_str())
            .collect::<BTreeSet<_>>()
            .len();
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
