//! The backend-neutral interface: the [`Store`] trait, and [`open`] to get one from a
//! `--db` value (a SQLite path or a `postgres://` URL).
//!
//! # Sharing a store
//!
//! A `Box<dyn Store>` is one connection (one SQLite handle, one PostgreSQL session): it is
//! [`Send`], so it can move to a writer thread, but not `Sync`. A program that serves many
//! threads at once (an HTTP server) keeps a [`Database`] — a cheap, `Send + Sync + Clone`
//! description of where the data is and how to open it — and opens one store per worker
//! thread or keeps a small pool of them; SQLite readers never block each other (WAL) and
//! PostgreSQL sessions are independent.

use annals_core::{ActorMention, Document, Event};

use crate::error::StoreError;
use crate::model::{
    DocSummary, EventListing, EventPage, EventQuery, InsertOutcome, SearchHit, StoredMention,
};
use crate::Analysis;

/// How a database is opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Create the database if it is missing and bring its schema up to date.
    ReadWrite,
    /// Never create, never migrate, never write: a missing database is
    /// [`StoreError::NotFound`]; a SQLite file is opened read-only (so it can be read from
    /// a directory the user cannot write).
    ReadOnly,
}

/// Everything the pipeline writes and the CLI, a server and analysis read.
///
/// One value is one connection: see the module documentation for sharing. Every error
/// names the database. The semantics of each method are the same on every backend; the
/// conformance suite (`tests/conformance/`) runs the same checks against each.
pub trait Store: Send {
    /// The database as it is named in messages (a path, or a URL without password).
    fn name(&self) -> &str;

    /// `"sqlite"` or `"postgres"`.
    fn backend(&self) -> &'static str;

    /// The schema version of the database (the number of its backend's migrations
    /// applied).
    fn schema_version(&self) -> Result<u32, StoreError>;

    /// A second, independent connection to the same database (same mode), for a reader
    /// running beside a writer. `None` for a private in-memory database.
    fn reopen(&self) -> Result<Option<Box<dyn Store>>, StoreError>;

    // --- writing -------------------------------------------------------------------

    /// Insert a batch in one transaction, storing each new or updated document's
    /// [`Analysis`] with it; one outcome per item, in order. See the crate documentation
    /// for the outcomes. An `Err` means nothing of the batch was stored.
    fn insert_analyzed(
        &mut self,
        items: &[(&Document, &Analysis)],
    ) -> Result<Vec<InsertOutcome>, StoreError>;

    /// [`insert_analyzed`](Store::insert_analyzed) with no analysis.
    fn insert_documents(&mut self, docs: &[Document]) -> Result<Vec<InsertOutcome>, StoreError> {
        let none = Analysis::default();
        let items: Vec<(&Document, &Analysis)> = docs.iter().map(|d| (d, &none)).collect();
        self.insert_analyzed(&items)
    }

    /// Replace all events of a stored document in one transaction.
    fn replace_events(&mut self, doc_id: &str, events: &[Event]) -> Result<(), StoreError>;

    /// Replace all mentions of a stored document in one transaction.
    fn replace_mentions(
        &mut self,
        doc_id: &str,
        mentions: &[ActorMention],
    ) -> Result<(), StoreError>;

    // --- documents -----------------------------------------------------------------

    /// The id under which a document with this id and content hash is already stored,
    /// if inserting it would be `AlreadyPresent` (so a resumed ingest skips its analysis).
    fn stored_as(&self, id: &str, content_hash: &str) -> Result<Option<String>, StoreError>;

    /// Documents in ingest order, skipping `offset`, at most `limit` (all when `None`).
    fn list_documents(
        &self,
        limit: Option<usize>,
        offset: usize,
    ) -> Result<Vec<DocSummary>, StoreError>;

    /// Number of stored documents.
    fn count_documents(&self) -> Result<usize, StoreError>;

    /// The full document stored under exactly `id`.
    fn document(&self, id: &str) -> Result<Option<Document>, StoreError>;

    /// The id `id_or_prefix` names: an exact id, or the one id starting with a prefix of
    /// at least four characters; [`StoreError::AmbiguousId`] when several do.
    fn resolve_id(&self, id_or_prefix: &str) -> Result<Option<String>, StoreError>;

    // --- mentions and events -------------------------------------------------------

    /// Stored mention rows, of one document or all, in document and mention order.
    fn mentions(
        &self,
        doc_id: Option<&str>,
        limit: Option<usize>,
    ) -> Result<Vec<StoredMention>, StoreError>;

    /// The `top` most frequent unresolved mention texts with their counts.
    fn unresolved_mentions(&self, top: usize) -> Result<Vec<(String, u64)>, StoreError>;

    /// One page of the events matching `q`, in document (ingest) order, then sentence and
    /// trigger; `q.limit` events at most, continuing after `q.after`. The page's `next`
    /// continues the listing where it stopped, even while documents are being added.
    fn events_page(&self, q: &EventQuery) -> Result<EventPage, StoreError>;

    /// One page of the events matching `listing` (its query's filters, page size and
    /// cursor, and its confidence floor) in `listing.order`, ties in document order: a
    /// keyset page sorted and cut by the database, so its cost follows the page and the
    /// indexes, not the whole result held in memory. The page's `next` is a cursor for the
    /// same order only; in document order it is the cursor [`events_page`](Store::events_page)
    /// hands out.
    fn events_listing_page(&self, listing: &EventListing) -> Result<EventPage, StoreError>;

