//! Writing batches of documents.

use annals_core::Document;
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, TransactionBehavior};

use super::analysis::write_analysis;
use super::kinds;
use super::{raw_text, to_sql_int, SqliteStore};
use crate::error::StoreError;
use crate::model::Analysis;
use crate::model::InsertOutcome;
use crate::validate::{validate_document, DocumentError};

/// ISO-8601 UTC with milliseconds, computed by SQLite so no clock crate is needed.
const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";

/// A document after validation: ready to write (with its analysis), or already rejected.
type Checked<'a> = Result<(&'a Document, &'a Analysis<'a>), DocumentError>;

impl SqliteStore {
    /// Insert a batch of documents in one transaction; one outcome per document, in order.
    ///
    /// See the crate documentation for the meaning of each [`InsertOutcome`]. A document
    /// that fails [`validate_document`](crate::validate_document), or that the database
    /// refuses with a constraint error, comes back as `Rejected` while the rest of the
    /// batch is stored. Any other database error fails the whole batch: it is rolled back
    /// and nothing stored before is affected.
    ///
    /// The batch is first written straight through. Only if the database refuses a
    /// document is that attempt rolled back and the batch written again with a savepoint
    /// around each document, so the refused one can be undone alone. (Savepoints are not
    /// the default because FTS5 flushes its pending index data at every savepoint, which
    /// made a segment per document and cost about 40% of the insert time. Sentences are
    /// now indexed once per batch, after the last savepoint — see `index_new_sentences` —
    /// and that flush only still happens for a document that replaces another.)
    pub fn insert_documents(
        &mut self,
        docs: &[Document],
    ) -> Result<Vec<InsertOutcome>, StoreError> {
        let none = Analysis::default();
        let items: Vec<(&Document, &Analysis)> = docs.iter().map(|d| (d, &none)).collect();
        self.insert_analyzed(&items)
    }

    /// [`insert_documents`](Self::insert_documents), storing each new or updated
    /// document's [`Analysis`] (mentions, events, language, near-duplicate link, signature)
    /// in the same transaction, so a crash never leaves a document without its events. A
    /// document that is already present keeps what it has.
    pub fn insert_analyzed(
        &mut self,
        items: &[(&Document, &Analysis)],
    ) -> Result<Vec<InsertOutcome>, StoreError> {
        let checked: Vec<Checked> = items
            .iter()
            .map(|&(doc, analysis)| validate_document(doc).map(|()| (doc, analysis)))
            .collect();
        ensure_pending_fts(&self.conn)
            .map_err(|e| batch_err(&self.db, "create the indexing queue".to_owned(), e))?;
        match self.write_straight(&checked)? {
            Some(outcomes) => Ok(outcomes),
            None => self.write_with_savepoints(&checked),
        }
    }

    /// The id under which a document with this id and content hash is already stored, if
    /// inserting it would be `AlreadyPresent` — so a resumed ingest can skip the (costly)
    /// analysis of documents it stored before.
    pub fn stored_as(&self, id: &str, content_hash: &str) -> Result<Option<String>, StoreError> {
        match plan(&self.conn, id, content_hash) {
            Ok(Plan::Present { existing_id }) => Ok(Some(existing_id)),
            Ok(Plan::Replace | Plan::Insert) => Ok(None),
            Err(e) => Err(batch_err(&self.db, format!("look up document {id}"), e)),
        }
    }

