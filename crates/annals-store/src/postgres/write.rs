//! Writing batches: one transaction per batch, rows sent with binary `COPY`.
//!
//! A batch is planned in memory first (two queries fetch what is stored under the batch's
//! ids and content hashes), so the database sees a handful of statements per batch rather
//! than several per document: the new documents' rows in one `COPY` per table, and an
//! `UPDATE` plus deletes only for documents whose content changed. Writers serialise on an
//! advisory lock held for the transaction, as SQLite's writers do on its write lock, so two
//! concurrent ingests never both insert the same id.
//!
//! A document the database refuses (an integrity or data error, e.g. a NUL character,
//! which PostgreSQL text cannot hold) fails the batch's transaction; the batch is then
//! written again with a savepoint per document, so only that document is `Rejected`.

use std::collections::{HashMap, HashSet};

use annals_core::Document;
use postgres::binary_copy::BinaryCopyInWriter;
use postgres::types::{ToSql, Type};
use postgres::Transaction;

use super::write_rows::copy_analysis;
use super::{sqlstate, PgStore};
use crate::error::{DriverError, StoreError};
use crate::model::{Analysis, InsertOutcome};
use crate::rows::{block_kind_name, int};
use crate::validate::{validate_document, DocumentError};

/// Advisory lock key writers hold for a batch's transaction.
const WRITE_LOCK: i64 = 0x616e_6e61_6c77;

type Checked<'a> = Result<(&'a Document, &'a Analysis<'a>), DocumentError>;

/// A document to be written by this batch.
struct Pending<'a> {
    doc: &'a Document,
    analysis: &'a Analysis<'a>,
    /// A row with this id is stored already (its content changes): UPDATE, not COPY.
    stored: bool,
    /// Its content was replaced by a later document of the same batch.
    updated: bool,
}

impl PgStore {
    /// See [`Store::insert_analyzed`](crate::Store::insert_analyzed).
    pub(super) fn insert_batch(
        &mut self,
        items: &[(&Document, &Analysis)],
    ) -> Result<Vec<InsertOutcome>, StoreError> {
        self.read_write()?;
        let checked: Vec<Checked> = items
            .iter()
            .map(|&(doc, analysis)| validate_document(doc).map(|()| (doc, analysis)))
            .collect();
        let db = self.db.clone();
        let err = |action: &str, e: postgres::Error| StoreError::Database {
            db: db.clone(),
            action: action.to_owned(),
            source: Box::new(e),
        };
        let batch_err = |action: &str, source: DriverError| StoreError::Database {
            db: db.clone(),
            action: action.to_owned(),
            source,
        };
        let client = self.client.get_mut();
        let mut tx = client
            .transaction()
            .map_err(|e| err("begin insert batch", e))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
            .map_err(|e| err("lock for insert batch", e))?;
        match write_batch(&mut tx, &checked) {
            Ok(outcomes) => {
                tx.commit().map_err(|e| err("commit insert batch", e))?;
                return Ok(outcomes);
            }
            Err(e) if is_refusal(&e) => {
                tx.rollback()
                    .map_err(|e| err("roll back insert batch", e))?;
            }
            Err(e) => return Err(batch_err("insert batch", e)),
        }
        // One document was refused: again, with a savepoint around each.
        let mut tx = client
            .transaction()
            .map_err(|e| err("begin insert batch", e))?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])
            .map_err(|e| err("lock for insert batch", e))?;
        let mut outcomes = Vec::with_capacity(checked.len());
        for item in &checked {
            let doc_id = match item {
                Ok((doc, _)) => doc.id.clone(),
                Err(reason) => {
                    outcomes.push(InsertOutcome::Rejected {
                        reason: reason.clone(),
                    });
                    continue;
                }
            };
            let mut sp = tx
                .savepoint("annals_doc")
                .map_err(|e| err("begin savepoint", e))?;
            match write_batch(&mut sp, std::slice::from_ref(item)) {
                Ok(mut one) => {
                    sp.commit().map_err(|e| err("release savepoint", e))?;
                    outcomes.append(&mut one);
                }
                Err(e) if is_refusal(&e) => {
                    sp.rollback().map_err(|e| err("roll back savepoint", e))?;
                    outcomes.push(InsertOutcome::Rejected {
                        reason: DocumentError::Refused {
                            doc_id,
                            message: e.to_string(),
                        },
                    });
                }
                Err(e) => return Err(batch_err(&format!("insert document {doc_id}"), e)),
            }
        }
        tx.commit().map_err(|e| err("commit insert batch", e))?;
        Ok(outcomes)
    }

    /// See [`Store::stored_as`](crate::Store::stored_as).
    pub(super) fn stored_as_pg(
        &self,
        id: &str,
        content_hash: &str,
    ) -> Result<Option<String>, StoreError> {
        let mut client = self.client.borrow_mut();
        let ids = [id.to_owned()];
        let hashes = [content_hash.to_owned()];
        let mut planner = Planner::load(&mut *client, &ids, &hashes)
            .map_err(|e| self.err(format!("look up document {id}"), e))?;
        Ok(match planner.plan(id, content_hash) {
            Plan::Present(existing) => Some(existing),
            Plan::Replace | Plan::Insert => None,
        })
    }
}

