//! `/api/v1/actors?q=`, `/api/v1/actors/{code}` and `/api/v1/graph`: who the actors are
//! (the knowledge base's entries, with roles over time where it knows them), whom they
//! deal with, and when.
//!
//! Counts come from the events the store's actor filter selects (a country matches every
//! code of that country), so a request costs time in proportion to that actor's events,
//! not to the database.

use std::collections::BTreeMap;
use std::ops::ControlFlow;
use std::sync::{Arc, OnceLock};

use annals_actors::{KbEntryView, KnowledgeBase};
use annals_core::{Event, EventActor};
use annals_stories::graph::{dated_within, edges};
use annals_stories::precision::DateRange;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::response::IntoResponse;
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::api::{ApiResult, AppState};
use crate::backend::timeline_of;
use crate::params::{self, non_empty};
use crate::problem::Problem;
use crate::read::{EventFilter, EventSort, ReadError, ReadStore, Timeline};

/// Partners listed on an actor page.
const TOP_PARTNERS: usize = 15;
/// Names (as written) listed per code.
const TOP_NAMES: usize = 5;
/// Codes listed by a search.
const MAX_SEEN: usize = 50;

/// The knowledge base `annals actor` reads (built-in files and the user's config
/// directory), loaded once, on first use, on a blocking thread.
fn knowledge_base() -> Result<Arc<KnowledgeBase>, ReadError> {
    static KB: OnceLock<Result<Arc<KnowledgeBase>, String>> = OnceLock::new();
    KB.get_or_init(|| {
        KnowledgeBase::with_user_files(&[])
            .map(Arc::new)
            .map_err(|e| e.to_string())
    })
    .clone()
    .map_err(|e| ReadError::Backend(format!("actor knowledge base: {e}")))
}

/// A code seen in events, with the names it was written as and how often.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SeenActor {
    /// Actor code (`RUSGOV`), or the text as written when it has no code.
    pub code: String,
    /// Events with this actor on either side.
    pub events: usize,
    /// The most frequent resolved names or texts, most frequent first.
    pub names: Vec<String>,
}

/// One partner of an actor: the other side of its events.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Partner {
    /// The other side's code (or text, when unresolved).
    pub code: String,
    /// Events with the actor as source and this partner as target.
    pub as_target: usize,
    /// Events with this partner as source and the actor as target.
    pub as_source: usize,
    /// Mean Goldstein score of those events.
    pub mean_goldstein: f64,
}

/// Everything an actor page shows.
#[derive(Debug, Clone, Serialize)]
pub struct ActorView {
    /// The code asked for (a country or a full code).
    pub code: String,
    /// Knowledge-base entries for it, with roles over time.
    pub kb: Vec<KbEntryView>,
    /// Events with it on either side.
    pub events: usize,
    /// Events with it as source.
    pub as_source: usize,
    /// Events with it as target.
    pub as_target: usize,
    /// Codes of its events' sides that matched it (RUSGOV, RUSMIL under RUS).
    pub codes: Vec<SeenActor>,
    /// Most frequent partners first.
    pub partners: Vec<Partner>,
    /// Its events per month by QuadClass.
    pub timeline: Timeline,
}

/// Whether `a` is the actor `code` names: that full code, or any code of that country.
fn is(a: Option<&EventActor>, code: &str) -> bool {
    a.is_some_and(|a| {
        a.code.as_deref() == Some(code) || (code.len() == 3 && a.country.as_deref() == Some(code))
    })
}

fn key(a: Option<&EventActor>) -> String {
    match a {
        Some(a) => a.code.clone().unwrap_or_else(|| a.text.clone()),
        None => "-".into(),
    }
}

fn label(a: &EventActor) -> String {
    a.name.clone().unwrap_or_else(|| a.text.clone())
}

/// Codes and their names, most events first; `side` picks which sides count.
fn seen(events: &[Event], mut side: impl FnMut(Option<&EventActor>) -> bool) -> Vec<SeenActor> {
    let mut by_code: BTreeMap<String, (usize, BTreeMap<String, usize>)> = BTreeMap::new();
    for e in events {
        for a in [e.source.as_ref(), e.target.as_ref()] {
            if let Some(actor) = a.filter(|_| side(a)) {
                let slot = by_code.entry(key(a)).or_default();
                slot.0 += 1;
                *slot.1.entry(label(actor)).or_default() += 1;
            }
        }
    }
    let mut out: Vec<SeenActor> = by_code
        .into_iter()
        .map(|(code, (n, names))| {
            let mut names: Vec<(String, usize)> = names.into_iter().collect();
            names.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            SeenActor {
                code,
                events: n,
                names: names.into_iter().take(TOP_NAMES).map(|(n, _)| n).collect(),
            }
        })
        .collect();
    out.sort_by(|a, b| b.events.cmp(&a.events).then_with(|| a.code.cmp(&b.code)));
    out
}