    /// Write the batch without savepoints; `None` (and nothing written) if the database
    /// refused a document.
    fn write_straight(
        &mut self,
        checked: &[Checked],
    ) -> Result<Option<Vec<InsertOutcome>>, StoreError> {
        let db = self.db.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| batch_err(&db, "begin insert batch".to_owned(), e))?;
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
            match store_one(&tx, doc, analysis) {
                Ok(outcome) => outcomes.push(outcome),
                Err(e) if is_constraint(&e) => {
                    tx.rollback()
                        .map_err(|e| batch_err(&db, "roll back insert batch".to_owned(), e))?;
                    return Ok(None);
                }
                Err(e) => return Err(batch_err(&db, format!("insert document {}", doc.id), e)),
            }
        }
        index_new_sentences(&tx)
            .map_err(|e| batch_err(&db, "index the batch's sentences".to_owned(), e))?;
        tx.commit()
            .map_err(|e| batch_err(&db, "commit insert batch".to_owned(), e))?;
        Ok(Some(outcomes))
    }

    /// Write the batch with a savepoint around each document, rolling back only the
    /// documents the database refuses.
    fn write_with_savepoints(
        &mut self,
        checked: &[Checked],
    ) -> Result<Vec<InsertOutcome>, StoreError> {
        let db = self.db.clone();
        let mut tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| batch_err(&db, "begin insert batch".to_owned(), e))?;
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
            let sp = tx.savepoint().map_err(|e| {
                batch_err(&db, format!("begin savepoint for document {}", doc.id), e)
            })?;
            match store_one(&sp, doc, analysis) {
                Ok(outcome) => {
                    sp.commit().map_err(|e| {
                        batch_err(&db, format!("release savepoint for document {}", doc.id), e)
                    })?;
                    outcomes.push(outcome);
                }
                Err(e) if is_constraint(&e) => {
                    // finish() rolls back to the savepoint and releases it.
                    sp.finish()
                        .map_err(|e| batch_err(&db, format!("roll back document {}", doc.id), e))?;
                    outcomes.push(InsertOutcome::Rejected {
                        reason: DocumentError::Refused {
                            doc_id: doc.id.clone(),
                            message: e.to_string(),
                        },
                    });
                }
                Err(e) => return Err(batch_err(&db, format!("insert document {}", doc.id), e)),
            }
        }
        index_new_sentences(&tx)
            .map_err(|e| batch_err(&db, "index the batch's sentences".to_owned(), e))?;
        tx.commit()
            .map_err(|e| batch_err(&db, "commit insert batch".to_owned(), e))?;
        Ok(outcomes)
    }
}

fn batch_err(db: &str, action: String, source: rusqlite::Error) -> StoreError {
    if source.sqlite_error_code() == Some(ErrorCode::DiskFull) {
        return StoreError::DiskFull {
            db: db.to_owned(),
            action,
            source: Box::new(source),
        };
    }
    StoreError::Database {
        db: db.to_owned(),
        action,
        source: Box::new(source),
    }
}

fn is_constraint(e: &rusqlite::Error) -> bool {
    e.sqlite_error_code() == Some(ErrorCode::ConstraintViolation)
}

/// What inserting a document with this id and content hash would do, without writing.
pub(super) enum Plan {
    Present { existing_id: String },
    Replace,
    Insert,
}

/// The one rule for "already present", shared by inserts and by [`SqliteStore::stored_as`].
pub(super) fn plan(conn: &Connection, id: &str, content_hash: &str) -> rusqlite::Result<Plan> {
    let stored_hash: Option<String> = conn
        .prepare_cached("SELECT content_hash FROM documents WHERE id = ?1")?
        .query_row([id], |row| row.get(0))
        .optional()?;
    match stored_hash {
        Some(hash) if hash == content_hash => Ok(Plan::Present {
            existing_id: id.to_owned(),
        }),
        Some(_) => Ok(Plan::Replace),
        None => {
            if id == annals_core::doc_id_from_hash(content_hash) {
                let same_content: Option<String> = conn
                    .prepare_cached(
                        "SELECT id FROM documents WHERE content_hash = ?1 \
                         ORDER BY ingest_seq LIMIT 1",
                    )?
                    .query_row([content_hash], |row| row.get(0))
                    .optional()?;
                if let Some(existing_id) = same_content {
                    return Ok(Plan::Present { existing_id });
                }
            }
            Ok(Plan::Insert)
        }
    }
}

/// Decide what to do with one validated document and do it.
fn store_one(
    conn: &Connection,
    doc: &Document,
    analysis: &Analysis,
) -> rusqlite::Result<InsertOutcome> {
    match plan(conn, &doc.id, &doc.content_hash)? {
        Plan::Present { existing_id } => Ok(InsertOutcome::AlreadyPresent { existing_id }),
        Plan::Replace => {
            // The delete trigger takes the old sentences out of the index, so they must
            // be in it: they may have been inserted earlier in this batch.
            index_new_sentences(conn)?;
            let seq = replace_document(conn, doc)?;
            write_analysis(conn, doc, seq, analysis)?;
            Ok(InsertOutcome::Updated)
        }
        Plan::Insert => {
            let seq = insert_document(conn, doc)?;
            write_analysis(conn, doc, seq, analysis)?;
            Ok(InsertOutcome::New)
        }
    }
}

