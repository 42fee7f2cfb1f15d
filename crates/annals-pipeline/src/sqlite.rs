//! The adapter from the engine's [`BatchSink`] to today's SQLite `annals_store::Store`:
//! the one module of this crate that names the store crate.

use annals_store::{Analysis, InsertOutcome, Store};

use crate::sink::{BatchSink, SinkError, SinkItem, StoreOutcome, StoredLookup};

impl BatchSink for Store {
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
        Store::near_duplicate_candidates(self, bands, limit).map_err(SinkError::new)
    }

    fn duplicate_of(&self, doc_id: &str) -> Result<Option<String>, SinkError> {
        Store::duplicate_of(self, doc_id).map_err(SinkError::new)
    }

    fn signature(&self, doc_id: &str) -> Result<Option<Vec<u8>>, SinkError> {
        Store::signature(self, doc_id).map_err(SinkError::new)
    }

    fn lookup(&self) -> Option<Box<dyn StoredLookup>> {
        let store = Store::open(self.path()?).ok()?;
        Some(Box::new(store))
    }
}

impl StoredLookup for Store {
    fn stored_as(&self, id: &str, content_hash: &str) -> Result<Option<String>, SinkError> {
        Store::stored_as(self, id, content_hash).map_err(SinkError::new)
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