/// The other sides of `code`'s events, most events first.
fn partners(code: &str, events: &[Event]) -> Vec<Partner> {
    let mut by: BTreeMap<String, (usize, usize, f64)> = BTreeMap::new();
    for e in events {
        let (src, tgt) = (e.source.as_ref(), e.target.as_ref());
        let (other, outgoing) = match (is(src, code), is(tgt, code)) {
            (true, false) => (tgt, true),
            (false, true) => (src, false),
            // Both sides or neither: not a partnership with someone else.
            _ => continue,
        };
        if other.is_none() {
            continue;
        }
        let slot = by.entry(key(other)).or_default();
        if outgoing {
            slot.0 += 1;
        } else {
            slot.1 += 1;
        }
        slot.2 += e.goldstein;
    }
    let mut out: Vec<Partner> = by
        .into_iter()
        .map(|(code, (t, s, g))| Partner {
            code,
            as_target: t,
            as_source: s,
            // Two decimals: the scores themselves have one.
            mean_goldstein: (g / (t + s).max(1) as f64 * 100.0).round() / 100.0,
        })
        .collect();
    out.sort_by(|a, b| {
        (b.as_target + b.as_source)
            .cmp(&(a.as_target + a.as_source))
            .then_with(|| a.code.cmp(&b.code))
    });
    out.truncate(TOP_PARTNERS);
    out
}

/// Every event with `code` on either side (the store's actor filter).
fn events_of(s: &dyn ReadStore, code: &str) -> Result<Vec<Event>, ReadError> {
    let filter = EventFilter {
        actor: Some(code.to_string()),
        ..EventFilter::default()
    };
    let mut events = Vec::new();
    s.scan_events(&filter, EventSort::Document, &mut |e| {
        events.push(e);
        ControlFlow::Continue(())
    })?;
    Ok(events)
}