/// The ingest order of the document stored under `id`: the integer key its sentences,
/// blocks, removed lines, mentions, signature and LSH bands carry (schema 8). `None` when
/// no such document is stored.
pub(super) fn doc_seq(conn: &Connection, id: &str) -> rusqlite::Result<Option<i64>> {
    conn.prepare_cached("SELECT ingest_seq FROM documents WHERE id = ?1")?
        .query_row([id], |row| row.get(0))
        .optional()
}

/// `?1`…`?10` of both the INSERT and the UPDATE of a document row: id, url, title,
/// published, publisher, source, raw text, clean text, content hash, character count.
fn document_params(doc: &Document) -> Vec<Box<dyn rusqlite::ToSql + '_>> {
    vec![
        Box::new(&doc.id),
        Box::new(&doc.url),
        Box::new(&doc.title),
        Box::new(&doc.published),
        Box::new(&doc.publisher),
        Box::new(&doc.source),
        Box::new(raw_text::encode(&doc.raw_text, &doc.clean_text)),
        Box::new(&doc.clean_text),
        Box::new(&doc.content_hash),
        Box::new(to_sql_int(doc.clean_text.chars().count())),
    ]
}

/// Insert a new document row and its parts; its ingest order.
fn insert_document(conn: &Connection, doc: &Document) -> rusqlite::Result<i64> {
    let seq: i64 = conn
        .prepare_cached("SELECT coalesce(max(ingest_seq), 0) + 1 FROM documents")?
        .query_row([], |row| row.get(0))?;
    let mut params = document_params(doc);
    params.push(Box::new(seq));
    conn.prepare_cached(&format!(
        "INSERT INTO documents (id, ingest_seq, url, title, published, publisher, source, \
                                raw_text, clean_text, content_hash, n_chars, ingested_at) \
         VALUES (?1, ?11, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, {NOW})"
    ))?
    .execute(rusqlite::params_from_iter(params))?;
    insert_parts(conn, seq, doc)?;
    Ok(seq)
}

/// Replace everything of a stored document but its id, ingest order and first ingest
/// time; its ingest order.
fn replace_document(conn: &Connection, doc: &Document) -> rusqlite::Result<i64> {
    let seq = doc_seq(conn, &doc.id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
    for table in ["sentences", "blocks", "removed_lines"] {
        conn.prepare_cached(&format!("DELETE FROM {table} WHERE doc = ?1"))?
            .execute([seq])?;
    }
    conn.prepare_cached(&format!(
        "UPDATE documents SET url = ?2, title = ?3, published = ?4, publisher = ?5, \
                source = ?6, raw_text = ?7, clean_text = ?8, content_hash = ?9, \
                n_chars = ?10, updated_at = {NOW} \
         WHERE id = ?1"
    ))?
    .execute(rusqlite::params_from_iter(document_params(doc)))?;
    insert_parts(conn, seq, doc)?;
    Ok(seq)
}

/// Removed lines, blocks and sentences of a validated document (spans are known to slice
/// the clean text), under the document's ingest order `seq`.
fn insert_parts(conn: &Connection, seq: i64, doc: &Document) -> rusqlite::Result<()> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO removed_lines (doc, idx, line, text, reason, detail) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    for (idx, removed) in doc.removed.iter().enumerate() {
        stmt.execute(params![
            seq,
            to_sql_int(idx),
            to_sql_int(removed.line),
            removed.text,
            removed.reason.as_str(),
            removed.detail,
        ])?;
    }

    let mut stmt = conn.prepare_cached(
        "INSERT INTO blocks (doc, idx, start_byte, end_byte, kind) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    for (idx, block) in doc.blocks.iter().enumerate() {
        stmt.execute(params![
            seq,
            to_sql_int(idx),
            to_sql_int(block.span.start),
            to_sql_int(block.span.end),
            kinds::block_code(block.kind),
        ])?;
    }

    let mut stmt = conn.prepare_cached(
        "INSERT INTO sentences (doc, idx, start_byte, end_byte, kind) \
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut pending = conn.prepare_cached(
        "INSERT INTO temp.pending_fts (id, text) VALUES (last_insert_rowid(), ?1)",
    )?;
    for (idx, sentence) in doc.sentences.iter().enumerate() {
        stmt.execute(params![
            seq,
            to_sql_int(idx),
            to_sql_int(sentence.span.start),
            to_sql_int(sentence.span.end),
            kinds::sentence_code(sentence.kind),
        ])?;
        // Validation guarantees the span slices the text; "" is never reached.
        pending.execute([sentence.span.slice(&doc.clean_text).unwrap_or_default()])?;
    }
    Ok(())
}

