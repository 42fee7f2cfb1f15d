//! Result types of store queries, independent of the backend.

use annals_core::{ActorMention, Event, Span};
use serde::Serialize;

use crate::error::StoreError;
use crate::validate::DocumentError;

/// What happened to one document of a batch given to
/// [`Store::insert_documents`](crate::Store::insert_documents).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum InsertOutcome {
    /// Stored for the first time.
    New,
    /// Already stored (same id and content, or same content under a hash-derived id);
    /// `existing_id` is the id it is stored under.
    AlreadyPresent { existing_id: String },
    /// Same id, new content: the stored text, removed lines, blocks and sentences were
    /// replaced.
    Updated,
    /// Not stored; the error names the document and what was wrong with it.
    Rejected {
        #[serde(serialize_with = "serialize_display")]
        reason: DocumentError,
    },
}

impl InsertOutcome {
    /// True for outcomes that wrote to the database (`New`, `Updated`).
    pub fn is_write(&self) -> bool {
        matches!(self, InsertOutcome::New | InsertOutcome::Updated)
    }
}

fn serialize_display<S: serde::Serializer>(
    value: &DocumentError,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_str(value)
}

/// One row of the document listing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocSummary {
    pub id: String,
    pub title: Option<String>,
    pub url: Option<String>,
    pub published: Option<String>,
    pub publisher: Option<String>,
    pub source: Option<String>,
    /// Characters (not bytes) of the clean text.
    pub n_chars: usize,
    /// ISO 639-1 code of the text's language, when it could be told.
    pub language: Option<String>,
    /// The earlier document this one nearly duplicates (a syndicated copy).
    pub duplicate_of: Option<String>,
    /// Estimated Jaccard similarity of the two documents' word shingles.
    pub similarity: Option<f64>,
    /// Coded events.
    pub n_events: usize,
    pub n_sentences: usize,
    /// Sentences of kind `heading`.
    pub n_headings: usize,
    /// Lines boilerplate removal left out.
    pub n_removed: usize,
    /// When the document was first stored (ISO-8601 UTC, millisecond precision).
    pub ingested_at: String,
    /// When its content was last replaced, if ever.
    pub updated_at: Option<String>,
}

/// One sentence matching a search.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SearchHit {
    pub doc_id: String,
    /// Index of the sentence in its document (0-based, as in `Document::sentences`).
    pub sentence: usize,
    /// `body`, `heading` or `list_item`.
    pub kind: annals_core::SentenceKind,
    pub title: Option<String>,
    /// The sentence (or an excerpt of a long one, elided with `…`) with each matching
    /// term wrapped in `[` `]`.
    pub snippet: String,
    /// Lower is a better match; hits come best first. SQLite: FTS5's BM25 score (negative).
    /// PostgreSQL: minus `ts_rank_cd` (also negative). Compare ranks within one backend only.
    pub rank: f64,
}

/// Filters for [`Store::events`](crate::Store::events); every set field must match (`None` = any).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventQuery {
    /// Source or target actor: a full code (`RUSGOV`) or a country (`RUS`).
    pub actor: Option<String>,
    /// A dyad of two actors or countries, in either direction.
    pub dyad: Option<(String, String)>,
    /// CAMEO code prefix (`05`, `057`).
    pub code: Option<String>,
    /// PLOVER event type (`AID`).
    pub plover: Option<String>,
    /// Modality name (`asserted`, `reported`, …).
    pub modality: Option<String>,
    /// Events whose date ends on or after this day (`YYYY[-MM[-DD]]`).
    pub since: Option<String>,
    /// Events whose date starts on or before this day.
    pub until: Option<String>,
    /// With `since`/`until`: the events that carry no date (which no date window can
    /// match) are listed too.
    pub undated: bool,
    pub doc_id: Option<String>,
    /// At most this many events (a page).
    pub limit: Option<usize>,
    /// Continue after this cursor: the `next` of the previous [`EventPage`].
    pub after: Option<String>,
}

impl EventQuery {
    /// The same filters without the date window (`since`, `until`, `undated`) and paging
    /// (`limit`, `after`): the events a window may leave out, to count the undated ones.
    pub fn without_window(&self) -> EventQuery {
        EventQuery {
            since: None,
            until: None,
            undated: false,
            limit: None,
            after: None,
            ..self.clone()
        }
    }
}

/// One page of events and where the next page starts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventPage {
    pub events: Vec<Event>,
    /// Give it as [`EventQuery::after`] for the next page; `None` when this page ended the
    /// listing (fewer than `limit` events, or no limit).
    pub next: Option<String>,
}

