//! Reads, the per-document replacements of mentions and events, and [`Store`] for
//! [`PgStore`].

use annals_core::{ActorMention, Document, Event, Span};
use postgres::types::ToSql;

use super::write_rows::{copy_events, copy_mentions};
use super::{migrate, to_usize, PgStore};
use crate::error::StoreError;
use crate::event_sql::{events_select, undated_count_select, Arg};
use crate::model::{
    Analysis, DocSummary, EventKey, EventListing, EventPage, EventQuery, InsertOutcome, SearchHit,
    StoredMention,
};
use crate::rows::int;
use crate::store::Store;

/// Shortest prefix `resolve_id` expands (as SQLite's).
const MIN_PREFIX_CHARS: usize = 4;
/// How many candidates an ambiguous prefix reports.
const AMBIGUOUS_SHOWN: usize = 5;

impl PgStore {
    fn query(
        &self,
        action: &str,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>, StoreError> {
        let mut client = self.client.borrow_mut();
        let statement = self
            .statements
            .borrow_mut()
            .get(&mut client, sql)
            .map_err(|e| self.err(action, e))?;
        client
            .query(&statement, params)
            .map_err(|e| self.err(action, e))
    }

    fn list(&self, limit: Option<usize>, offset: usize) -> Result<Vec<DocSummary>, StoreError> {
        let rows = self.query(
            "list documents",
            "SELECT d.id, d.title, d.url, d.published, d.publisher, d.source, d.n_chars, \
                    (SELECT count(*) FROM sentences s WHERE s.doc_id = d.id), \
                    (SELECT count(*) FROM sentences s \
                      WHERE s.doc_id = d.id AND s.kind = 'heading'), \
                    (SELECT count(*) FROM removed_lines r WHERE r.doc_id = d.id), \
                    d.ingested_at, d.updated_at, d.language, d.duplicate_of, d.similarity, \
                    (SELECT count(*) FROM events e WHERE e.doc_id = d.id) \
             FROM documents d ORDER BY d.ingest_seq LIMIT $1 OFFSET $2",
            &[&limit.map(int), &int(offset)],
        )?;
        Ok(rows
            .iter()
            .map(|r| DocSummary {
                id: r.get(0),
                title: r.get(1),
                url: r.get(2),
                published: r.get(3),
                publisher: r.get(4),
                source: r.get(5),
                n_chars: to_usize(r.get(6)),
                n_sentences: to_usize(r.get(7)),
                n_headings: to_usize(r.get(8)),
                n_removed: to_usize(r.get(9)),
                ingested_at: r.get(10),
                updated_at: r.get(11),
                language: r.get(12),
                duplicate_of: r.get(13),
                similarity: r.get(14),
                n_events: to_usize(r.get(15)),
            })
            .collect())
    }

    fn resolve(&self, id_or_prefix: &str) -> Result<Option<String>, StoreError> {
        let action = format!("resolve id {id_or_prefix:?}");
        let exact = self.query(
            &action,
            "SELECT id FROM documents WHERE id = $1",
            &[&id_or_prefix],
        )?;
        if !exact.is_empty() || id_or_prefix.chars().count() < MIN_PREFIX_CHARS {
            return Ok(exact.first().map(|r| r.get(0)));
        }
        // Ids are COLLATE "C": a prefix match is a range scan from the prefix; starts_with
        // stops it at the first id past the prefix.
        let wanted = int(AMBIGUOUS_SHOWN + 1);
        let ids: Vec<String> = self
            .query(
                &action,
                "SELECT id FROM documents WHERE id >= $1 AND starts_with(id, $1) \
                 ORDER BY id LIMIT $2",
                &[&id_or_prefix, &wanted],
            )?
            .iter()
            .map(|r| r.get(0))
            .collect();
        match ids.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one.clone())),
            _ => Err(StoreError::AmbiguousId {
                db: self.db.clone(),
                prefix: id_or_prefix.to_owned(),
                more: ids.len() > AMBIGUOUS_SHOWN,
                candidates: ids.into_iter().take(AMBIGUOUS_SHOWN).collect(),
            }),
        }
    }

    fn list_mentions(
        &self,
        doc_id: Option<&str>,
        limit: Option<usize>,
    ) -> Result<Vec<StoredMention>, StoreError> {
        let rows = self.query(
            "read mentions",
            "SELECT doc_id, idx, sentence, start_byte, end_byte, text, code, country, sector, \
                    name, wikidata, via, antecedent_start, antecedent_end \
             FROM mentions WHERE ($1::text IS NULL OR doc_id = $1) \
             ORDER BY doc_id, idx LIMIT $2",
            &[&doc_id, &limit.map(int)],
        )?;
        Ok(rows
            .iter()
            .map(|r| {
                let (a, b): (Option<i64>, Option<i64>) = (r.get(12), r.get(13));
                StoredMention {
                    doc_id: r.get(0),
                    idx: to_usize(r.get(1)),
                    sentence: to_usize(r.get(2)),
                    start: to_usize(r.get(3)),
                    end: to_usize(r.get(4)),
                    text: r.get(5),
                    code: r.get(6),
                    country: r.get(7),
                    sector: r.get(8),
                    name: r.get(9),
                    wikidata: r.get(10),
                    via: r.get(11),
                    antecedent: match (a, b) {
                        (Some(a), Some(b)) if b >= a => Some(Span::new(to_usize(a), to_usize(b))),
                        _ => None,
                    },
                }
            })
            .collect())
    }

    fn page(&self, q: &EventQuery) -> Result<EventPage, StoreError> {
        let after = EventKey::after(q, &self.db)?;
        let (sql, args) = events_select(q, after, "e.row_id", &pg_placeholder);
        let values = pg_values(args);
        let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|b| b.as_ref()).collect();
        let rows = self.query("query events", &sql, &params)?;
        let (events, last) = self.event_rows(&rows, None)?;
        Ok(EventPage::new(q, events, last.map(|k| k.key)))
    }

    /// [`query`](Self::query) for the other modules of the backend.
    pub(super) fn query_rows(
        &self,
        action: &str,
        sql: &str,
        params: &[&(dyn ToSql + Sync)],
    ) -> Result<Vec<postgres::Row>, StoreError> {
        self.query(action, sql, params)
    }

    /// Delete a document's rows of `table` and write new ones, in one transaction.
    fn replace_rows(
        &mut self,
        doc_id: &str,
        what: &str,
        write: impl FnOnce(&mut postgres::Transaction<'_>) -> Result<(), crate::DriverError>,
    ) -> Result<(), StoreError> {
        self.read_write()?;
        let db = self.db.clone();
        let err = |source: crate::DriverError| StoreError::Database {
            db: db.clone(),
            action: format!("write {what} for document {doc_id}"),
            source,
        };
        let client = self.client.get_mut();
        let mut tx = client.transaction().map_err(|e| err(Box::new(e)))?;
        tx.execute(&format!("DELETE FROM {what} WHERE doc_id = $1"), &[&doc_id])
            .map_err(|e| err(Box::new(e)))?;
        write(&mut tx).map_err(err)?;
        tx.commit().map_err(|e| err(Box::new(e)))
    }
}

