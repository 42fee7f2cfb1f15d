//! The one adapter between the server and the workspace's [`annals_store::Store`] trait
//! (SQLite or PostgreSQL, by the `--db` URL), opened read-only.
//!
//! Everything the server knows about the store is here.
//!
//! The store has no keyset pagination, no confidence filter, no ordering other than
//! document order and no counting of events, so this adapter reads every event matching
//! the store-side filters and does the rest in memory: a page costs time in proportion to
//! the matching events, not the page. That is fine for a laptop-sized database; a backend
//! with `WHERE (key) > (cursor) ORDER BY key LIMIT n` should do it in SQL instead.

use std::ops::ControlFlow;
use std::path::Path;

use annals_core::Event;
use annals_store::{date_bounds, Database, EventQuery, Mode, Store, StoreError};

use crate::read::{
    DocSummary, DocumentView, EventFilter, EventPage, EventSort, MentionView, MonthCount,
    ReadError, ReadStore, SearchHit, SentenceView, StoreOpener, Timeline,
};

/// Opens read-only [`Store`] connections on one database (a SQLite file or a PostgreSQL
/// URL), through the store's own [`Database`].
#[derive(Debug, Clone)]
pub struct DatabaseOpener {
    db: Database,
    name: String,
}

impl DatabaseOpener {
    /// An opener for the database `path` names. A SQLite file must exist: a server that
    /// created an empty database on a mistyped path would serve nothing without saying why
    /// (a read-only open refuses it too; this says so before the server starts).
    pub fn new(path: &Path) -> Result<DatabaseOpener, ReadError> {
        let name = path.to_string_lossy().into_owned();
        if !annals_store::is_postgres_url(&name) && !path.is_file() {
            return Err(ReadError::Backend(format!(
                "{}: no such database; create it with `annals ingest` or `annals demo`",
                path.display()
            )));
        }
        Ok(DatabaseOpener {
            db: Database::new(name.clone(), Mode::ReadOnly),
            name,
        })
    }
}

impl StoreOpener for DatabaseOpener {
    fn open(&self) -> Result<Box<dyn ReadStore>, ReadError> {
        let store = self.db.open().map_err(from_store)?;
        Ok(Box::new(StoreRead { store }))
    }

    fn describe(&self) -> String {
        self.name.clone()
    }
}

/// One store connection, read through [`ReadStore`].
struct StoreRead {
    store: Box<dyn Store>,
}

/// The store's errors in the server's terms: what a client caused keeps its wording
/// (without the database path the store puts first), the rest is a backend failure.
fn from_store(e: StoreError) -> ReadError {
    match e {
        StoreError::AmbiguousId {
            prefix,
            candidates,
            more,
            ..
        } => ReadError::AmbiguousId {
            prefix,
            candidates,
            more,
        },
        StoreError::BadQuery { query, message, .. } => ReadError::BadQuery { query, message },
        other => ReadError::Backend(other.to_string()),
    }
}

impl StoreRead {
    /// Every event matching `filter`, in `sort` order.
    fn matching(&self, filter: &EventFilter, sort: EventSort) -> Result<Vec<Event>, ReadError> {
        let q = EventQuery {
            actor: filter.actor.clone(),
            dyad: filter.dyad.clone(),
            code: filter.code.clone(),
            plover: filter.plover.clone(),
            modality: filter.modality.clone(),
            since: filter.since.clone(),
            until: filter.until.clone(),
            undated: false,
            doc_id: filter.doc_id.clone(),
            limit: None,
            after: None,
        };
        let mut events = self.store.events(&q).map_err(from_store)?;
        if let Some(min) = filter.min_confidence {
            events.retain(|e| e.confidence >= min);
        }
        sort_events(&mut events, sort);
        Ok(events)
    }
}

impl ReadStore for StoreRead {
    fn list_documents(&self, limit: usize, offset: usize) -> Result<Vec<DocSummary>, ReadError> {
        self.store
            .list_documents(Some(limit), offset)
            .map_err(from_store)
    }

    fn count_documents(&self) -> Result<usize, ReadError> {
        self.store.count_documents().map_err(from_store)
    }

    fn resolve_id(&self, id_or_prefix: &str) -> Result<Option<String>, ReadError> {
        self.store.resolve_id(id_or_prefix).map_err(from_store)
    }

    fn document(&self, id: &str) -> Result<Option<DocumentView>, ReadError> {
        let Some(doc) = self.store.document(id).map_err(from_store)? else {
            return Ok(None);
        };
        let mentions = self
            .store
            .mentions(Some(id), None)
            .map_err(from_store)?
            .into_iter()
            .map(|m| MentionView {
                sentence: m.sentence + 1,
                start: m.start,
                end: m.end,
                text: m.text,
                code: m.code,
                country: m.country,
                sector: m.sector,
                name: m.name,
                via: m.via,
            })
            .collect();
        let filter = EventFilter {
            doc_id: Some(id.to_string()),
            ..EventFilter::default()
        };
        let events = self.matching(&filter, EventSort::Document)?;
        Ok(Some(DocumentView {
            sentences: doc
                .sentences
                .iter()
                .enumerate()
                .map(|(i, s)| SentenceView {
                    number: i + 1,
                    kind: s.kind,
                    start: s.span.start,
                    end: s.span.end,
                })
                .collect(),
            id: doc.id,
            title: doc.title,
            url: doc.url,
            published: doc.published,
            publisher: doc.publisher,
            source: doc.source,
            text: doc.clean_text,
            removed: doc.removed,
            mentions,
            events,
        }))
    }