impl EventPage {
    /// A page of `events`, the last with key `last`: it continues when it is full.
    pub(crate) fn new(q: &EventQuery, events: Vec<Event>, last: Option<EventKey>) -> EventPage {
        let next = match q.limit {
            Some(limit) if events.len() >= limit => last.map(EventKey::to_cursor),
            _ => None,
        };
        EventPage { events, next }
    }
}

impl EventPage {
    /// A page of `listing`, the last event with key `last`: it continues when it is full.
    pub(crate) fn listed(
        listing: &EventListing,
        events: Vec<Event>,
        last: Option<crate::event_order::ListingKey>,
    ) -> EventPage {
        let next = match listing.query.limit {
            Some(limit) if events.len() >= limit => last.map(|k| k.to_cursor(listing.order)),
            _ => None,
        };
        EventPage { events, next }
    }
}

/// The sort key of an event in listings, and the cursor form of it: ingest order of its
/// document, sentence, trigger start, and the backend's insertion order of the row.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct EventKey(pub i64, pub i64, pub i64, pub i64);

impl EventKey {
    /// `seq.sentence.trigger.row`, all decimal: opaque to callers, stable across calls.
    pub(crate) fn to_cursor(self) -> String {
        format!("{}.{}.{}.{}", self.0, self.1, self.2, self.3)
    }

    /// The key `q.after` names, if any; a cursor this store did not hand out is an error.
    pub(crate) fn after(q: &EventQuery, db: &str) -> Result<Option<EventKey>, StoreError> {
        q.after
            .as_deref()
            .map(|cursor| {
                EventKey::parse(cursor).ok_or_else(|| StoreError::BadCursor {
                    db: db.to_owned(),
                    cursor: cursor.to_owned(),
                })
            })
            .transpose()
    }

    pub(crate) fn parse(cursor: &str) -> Option<EventKey> {
        let mut parts = cursor.split('.').map(|p| p.parse::<i64>().ok());
        let key = EventKey(
            parts.next()??,
            parts.next()??,
            parts.next()??,
            parts.next()??,
        );
        parts.next().is_none().then_some(key)
    }
}

/// One stored mention row: a mention standing for several actors ("the two countries")
/// is stored as one row per actor; an unresolved mention has one row with no code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredMention {
    pub doc_id: String,
    /// Order within the document.
    pub idx: usize,
    /// 0-based sentence index.
    pub sentence: usize,
    pub start: usize,
    pub end: usize,
    pub text: String,
    pub code: Option<String>,
    pub country: Option<String>,
    pub sector: Option<String>,
    pub name: Option<String>,
    pub wikidata: Option<String>,
    /// `name`, `phrase`, `role`, `metonym`, `short_name`, `coreference` or `unresolved`.
    pub via: String,
    pub antecedent: Option<Span>,
}

/// The analysis of one document, stored with it. `Default` is "nothing known": storing it
/// clears whatever an earlier version of the document had.
#[derive(Debug, Default, Clone, Copy)]
pub struct Analysis<'a> {
    pub mentions: &'a [ActorMention],
    pub events: &'a [Event],
    /// ISO 639-1 code.
    pub language: Option<&'a str>,
    /// The earlier document this one nearly duplicates, with the estimated similarity.
    pub duplicate_of: Option<(&'a str, f64)>,
    /// MinHash signature bytes and its LSH band keys, so later documents can find this one.
    pub signature: Option<&'a [u8]>,
    pub bands: &'a [(u16, u64)],
}

/// The order of an [`EventListing`]. Ties keep the document order (ingest order of the
/// document, sentence, trigger), so every order is total and pages are stable.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EventOrder {
    /// Document ingest order, then sentence and trigger (what [`Store::events_page`] lists).
    ///
    /// [`Store::events_page`]: crate::Store::events_page
    #[default]
    Document,
    /// By the first day the event's date covers, oldest first; undated events last.
    DateAsc,
    /// By the last day the event's date covers, newest first; undated events last.
    DateDesc,
    /// Confidence, lowest first.
    ConfidenceAsc,
    /// Confidence, highest first.
    ConfidenceDesc,
    /// Goldstein score, most conflictual first.
    GoldsteinAsc,
    /// Goldstein score, most cooperative first.
    GoldsteinDesc,
    /// CAMEO code.
    Code,
}

/// An event listing for [`Store::events_listing_page`] and [`Store::count_events`]: the
/// filters of an [`EventQuery`] (with its `limit` and `after` for the page), a confidence
/// floor, and an order.
///
/// [`Store::events_listing_page`]: crate::Store::events_listing_page
/// [`Store::count_events`]: crate::Store::count_events
#[derive(Debug, Clone, Default, PartialEq)]
pub struct EventListing {
    /// Filters, page size and cursor. A cursor must come from a page of the same order.
    pub query: EventQuery,
    /// Only events with at least this confidence.
    pub min_confidence: Option<f64>,
    /// The order of the listing.
    pub order: EventOrder,
}
