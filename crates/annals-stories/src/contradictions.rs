//! Contradictions: two documents disagreeing about one event cluster. Only sentences of
//! one cluster are compared (they report the same happening), pairwise between documents:
//!
//! * `date` — the one date each sentence gives (a coded event's date, else the text's)
//!   does not overlap the other's at their stated precision;
//! * `quantity` — the same counted noun with numbers apart beyond their rounding (a hedged
//!   one, "about", "at least", by more than a fifth too), not told as an update ("has
//!   risen to");
//! * `modality` — one source's coded event affirms what the other's (same code) denies;
//! * `direction`, `actor` — coded events with the same directed code, reversed sides, or
//!   one side the same and the other a different actor.
//!
//! Clusters are loose (a sentence joins when it resembles one member, and may come from a
//! related story), so the two sentences compared must themselves be alike (term cosine at
//! least `PAIR_SIMILARITY`) and their documents in one story: reports of the same kind of
//! happening on different days (a market's fall, a hurricane's category) differ in their
//! figures without disagreeing.
//!
//! At most one flag per kind and pair of documents, from their first disagreeing
//! sentences, so a long report does not flood the list; each flag carries both sentences.
//! A cluster's first `MAX_DOCS` documents are compared (pairs grow with the square), and
//! of each its first `MAX_SENTENCES_PER_DOC` sentences in the cluster: a long report that
//! repeats itself puts thousands of sentences into one cluster, and the checks compare
//! sentences pairwise.

use std::collections::{HashMap, HashSet};

use annals_core::Modality;

use crate::clusters::Mention;
use crate::facts::{TextDate, TextQuantity};
use crate::model::{Contradiction, ContradictionKind, Evidence};
use crate::precision::numbers_disagree;
use crate::sentences::{ClusterState, Member};
use crate::stable_id;

/// Documents of one cluster compared pairwise.
const MAX_DOCS: usize = 40;

/// Sentences of one document in a cluster compared with another document's (its first).
const MAX_SENTENCES_PER_DOC: usize = 50;

/// A cluster's coded events by (document, sentence): positions in `ClusterState::mentions`,
/// ascending. Built once per cluster so that finding a sentence's events costs its own
/// events, not the cluster's.
type MentionIndex<'a> = HashMap<(&'a str, usize), Vec<usize>>;

fn mention_index(c: &ClusterState) -> MentionIndex<'_> {
    let mut index: MentionIndex = HashMap::new();
    for (i, m) in c.mentions.iter().enumerate() {
        index
            .entry((m.public.doc_id.as_str(), m.public.sentence))
            .or_default()
            .push(i);
    }
    index
}

/// The coded events of sentence `m`, in the cluster's order.
fn events_of<'a>(c: &'a ClusterState, index: &MentionIndex, m: &Member) -> Vec<&'a Mention> {
    index
        .get(&(m.doc_id.as_str(), m.sentence))
        .map(|ids| ids.iter().filter_map(|&i| c.mentions.get(i)).collect())
        .unwrap_or_default()
}

/// How far apart, as a share of the larger, a hedged figure must be from another to
/// disagree with it.
const HEDGE_SHARE: f64 = 0.2;

/// Days apart beyond which two reports' figures are not compared (see `apart`).
const UPDATE_DAYS: u32 = 2;

/// Least term cosine of two sentences for their disagreement to count.
const PAIR_SIMILARITY: f64 = 0.4;

/// Whether two sentences are alike enough, and from one story, to be compared.
fn alike(a: &Member, b: &Member) -> bool {
    a.story == b.story && a.vector.cosine(&b.vector) >= PAIR_SIMILARITY
}

/// Words saying a figure is an update of an earlier one, not a different account.
const UPDATES: &[&str] = &["climbed", "increased", "now", "risen", "rose", "updated"];

/// CAMEO roots whose events have a direction worth disputing (aid, demands, coercion,
/// force …); for statements, consultations and cooperation (01–06) either direction is
/// the same happening.
pub(crate) fn directed_root(root: &str) -> bool {
    root.parse::<u8>().is_ok_and(|r| (7..=20).contains(&r))
}

/// One side of a disagreement before it becomes [`Evidence`].
struct Witness<'a> {
    member: &'a Member,
    event_id: &'a str,
    value: String,
}

impl<'a> Witness<'a> {
    fn text(member: &'a Member, value: String) -> Self {
        Witness {
            member,
            event_id: "",
            value,
        }
    }

    fn evidence(&self) -> Evidence {
        Evidence {
            doc_id: self.member.doc_id.clone(),
            sentence: self.member.sentence,
            event_id: self.event_id.to_string(),
            value: self.value.clone(),
            text: self.member.text.clone(),
        }
    }

    fn key(&self) -> String {
        format!("{}#{}", self.member.doc_id, self.member.sentence)
    }
}

