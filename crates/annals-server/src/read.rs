//! The storage seam: the narrow, read-only interface the server needs from a store.
//!
//! The server never names a database type. It reads through [`ReadStore`], opened by a
//! [`StoreOpener`], implemented once, over the workspace's `Store` trait (SQLite or
//! PostgreSQL), in [`crate::backend`].
//!
//! Calls are synchronous: the server runs them on blocking threads (see [`crate::pool`]).
//! A `ReadStore` is one connection, used by one thread at a time, so it must be `Send` but
//! need not be `Sync`.

use std::ops::ControlFlow;

use annals_core::{Event, RemovedLine, SentenceKind};
use serde::Serialize;

pub use annals_store::{DocSummary, SearchHit};
pub use annals_stories::{Contradiction, ContradictionKind, EventCluster, Story, StoryQuery};

/// What a store without the stories stage's tables answers for stories, clusters and
/// contradictions: the CLI's words for the same limit.
pub const NO_STORIES: &str = "stories, event clusters and contradictions are stored in SQLite \
     databases only for now; this server reads a PostgreSQL database";

/// Why a read failed, in words a client can be shown.
///
/// The variants a client caused carry what the CLI would say about the same input;
/// [`ReadError::Backend`] carries the backend's own message, which the server logs but
/// does not send (it names files and SQL).
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// An id prefix matches several documents.
    #[error(
        "id prefix {prefix:?} is ambiguous: it matches {}{}; give more characters",
        candidates.join(", "),
        if *more { " and more" } else { "" }
    )]
    AmbiguousId {
        /// The prefix as given.
        prefix: String,
        /// The first few matching ids.
        candidates: Vec<String>,
        /// More ids match than `candidates` lists.
        more: bool,
    },
    /// A search query the full-text index cannot read.
    #[error("cannot search for {query:?}: {message}")]
    BadQuery {
        /// The query as given.
        query: String,
        /// What is wrong with it.
        message: String,
    },
    /// A pagination cursor this listing did not hand out (another sort order, or not from
    /// this server's pages).
    #[error("cursor {0:?} does not belong to this listing (it comes from another sort order or another server); start again without a cursor")]
    BadCursor(String),
    /// The store cannot answer this kind of read at all (e.g. stories on PostgreSQL).
    #[error("{0}")]
    Unsupported(String),
    /// Anything else: the database could not be opened or read.
    #[error("{0}")]
    Backend(String),
}

/// Order of an event listing. Ties keep the store's natural order (document ingest order,
/// sentence, trigger offset), so pages are stable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EventSort {
    /// Document ingest order, then sentence and trigger (the CLI's order).
    #[default]
    Document,
    /// Event date, oldest first; undated events last.
    DateAsc,
    /// Event date, newest first; undated events last.
    DateDesc,
    /// Confidence, highest first.
    ConfidenceDesc,
    /// Confidence, lowest first.
    ConfidenceAsc,
    /// Goldstein score, most conflictual first.
    GoldsteinAsc,
    /// Goldstein score, most cooperative first.
    GoldsteinDesc,
    /// CAMEO code.
    Code,
}

impl EventSort {
    /// Every sort with its query-string name, for parsing and for error messages.
    pub const NAMES: [(&'static str, EventSort); 8] = [
        ("document", EventSort::Document),
        ("date", EventSort::DateAsc),
        ("-date", EventSort::DateDesc),
        ("confidence", EventSort::ConfidenceAsc),
        ("-confidence", EventSort::ConfidenceDesc),
        ("goldstein", EventSort::GoldsteinAsc),
        ("-goldstein", EventSort::GoldsteinDesc),
        ("code", EventSort::Code),
    ];

    /// The sort named `name` (as in [`EventSort::NAMES`]).
    pub fn parse(name: &str) -> Option<EventSort> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, sort)| *sort)
    }
}