/// Integrity (23xxx) and data (22xxx) errors: the database refused a row, not the batch.
fn is_refusal(e: &DriverError) -> bool {
    e.downcast_ref::<postgres::Error>()
        .and_then(sqlstate)
        .is_some_and(|c| c.starts_with("23") || c.starts_with("22"))
}

enum Plan {
    Present(String),
    Replace,
    Insert,
}

/// What is stored under the batch's ids and hashes, updated as the batch is planned, so
/// later documents of a batch see the earlier ones (as SQLite's row-by-row writer does).
struct Planner {
    /// id → content hash.
    stored: HashMap<String, String>,
    /// content hash → the earliest stored id with it.
    first_by_hash: HashMap<String, String>,
}

impl Planner {
    fn load(
        client: &mut impl postgres::GenericClient,
        ids: &[String],
        hashes: &[String],
    ) -> Result<Planner, postgres::Error> {
        let stored = client
            .query(
                "SELECT id, content_hash FROM documents WHERE id = ANY($1)",
                &[&ids],
            )?
            .into_iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        let first_by_hash = client
            .query(
                "SELECT DISTINCT ON (content_hash) content_hash, id FROM documents \
                 WHERE content_hash = ANY($1) ORDER BY content_hash, ingest_seq",
                &[&hashes],
            )?
            .into_iter()
            .map(|r| (r.get(0), r.get(1)))
            .collect();
        Ok(Planner {
            stored,
            first_by_hash,
        })
    }

    /// The same rule as SQLite's `plan`, then record the document as stored. (One
    /// approximation: when a batch replaces the content of the earliest document with some
    /// hash, a later hash-derived id with that old hash is planned as new rather than
    /// looked up again.)
    fn plan(&mut self, id: &str, hash: &str) -> Plan {
        match self.stored.get(id) {
            Some(h) if h == hash => Plan::Present(id.to_owned()),
            Some(old) => {
                if self.first_by_hash.get(old).map(String::as_str) == Some(id) {
                    let old = old.clone();
                    self.first_by_hash.remove(&old);
                }
                self.stored.insert(id.to_owned(), hash.to_owned());
                self.first_by_hash
                    .entry(hash.to_owned())
                    .or_insert_with(|| id.to_owned());
                Plan::Replace
            }
            None => {
                if id == annals_core::doc_id_from_hash(hash) {
                    if let Some(existing) = self.first_by_hash.get(hash) {
                        return Plan::Present(existing.clone());
                    }
                }
                self.stored.insert(id.to_owned(), hash.to_owned());
                self.first_by_hash
                    .entry(hash.to_owned())
                    .or_insert_with(|| id.to_owned());
                Plan::Insert
            }
        }
    }
}

