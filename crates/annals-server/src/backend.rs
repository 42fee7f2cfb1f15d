//! The one adapter between the server and the workspace's [`annals_store::Store`] trait
//! (SQLite or PostgreSQL, by the `--db` URL), opened read-only.
//!
//! Everything the server knows about the store is here.
//!
//! Downloads, timelines and actor pages read the store's own cursor pages in document
//! order, so memory holds one page, not the result. The store has no confidence filter, no
//! ordering other than document order and no counting of events, so an events *page* still
//! reads every event matching the store-side filters and sorts and counts in memory: it
//! costs time in proportion to the matching events, not the page.

use std::ops::ControlFlow;
use std::path::Path;

use annals_core::Event;
use annals_store::{date_bounds, Database, EventQuery, Mode, SqliteStore, Store, StoreError};
use annals_stories::StoryStore;

use crate::read::{
    Contradiction, ContradictionKind, DocSummary, DocumentView, EventCluster, EventFilter,
    EventPage, EventSort, MentionView, MonthCount, ReadError, ReadStore, SearchHit, SentenceView,
    StoreOpener, Story, StoryDocView, StoryQuery, StoryView, Timeline,
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
        // Stories live in SQLite only (the stage's `StoryStore` is implemented there), so a
        // SQLite database is opened as its concrete store, which answers both traits.
        let conn = if self.db.is_postgres() {
            Conn::Other(self.db.open().map_err(from_store)?)
        } else {
            let path = self.name.strip_prefix("sqlite://").unwrap_or(&self.name);
            Conn::Sqlite(
                SqliteStore::open_mode(Path::new(path), Mode::ReadOnly).map_err(from_store)?,
            )
        };
        Ok(Box::new(StoreRead { conn }))
    }

    fn describe(&self) -> String {
        self.name.clone()
    }
}

/// One store connection: a SQLite store (which also keeps stories) or any other.
enum Conn {
    Sqlite(SqliteStore),
    Other(Box<dyn Store>),
}

/// One store connection, read through [`ReadStore`].
struct StoreRead {
    conn: Conn,
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
    fn store(&self) -> &dyn Store {
        match &self.conn {
            Conn::Sqlite(s) => s,
            Conn::Other(s) => s.as_ref(),
        }
    }

    /// The stories stage's store, or why there is none.
    fn story_store(&self) -> Result<&SqliteStore, ReadError> {
        match &self.conn {
            Conn::Sqlite(s) => Ok(s),
            Conn::Other(_) => Err(ReadError::Unsupported(crate::read::NO_STORIES.into())),
        }
    }

    /// A story document with its title, date and publisher.
    fn story_doc(&self, d: annals_stories::StoryDoc) -> Result<StoryDocView, ReadError> {
        let doc = self.store().document(&d.doc_id).map_err(from_store)?;
        let (title, published, publisher) = match doc {
            Some(doc) => (doc.title, doc.published, doc.publisher),
            None => (None, None, None),
        };
        Ok(StoryDocView {
            doc_id: d.doc_id,
            copy_of: d.copy_of,
            score: d.score,
            title,
            published,
            publisher,
        })
    }

    /// Hand every event matching `filter` to `each`, in document order, one store page at a
    /// time: memory holds a page, not the result.
    fn each_in_document_order(
        &self,
        filter: &EventFilter,
        each: &mut dyn FnMut(Event) -> ControlFlow<()>,
    ) -> Result<(), ReadError> {
        let mut q = store_query(filter);
        q.limit = Some(SCAN_PAGE);
        loop {
            let page = self.store().events_page(&q).map_err(from_store)?;
            for e in page.events {
                if filter.min_confidence.is_some_and(|min| e.confidence < min) {
                    continue;
                }
                if each(e).is_break() {
                    return Ok(());
                }
            }
            match page.next {
                Some(next) => q.after = Some(next),
                None => return Ok(()),
            }
        }
    }

    /// Every event matching `filter`, in `sort` order.
    fn matching(&self, filter: &EventFilter, sort: EventSort) -> Result<Vec<Event>, ReadError> {
        let mut events = Vec::new();
        self.each_in_document_order(filter, &mut |e| {
            events.push(e);
            ControlFlow::Continue(())
        })?;
        sort_events(&mut events, sort);
        Ok(events)
    }
}