fn flag(
    c: &ClusterState,
    story_id: &str,
    kind: ContradictionKind,
    a: &Witness,
    b: &Witness,
) -> Contradiction {
    Contradiction {
        contradiction_id: stable_id("C", &[&c.id, kind.as_str(), &a.key(), &b.key()]),
        cluster_id: c.id.clone(),
        story_id: story_id.to_string(),
        kind,
        a: a.evidence(),
        b: b.evidence(),
    }
}

/// A cluster's documents in arrival order, each with its sentences.
fn by_document(c: &ClusterState) -> Vec<Vec<&Member>> {
    let mut docs: Vec<Vec<&Member>> = Vec::new();
    for m in &c.members {
        let full = docs.len() >= MAX_DOCS;
        match docs
            .iter_mut()
            .find(|d| d.first().is_some_and(|x| x.doc_id == m.doc_id))
        {
            Some(d) if d.len() < MAX_SENTENCES_PER_DOC => d.push(m),
            Some(_) => {}
            None if !full => docs.push(vec![m]),
            None => {}
        }
    }
    docs
}

/// Contradictions inside one cluster.
pub(crate) fn within(c: &ClusterState, story_id: &str) -> Vec<Contradiction> {
    let mut out = Vec::new();
    let docs = by_document(c);
    let index = mention_index(c);
    // Each document's coded events, read once (not once per pair and check).
    let coded_docs: Vec<Vec<Coded>> = docs.iter().map(|d| coded(c, &index, d)).collect();
    for (i, da) in docs.iter().enumerate() {
        for (j, db) in docs.iter().enumerate().skip(i + 1) {
            let (ca, cb) = (&coded_docs[i], &coded_docs[j]);
            let checks = [
                date_conflict(c, &index, da, db),
                quantity_conflict(da, db),
                modality_conflict(ca, cb),
                side_conflict(ca, cb),
            ];
            for (kind, a, b) in checks.into_iter().flatten() {
                out.push(flag(c, story_id, kind, &a, &b));
            }
        }
    }
    out
}

type Found<'a> = Option<(ContradictionKind, Witness<'a>, Witness<'a>)>;

/// A coded event with its sentence.
type Coded<'a> = (&'a Mention, &'a Member);

/// The coded events of a document's sentences, in the cluster's order, each with its
/// sentence (the first member of the cluster holding that sentence).
fn coded<'a>(c: &'a ClusterState, index: &MentionIndex, d: &[&'a Member]) -> Vec<Coded<'a>> {
    let mut found: Vec<(usize, &'a Member)> = Vec::new();
    let mut seen: HashSet<usize> = HashSet::new();
    for &member in d {
        if !seen.insert(member.sentence) {
            continue;
        }
        if let Some(ids) = index.get(&(member.doc_id.as_str(), member.sentence)) {
            found.extend(ids.iter().map(|&i| (i, member)));
        }
    }
    found.sort_by_key(|&(i, _)| i);
    found
        .into_iter()
        .filter_map(|(i, member)| Some((c.mentions.get(i)?, member)))
        .collect()
}

/// A sentence's date: its range, how the source gives it, and the coded event (id and
/// CAMEO code) it was read from, if any.
type SentenceDate<'a> = (crate::precision::DateRange, String, &'a str, &'a str);

/// The one date a sentence gives: its coded events' (when they agree), else its text's.
fn sentence_date<'a>(
    c: &'a ClusterState,
    index: &MentionIndex,
    m: &'a Member,
) -> Option<SentenceDate<'a>> {
    let coded: Vec<&Mention> = events_of(c, index, m)
        .into_iter()
        .filter(|x| x.date.is_some())
        .collect();
    if let Some(first) = coded.first() {
        let d = first.date.as_ref()?;
        let agree = coded
            .iter()
            .all(|x| x.date.as_ref().is_some_and(|y| y.value == d.value));
        let value = match &d.text {
            Some(t) => format!("{} ({t})", d.value),
            None => d.value.clone(),
        };
        let event = (first.public.event_id.as_str(), first.public.cameo.as_str());
        return agree.then_some((d.range, value, event.0, event.1));
    }
    match m.facts.dates.as_slice() {
        [TextDate { range, value, text }] => Some((*range, format!("{value} ({text})"), "", "")),
        _ => None,
    }
}

fn date_conflict<'a>(
    c: &'a ClusterState,
    index: &MentionIndex,
    da: &[&'a Member],
    db: &[&'a Member],
) -> Found<'a> {
    let dates_b: Vec<_> = db.iter().map(|b| sentence_date(c, index, b)).collect();
    for a in da {
        let Some((ra, av, ae, acode)) = sentence_date(c, index, a) else {
            continue;
        };
        for (b, date_b) in db.iter().zip(&dates_b) {
            let Some((rb, bv, be, bcode)) = date_b.clone() else {
                continue;
            };
            // Coded events of one code in one cluster are one happening however the
            // sentences are worded; text dates need alike sentences.
            let same = !acode.is_empty() && acode == bcode && a.story == b.story;
            if !ra.overlaps(&rb) && (same || alike(a, b)) {
                let wa = Witness {
                    member: a,
                    event_id: ae,
                    value: av,
                };
                let wb = Witness {
                    member: b,
                    event_id: be,
                    value: bv,
                };
                return Some((ContradictionKind::Date, wa, wb));
            }
        }
    }
    None
}