    fn events_page(
        &self,
        filter: &EventFilter,
        sort: EventSort,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<EventPage, ReadError> {
        let events = self.matching(filter, sort)?;
        page_after(events, cursor, limit)
    }

    fn scan_events(
        &self,
        filter: &EventFilter,
        sort: EventSort,
        each: &mut dyn FnMut(Event) -> ControlFlow<()>,
    ) -> Result<(), ReadError> {
        for e in self.matching(filter, sort)? {
            if each(e).is_break() {
                break;
            }
        }
        Ok(())
    }

    fn timeline(&self, filter: &EventFilter) -> Result<Timeline, ReadError> {
        Ok(timeline_of(&self.matching(filter, EventSort::Document)?))
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, ReadError> {
        self.store.search(query, limit).map_err(from_store)
    }
}

/// Sort in place; the sort is stable, so ties keep the store's document order.
fn sort_events(events: &mut [Event], sort: EventSort) {
    use std::cmp::Ordering;
    // Undated events sort last in both date directions.
    let date = |e: &Event| e.date.value.as_deref().and_then(date_bounds);
    let by_date = |a: &Event, b: &Event, desc: bool| match (date(a), date(b)) {
        (Some(x), Some(y)) if desc => y.1.cmp(&x.1),
        (Some(x), Some(y)) => x.0.cmp(&y.0),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    match sort {
        EventSort::Document => {}
        EventSort::DateAsc => events.sort_by(|a, b| by_date(a, b, false)),
        EventSort::DateDesc => events.sort_by(|a, b| by_date(a, b, true)),
        EventSort::ConfidenceAsc => events.sort_by(|a, b| a.confidence.total_cmp(&b.confidence)),
        EventSort::ConfidenceDesc => events.sort_by(|a, b| b.confidence.total_cmp(&a.confidence)),
        EventSort::GoldsteinAsc => events.sort_by(|a, b| a.goldstein.total_cmp(&b.goldstein)),
        EventSort::GoldsteinDesc => events.sort_by(|a, b| b.goldstein.total_cmp(&a.goldstein)),
        EventSort::Code => events.sort_by(|a, b| a.cameo.cmp(&b.cameo)),
    }
}

/// The page of `limit` events following the event whose id is `cursor`. Event ids are
/// unique in a store, so the id of a page's last event marks where the next page starts.
fn page_after(
    events: Vec<Event>,
    cursor: Option<&str>,
    limit: usize,
) -> Result<EventPage, ReadError> {
    let total = events.len();
    let start = match cursor {
        None => 0,
        Some(c) => match events.iter().position(|e| e.event_id == c) {
            Some(i) => i + 1,
            None => return Err(ReadError::StaleCursor(c.to_string())),
        },
    };
    let page: Vec<Event> = events.into_iter().skip(start).take(limit).collect();
    let next_cursor = if start + page.len() < total {
        page.last().map(|e| e.event_id.clone())
    } else {
        None
    };
    Ok(EventPage {
        events: page,
        total,
        next_cursor,
    })
}

/// Counts per month (by QuadClass) of events dated to a day or a month; the rest are
/// counted as coarser or undated rather than spread over months they may not belong to.
fn timeline_of(events: &[Event]) -> Timeline {
    let mut months: std::collections::BTreeMap<String, MonthCount> = Default::default();
    let (mut coarser, mut undated) = (0, 0);
    for e in events {
        let Some(value) = e.date.value.as_deref() else {
            undated += 1;
            continue;
        };
        // `YYYY-MM` or `YYYY-MM-DD`: both have their month in the first seven bytes.
        let month = match (value.get(..7), date_bounds(value)) {
            (Some(m), Some(_)) if value.len() >= 7 && value.as_bytes().get(4) == Some(&b'-') => m,
            _ => {
                coarser += 1;
                continue;
            }
        };
        let slot = months
            .entry(month.to_string())
            .or_insert_with(|| MonthCount {
                month: month.to_string(),
                total: 0,
                quad_class: [0; 4],
            });
        slot.total += 1;
        if let Some(n) = usize::from(e.quad_class)
            .checked_sub(1)
            .and_then(|i| slot.quad_class.get_mut(i))
        {
            *n += 1;
        }
    }
    Timeline {
        months: months.into_values().collect(),
        coarser,
        undated,
    }
}

#[cfg(test)]
#[path = "backend_tests.rs"]
mod tests;
