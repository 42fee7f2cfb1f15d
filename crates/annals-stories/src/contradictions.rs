//! Contradictions: two documents disagreeing about one event cluster (date, quantity,
//! modality, direction), or about who did it (actor, across two clusters of a story).
//! At most one flag per kind and pair of documents, from their first disagreeing mentions,
//! so a long report does not flood the list; each flag carries both sentences.

use std::collections::BTreeSet;

use annals_core::Modality;

use crate::clusters::{ClusterState, Mention};
use crate::model::{Contradiction, ContradictionKind, Evidence};
use crate::precision::numbers_disagree;
use crate::stable_id;

/// CAMEO roots whose events have a direction worth disputing (aid, demands, coercion,
/// force …); for statements, consultations and cooperation (01–06) either direction is
/// the same happening.
pub(crate) fn directed_root(root: &str) -> bool {
    root.parse::<u8>().is_ok_and(|r| (7..=20).contains(&r))
}

fn evidence(m: &Mention, value: String) -> Evidence {
    Evidence {
        doc_id: m.public.doc_id.clone(),
        sentence: m.public.sentence,
        event_id: m.public.event_id.clone(),
        value,
        text: m.text.clone(),
    }
}

fn flag(
    cluster: &ClusterState,
    story_id: &str,
    kind: ContradictionKind,
    (a, av): (&Mention, String),
    (b, bv): (&Mention, String),
) -> Contradiction {
    Contradiction {
        contradiction_id: stable_id(
            "C",
            &[
                &cluster.id,
                kind.as_str(),
                &a.public.event_id,
                &b.public.event_id,
            ],
        ),
        cluster_id: cluster.id.clone(),
        story_id: story_id.to_string(),
        kind,
        a: evidence(a, av),
        b: evidence(b, bv),
    }
}

fn date_value(m: &Mention) -> Option<String> {
    let d = m.date.as_ref()?;
    Some(match &d.text {
        Some(t) => format!("{} ({t})", d.value),
        None => d.value.clone(),
    })
}

fn quantity_value(q: &annals_core::Quantity) -> String {
    format!("{} ({})", q.value, q.text)
}

/// The documents of a cluster in arrival order, each with its mentions.
fn by_document(c: &ClusterState) -> Vec<Vec<&Mention>> {
    let mut docs: Vec<Vec<&Mention>> = Vec::new();
    for m in &c.mentions {
        match docs.iter_mut().find(|d| {
            d.first()
                .is_some_and(|x| x.public.doc_id == m.public.doc_id)
        }) {
            Some(d) => d.push(m),
            None => docs.push(vec![m]),
        }
    }
    docs
}

/// Contradictions inside one cluster.
pub(crate) fn within(c: &ClusterState, story_id: &str) -> Vec<Contradiction> {
    let mut out = Vec::new();
    let docs = by_document(c);
    for (i, da) in docs.iter().enumerate() {
        for db in docs.iter().skip(i + 1) {
            out.extend(date_conflict(c, story_id, da, db));
            out.extend(quantity_conflict(c, story_id, da, db));
            out.extend(modality_conflict(c, story_id, da, db));
        }
    }
    out
}

fn date_conflict(
    c: &ClusterState,
    story_id: &str,
    da: &[&Mention],
    db: &[&Mention],
) -> Option<Contradiction> {
    for a in da {
        let Some(ra) = &a.date else { continue };
        for b in db {
            let Some(rb) = &b.date else { continue };
            if !ra.range.overlaps(&rb.range) {
                let (av, bv) = (date_value(a)?, date_value(b)?);
                return Some(flag(c, story_id, ContradictionKind::Date, (a, av), (b, bv)));
            }
        }
    }
    None
}

fn same_thing(a: &annals_core::Quantity, b: &annals_core::Quantity) -> bool {
    let norm = |s: &Option<String>| s.as_deref().map(str::to_lowercase);
    let units = norm(&a.unit).is_some() && norm(&a.unit) == norm(&b.unit);
    let of = match (norm(&a.of), norm(&b.of)) {
        (Some(x), Some(y)) => x == y,
        _ => true,
    };
    units && of
}

