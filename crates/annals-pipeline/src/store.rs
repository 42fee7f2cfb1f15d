//! The adapter from the engine's [`BatchSink`] to any `annals_store::Store` (SQLite or
//! PostgreSQL): the one module of this crate that names the store crate.

use annals_store::{Analysis, InsertOutcome, Store};

use crate::sink::{BatchSink, SinkError, SinkItem, StoreOutcome, StoredLookup};

impl<'a> BatchSink for dyn Store + 'a {
    fn insert_batch(&mut self, batch: &[SinkItem<'_>]) -> Result<Vec<StoreOutcome>, SinkError> {
        let analyses: Vec<Analysis> = batch
            .iter()
            .map(|item| {
                let a = item.analyzed;
                let fingerprint = a.fingerprint.as_ref().filter(|_| item.index_fingerprint);
                Analysis {
                    mentions: &a.mentions,
                    events: &a.events,
                    language: a.language,
                    duplicate_of: item.duplicate_of,
                    signature: fingerprint.map(|f| f.signature.as_slice()),
                    bands: fingerprint.map_or(&[], |f| f.bands.as_slice()),
                }
            })
            .collect();
        let pairs: Vec<_> = batch
            .iter()
            .map(|item| &item.analyzed.doc)
            .zip(analyses.iter())
            .collect();
        let outcomes = self.insert_analyzed(&pairs).map_err(SinkError::new)?;
        Ok(outcomes.into_iter().map(outcome).collect())
    }

    fn near_duplicate_candidates(
        &self,
        bands: &[(u16, u64)],
        limit: usize,
    ) -> Result<Vec<(String, Vec<u8>)>, SinkError> {
        self.near_duplicate_candidates(bands, limit)
            .map_err(SinkError::new)
    }

    fn duplicate_of(&self, doc_id: &str) -> Result<Option<String>, SinkError> {
        self.duplicate_of(doc_id).map_err(SinkError::new)
    }

    fn signature(&self, doc_id: &str) -> Result<Option<Vec<u8>>, SinkError> {
        self.signature(doc_id).map_err(SinkError::new)
    }

    fn lookup(&self) -> Option<Box<dyn StoredLookup>> {
        // A second connection for the already-stored check (none for an in-memory store,
        // where there is nothing to resume).
        let store = self.reopen().ok().flatten()?;
        Some(Box::new(store))
    }
}

impl<'a> StoredLookup for dyn Store + 'a {
    fn stored_as(&self, id: &str, content_hash: &str) -> Result<Option<String>, SinkError> {
        self.stored_as(id, content_hash).map_err(SinkError::new)
    }
}

/// The store as the engine owns it (`Ingest::start` takes a sized sink).
impl BatchSink for Box<dyn Store> {
    fn insert_batch(&mut self, batch: &[SinkItem<'_>]) -> Result<Vec<StoreOutcome>, SinkError> {
        self.as_mut().insert_batch(batch)
    }

    fn near_duplicate_candidates(
        &self,
        bands: &[(u16, u64)],
        limit: usize,
    ) -> Result<Vec<(String, Vec<u8>)>, SinkError> {
        BatchSink::near_duplicate_candidates(self.as_ref(), bands, limit)
    }

    fn duplicate_of(&self, doc_id: &str) -> Result<Option<String>, SinkError> {
        BatchSink::duplicate_of(self.as_ref(), doc_id)
    }

    fn signature(&self, doc_id: &str) -> Result<Option<Vec<u8>>, SinkError> {
        BatchSink::signature(self.as_ref(), doc_id)
    }

    fn lookup(&self) -> Option<Box<dyn StoredLookup>> {
        self.as_ref().lookup()
    }
}

impl StoredLookup for Box<dyn Store> {
    fn stored_as(&self, id: &str, content_hash: &str) -> Result<Option<String>, SinkError> {
        StoredLookup::stored_as(self.as_ref(), id, content_hash)
    }
}

fn outcome(o: InsertOutcome) -> StoreOutcome {
    match o {
        InsertOutcome::New => StoreOutcome::New,
        InsertOutcome::Updated => StoreOutcome::Updated,
        InsertOutcome::AlreadyPresent { existing_id } => {
            StoreOutcome::AlreadyPresent { existing_id }
        }
        InsertOutcome::Rejected { reason } => StoreOutcome::Rejected {
            reason: reason.to_string(),
        },
    }
}
