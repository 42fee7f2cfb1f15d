//! The one adapter between the server and the workspace's [`annals_store::Store`] trait
//! (SQLite or PostgreSQL, by the `--db` URL), opened read-only.
//!
//! Everything the server knows about the store is here.
//!
//! Every event read is the store's: an events page is one keyset page filtered, ordered
//! and cut by the database (`Store::events_listing_page`) and counted by it up to a cap
//! (`Store::count_events_up_to`, see [`EVENT_COUNT_CAP`]); downloads, timelines and actor pages walk such pages, so
//! memory holds one page, not the result.

use std::ops::ControlFlow;
use std::path::Path;

use annals_core::Event;
use annals_store::{
    date_bounds, Database, EventListing, EventOrder, EventQuery, Mode, SqliteStore, Store,
    StoreError,
};
use annals_stories::StoryStore;

use crate::read::{
    Contradiction, ContradictionKind, DocSummary, DocumentView, EventCluster, EventFilter,
    EventPage, EventSort, MentionView, MonthCount, ReadError, ReadStore, SearchHit, SentenceView,
    StoreOpener, Story, StoryDocView, StoryQuery, StoryView, Timeline, EVENT_COUNT_CAP,
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

    /// Hand every event matching `filter` to `each`, in `sort` order, one store page at a
    /// time: memory holds a page, not the result.
    fn each_listed(
        &self,
        filter: &EventFilter,
        sort: EventSort,
        each: &mut dyn FnMut(Event) -> ControlFlow<()>,
    ) -> Result<(), ReadError> {
        let mut listing = listing(filter, sort, None, SCAN_PAGE);
        loop {
            let page = self
                .store()
                .events_listing_page(&listing)
                .map_err(from_store)?;
            for e in page.events {
                if each(e).is_break() {
                    return Ok(());
                }
            }
            match page.next {
                Some(next) => listing.query.after = Some(next),
                None => return Ok(()),
            }
        }
    }
}

/// Events read per store call when scanning a whole result.
const SCAN_PAGE: usize = 1000;

/// The store's order for `sort`.
fn order(sort: EventSort) -> EventOrder {
    match sort {
        EventSort::Document => EventOrder::Document,
        EventSort::DateAsc => EventOrder::DateAsc,
        EventSort::DateDesc => EventOrder::DateDesc,
        EventSort::ConfidenceAsc => EventOrder::ConfidenceAsc,
        EventSort::ConfidenceDesc => EventOrder::ConfidenceDesc,
        EventSort::GoldsteinAsc => EventOrder::GoldsteinAsc,
        EventSort::GoldsteinDesc => EventOrder::GoldsteinDesc,
        EventSort::Code => EventOrder::Code,
    }
}

/// The store listing of `filter` in `sort` order: `limit` events after `cursor`.
/// The `total` and `total_capped` of a page from a count taken up to one past
/// [`EVENT_COUNT_CAP`].
fn capped_total(counted: u64) -> (usize, bool) {
    let counted = usize::try_from(counted).unwrap_or(usize::MAX);
    if counted > EVENT_COUNT_CAP {
        (EVENT_COUNT_CAP, true)
    } else {
        (counted, false)
    }
}

fn listing(
    filter: &EventFilter,
    sort: EventSort,
    cursor: Option<&str>,
    limit: usize,
) -> EventListing {
    EventListing {
        query: EventQuery {
            actor: filter.actor.clone(),
            dyad: filter.dyad.clone(),
            code: filter.code.clone(),
            plover: filter.plover.clone(),
            modality: filter.modality.clone(),
            since: filter.since.clone(),
            until: filter.until.clone(),
            undated: false,
            doc_id: filter.doc_id.clone(),
            limit: Some(limit),
            after: cursor.map(str::to_owned),
        },
        min_confidence: filter.min_confidence,
        order: order(sort),
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
        let mut events = Vec::new();
        self.each_listed(&filter, EventSort::Document, &mut |e| {
            events.push(e);
            ControlFlow::Continue(())
        })?;
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
        let listing = listing(filter, sort, cursor, limit);
        let page = self
            .store()
            .events_listing_page(&listing)
            .map_err(|e| match (e, cursor) {
                (StoreError::BadCursor { .. }, Some(c)) => ReadError::BadCursor(c.to_owned()),
                (e, _) => from_store(e),
            })?;
        // One past the cap, to tell "exactly the cap" from "more than the cap".
        let cap = EVENT_COUNT_CAP as u64 + 1;
        let counted = self
            .store()
            .count_events_up_to(&listing, cap)
            .map_err(from_store)?;
        let (total, total_capped) = capped_total(counted);
        Ok(EventPage {
            events: page.events,
            total,
            total_capped,
            next_cursor: page.next,
        })
    }

    fn scan_events(
        &self,
        filter: &EventFilter,
        sort: EventSort,
        each: &mut dyn FnMut(Event) -> ControlFlow<()>,
    ) -> Result<(), ReadError> {
        self.each_listed(filter, sort, each)
    }

    fn timeline(&self, filter: &EventFilter) -> Result<Timeline, ReadError> {
        let mut months = MonthCounter::default();
        self.each_listed(filter, EventSort::Document, &mut |e| {
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