impl Store for PgStore {
    fn name(&self) -> &str {
        &self.db
    }

    fn backend(&self) -> &'static str {
        "postgres"
    }

    fn schema_version(&self) -> Result<u32, StoreError> {
        migrate::version(&mut self.client.borrow_mut())
            .map_err(|e| self.err("read schema version", e))
    }

    fn reopen(&self) -> Result<Option<Box<dyn Store>>, StoreError> {
        Ok(Some(Box::new(PgStore::connect(&self.url, self.mode)?)))
    }

    fn insert_analyzed(
        &mut self,
        items: &[(&Document, &Analysis)],
    ) -> Result<Vec<InsertOutcome>, StoreError> {
        self.insert_batch(items)
    }

    fn replace_events(&mut self, doc_id: &str, events: &[Event]) -> Result<(), StoreError> {
        self.replace_rows(doc_id, "events", |tx| {
            copy_events(tx, std::iter::once((doc_id, events)))
        })
    }

    fn replace_mentions(
        &mut self,
        doc_id: &str,
        mentions: &[ActorMention],
    ) -> Result<(), StoreError> {
        self.replace_rows(doc_id, "mentions", |tx| {
            copy_mentions(tx, std::iter::once((doc_id, mentions)))
        })
    }

    fn stored_as(&self, id: &str, content_hash: &str) -> Result<Option<String>, StoreError> {
        self.stored_as_pg(id, content_hash)
    }

    fn list_documents(
        &self,
        limit: Option<usize>,
        offset: usize,
    ) -> Result<Vec<DocSummary>, StoreError> {
        self.list(limit, offset)
    }

    fn count_documents(&self) -> Result<usize, StoreError> {
        let rows = self.query("count documents", "SELECT count(*) FROM documents", &[])?;
        Ok(rows.first().map_or(0, |r| to_usize(r.get(0))))
    }

    fn document(&self, id: &str) -> Result<Option<Document>, StoreError> {
        self.fetch_document(id)
    }

    fn resolve_id(&self, id_or_prefix: &str) -> Result<Option<String>, StoreError> {
        self.resolve(id_or_prefix)
    }

    fn mentions(
        &self,
        doc_id: Option<&str>,
        limit: Option<usize>,
    ) -> Result<Vec<StoredMention>, StoreError> {
        self.list_mentions(doc_id, limit)
    }

    fn unresolved_mentions(&self, top: usize) -> Result<Vec<(String, u64)>, StoreError> {
        let rows = self.query(
            "count unresolved mentions",
            "SELECT text, count(*) AS n FROM mentions WHERE code IS NULL \
             GROUP BY text ORDER BY n DESC, text LIMIT $1",
            &[&int(top)],
        )?;
        Ok(rows
            .iter()
            .map(|r| (r.get(0), u64::try_from(r.get::<_, i64>(1)).unwrap_or(0)))
            .collect())
    }

    fn events_page(&self, q: &EventQuery) -> Result<EventPage, StoreError> {
        self.page(q)
    }

    fn events_listing_page(&self, listing: &EventListing) -> Result<EventPage, StoreError> {
        self.listing_page(listing)
    }

    fn count_events(&self, listing: &EventListing) -> Result<u64, StoreError> {
        self.count_listing(listing, None)
    }

    fn count_events_up_to(&self, listing: &EventListing, cap: u64) -> Result<u64, StoreError> {
        self.count_listing(listing, Some(cap))
    }

    fn count_undated_events(&self, q: &EventQuery) -> Result<u64, StoreError> {
        let (sql, args) = undated_count_select(q, "e.row_id", &pg_placeholder);
        let values = pg_values(args);
        let params: Vec<&(dyn ToSql + Sync)> = values.iter().map(|b| b.as_ref()).collect();
        let rows = self.query("count undated events", &sql, &params)?;
        let n: i64 = rows.first().map_or(0, |r| r.get(0));
        Ok(u64::try_from(n).unwrap_or(0))
    }

    fn search(&self, query: &str, limit: usize) -> Result<Vec<SearchHit>, StoreError> {
        self.search_pg(query, limit)
    }

    fn near_duplicate_candidates(
        &self,
        bands: &[(u16, u64)],
        limit: usize,
    ) -> Result<Vec<(String, Vec<u8>)>, StoreError> {
        let (b, k): (Vec<i64>, Vec<i64>) = bands
            .iter()
            .map(|&(band, key)| (i64::from(band), key as i64))
            .unzip();
        let rows = self.query(
            "look up near-duplicate candidates",
            "SELECT c.doc_id, s.signature FROM \
               (SELECT l.doc_id, count(*) AS n FROM lsh_bands l \
                  JOIN unnest($1::bigint[], $2::bigint[]) AS q (band, key) \
                    ON l.band = q.band AND l.key = q.key \
                 GROUP BY l.doc_id ORDER BY n DESC, l.doc_id LIMIT $3) AS c \
             JOIN doc_signatures s ON s.doc_id = c.doc_id \
             ORDER BY c.n DESC, c.doc_id",
            &[&b, &k, &int(limit)],
        )?;
        Ok(rows.iter().map(|r| (r.get(0), r.get(1))).collect())
    }

    fn duplicate_of(&self, doc_id: &str) -> Result<Option<String>, StoreError> {
        let rows = self.query(
            &format!("read the near-duplicate link of {doc_id}"),
            "SELECT duplicate_of FROM documents WHERE id = $1",
            &[&doc_id],
        )?;
        Ok(rows.first().and_then(|r| r.get(0)))
    }

    fn settle(&mut self) -> Result<(), StoreError> {
        self.read_write()?;
        // VACUUM cannot run in a transaction: one statement, sent on its own.
        let sql = "VACUUM (ANALYZE) documents, removed_lines, blocks, sentences, mentions, \
                   events, doc_signatures, lsh_bands";
        self.client
            .get_mut()
            .batch_execute(sql)
            .map_err(|e| self.err("vacuum and analyze", e))
    }

    fn signature(&self, doc_id: &str) -> Result<Option<Vec<u8>>, StoreError> {
        let rows = self.query(
            &format!("read the signature of {doc_id}"),
            "SELECT signature FROM doc_signatures WHERE doc_id = $1",
            &[&doc_id],
        )?;
        Ok(rows.first().map(|r| r.get(0)))
    }
}

/// The n-th placeholder, typed, as PostgreSQL wants for parameters it cannot infer.
pub(super) fn pg_placeholder(n: usize, arg: &Arg) -> String {
    match arg {
        Arg::Text(_) => format!("${n}::text"),
        Arg::Int(_) => format!("${n}::bigint"),
        Arg::Float(_) => format!("${n}::float8"),
    }
}

/// Bound arguments as the driver's parameters.
pub(super) fn pg_values(args: Vec<Arg>) -> Vec<Box<dyn ToSql + Sync>> {
    args.into_iter()
        .map(|a| -> Box<dyn ToSql + Sync> {
            match a {
                Arg::Text(s) => Box::new(s),
                Arg::Int(i) => Box::new(i),
                Arg::Float(f) => Box::new(f),
            }
        })
        .collect()
}
