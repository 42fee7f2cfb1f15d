//! Where the engine writes: a narrow trait, so the engine does not depend on one store.
//!
//! The writer thread owns one [`BatchSink`]: it stores analysed documents a batch (one
//! transaction) at a time and answers the near-duplicate linker's look-ups. The reader
//! thread may hold a [`StoredLookup`] (a second handle on the same database) to skip
//! documents already stored before they are analysed. `annals_store::Store` implements
//! both in [`crate::sqlite`]; another backend implements these two traits and nothing else.

use annals_core::AnalyzedDoc;

/// A store error, boxed so that the engine needs no backend's error type.
#[derive(Debug, thiserror::Error)]
#[error(transparent)]
pub struct SinkError(#[from] pub Box<dyn std::error::Error + Send + Sync>);

impl SinkError {
    /// Wrap any backend error.
    pub fn new(e: impl std::error::Error + Send + Sync + 'static) -> Self {
        SinkError(Box::new(e))
    }
}

/// One document of a batch, with what the writer decided about it.
#[derive(Debug, Clone, Copy)]
pub struct SinkItem<'a> {
    /// The analysed document (its parses already dropped).
    pub analyzed: &'a AnalyzedDoc,
    /// The earlier document this one nearly duplicates, with the estimated similarity.
    pub duplicate_of: Option<(&'a str, f64)>,
    /// Keep the fingerprint so later documents can be matched against this one (`false`
    /// for a near-identical copy; see [`crate::duplicates`]).
    pub index_fingerprint: bool,
}

/// What storing one document did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StoreOutcome {
    /// Stored for the first time.
    New,
    /// The same id and content were stored already (under `existing_id`).
    AlreadyPresent {
        /// The id it is stored under.
        existing_id: String,
    },
    /// The same id was stored with other content, now replaced.
    Updated,
    /// Refused by the store (e.g. inconsistent spans); the rest of the batch is stored.
    Rejected {
        /// Why, for the user.
        reason: String,
    },
}

/// The writer's side of a store: batched inserts and the near-duplicate look-ups.
pub trait BatchSink: Send {
    /// Store `batch` in one transaction; one outcome per item, in order. An error means
    /// nothing of the batch was stored.
    fn insert_batch(&mut self, batch: &[SinkItem<'_>]) -> Result<Vec<StoreOutcome>, SinkError>;

    /// Stored documents sharing any of `bands`, with their signature bytes: those sharing
    /// the most bands first, at most `limit`.
    fn near_duplicate_candidates(
        &self,
        bands: &[(u16, u64)],
        limit: usize,
    ) -> Result<Vec<(String, Vec<u8>)>, SinkError>;

    /// The document `doc_id` is linked to as a near-duplicate, if any.
    fn duplicate_of(&self, doc_id: &str) -> Result<Option<String>, SinkError>;

    /// The stored signature bytes of `doc_id`, if it was indexed.
    fn signature(&self, doc_id: &str) -> Result<Option<Vec<u8>>, SinkError>;

    /// A separate read handle for the reader thread's already-stored check (`None` when
    /// there is nothing to resume, e.g. an in-memory store).
    fn lookup(&self) -> Option<Box<dyn StoredLookup>>;
}

/// The reader's side: is this document stored already?
pub trait StoredLookup: Send {
    /// The id under which a document with this `id` and `content_hash` is stored, if one
    /// is.
    fn stored_as(&self, id: &str, content_hash: &str) -> Result<Option<String>, SinkError>;
}