/// Filters of an event query: every field that is set must match. The same filters as
/// `annals events`, plus a confidence floor; values are already validated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventFilter {
    /// Source or target actor: a full code (`RUSGOV`) or a country (`RUS`).
    pub actor: Option<String>,
    /// Two actors or countries, in either direction.
    pub dyad: Option<(String, String)>,
    /// CAMEO code prefix (`05`, `057`).
    pub code: Option<String>,
    /// PLOVER event type, upper case (`AID`).
    pub plover: Option<String>,
    /// Modality name, lower case (`reported`).
    pub modality: Option<String>,
    /// Events whose date ends on or after this day (`YYYY[-MM[-DD]]`).
    pub since: Option<String>,
    /// Events whose date starts on or before this day.
    pub until: Option<String>,
    /// Events of this document (a full, resolved id).
    pub doc_id: Option<String>,
    /// Events with at least this confidence.
    pub min_confidence: Option<f64>,
}

/// How far an events page counts its matches (see [`EventPage::total_capped`]).
pub const EVENT_COUNT_CAP: usize = 10_000;

/// One page of an event listing, read, ordered and counted by the store.
#[derive(Debug, Clone, Serialize)]
pub struct EventPage {
    /// The events of this page, in the requested order.
    pub events: Vec<Event>,
    /// Events matching the filters, every page together, counted up to
    /// [`EVENT_COUNT_CAP`]: exact when `total_capped` is false.
    pub total: usize,
    /// True when more than [`EVENT_COUNT_CAP`] events match: `total` is then the cap (a
    /// page shows "10,000+"). Counting every match of a common filter on each page read all
    /// its events (hundreds of milliseconds on 100,000 documents); the cap bounds that.
    pub total_capped: bool,
    /// Pass as `cursor` to get the next page; `None` on the last page.
    pub next_cursor: Option<String>,
}

/// One sentence of a document, numbered from 1 as `annals show` and event records do.
#[derive(Debug, Clone, Serialize)]
pub struct SentenceView {
    /// 1-based sentence number (the `sentence` of event records).
    pub number: usize,
    /// `body`, `heading` or `list_item`.
    pub kind: SentenceKind,
    /// Byte offsets into the document's clean text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
}

/// An actor mention in a document: the text, its offsets and what it resolved to.
#[derive(Debug, Clone, Serialize)]
pub struct MentionView {
    /// 1-based number of the sentence the mention is in.
    pub sentence: usize,
    /// Byte offsets into the clean text.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// The mention as written.
    pub text: String,
    /// Resolved actor code (`RUSGOV`), when resolved.
    pub code: Option<String>,
    /// Country part of the code.
    pub country: Option<String>,
    /// Sector part of the code.
    pub sector: Option<String>,
    /// Name of the resolved actor.
    pub name: Option<String>,
    /// How the mention was resolved (`alias`, `coreference`, …).
    pub via: String,
}

/// A document with everything the document page shows.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentView {
    /// The stored id.
    pub id: String,
    /// Headline, when the source had one.
    pub title: Option<String>,
    /// Where it was published.
    pub url: Option<String>,
    /// Publication date as given by the source.
    pub published: Option<String>,
    /// Publisher name.
    pub publisher: Option<String>,
    /// File (and line) it was read from.
    pub source: Option<String>,
    /// The clean text all offsets point into.
    pub text: String,
    /// Sentences in order.
    pub sentences: Vec<SentenceView>,
    /// Boilerplate lines left out of the clean text, with the reason.
    pub removed: Vec<RemovedLine>,
    /// Actor mentions in text order.
    pub mentions: Vec<MentionView>,
    /// Coded events in sentence order.
    pub events: Vec<Event>,
}

/// Event counts of one month, split by QuadClass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MonthCount {
    /// `YYYY-MM`.
    pub month: String,
    /// All events dated in that month.
    pub total: usize,
    /// Counts for QuadClass 1 (verbal cooperation) to 4 (material conflict).
    pub quad_class: [usize; 4],
}

/// Counts per month of the events matching a filter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Timeline {
    /// Months with at least one event, oldest first.
    pub months: Vec<MonthCount>,
    /// Matching events dated less precisely than a month (a year, a decade, an era).
    pub coarser: usize,
    /// Matching events without a date.
    pub undated: usize,
}

