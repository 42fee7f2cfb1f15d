//! [`Store`] for [`SqliteStore`]: each method is the inherent one of the same name.

use annals_core::{ActorMention, Document, Event};

use super::SqliteStore;
use crate::error::StoreError;
use crate::model::StoredMention;
use crate::model::{
    Analysis, DocSummary, EventListing, EventPage, EventQuery, InsertOutcome, SearchHit,
};
use crate::store::{Mode, Store};

impl Store for SqliteStore {
    fn name(&self) -> &str {
        &self.db
    }

    fn backend(&self) -> &'static str {
        "sqlite"
    }

    fn schema_version(&self) -> Result<u32, StoreError> {
        SqliteStore::schema_version(self)
    }

    fn reopen(&self) -> Result<Option<Box<dyn Store>>, StoreError> {
        match &self.path {
            Some(path) => Ok(Some(Box::new(SqliteStore::open_mode(path, self.mode)?))),
            None => Ok(None),
        }
    }

    fn insert_analyzed(
        &mut self,
        items: &[(&Document, &Analysis)],
    ) -> Result<Vec<InsertOutcome>, StoreError> {
        self.read_write()?;
        SqliteStore::insert_analyzed(self, items)
    }

    fn replace_events(&mut self, doc_id: &str, events: &[Event]) -> Result<(), StoreError> {
        self.read_write()?;
        SqliteStore::replace_events(self, doc_id, events)
    }

    fn replace_mentions(
        &mut self,
        doc_id: &str,
        mentions: &[ActorMention],
    ) -> Result<(), StoreError> {
        self.read_write()?;
        SqliteStore::replace_mentions(self, doc_id, mentions)
    }

    fn stored_as(&self, id: &str, content_hash: &str) -> Result<Option<String>, StoreError> {
        SqliteStore::stored_as(self, id, content_hash)
    }

    fn list_documents(
        &self,
        limit: Option<usize>,
        offset: usize,
    ) -> Result<Vec<DocSummary>, StoreError> {
        SqliteStore::list_documents(self, limit, offset)
    }

    fn count_documents(&self) -> Result<usize, StoreError> {
        SqliteStore::count_documents(self)
    }

    fn document(&self, id: &str) -> Result<Option<Document>, StoreError> {
        SqliteStore::document(self, id)
    }

    fn resolve_id(&self, id_or_prefix: &str) -> Result<Option<String>, StoreError> {
        SqliteStore::resolve_id(self, id_or_prefix)
    }

    fn mentions(
        &self,
        doc_id: Option<&str>,
        limit: Option<usize>,
    ) -> Result<Vec<StoredMention>, StoreError> {
        SqliteStore::mentions(self, doc_id, limit)
    }

    fn unresolved_mentions(&self, top: usize) -> Result<Vec<(String, u64)>, StoreError> {
        SqliteStore::unresolved_mentions(self, top)
    }

    fn events_page(&self, q: &EventQuery) -> Result<EventPage, StoreError> {
        SqliteStore::events_page(self, q)
    }

    fn count_undated_events(&self, q: &EventQuery) -> Result<u64, StoreError> {
        SqliteStore::count_undated_events(self, q)
    }

    fn events_listing_page(&self, listing: &EventListing) -> Result<EventPage, StoreError> {
        SqliteStore::events_listing_page(self, listing)
    }

    fn count_events(&self, listing: &EventListing) -> Result<u64, StoreError> {
        SqliteStore::count_events(self, listing)
    }

    fn count_events_up_to(&self, listing: &EventListing, cap: u64) -> Result<u64, StoreError> {
        SqliteStore::count_events_up_to(self, listing, cap)
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        SqliteStore::search(self, query, limit)
    }

    fn near_duplicate_candidates(
        &self,
        bands: &[(u16, u64)],
        limit: usize,
    ) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        SqliteStore::near_duplicate_candidates(self, bands, limit)
    }

    fn duplicate_of(&self, doc_id: &str) -> Result<Option<String>, StoreError> {
        SqliteStore::duplicate_of(self, doc_id)
    }

    fn signature(&self, doc_id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        SqliteStore::signature(self, doc_id)
    }
}

impl SqliteStore {
    /// Writes on a read-only store fail with a clear error rather than SQLite's.
    fn read_write(&self) -> Result<(), StoreError> {
        match self.mode {
            Mode::ReadWrite => Ok(()),
            Mode::ReadOnly => Err(StoreError::ReadOnly {
                db: self.db.clone(),
            }),
        }
    }
}