fn updates(m: &Member) -> bool {
    crate::terms::words(&m.text).any(|w| UPDATES.contains(&w.as_str()))
        || m.text
            .to_lowercase()
            .split_whitespace()
            .any(|w| UPDATES.contains(&w))
}

/// Whether two figures of the same noun disagree: beyond their rounding, and for a hedged
/// one ("about 11,000", "at least 91") also by more than `HEDGE_SHARE` of the larger.
fn figures_disagree(a: &TextQuantity, b: &TextQuantity) -> bool {
    if !numbers_disagree(a.value, b.value) {
        return false;
    }
    if !(a.approximate || b.approximate) {
        return true;
    }
    let larger = a.value.abs().max(b.value.abs());
    (a.value - b.value).abs() > HEDGE_SHARE * larger
}

/// Whether two reports were published more than `UPDATE_DAYS` apart (both dated): their
/// figures describe different moments of a developing happening (a storm's winds, a
/// market's fall), not rival accounts of one.
fn apart(a: &Member, b: &Member) -> bool {
    let day = |m: &Member| {
        let p = m.published.as_deref()?;
        let r = crate::precision::DateRange::parse(p.get(..10).unwrap_or(p))?;
        Some(crate::precision::day_number(r.first))
    };
    match (day(a), day(b)) {
        (Some(x), Some(y)) => x.abs_diff(y) > UPDATE_DAYS,
        _ => false,
    }
}

fn quantity_conflict<'a>(da: &[&'a Member], db: &[&'a Member]) -> Found<'a> {
    if let (Some(a), Some(b)) = (da.first(), db.first()) {
        if apart(a, b) {
            return None;
        }
    }
    for a in da.iter().filter(|m| !updates(m)) {
        for qa in &a.facts.quantities {
            for b in db.iter().filter(|m| !updates(m) && alike(a, m)) {
                let hit = b
                    .facts
                    .quantities
                    .iter()
                    .find(|qb| qb.unit == qa.unit && figures_disagree(qa, qb));
                if let Some(qb) = hit {
                    let value = |q: &TextQuantity| format!("{} ({})", q.value, q.text);
                    return Some((
                        ContradictionKind::Quantity,
                        Witness::text(a, value(qa)),
                        Witness::text(b, value(qb)),
                    ));
                }
            }
        }
    }
    None
}

fn positive(m: &Mention) -> bool {
    matches!(m.public.modality, Modality::Asserted | Modality::Reported)
}

/// One document's coded event denies what the other's (same code) affirms.
fn modality_conflict<'a>(ca: &[Coded<'a>], cb: &[Coded<'a>]) -> Found<'a> {
    let value = |m: &Mention| m.public.modality.as_str().to_string();
    for (ma, xa) in ca {
        for (mb, xb) in cb {
            if ma.public.cameo != mb.public.cameo || !alike(xa, xb) {
                continue;
            }
            let negated = |m: &Mention| m.public.modality == Modality::Negated;
            if (negated(ma) && positive(mb)) || (positive(ma) && negated(mb)) {
                let wa = Witness {
                    member: xa,
                    event_id: &ma.public.event_id,
                    value: value(ma),
                };
                let wb = Witness {
                    member: xb,
                    event_id: &mb.public.event_id,
                    value: value(mb),
                };
                return Some((ContradictionKind::Modality, wa, wb));
            }
        }
    }
    None
}

/// Coded events with the same directed code told with reversed sides (`direction`), or
/// with one side the same and the other a different known actor (`actor`).
fn side_conflict<'a>(ca: &[Coded<'a>], cb: &[Coded<'a>]) -> Found<'a> {
    let known = |s: &str| s != "-";
    for (ma, xa) in ca.iter().filter(|(m, _)| positive(m) && !m.historical) {
        if !directed_root(&ma.root) || !known(&ma.from) || !known(&ma.to) {
            continue;
        }
        for (mb, xb) in cb.iter().filter(|(m, _)| positive(m) && !m.historical) {
            if mb.public.cameo != ma.public.cameo
                || !known(&mb.from)
                || !known(&mb.to)
                || !alike(xa, xb)
            {
                continue;
            }
            let kind = if ma.from == mb.to && ma.to == mb.from && ma.from != ma.to {
                ContradictionKind::Direction
            } else if (ma.from == mb.from) != (ma.to == mb.to) {
                ContradictionKind::Actor
            } else {
                continue;
            };
            let arrow = |m: &Mention| format!("{}→{}", m.from, m.to);
            let wa = Witness {
                member: xa,
                event_id: &ma.public.event_id,
                value: arrow(ma),
            };
            let wb = Witness {
                member: xb,
                event_id: &mb.public.event_id,
                value: arrow(mb),
            };
            return Some((kind, wa, wb));
        }
    }
    None
}