/// A story's document, with what the story page shows of it.
#[derive(Debug, Clone, Serialize)]
pub struct StoryDocView {
    /// The document.
    pub doc_id: String,
    /// For a near-duplicate: the original it copies (not an independent source).
    pub copy_of: Option<String>,
    /// Similarity with the story when it joined.
    pub score: f64,
    /// Headline, when the source had one.
    pub title: Option<String>,
    /// Publication date as given by the source.
    pub published: Option<String>,
    /// Publisher name.
    pub publisher: Option<String>,
}

/// One story with everything the story page shows: its documents (with titles), its event
/// clusters with every mention, and its contradictions with both evidences.
#[derive(Debug, Clone, Serialize)]
pub struct StoryView {
    /// The story as stored (id, label, sources, dates, actors).
    pub story: Story,
    /// Its documents in arrival order.
    pub documents: Vec<StoryDocView>,
    /// Its event clusters, most sources first.
    pub clusters: Vec<EventCluster>,
    /// Its contradictions.
    pub contradictions: Vec<Contradiction>,
}

/// The read operations the server needs. One value is one connection.
pub trait ReadStore: Send {
    /// Documents in ingest order, skipping `offset`, at most `limit`.
    fn list_documents(&self, limit: usize, offset: usize) -> Result<Vec<DocSummary>, ReadError>;

    /// Number of stored documents.
    fn count_documents(&self) -> Result<usize, ReadError>;

    /// The id `id_or_prefix` names (an exact id, or the one id starting with a prefix of at
    /// least four characters); `None` when nothing matches.
    fn resolve_id(&self, id_or_prefix: &str) -> Result<Option<String>, ReadError>;

    /// The document stored under exactly `id`, with sentences, mentions and events.
    fn document(&self, id: &str) -> Result<Option<DocumentView>, ReadError>;

    /// One page of the events matching `filter` in `sort` order: at most `limit` events
    /// after the one `cursor` (from an earlier page's `next_cursor`) points at.
    fn events_page(
        &self,
        filter: &EventFilter,
        sort: EventSort,
        cursor: Option<&str>,
        limit: usize,
    ) -> Result<EventPage, ReadError>;

    /// Hand every event matching `filter`, in `sort` order, to `each` until it breaks:
    /// what streaming downloads read.
    fn scan_events(
        &self,
        filter: &EventFilter,
        sort: EventSort,
        each: &mut dyn FnMut(Event) -> ControlFlow<()>,
    ) -> Result<(), ReadError>;

    /// Counts per month of the events matching `filter`.
    fn timeline(&self, filter: &EventFilter) -> Result<Timeline, ReadError>;

    /// Sentences matching a full-text query, best first, at most `limit`.
    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, ReadError>;

    /// Stored stories matching `q`, in order of their first document. A store without the
    /// stories stage answers [`ReadError::Unsupported`].
    fn stories(&self, _q: &StoryQuery) -> Result<Vec<Story>, ReadError> {
        Err(ReadError::Unsupported(NO_STORIES.into()))
    }

    /// The story `id_or_prefix` names, with its documents, clusters and contradictions.
    fn story(&self, _id_or_prefix: &str) -> Result<Option<StoryView>, ReadError> {
        Err(ReadError::Unsupported(NO_STORIES.into()))
    }

    /// Stored event clusters, in order of their first mention.
    fn event_clusters(&self) -> Result<Vec<EventCluster>, ReadError> {
        Err(ReadError::Unsupported(NO_STORIES.into()))
    }

    /// Stored contradictions, of one kind or all, in story order.
    fn contradictions(
        &self,
        _kind: Option<ContradictionKind>,
    ) -> Result<Vec<Contradiction>, ReadError> {
        Err(ReadError::Unsupported(NO_STORIES.into()))
    }
}

/// Opens [`ReadStore`] connections for the pool; shared by all request handlers.
pub trait StoreOpener: Send + Sync + 'static {
    /// A new connection.
    fn open(&self) -> Result<Box<dyn ReadStore>, ReadError>;

    /// How the database is named in logs and the startup line.
    fn describe(&self) -> String;
}