/// The connection's queue of sentences to index (see [`index_new_sentences`]): a
/// temporary table, so it never reaches the database file, and it takes part in the
/// batch's transaction and savepoints, so a rolled-back document leaves nothing queued.
pub(super) fn ensure_pending_fts(conn: &Connection) -> rusqlite::Result<()> {
    conn.execute_batch(
        "CREATE TEMP TABLE IF NOT EXISTS pending_fts (id INTEGER PRIMARY KEY, text TEXT NOT NULL)",
    )
}

/// Add the sentences queued since the last call to the full-text index, in one
/// statement: see `schema/0003_fts_batch_insert.sql` for why inserts are not indexed by a
/// trigger. The writer queues each sentence's text in `temp.pending_fts` as it inserts
/// it (since schema 7 the text is not stored in `sentences`, and cutting it out of the
/// document again here would read a long document's whole text once per sentence). Runs
/// inside the batch's transaction, so a rollback undoes it along with the sentences.
fn index_new_sentences(conn: &Connection) -> rusqlite::Result<()> {
    conn.prepare_cached(
        "INSERT INTO sentences_fts (rowid, text) SELECT id, text FROM temp.pending_fts ORDER BY id",
    )?
    .execute([])?;
    conn.prepare_cached("DELETE FROM temp.pending_fts")?
        .execute([])?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use annals_core::{Sentence, SentenceKind, Span};

    use super::*;

    /// A document whose whole text is one body sentence (shared by the store's tests).
    pub(crate) fn one_sentence_doc(id: &str, text: &str) -> Document {
        Document {
            id: id.to_owned(),
            raw_text: text.to_owned(),
            clean_text: text.to_owned(),
            content_hash: annals_core::content_hash(text),
            sentences: vec![Sentence {
                span: Span::new(0, text.len()),
                kind: SentenceKind::Body,
            }],
            ..Document::default()
        }
    }

    #[test]
    fn a_failing_batch_rolls_back_whole_and_keeps_earlier_data() {
        let mut store = SqliteStore::open_in_memory().unwrap();
        let earlier = [
            one_sentence_doc("old-1", "The harbour reopened."),
            one_sentence_doc("old-2", "Ferries ran again."),
        ];
        store.insert_documents(&earlier).unwrap();

        // Leave room for a few pages only, so a large document fills the database.
        let pages: i64 = store
            .conn
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        store
            .conn
            .pragma_update(None, "max_page_count", pages + 3)
            .unwrap();
        let big_text = "Convoy reports arrived overnight. ".repeat(20_000);
        let batch = [
            one_sentence_doc("new-small", "Markets were calm."),
            one_sentence_doc("new-big", &big_text),
        ];
        let err = store.insert_documents(&batch).unwrap_err();
        assert!(
            matches!(&err, StoreError::DiskFull { action, .. } if action == "insert document new-big"),
            "{err}"
        );
        assert!(
            err.to_string()
                .starts_with(":memory:: the disk is full (insert document new-big)"),
            "{err}"
        );

        // Nothing of the batch, everything from before.
        assert_eq!(store.count_documents().unwrap(), 2);
        assert_eq!(store.document("new-small").unwrap(), None);
        for d in &earlier {
            assert_eq!(store.document(&d.id).unwrap().as_ref(), Some(d));
        }
        assert_eq!(store.search("ferries", 5).unwrap().len(), 1);
        assert!(store.search("markets", 5).unwrap().is_empty());

        // With room again the same batch goes in.
        store
            .conn
            .pragma_update(None, "max_page_count", 1_000_000)
            .unwrap();
        assert_eq!(
            store.insert_documents(&batch).unwrap(),
            [InsertOutcome::New, InsertOutcome::New]
        );
    }

    use crate::rows::{block_kind_name, parse_block_kind};

    #[test]
    fn block_kind_names_round_trip() {
        use annals_core::BlockKind;
        for kind in [
            BlockKind::Paragraph,
            BlockKind::Heading,
            BlockKind::ListItem,
        ] {
            assert_eq!(parse_block_kind(block_kind_name(kind)), Some(kind));
            // Same names as the serde form the JSON output uses.
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", block_kind_name(kind)));
        }
        assert_eq!(parse_block_kind("table"), None);
    }
}