fn actor_view(s: &dyn ReadStore, code: String) -> Result<ActorView, ReadError> {
    let kb = knowledge_base()?.find(&code);
    let events = events_of(s, &code)?;
    Ok(ActorView {
        kb,
        events: events.len(),
        as_source: events
            .iter()
            .filter(|e| is(e.source.as_ref(), &code))
            .count(),
        as_target: events
            .iter()
            .filter(|e| is(e.target.as_ref(), &code))
            .count(),
        codes: seen(&events, |a| is(a, &code)),
        partners: partners(&code, &events),
        timeline: timeline_of(&events),
        code,
    })
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SearchParams {
    q: Option<String>,
}

/// Knowledge-base entries whose code or a name is `q` (case-insensitive), and, when `q`
/// is a code, the codes of that actor seen in events.
pub(crate) async fn search(
    State(st): State<AppState>,
    q: Result<Query<SearchParams>, QueryRejection>,
) -> ApiResult {
    let Query(p) = q.map_err(params::rejected)?;
    let query = non_empty(&p.q)
        .ok_or_else(|| Problem::bad_request("actor search needs a query: ?q=RUS or ?q=Putin"))?
        .to_string();
    if query.len() > 200 {
        return Err(Problem::bad_request("an actor query is at most 200 bytes"));
    }
    let code = params::actor_code("q", &query).ok();
    let q2 = query.clone();
    let (kb, codes) = st
        .pool
        .run(move |s| {
            let kb = knowledge_base()?.find(&q2);
            let codes = match code {
                Some(c) => {
                    let mut found = seen(&events_of(s, &c)?, |a| is(a, &c));
                    found.truncate(MAX_SEEN);
                    found
                }
                None => Vec::new(),
            };
            Ok((kb, codes))
        })
        .await?;
    Ok(Json(json!({ "query": query, "kb": kb, "seen": codes })).into_response())
}

/// One actor: knowledge-base entries, its codes, partners and timeline.
pub(crate) async fn one(State(st): State<AppState>, Path(code): Path<String>) -> ApiResult {
    let code = params::actor_code("the actor", &code)?;
    let view = st.pool.run(move |s| actor_view(s, code)).await?;
    if view.events == 0 && view.kb.is_empty() {
        return Err(Problem::not_found(format!(
            "no event and no knowledge-base entry has the actor {:?}",
            view.code
        )));
    }
    Ok(Json(view).into_response())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct GraphParams {
    since: Option<String>,
    until: Option<String>,
    historical: Option<String>,
}

/// The actor network of the event clusters, as `annals graph` builds it, in JSON.
pub(crate) async fn graph(
    State(st): State<AppState>,
    q: Result<Query<GraphParams>, QueryRejection>,
) -> ApiResult {
    let Query(p) = q.map_err(params::rejected)?;
    let bound = |name: &str, v: &Option<String>| -> Result<Option<DateRange>, Problem> {
        match non_empty(v) {
            None => Ok(None),
            Some(d) => Ok(DateRange::parse(&params::date(name, d)?)),
        }
    };
    let (since, until) = (bound("since", &p.since)?, bound("until", &p.until)?);
    let historical = match non_empty(&p.historical) {
        None | Some("false") => false,
        Some("true") => true,
        Some(h) => {
            return Err(Problem::bad_request(format!(
                "historical takes true or false, not {h:?}"
            )))
        }
    };
    let clusters = st.pool.run(|s| s.event_clusters()).await?;
    let kept = clusters
        .iter()
        .filter(|c| historical || !c.historical)
        .filter(|c| dated_within(c, since, until));
    let graph = edges(kept);
    let mut nodes: BTreeMap<&str, usize> = BTreeMap::new();
    for ((a, b), e) in &graph {
        *nodes.entry(a.as_str()).or_default() += e.clusters;
        *nodes.entry(b.as_str()).or_default() += e.clusters;
    }
    let nodes: Vec<_> = nodes
        .into_iter()
        .map(|(id, clusters)| json!({ "id": id, "clusters": clusters }))
        .collect();
    let edges: Vec<_> = graph
        .iter()
        .map(|((a, b), e)| {
            json!({
                "source": a, "target": b, "clusters": e.clusters, "sources": e.sources,
                "mean_goldstein": (e.mean_goldstein() * 100.0).round() / 100.0,
            })
        })
        .collect();
    Ok(Json(json!({ "nodes": nodes, "edges": edges })).into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn actor(code: Option<&str>, text: &str) -> EventActor {
        EventActor {
            text: text.into(),
            code: code.map(str::to_string),
            country: code.map(|c| c.chars().take(3).collect()),
            sector: None,
            name: None,
            start: 0,
            end: 0,
        }
    }

    fn event(src: EventActor, tgt: Option<EventActor>, goldstein: f64) -> Event {
        let mut e = crate::test_fixtures::event("e", None, 1.0, 1);
        e.source = Some(src);
        e.target = tgt;
        e.goldstein = goldstein;
        e
    }

    #[test]
    fn partners_count_each_direction_and_skip_self_and_missing_sides() {
        let events = [
            event(
                actor(Some("RUSGOV"), "Putin"),
                Some(actor(Some("PRKGOV"), "Kim")),
                4.0,
            ),
            event(
                actor(Some("PRKGOV"), "Kim"),
                Some(actor(Some("RUSGOV"), "Putin")),
                2.0,
            ),
            event(
                actor(Some("RUSGOV"), "Putin"),
                Some(actor(Some("RUSMIL"), "army")),
                1.0,
            ),
            event(actor(Some("RUSGOV"), "Putin"), None, 1.0),
            event(
                actor(Some("USAGOV"), "Biden"),
                Some(actor(None, "protesters")),
                -5.0,
            ),
            event(
                actor(Some("RUSGOV"), "Putin"),
                Some(actor(None, "protesters")),
                -2.0,
            ),
        ];
        let p = partners("RUS", &events);
        assert_eq!(
            p,
            [
                Partner {
                    code: "PRKGOV".into(),
                    as_target: 1,
                    as_source: 1,
                    mean_goldstein: 3.0
                },
                Partner {
                    code: "protesters".into(),
                    as_target: 1,
                    as_source: 0,
                    mean_goldstein: -2.0
                },
            ]
        );
        let codes = seen(&events, |a| is(a, "RUS"));
        let summary: Vec<(&str, usize)> =
            codes.iter().map(|s| (s.code.as_str(), s.events)).collect();
        assert_eq!(summary, [("RUSGOV", 5), ("RUSMIL", 1)]);
        assert_eq!(codes[0].names, ["Putin"]);
    }
}