/// Events read per store call when scanning a whole result.
const SCAN_PAGE: usize = 1000;

/// The store-side part of `filter` (everything but the confidence floor).
fn store_query(filter: &EventFilter) -> EventQuery {
    EventQuery {
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
    }
}

impl ReadStore for StoreRead {
    fn list_documents(&self, limit: usize, offset: usize) -> Result<Vec<DocSummary>, ReadError> {
        self.store()
            .list_documents(Some(limit), offset)
            .map_err(from_store)
    }

    fn count_documents(&self) -> Result<usize, ReadError> {
        self.store().count_documents().map_err(from_store)
    }

    fn resolve_id(&self, id_or_prefix: &str) -> Result<Option<String>, ReadError> {
        self.store().resolve_id(id_or_prefix).map_err(from_store)
    }

    fn document(&self, id: &str) -> Result<Option<DocumentView>, ReadError> {
        let Some(doc) = self.store().document(id).map_err(from_store)? else {
            return Ok(None);
        };
        let mentions = self
            .store()
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
        if sort == EventSort::Document {
            return self.each_in_document_order(filter, each);
        }
        for e in self.matching(filter, sort)? {
            if each(e).is_break() {
                break;
            }
        }
        Ok(())
    }

    fn timeline(&self, filter: &EventFilter) -> Result<Timeline, ReadError> {
        let mut months = MonthCounter::default();
        self.each_in_document_order(filter, &mut |e| {
            months.add(&e);
            ControlFlow::Continue(())
        })?;
        Ok(months.finish())
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, ReadError> {
        self.store().search(query, limit).map_err(from_store)
    }

    fn stories(&self, q: &StoryQuery) -> Result<Vec<Story>, ReadError> {
        self.story_store()?.stories(q).map_err(from_store)
    }

    fn story(&self, id_or_prefix: &str) -> Result<Option<StoryView>, ReadError> {
        let Some(detail) = self
            .story_store()?
            .story(id_or_prefix)
            .map_err(from_store)?
        else {
            return Ok(None);
        };
        let documents = detail
            .story
            .docs
            .iter()
            .cloned()
            .map(|d| self.story_doc(d))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(StoryView {
            story: detail.story,
            documents,
            clusters: detail.clusters,
            contradictions: detail.contradictions,
        }))
    }

    fn event_clusters(&self) -> Result<Vec<EventCluster>, ReadError> {
        self.story_store()?.event_clusters().map_err(from_store)
    }

    fn contradictions(
        &self,
        kind: Option<ContradictionKind>,
    ) -> Result<Vec<Contradiction>, ReadError> {
        self.story_store()?.contradictions(kind).map_err(from_store)
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
#[derive(Debug, Default)]
pub(crate) struct MonthCounter {
    months: std::collections::BTreeMap<String, MonthCount>,
    coarser: usize,
    undated: usize,
}

impl MonthCounter {
    /// Count one event.
    pub(crate) fn add(&mut self, e: &Event) {
        let Some(value) = e.date.value.as_deref() else {
            self.undated += 1;
            return;
        };
        // `YYYY-MM` or `YYYY-MM-DD`: both have their month in the first seven bytes.
        let month = match (value.get(..7), date_bounds(value)) {
            (Some(m), Some(_)) if value.len() >= 7 && value.as_bytes().get(4) == Some(&b'-') => m,
            _ => {
                self.coarser += 1;
                return;
            }
        };
        let slot = self
            .months
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

    /// The counts, oldest month first.
    pub(crate) fn finish(self) -> Timeline {
        Timeline {
            months: self.months.into_values().collect(),
            coarser: self.coarser,
            undated: self.undated,
        }
    }
}

/// The monthly counts of `events`.
pub(crate) fn timeline_of(events: &[Event]) -> Timeline {
    let mut counter = MonthCounter::default();
    events.iter().for_each(|e| counter.add(e));
    counter.finish()
}

#[cfg(test)]
#[path = "backend_tests.rs"]
mod tests;