/// Plan and write `checked` inside `tx`; one outcome per item.
fn write_batch(
    tx: &mut Transaction<'_>,
    checked: &[Checked],
) -> Result<Vec<InsertOutcome>, DriverError> {
    let ids: Vec<String> = checked
        .iter()
        .filter_map(|c| c.as_ref().ok().map(|(d, _)| d.id.clone()))
        .collect();
    let hashes: Vec<String> = checked
        .iter()
        .filter_map(|c| c.as_ref().ok().map(|(d, _)| d.content_hash.clone()))
        .collect();
    let mut planner = Planner::load(tx, &ids, &hashes)?;
    let mut pending: Vec<Pending> = Vec::new();
    let mut pending_at: HashMap<&str, usize> = HashMap::new();
    let mut outcomes = Vec::with_capacity(checked.len());
    for item in checked {
        let (doc, analysis) = match item {
            Ok(pair) => *pair,
            Err(reason) => {
                outcomes.push(InsertOutcome::Rejected {
                    reason: reason.clone(),
                });
                continue;
            }
        };
        match planner.plan(&doc.id, &doc.content_hash) {
            Plan::Present(existing_id) => {
                outcomes.push(InsertOutcome::AlreadyPresent { existing_id });
                continue;
            }
            Plan::Replace => outcomes.push(InsertOutcome::Updated),
            Plan::Insert => outcomes.push(InsertOutcome::New),
        }
        match pending_at.get(doc.id.as_str()) {
            // Written earlier in this batch: the later version replaces it before writing.
            Some(&i) => {
                let earlier = &mut pending[i];
                earlier.doc = doc;
                earlier.analysis = analysis;
                earlier.updated = true;
            }
            None => {
                let stored = matches!(outcomes.last(), Some(InsertOutcome::Updated));
                pending_at.insert(&doc.id, pending.len());
                pending.push(Pending {
                    doc,
                    analysis,
                    stored,
                    updated: false,
                });
            }
        }
    }
    if !pending.is_empty() {
        flush(tx, &pending)?;
    }
    Ok(outcomes)
}

/// The batch's time stamp: ISO-8601 UTC with milliseconds, as SQLite's writer stores.
const NOW: &str =
    "to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"')";

fn flush(tx: &mut Transaction<'_>, pending: &[Pending]) -> Result<(), DriverError> {
    let now: String = tx.query_one(&format!("SELECT {NOW}"), &[])?.get(0);
    let replaced: Vec<&str> = pending
        .iter()
        .filter(|p| p.stored)
        .map(|p| p.doc.id.as_str())
        .collect();
    for p in pending.iter().filter(|p| p.stored) {
        update_document(tx, p, &now)?;
    }
    if !replaced.is_empty() {
        for table in [
            "sentences",
            "blocks",
            "removed_lines",
            "mentions",
            "events",
            "lsh_bands",
            "doc_signatures",
        ] {
            tx.execute(
                &format!("DELETE FROM {table} WHERE doc_id = ANY($1)"),
                &[&replaced],
            )?;
        }
    }
    copy_documents(tx, pending, &now)?;
    copy_parts(tx, pending)?;
    copy_analysis(tx, pending.iter().map(|p| (p.doc, p.analysis)))
}

fn update_document(
    tx: &mut Transaction<'_>,
    p: &Pending,
    now: &str,
) -> Result<u64, postgres::Error> {
    let d = p.doc;
    let a = p.analysis;
    let n_chars = int(d.clean_text.chars().count());
    tx.execute(
        "UPDATE documents SET url = $2, title = $3, published = $4, publisher = $5, \
                source = $6, raw_text = $7, clean_text = $8, content_hash = $9, \
                n_chars = $10, updated_at = $11, language = $12, duplicate_of = $13, \
                similarity = $14 \
         WHERE id = $1",
        &[
            &d.id,
            &d.url,
            &d.title,
            &d.published,
            &d.publisher,
            &d.source,
            &d.raw_text,
            &d.clean_text,
            &d.content_hash,
            &n_chars,
            &now,
            &a.language,
            &a.duplicate_of.map(|x| x.0),
            &a.duplicate_of.map(|x| x.1),
        ],
    )
}

/// Start a binary COPY into `table (columns)` with the given column types.
pub(super) fn copy_in<'a>(
    tx: &'a mut Transaction<'_>,
    table: &str,
    columns: &str,
    types: &[Type],
) -> Result<BinaryCopyInWriter<'a>, postgres::Error> {
    let sink = tx.copy_in(&format!(
        "COPY {table} ({columns}) FROM STDIN (FORMAT binary)"
    ))?;
    Ok(BinaryCopyInWriter::new(sink, types))
}