fn quantity_conflict(
    c: &ClusterState,
    story_id: &str,
    da: &[&Mention],
    db: &[&Mention],
) -> Option<Contradiction> {
    for a in da {
        for qa in &a.quantities {
            for b in db {
                let hit = b
                    .quantities
                    .iter()
                    .find(|qb| same_thing(qa, qb) && numbers_disagree(qa.value, qb.value));
                if let Some(qb) = hit {
                    return Some(flag(
                        c,
                        story_id,
                        ContradictionKind::Quantity,
                        (a, quantity_value(qa)),
                        (b, quantity_value(qb)),
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

fn affirm<'a>(d: &[&'a Mention], code: &str) -> Option<&'a Mention> {
    d.iter()
        .copied()
        .find(|m| positive(m) && m.public.cameo == code)
}

fn denial<'a>(d: &[&'a Mention]) -> Option<&'a Mention> {
    d.first().copied()
}

/// One document only denies what the other affirms with the same CAMEO code.
fn modality_conflict(
    c: &ClusterState,
    story_id: &str,
    da: &[&Mention],
    db: &[&Mention],
) -> Option<Contradiction> {
    let negated = |d: &[&Mention]| d.iter().all(|m| m.public.modality == Modality::Negated);
    let value = |m: &Mention| m.public.modality.as_str().to_string();
    let (a, b) = if negated(db) {
        let b = denial(db)?;
        (affirm(da, &b.public.cameo)?, b)
    } else if negated(da) {
        let a = denial(da)?;
        (a, affirm(db, &a.public.cameo)?)
    } else {
        return None;
    };
    Some(flag(
        c,
        story_id,
        ContradictionKind::Modality,
        (a, value(a)),
        (b, value(b)),
    ))
}

/// The one direction all of a cluster's mentions give, if they agree.
fn single_direction(c: &ClusterState) -> Option<(&str, &str)> {
    let first = c.mentions.first()?;
    c.mentions
        .iter()
        .all(|m| m.from == first.from && m.to == first.to && m.public.cameo == first.public.cameo)
        .then_some((first.from.as_str(), first.to.as_str()))
}

/// Two clusters of a story that look like one happening told two ways: the same directed
/// code, each told by its own documents (no document reports both), both affirmed, and
/// with overlapping dates (or no date in either). Reversed sides are a `direction`
/// conflict; one side shared and the other a different actor is an `actor` conflict
/// (which needs dates in both, since "X attacked Y" and "Z attacked Y" are often two
/// attacks).
pub(crate) fn between(x: &ClusterState, y: &ClusterState, story_id: &str) -> Option<Contradiction> {
    if x.story != y.story || x.historical || y.historical || !directed_root(&x.root) {
        return None;
    }
    let (xm, ym) = (x.mentions.first()?, y.mentions.first()?);
    if xm.public.cameo != ym.public.cameo || !affirmed(x) || !affirmed(y) {
        return None;
    }
    let ((xf, xt), (yf, yt)) = (single_direction(x)?, single_direction(y)?);
    let known = |s: &str| s != "-";
    if ![xf, xt, yf, yt].into_iter().all(known) {
        return None;
    }
    let docs = |c: &ClusterState| -> BTreeSet<String> {
        c.mentions.iter().map(|m| m.public.doc_id.clone()).collect()
    };
    if !docs(x).is_disjoint(&docs(y)) {
        return None;
    }
    let dates = (dated(x), dated(y));
    let kind = if xf == yt && xt == yf {
        match dates {
            (Some(a), Some(b)) if a.range.overlaps(&b.range) => ContradictionKind::Direction,
            (None, None) => ContradictionKind::Direction,
            _ => return None,
        }
    } else if (xt == yt) != (xf == yf) {
        match dates {
            (Some(a), Some(b)) if a.range.overlaps(&b.range) => ContradictionKind::Actor,
            _ => return None,
        }
    } else {
        return None;
    };
    let arrow = |m: &Mention| format!("{}→{}", m.from, m.to);
    Some(flag(x, story_id, kind, (xm, arrow(xm)), (ym, arrow(ym))))
}

/// Every mention is stated as fact or as a source's claim (nothing expected or hedged).
fn affirmed(c: &ClusterState) -> bool {
    c.mentions.iter().all(positive)
}

/// The first date a cluster's mentions give.
fn dated(c: &ClusterState) -> Option<&crate::clusters::MentionDate> {
    c.mentions.iter().find_map(|m| m.date.as_ref())
}