    /// How many events match `listing`'s filters and confidence floor (its page size,
    /// cursor and order do not apply), counted by the database.
    fn count_events(&self, listing: &EventListing) -> Result<u64, StoreError>;

    /// [`count_events`](Store::count_events), counting no further than `cap`: the result is
    /// `min(matching, cap)`. The backends stop reading at the cap, so a page can say "more
    /// than N match" at a cost that follows N, not every match (a full count of a common
    /// filter reads all its events). This default counts everything, then caps.
    fn count_events_up_to(&self, listing: &EventListing, cap: u64) -> Result<u64, StoreError> {
        Ok(self.count_events(listing)?.min(cap))
    }

    /// All events matching `q` (up to `q.limit`), as [`events_page`](Store::events_page).
    fn events(&self, q: &EventQuery) -> Result<Vec<Event>, StoreError> {
        Ok(self.events_page(q)?.events)
    }

    /// How many events match `q`'s filters other than its date window (`since`, `until`,
    /// `undated`) and carry no date: what the window leaves out, so a caller can say so.
    /// `limit` and `after` do not apply. The backends answer with one count query; this
    /// default lists the events instead.
    fn count_undated_events(&self, q: &EventQuery) -> Result<u64, StoreError> {
        let all = q.without_window();
        let events = self.events(&all)?;
        Ok(events.iter().filter(|e| crate::dates::undated(e)).count() as u64)
    }

    // --- search --------------------------------------------------------------------

    /// Sentences matching `query`, best first, at most `limit`. The snippet marks each
    /// matching term with `[` `]`; `rank` is lower for better matches on every backend.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError>;

    // --- near-duplicates -----------------------------------------------------------

    /// Stored documents sharing at least one LSH band key with `bands`, with their
    /// signature bytes; at most `limit`, those sharing the most bands first (ties by id).
    fn near_duplicate_candidates(
        &self,
        bands: &[(u16, u64)],
        limit: usize,
    ) -> Result<Vec<(String, Vec<u8>)>, StoreError>;

    /// The document `doc_id` is linked to as a near-duplicate.
    fn duplicate_of(&self, doc_id: &str) -> Result<Option<String>, StoreError>;

    /// The stored MinHash signature bytes of `doc_id`.
    fn signature(&self, doc_id: &str) -> Result<Option<Vec<u8>>, StoreError>;

    // --- upkeep --------------------------------------------------------------------

    /// After a bulk load: bring what the database plans and reads with up to date, so the
    /// next reads use the indexes as they would on a settled database. PostgreSQL vacuums
    /// and analyzes the tables: fresh planner statistics, and a visibility map that lets
    /// counts be index-only scans (until the automatic vacuum has run, a count read the
    /// table for each freshly written event). `annals ingest` calls it after a bulk load.
    ///
    /// The default, SQLite's, does nothing: its listing plans were chosen, and are pinned
    /// by the conformance suite, without planner statistics, each arm led by the equality
    /// its index serves. Statistics would not help them: sampled ones (`PRAGMA optimize`
    /// with `analysis_limit`) put 1,001 events on each country where the generated 100,000
    /// documents have 33,334, and exact ones give one average per column (`plover` looks
    /// as common for a value no event has as for one every event has). With either, the
    /// `annals serve` routes' p50 on those documents stayed where it was.
    fn settle(&mut self) -> Result<(), StoreError> {
        Ok(())
    }
}

/// Where a database is and how to open it: `Send + Sync + Clone`, so a server can hold
/// one and open a store per thread.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Database {
    url: String,
    mode: Mode,
}

impl Database {
    /// A database named by a `--db` value (see [`open`]), opened in `mode`.
    pub fn new(url: impl Into<String>, mode: Mode) -> Database {
        Database {
            url: url.into(),
            mode,
        }
    }

    /// Open a new connection.
    pub fn open(&self) -> Result<Box<dyn Store>, StoreError> {
        open(&self.url, self.mode)
    }

    /// True for a `postgres://` or `postgresql://` URL.
    pub fn is_postgres(&self) -> bool {
        is_postgres_url(&self.url)
    }
}

/// True for a `postgres://` or `postgresql://` URL.
pub fn is_postgres_url(url: &str) -> bool {
    url.starts_with("postgres://") || url.starts_with("postgresql://")
}

/// Open the database a `--db` value names: `postgres://user@host[:port]/db` (or
/// `postgresql://…`, any libpq-style URL) for PostgreSQL, anything else a SQLite file path
/// (`sqlite://path` is accepted too).
pub fn open(url: &str, mode: Mode) -> Result<Box<dyn Store>, StoreError> {
    if is_postgres_url(url) {
        return Ok(Box::new(crate::postgres::PgStore::connect(url, mode)?));
    }
    let path = url.strip_prefix("sqlite://").unwrap_or(url);
    if path.is_empty() {
        return Err(StoreError::BadUrl {
            db: url.to_owned(),
            detail: "an empty path".to_owned(),
        });
    }
    Ok(Box::new(crate::sqlite::SqliteStore::open_mode(
        std::path::Path::new(path),
        mode,
    )?))
}