fn copy_documents(
    tx: &mut Transaction<'_>,
    pending: &[Pending],
    now: &str,
) -> Result<(), postgres::Error> {
    let t = Type::TEXT;
    let mut w = copy_in(
        tx,
        "documents",
        "id, url, title, published, publisher, source, raw_text, clean_text, content_hash, \
         n_chars, ingested_at, updated_at, language, duplicate_of, similarity",
        &[
            t.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
            Type::INT8,
            t.clone(),
            t.clone(),
            t.clone(),
            t,
            Type::FLOAT8,
        ],
    )?;
    for p in pending.iter().filter(|p| !p.stored) {
        let d = p.doc;
        let a = p.analysis;
        let n_chars = int(d.clean_text.chars().count());
        let updated_at = p.updated.then_some(now);
        let dup = a.duplicate_of.map(|x| x.0);
        let sim = a.duplicate_of.map(|x| x.1);
        let row: [&(dyn ToSql + Sync); 15] = [
            &d.id,
            &d.url,
            &d.title,
            &d.published,
            &d.publisher,
            &d.source,
            &d.raw_text,
            &d.clean_text,
            &d.content_hash,
            &n_chars,
            &now,
            &updated_at,
            &a.language,
            &dup,
            &sim,
        ];
        w.write(&row)?;
    }
    w.finish()?;
    Ok(())
}

/// Removed lines, blocks and sentences of the batch's documents.
fn copy_parts(tx: &mut Transaction<'_>, pending: &[Pending]) -> Result<(), postgres::Error> {
    let (t, i) = (Type::TEXT, Type::INT8);
    let mut w = copy_in(
        tx,
        "removed_lines",
        "doc_id, idx, line, text, reason, detail",
        &[
            t.clone(),
            i.clone(),
            i.clone(),
            t.clone(),
            t.clone(),
            t.clone(),
        ],
    )?;
    for p in pending {
        for (idx, r) in p.doc.removed.iter().enumerate() {
            let (idx, line) = (int(idx), int(r.line));
            w.write(&[
                &p.doc.id,
                &idx,
                &line,
                &r.text,
                &r.reason.as_str(),
                &r.detail,
            ])?;
        }
    }
    w.finish()?;

    let mut w = copy_in(
        tx,
        "blocks",
        "doc_id, idx, start_byte, end_byte, kind",
        &[t.clone(), i.clone(), i.clone(), i.clone(), t.clone()],
    )?;
    for p in pending {
        for (idx, b) in p.doc.blocks.iter().enumerate() {
            let (idx, start, end) = (int(idx), int(b.span.start), int(b.span.end));
            let kind = block_kind_name(b.kind);
            w.write(&[&p.doc.id, &idx, &start, &end, &kind])?;
        }
    }
    w.finish()?;

    let mut w = copy_in(
        tx,
        "sentences",
        "doc_id, idx, start_byte, end_byte, kind, text",
        &[t.clone(), i.clone(), i.clone(), i, t.clone(), t],
    )?;
    for p in pending {
        for (idx, s) in p.doc.sentences.iter().enumerate() {
            let (idx, start, end) = (int(idx), int(s.span.start), int(s.span.end));
            // Validation guarantees the span slices the text.
            let text = s.span.slice(&p.doc.clean_text).unwrap_or_default();
            w.write(&[&p.doc.id, &idx, &start, &end, &s.kind.as_str(), &text])?;
        }
    }
    w.finish()?;
    Ok(())
}

/// Event ids written by this batch, each once (the last occurrence wins, as SQLite's
/// `INSERT OR REPLACE` does).
pub(super) fn unique_event_positions<'a>(
    events: impl Iterator<Item = &'a str>,
) -> (Vec<String>, HashSet<usize>) {
    let mut last: HashMap<&str, usize> = HashMap::new();
    for (i, id) in events.enumerate() {
        last.insert(id, i);
    }
    let ids = last.keys().map(|s| (*s).to_owned()).collect();
    (ids, last.into_values().collect())
}
